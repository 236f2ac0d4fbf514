import type { Tensor } from '../../core/Tensor.js';
import { extremum } from './_extremum.js';

/**
 * Largest element over `axis` (every axis when omitted). NaN propagates (any NaN gives NaN, as NumPy
 * `max` and PyTorch `amax`). Keeps the dtype.
 *
 * Gradient: `G` goes to the elements equal to the maximum; **ties share it equally** (each of `t` tied
 * elements receives `G / t`, as PyTorch `amax` and TF; JAX's `max` also splits equally). Second derivatives
 * are zero.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { max, tensor } from '@stepwise/tensor';
 * max(tensor([[1, 5], [7, 2]]), 1).toArray(); // [5, 7]
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis; `INVALID_ARGUMENT` when a
 *   reduced axis is empty (the maximum of nothing is undefined).
 * @see NumPy `np.max`, PyTorch `torch.amax(dim, keepdim)` (not `torch.max`, which returns indices too),
 *   Keras `ops.max`.
 * @category reductions
 * @since 0.1.0
 */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return extremum('max', x, axis, keepDims);
}
