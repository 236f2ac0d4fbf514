import { applyUpdates } from './applyUpdates.js';
import type { GradientTransformation } from './GradientTransformation.js';
import { capability, FUSED_APPLY, type FusedApply } from './internal/fusion.js';
import { lendUnshared } from './internal/lend.js';

/**
 * One optimizer step applied to the params: `[updates, state'] = tx.update(grads, state, params)` and then
 * `params' = applyUpdates(params, updates)`, returned as `[params', state']`. The results are the same bits
 * as those two calls; an optimizer that ends in a per-leaf pass and a learning rate (`adam`, or any
 * `chain(..., scaleByAdam(...), scaleByLearningRate(...))`) takes the whole step in **one pass per leaf**
 * instead, reading the gradient, both moments and the parameter once and writing the moments and the
 * parameter once, without an updates array. With donated params and state (`donate` from
 * `@stepwise/tensor`) that pass writes in place.
 *
 * @param tx - the optimizer
 * @param grads - gradients with the structure of `params`
 * @param state - the optimizer state (from `tx.init` or the previous step)
 * @param params - the current params
 * @returns `[newParams, newState]`
 * @throws OptimError as `tx.update` and `applyUpdates` do.
 * @example
 * ```ts
 * import { adam, applyGradients } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * const tx = adam({ learningRate: 0.1 });
 * const params = { w: tensor([1, 2]) };
 * const [next] = applyGradients(tx, { w: tensor([1, -1]) }, tx.init(params), params);
 * next.w.toArray(); // [0.8999999761581421, 2.0999999046325684]
 * ```
 * @see Flax `TrainState.apply_gradients`; PyTorch `Adam(fused=True)` (one kernel for moments and params).
 * @category core
 * @since 0.2.0
 */
export function applyGradients<P, S>(tx: GradientTransformation<S>, grads: P, state: S, params: P): [P, S] {
  const fused = capability<FusedApply>(tx, FUSED_APPLY);
  if (fused !== undefined) {
    const [p, s] = fused(grads, state, params);
    return [p as P, s as S];
  }
  const [updates, s] = tx.update(grads, state, params);
  // The updates are this step's own unless a state or an input holds their memory: lend them to the sum.
  return [applyUpdates(params, lendUnshared(updates, [s, state, params, grads])), s];
}
