import type { Tensor } from '../../core/Tensor.js';
import { extremum } from './_extremum.js';

/**
 * Smallest element over `axis` (every axis when omitted). NaN propagates (any NaN gives NaN, as NumPy
 * `min` and PyTorch `amin`). Keeps the dtype.
 *
 * Gradient: `G` goes to the elements equal to the minimum; **ties share it equally** (each of `t` tied
 * elements receives `G / t`, as PyTorch `amin` and TF; JAX's `min` also splits equally). Second derivatives
 * are zero.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { min, tensor } from '@stepwise/tensor';
 * min(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 2]
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis; `INVALID_ARGUMENT` when a
 *   reduced axis is empty (the minimum of nothing is undefined).
 * @see NumPy `np.min`, PyTorch `torch.amin(dim, keepdim)` (not `torch.min`, which returns indices too),
 *   Keras `ops.min`.
 * @category reductions
 * @since 0.1.0
 */
export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return extremum('min', x, axis, keepDims);
}
