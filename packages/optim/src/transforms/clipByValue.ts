import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';
import { ClipBound, validateValue } from '../hyperparams.js';
import { allocLike, floatBuffer, wrapLike } from '../internal/leaves.js';
import { mapUpdates } from '../internal/mapUpdates.js';
import { clipLoop } from '../kernels/elementwise.js';

/**
 * Clips every element to `[−max, max]`: `u = min(max(g, −max), max)`. Stateless. NaN elements stay NaN
 * (so {@link applyIfFinite} still sees them); ±Infinity become ±max. `max = Infinity` is the identity.
 *
 * This changes the direction of the update vector; prefer {@link clipByGlobalNorm} to bound a step
 * without changing its direction.
 *
 * @param max - a number `>= 0` (`Infinity`: no clipping).
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative or NaN `max`.
 * @example
 * ```ts
 * import { clipByValue } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * const [u] = clipByValue(1).update({ g: tensor([-3, 0.5, 2]) }, {}); // g: [-1, 0.5, 1]
 * ```
 * @see Keras `clipvalue`, PyTorch `clip_grad_value_`, Optax `clip`.
 * @category clipping
 * @since 0.1.0
 */
export function clipByValue(max: number): GradientTransformation<EmptyState> {
  validateValue('clipByValue', 'max', ClipBound, max);
  return {
    init: () => EMPTY,
    update<U>(updates: U, state: EmptyState): [U, EmptyState] {
      if (max === Number.POSITIVE_INFINITY) return [mapUpdates('clipByValue', updates, (g) => g), state];
      const out = mapUpdates('clipByValue', updates, (g) => {
        const buf = allocLike(g);
        clipLoop(buf, floatBuffer(g), max);
        return wrapLike(buf, g);
      });
      return [out, state];
    },
  };
}
