import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { stridedCopy } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { slice } from './slice.js';

/** Widths before and after each axis, and the fill value. @internal */
interface PadParams {
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly value: number;
}

const padP = definePrimitive<PadParams>({
  name: 'pad',
  impl: ([x], { before, after, value }) => {
    const shape = x!.shape.map((d, i) => before[i]! + d + after[i]!);
    const strides = stridesOf(shape);
    const out = allocate(x!.dtype, sizeOf(shape));
    if (value !== 0) out.fill(value);
    let off = 0;
    for (let i = 0; i < shape.length; i++) off += before[i]! * strides[i]!;
    stridedCopy(out, off, strides, bufferOf(x!), 0, stridesOf(x!.shape), x!.shape);
    return fromBuffer(out, shape, x!.dtype);
  },
  vjp: (g, [x], _out, { before }) => [slice(g, before, x!.shape)],
});

/**
 * Pads `x` with `value`: axis `i` gets `paddings[i][0]` elements before and `paddings[i][1]` after, so
 * `out.shape[i] = before + x.shape[i] + after` (constant mode of NumPy `pad`, TensorFlow `tf.pad`, Keras
 * `ops.pad`). `paddings` has one pair per axis.
 *
 * The value takes the dtype of `x` (`bool`: nonzero is `true`); `-Infinity` is allowed, e.g. before a max
 * pool. The gradient with respect to `x` slices the cotangent back; `value` gets none.
 *
 * @param x - Any tensor.
 * @param paddings - `[before, after]` per axis: non-negative integers (negative "cropping" is not supported;
 * use {@link slice}).
 * @param value - Fill value; default 0. Must be an integer for `int32`.
 * @returns A new tensor of the padded shape and the dtype of `x`.
 * @throws TensorError `INVALID_ARGUMENT` when `paddings` does not have one `[before, after]` pair of
 * non-negative integers per axis, or `value` is not a number (or not an integer for `int32`).
 * @example
 * ```ts
 * import { pad, tensor } from '@stepwise/tensor';
 * pad(tensor([[1, 2]]), [[1, 0], [0, 1]]).toArray(); // [[0, 0, 0], [1, 2, 0]]
 * pad(tensor([1, 2]), [[1, 1]], -1).toArray(); // [-1, 1, 2, -1]
 * ```
 * @see NumPy `np.pad(mode='constant')`, TensorFlow `tf.pad`, Keras `keras.ops.pad`, PyTorch
 * `torch.nn.functional.pad` (which lists pairs from the *last* axis backwards; here they go in axis order).
 * @category shape
 * @since 0.1.0
 */
export function pad(
  x: Tensor,
  paddings: ReadonlyArray<readonly [before: number, after: number] | readonly number[]>,
  value = 0,
): Tensor {
  const op = 'pad';
  const t = checkTensor(op, x);
  const show = (): string =>
    Array.isArray(paddings)
      ? `[${paddings.map((p) => (Array.isArray(p) ? `[${p.map(String).join(',')}]` : String(p))).join(',')}]`
      : String(paddings);
  if (!Array.isArray(paddings) || paddings.length !== t.rank) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `paddings ${show()} must have one [before, after] pair per axis of shape ${fmtShape(t.shape)}`,
    );
  }
  const before = new Array<number>(t.rank);
  const after = new Array<number>(t.rank);
  let none = true;
  for (let i = 0; i < t.rank; i++) {
    const p = paddings[i] as unknown;
    const ok =
      Array.isArray(p) &&
      p.length === 2 &&
      p.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
    if (!ok) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `paddings ${show()}: entry ${i} must be a pair of non-negative integers (shape ${fmtShape(t.shape)})`,
      );
    }
    before[i] = (p as number[])[0]!;
    after[i] = (p as number[])[1]!;
    if (before[i] !== 0 || after[i] !== 0) none = false;
  }
  if (typeof value !== 'number' || (t.dtype === 'int32' && !Number.isInteger(value))) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `value ${String(value)} is not a valid ${t.dtype} fill value`,
    );
  }
  if (none) return t;
  const v = t.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
  return bind(padP, [t], { before, after, value: v });
}
