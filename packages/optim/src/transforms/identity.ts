import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';

/**
 * The transformation that returns the updates unchanged (the same tree object) and keeps an empty state.
 * Useful as a placeholder in a `chain`.
 *
 * @example
 * ```ts
 * import { identity } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * const t = identity();
 * const g = { w: tensor([1, 2]) };
 * const [u] = t.update(g, t.init(g)); // u === g
 * ```
 * @see Optax `identity`.
 * @category transformations
 * @since 0.1.0
 */
export function identity(): GradientTransformation<EmptyState> {
  return {
    init: () => EMPTY,
    update<U>(updates: U, state: EmptyState): [U, EmptyState] {
      return [updates, state];
    },
  };
}
