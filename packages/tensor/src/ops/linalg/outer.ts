import type { Tensor } from '../../core/Tensor.js';
import { checkTensor } from '../_operands.js';
import { mul } from '../arith.js';
import { reshape } from '../shape/reshape.js';

/**
 * Outer product `C[i, j] = aᵢ · bⱼ`. Operands of any rank are flattened first (as NumPy `outer`), so the
 * result has shape `[a.size, b.size]`. Dtypes promote as in {@link mul}.
 *
 * Gradient: `∂a = G · b`, `∂b = Gᵀ · a` (through the broadcast product).
 * @throws TensorError `INVALID_ARGUMENT` for a non-tensor.
 * @example
 * ```ts
 * import { outer, tensor } from '@stepwise/tensor';
 * outer(tensor([1, 2]), tensor([3, 4, 5])).toArray(); // [[3, 4, 5], [6, 8, 10]]
 * ```
 * @see NumPy `np.outer`, PyTorch `torch.outer` (1-D only), TF.js `tf.outerProduct` (1-D only).
 * @category linalg
 * @since 0.1.0
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor('outer', a, 'a');
  checkTensor('outer', b, 'b');
  return mul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}
