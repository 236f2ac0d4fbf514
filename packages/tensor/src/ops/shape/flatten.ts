import type { Tensor } from '../../core/Tensor.js';
import { checkTensor } from '../_operands.js';
import { reshape } from './reshape.js';

/**
 * All elements of `x` as a 1-D tensor of length `x.size`, in row-major order (a rank-0 tensor gives
 * shape `[1]`). A reshape: shares the buffer (no copy); its gradient reshapes back.
 *
 * This is NumPy's `ravel` / PyTorch's `torch.flatten(x)`: it flattens **every** axis. Keras' `Flatten`
 * layer keeps the batch axis; for that use `reshape(x, [x.shape[0], -1])` or the `flatten()` layer of
 * `@stepwise/nn`.
 *
 * @param x - Any tensor.
 * @returns A tensor of shape `[x.size]`.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * import { flatten, tensor } from '@stepwise/tensor';
 * flatten(tensor([[1, 2], [3, 4]])).toArray(); // [1, 2, 3, 4]
 * ```
 * @see NumPy `np.ravel`, PyTorch `torch.flatten` (here without `start_dim`/`end_dim`), Keras `keras.ops.ravel`.
 * @category shape
 * @since 0.1.0
 */
export function flatten(x: Tensor): Tensor {
  const t = checkTensor('flatten', x);
  return t.rank === 1 ? t : reshape(t, [t.size]);
}
