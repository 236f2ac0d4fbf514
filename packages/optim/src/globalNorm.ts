import { tree } from '@stepwise/tensor';
import { readBuffer } from '@stepwise/tensor/kernel';
import type { FloatArray } from './internal/leaves.js';
import { l2 } from './internal/norm.js';

/**
 * The L2 norm of all elements of all leaves of a tree taken together, `√(Σᵢ‖gᵢ‖²)`, as a float64
 * number. NaN if some element is NaN, `Infinity` if some element is infinite (or the norm exceeds the
 * float64 range); computed with rescaling when the squares would under- or overflow.
 *
 * @param t - a pytree of tensors (any dtype; `bool` counts as 0/1); an empty tree has norm 0.
 * @example
 * ```ts
 * import { globalNorm } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * globalNorm({ a: tensor([3]), b: tensor([4]) }); // 5
 * ```
 * @see Optax `global_norm`; PyTorch `clip_grad_norm_` returns the same total norm (as a tensor).
 * @category core
 * @since 0.1.0
 */
export function globalNorm(t: unknown): number {
  return l2(tree.leaves(t).map((x) => readBuffer(x) as FloatArray)).norm;
}
