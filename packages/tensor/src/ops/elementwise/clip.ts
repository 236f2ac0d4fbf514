/**
 * Elementwise clipping to an interval.
 * @module
 */
import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { clipKernel } from '../../kernels/clip.js';
import { checkTensor } from '../_operands.js';
import { cast } from '../cast.js';
import { greater, less } from './compare.js';
import { where } from './where.js';

interface Bounds {
  readonly lo: number;
  readonly hi: number;
}

const clipP = /* @__PURE__ */ definePrimitive<Bounds>({
  name: 'clip',
  impl: ([x], { lo, hi }) => {
    const out = allocate(x!.dtype, x!.size);
    clipKernel(out, bufferOf(x!), x!.size, lo, hi);
    return fromBuffer(out, x!.shape, x!.dtype);
  },
  // The gradient passes where lo <= x <= hi (bounds included) and is zero outside.
  vjp: (g, [x], _out, { lo, hi }) => [where(less(x!, lo), 0, where(greater(x!, hi), 0, g))],
});

function checkBound(name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new TensorError('INVALID_ARGUMENT', 'clip', `${name} must be a number (not NaN), got ${String(v)}`);
  }
  return v;
}

/**
 * Elementwise clipping to `[min, max]`: `min(max(x, min), max)`. NaN stays NaN. Use `-Infinity` or
 * `Infinity` for a one-sided clip. The bounds take x's dtype (rounded to float32 for float32 `x`); an int32
 * `x` with a fractional bound is clipped in float32.
 *
 * Gradient: `g` where `min ≤ x ≤ max` (**bounds included**, as PyTorch `clamp`), zero outside.
 * @param x - The tensor to clip (not `bool`).
 * @param min - Lower bound (a number, not NaN).
 * @param max - Upper bound, `max ≥ min`.
 * @example `clip(tensor([-2, 0.5, 3]), 0, 1).toArray() // [0, 0.5, 1]`
 * @throws TensorError `INVALID_ARGUMENT` when a bound is not a number, is NaN, or `min > max` (NumPy would
 * silently return `max` everywhere); `DTYPE_MISMATCH` for a `bool` tensor.
 * @see Keras `ops.clip`, PyTorch `torch.clamp` (which also takes tensor bounds), NumPy `np.clip`.
 * @category elementwise
 * @since 0.1.0
 */
export function clip(x: Tensor, min: number, max: number): Tensor {
  let t = checkTensor('clip', x);
  let lo = checkBound('min', min);
  let hi = checkBound('max', max);
  if (lo > hi) throw new TensorError('INVALID_ARGUMENT', 'clip', `min ${lo} is greater than max ${hi}`);
  if (t.dtype === 'bool') {
    throw new TensorError('DTYPE_MISMATCH', 'clip', `cannot clip a bool tensor ${fmtShape(t.shape)}`);
  }
  const fractional = (v: number): boolean => Number.isFinite(v) && !Number.isInteger(v);
  if (t.dtype === 'int32' && (fractional(lo) || fractional(hi))) t = cast(t, 'float32');
  if (t.dtype === 'float32') {
    lo = Math.fround(lo);
    hi = Math.fround(hi);
  }
  return bind(clipP, [t], { lo, hi });
}
