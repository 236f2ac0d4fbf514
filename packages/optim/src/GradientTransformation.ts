/**
 * A gradient transformation: a pair of pure functions, Optax's design. `init(params)` builds the state
 * (moments, counts…; a pytree of tensors, frozen), and `update(updates, state, params?)` returns the
 * transformed updates and the next state. Nothing is mutated: the same call with the same arguments
 * always returns the same result, so a state can be kept, compared, checkpointed or replayed.
 *
 * Updates (gradients, at first) are pytrees of `float32`/`float64` tensors with the structure of the
 * params. Optimizers are `chain`s of transformations; the last one scales by `-learningRate`, so the
 * result is added to the params with {@link applyUpdates}.
 *
 * @typeParam S - the state type; `chain(a, b)` has state `readonly [SA, SB]`.
 * @example
 * ```ts
 * import { grad, square, sum, type Tensor, tensor } from '@stepwise/tensor';
 * import { adam, applyUpdates } from '@stepwise/optim';
 * const loss = (p: { w: Tensor }) => sum(square(p.w));
 * const opt = adam({ learningRate: 0.1 });
 * let params = { w: tensor([1, -2]) };
 * let state = opt.init(params);
 * for (let i = 0; i < 100; i++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   params = applyUpdates(params, updates);
 *   state = next;
 * }
 * ```
 * @see Optax `GradientTransformation`; PyTorch and Keras optimizers are stateful objects instead.
 * @category core
 * @since 0.1.0
 */
export interface GradientTransformation<S> {
  /** The initial state for `params` (only their structure, shapes and dtypes are read). */
  init(params: unknown): S;
  /**
   * Transforms `updates` given the current `state` (and the current `params`, which some
   * transformations such as {@link addDecayedWeights} need). Returns `[newUpdates, newState]`.
   * @throws OptimError `STRUCTURE_MISMATCH`, `SHAPE_MISMATCH`, `DTYPE_MISMATCH` when updates, state and
   * params do not fit together; `MISSING_PARAMS` when params are needed and absent.
   */
  update<U>(updates: U, state: S, params?: U): [U, S];
}

/**
 * The state of a stateless transformation: a frozen empty object (Optax `EmptyState`).
 * @category core
 * @since 0.1.0
 */
export type EmptyState = Readonly<Record<string, never>>;

/** The one empty state value. @internal */
export const EMPTY: EmptyState = Object.freeze({});

/**
 * The state type of a transformation: `StateOf<typeof opt>`.
 * @category core
 * @since 0.1.0
 */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;
