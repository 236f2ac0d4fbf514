import type { Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { checkTensor } from '../_operands.js';
import { mul } from '../arith.js';
import { matmul } from './matmul.js';

/**
 * Dot product with NumPy `dot` semantics for operands of rank ≤ 2:
 * - 1-D · 1-D: the inner product `Σᵢ aᵢ bᵢ` (rank 0);
 * - 2-D · 2-D: the matrix product; 2-D · 1-D and 1-D · 2-D: matrix-vector products (as {@link matmul});
 * - a rank-0 operand: elementwise multiplication.
 *
 * Operands of rank > 2 are rejected rather than given NumPy's `dot` contraction (last axis of `a` with the
 * second-to-last of `b`, batch axes of both kept), which is rarely what is meant: use {@link matmul} for
 * stacks of matrices.
 *
 * Gradient: as {@link matmul} (or {@link mul} for a rank-0 operand).
 * @throws TensorError `SHAPE_MISMATCH` when the contracted dimensions differ; `INVALID_ARGUMENT` for an
 *   operand of rank > 2.
 * @example
 * ```ts
 * import { dot, tensor } from '@stepwise/tensor';
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(); // 32
 * ```
 * @see NumPy `np.dot`; PyTorch `torch.dot` (1-D only); TF.js `tf.dot` (rank ≤ 2, as here).
 * @category linalg
 * @since 0.1.0
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensor('dot', a, 'a');
  checkTensor('dot', b, 'b');
  if (a.rank === 0 || b.rank === 0) return mul(a, b);
  if (a.rank > 2 || b.rank > 2) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'dot',
      `operands must have rank <= 2, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use matmul for batches`,
    );
  }
  const ka = a.shape[a.rank - 1]!;
  const kb = b.shape[0]!;
  if (ka !== kb) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'dot',
      `inner dimensions differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)}`,
    );
  }
  return matmul(a, b);
}
