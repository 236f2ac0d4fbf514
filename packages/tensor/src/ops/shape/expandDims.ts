import type { Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { checkTensor } from '../_operands.js';
import { reshape } from './reshape.js';

/**
 * Inserts an axis of size 1 at position `axis` of the result: for `x` of rank `r`, `axis` lies in
 * `[-(r + 1), r]`, and a negative axis counts from the end of the *result* (`-1` appends), as in NumPy
 * `expand_dims`, Keras `ops.expand_dims` and PyTorch `unsqueeze`.
 *
 * A reshape: shares the buffer of `x` (no copy); its gradient reshapes back.
 *
 * @param x - Any tensor.
 * @param axis - Where the new axis goes, in `[-(rank + 1), rank]`.
 * @returns A tensor of rank `x.rank + 1` with the same elements.
 * @throws TensorError `INVALID_AXIS` when `axis` is not an integer in `[-(rank + 1), rank]`.
 * @example
 * ```ts
 * import { expandDims, zeros } from '@stepwise/tensor';
 * expandDims(zeros([2, 3]), 0).shape; // [1, 2, 3]
 * expandDims(zeros([2, 3]), -1).shape; // [2, 3, 1]
 * ```
 * @see NumPy `np.expand_dims`, PyTorch `torch.unsqueeze`, Keras `keras.ops.expand_dims` (one axis only here).
 * @category shape
 * @since 0.1.0
 */
export function expandDims(x: Tensor, axis: number): Tensor {
  const t = checkTensor('expandDims', x);
  const r = t.rank + 1;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new TensorError(
      'INVALID_AXIS',
      'expandDims',
      `axis ${String(axis)} is out of range [${-r}, ${r - 1}] for shape ${fmtShape(t.shape)}`,
    );
  }
  const a = axis < 0 ? axis + r : axis;
  const shape = t.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}
