/**
 * The fusion protocol behind {@link applyGradients}: capabilities some transformations carry under private
 * symbols, so that an optimizer ending in "per-leaf pass, then multiply by one factor" (`adam`) can update
 * its moments and the parameters in one pass per leaf, with the same bits as `update` then `applyUpdates`.
 * @internal
 * @module
 */

/**
 * Carried by transformations whose update multiplies every leaf by one number (`scale`,
 * `scaleByLearningRate`, `scaleBySchedule`): returns that number and the new state, as `update` would,
 * without touching any leaf.
 */
export const SCALAR_FACTOR: unique symbol = Symbol('stepwise.optim.scalarFactor');
export type ScalarFactor = (state: unknown) => readonly [factor: number, next: unknown];

/**
 * Carried by transformations whose update is one pass per leaf (`scaleByAdam`): runs that pass, multiplies
 * the update by `factor` and adds it to the params, returning `[newParams, newState]`, the same bits as
 * `update`, a scale by `factor` and `applyUpdates`.
 */
export const FUSED_STEP: unique symbol = Symbol('stepwise.optim.fusedStep');
export type FusedStep = (
  updates: unknown,
  state: unknown,
  params: unknown,
  factor: number,
) => readonly [params: unknown, state: unknown];

/** Carried by transformations that can take a whole optimizer step: `[newParams, newState]`. */
export const FUSED_APPLY: unique symbol = Symbol('stepwise.optim.fusedApply');
export type FusedApply = (updates: unknown, state: unknown, params: unknown) => readonly [unknown, unknown];

/** Attaches a capability to a transformation object (not enumerable: the object still looks like `{ init, update }`). */
export function withCapability<T extends object>(t: T, key: symbol, value: unknown): T {
  Object.defineProperty(t, key, { value, enumerable: false });
  return t;
}

/** A capability of `t`, if it has it. */
export const capability = <C>(t: unknown, key: symbol): C | undefined =>
  typeof t === 'object' && t !== null ? ((t as Record<symbol, unknown>)[key] as C | undefined) : undefined;
