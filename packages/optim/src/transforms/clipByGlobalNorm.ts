import { tree } from '@stepwise/tensor';
import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';
import { ClipBound, validateValue } from '../hyperparams.js';
import { flattenFloat } from '../internal/leaves.js';
import { clipLeaves } from './clipByNorm.js';

/**
 * Scales all leaves by one factor `min(1, max / ‖g‖)` where `‖g‖` is the {@link globalNorm} of the whole
 * tree, so the update keeps its direction and its global norm is at most `max` (up to rounding). When
 * `‖g‖ <= max` the updates are returned exactly (the same tensors): zero gradients with `max = 0` stay
 * zero, never NaN. When the norm is not finite (some element is NaN or ±Infinity) every element of every
 * leaf becomes NaN, as Keras' `global_clipnorm` does, never silently zero, so {@link applyIfFinite} can
 * skip the step. Stateless.
 *
 * @param max - a number `>= 0` (`Infinity`: no clipping).
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative or NaN `max`.
 * @example
 * ```ts
 * import { clipByGlobalNorm } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * const [u] = clipByGlobalNorm(1).update({ a: tensor([3]), b: tensor([4]) }, {}); // a: [0.6], b: [0.8]
 * ```
 * @see Keras `global_clipnorm` (same); Optax `clip_by_global_norm` (strict `<`, so zeros with max 0 give
 * NaN, and an infinite norm zeroes the finite elements); PyTorch `clip_grad_norm_` (factor
 * `min(1, max/(norm + 1e-6))`, and an infinite norm zeroes the gradients unless `error_if_nonfinite`).
 * @category clipping
 * @since 0.1.0
 */
export function clipByGlobalNorm(max: number): GradientTransformation<EmptyState> {
  validateValue('clipByGlobalNorm', 'max', ClipBound, max);
  return {
    init: () => EMPTY,
    update<U>(updates: U, state: EmptyState): [U, EmptyState] {
      const [leaves, def] = flattenFloat('clipByGlobalNorm', 'updates', updates);
      return [tree.unflatten<U>(def, clipLeaves(leaves, max)), state];
    },
  };
}
