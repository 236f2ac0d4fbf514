/**
 * Constant (untraced) tensors computed from the values of other tensors, for the gradient rules of the
 * reductions: tie masks, zero masks, signs. They are functions that are locally constant almost everywhere,
 * so treating them as constants is exact for first and higher derivatives away from ties and zeros.
 * @internal
 * @module
 */
import { allocate, type DType } from '../../core/dtype.js';
import { broadcastStrides, stridesOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { type BinaryLoop, broadcastBinary } from '../../kernels/elementwise.js';

const tieLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  for (let i = 0; i < n; i++) {
    const x = a[ai + i * as]!;
    const m = b[bi + i * bs]!;
    out[o + i] = x === m || (x !== x && m !== m) ? 1 : 0;
  }
};

/**
 * `1` where `x` equals `ref` (broadcast to `x`'s shape; NaN matches NaN), else `0`, in `dtype`. `x` may be
 * given as its magnitudes through `abs`.
 */
export function tieMask(x: Tensor, ref: Tensor, dtype: DType, abs = false): Tensor {
  const out = allocate(dtype, x.size);
  const src = abs ? absBuffer(x) : bufferOf(x);
  broadcastBinary(
    tieLoop,
    out,
    x.shape,
    src,
    stridesOf(x.shape),
    bufferOf(ref),
    broadcastStrides(ref.shape, x.shape),
  );
  return fromBuffer(out, x.shape, dtype);
}

function absBuffer(x: Tensor): Float64Array {
  const src = bufferOf(x);
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = Math.abs(src[i]!);
  return out;
}

/** `1` where `t` is zero, else `0` (same shape and dtype). */
export function zeroMask(t: Tensor): Tensor {
  const src = bufferOf(t);
  const out = allocate(t.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] === 0 ? 1 : 0;
  return fromBuffer(out, t.shape, t.dtype);
}

/** The sign of each element (−1, 0, 1; NaN stays NaN), as a constant. */
export function signOf(t: Tensor): Tensor {
  const src = bufferOf(t);
  const out = allocate(t.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = Math.sign(src[i]!);
  return fromBuffer(out, t.shape, t.dtype);
}

/** The values of `t` with every non-finite element replaced by 0, as a constant. */
export function finiteOrZero(t: Tensor): Tensor {
  const src = bufferOf(t);
  const out = allocate(t.dtype, src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    out[i] = v - v === 0 ? v : 0;
  }
  return fromBuffer(out, t.shape, t.dtype);
}
