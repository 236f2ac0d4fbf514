import { shapeEqual } from '../../core/shape.js';
import type { Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { checkTensorList, concat } from './concat.js';
import { expandDims } from './expandDims.js';

/**
 * Joins tensors of one shape along a **new** axis: for inputs of shape `S` (rank `r`), the result has
 * `S` with `xs.length` inserted at `axis ∈ [-(r + 1), r]` (negative counts from the end of the result).
 * Equivalent to `concat(xs.map((x) => expandDims(x, axis)), axis)`, which is how it is computed (the
 * expands are free); dtypes are promoted as in {@link concat}. The gradient slices and reshapes back.
 *
 * @param xs - A non-empty array of tensors of identical shape.
 * @param axis - Position of the new axis; default 0.
 * @returns A new tensor of rank `r + 1` and the promoted dtype.
 * @throws TensorError `SHAPE_MISMATCH` when shapes differ (the message lists them); `INVALID_AXIS` for
 * an axis out of range; `INVALID_ARGUMENT` for an empty list or a non-tensor entry.
 * @example
 * ```ts
 * import { stack, tensor } from '@stepwise/tensor';
 * stack([tensor([1, 2]), tensor([3, 4])]).toArray(); // [[1, 2], [3, 4]]
 * stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
 * ```
 * @see NumPy `np.stack`, PyTorch `torch.stack`, Keras `keras.ops.stack`, TensorFlow `tf.stack`.
 * @category shape
 * @since 0.1.0
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'stack';
  const ts = checkTensorList(op, xs);
  const s = ts[0]!.shape;
  for (const t of ts) {
    if (!shapeEqual(t.shape, s)) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `all inputs must have the same shape, got ${ts.map((u) => fmtShape(u.shape)).join(', ')}`,
      );
    }
  }
  const r = s.length + 1;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new TensorError(
      'INVALID_AXIS',
      op,
      `axis ${String(axis)} is out of range [${-r}, ${r - 1}] for inputs of shape ${fmtShape(s)}`,
    );
  }
  const a = axis < 0 ? axis + r : axis;
  return concat(
    ts.map((t) => expandDims(t, a)),
    a,
  );
}
