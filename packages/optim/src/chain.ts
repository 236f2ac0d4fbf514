import type { GradientTransformation, StateOf } from './GradientTransformation.js';
import { OptimError } from './OptimError.js';

/**
 * The state of `chain(...transforms)`: the tuple of the transformations' states, in order.
 * @category core
 * @since 0.1.0
 */
export type ChainState<T extends readonly unknown[]> = { readonly [K in keyof T]: StateOf<T[K]> };

/**
 * Composes transformations: the updates go through each in order, and the state is the (frozen) tuple of
 * their states, so `chain(a, b)` has state `readonly [SA, SB]`. `chain` is associative in its effect on
 * the updates: `chain(a, chain(b, c))` and `chain(chain(a, b), c)` give the same updates (their states
 * nest differently).
 *
 * @throws OptimError `STRUCTURE_MISMATCH` (from `update`) if the state is not a tuple of as many states.
 * @example
 * ```ts
 * import { chain, clipByGlobalNorm, scaleByAdam, scaleByLearningRate } from '@stepwise/optim';
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * ```
 * @see Optax `chain`; Keras and PyTorch hard-code the order (clip, then decay, then the update rule).
 * @category core
 * @since 0.1.0
 */
export function chain<const T extends readonly GradientTransformation<unknown>[]>(
  ...transforms: T
): GradientTransformation<ChainState<T>> {
  const n = transforms.length;
  return {
    init(params: unknown): ChainState<T> {
      return Object.freeze(transforms.map((t) => t.init(params))) as unknown as ChainState<T>;
    },
    update<U>(updates: U, state: ChainState<T>, params?: U): [U, ChainState<T>] {
      if (!Array.isArray(state) || state.length !== n) {
        throw new OptimError(
          'STRUCTURE_MISMATCH',
          'chain',
          `expected a state of ${n} sub-states (from this chain's init), got ${Array.isArray(state) ? `${state.length}` : typeof state}`,
        );
      }
      const next: unknown[] = new Array(n);
      let u = updates;
      for (let i = 0; i < n; i++) {
        const [ui, si] = transforms[i]!.update(u, state[i], params);
        u = ui;
        next[i] = si;
      }
      return [u, Object.freeze(next) as unknown as ChainState<T>];
    },
  };
}
