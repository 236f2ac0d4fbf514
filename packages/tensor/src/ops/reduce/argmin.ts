import type { Tensor } from '../../core/Tensor.js';
import { argExtremum } from './_argExtremum.js';

/**
 * Index of the smallest element along one `axis`, as int32; without an axis, the index into the flattened
 * (row-major) tensor. Ties give the **first** occurrence; a NaN counts as the smallest (the first NaN wins,
 * as NumPy). `keepDims` keeps the reduced axis (all axes when flattened) with size 1. No gradient.
 * @param x - input tensor
 * @param axis - one axis (negative counts from the end); default the flattened tensor
 * @param keepDims - keep the reduced axis with size 1; default `false`
 * @example
 * ```ts
 * import { argmin, tensor } from '@stepwise/tensor';
 * argmin(tensor([[1, 9], [7, 2]]), 1).toArray(); // [0, 1]
 * argmin(tensor([[1, 9], [7, 2]])).item(); // 0
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range axis or a list of axes; `INVALID_ARGUMENT` for an
 *   empty axis.
 * @see NumPy `np.argmin`, PyTorch `torch.argmin` (also the first index on ties), Keras
 *   `ops.argmin`.
 * @category reductions
 * @since 0.1.0
 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtremum('argmin', x, axis, keepDims);
}
