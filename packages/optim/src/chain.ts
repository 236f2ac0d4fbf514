import type { Tensor } from '@stepwise/tensor';
import type { GradientTransformation, StateOf } from './GradientTransformation.js';
import {
  capability,
  FUSED_APPLY,
  FUSED_STEP,
  type FusedApply,
  type FusedStep,
  SCALAR_FACTOR,
  type ScalarFactor,
  withCapability,
} from './internal/fusion.js';
import { settled } from './internal/leaves.js';
import { addBuffers, anyTensor, donatePrivate, keepAll, recycleUnused } from './internal/lend.js';
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
 * Memory: an intermediate update that only the chain holds (one stage's fresh output, not stored in any state)
 * is donated to the next stage, which then writes in place instead of asking for fresh memory (see
 * `donate` in `@stepwise/tensor`); results are identical, and nothing the caller passed or receives is
 * affected.
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
  const checkState = (state: unknown): readonly unknown[] => {
    if (!Array.isArray(state) || state.length !== n) {
      throw new OptimError(
        'STRUCTURE_MISMATCH',
        'chain',
        `expected a state of ${n} sub-states (from this chain's init), got ${Array.isArray(state) ? `${state.length}` : typeof state}`,
      );
    }
    return state;
  };
  const chained: GradientTransformation<ChainState<T>> = {
    init(params: unknown): ChainState<T> {
      return Object.freeze(transforms.map((t) => t.init(params))) as unknown as ChainState<T>;
    },
    update<U>(updates: U, state: ChainState<T>, params?: U): [U, ChainState<T>] {
      const st = checkState(state);
      const next: unknown[] = new Array(n);
      const u = runStages(transforms, n, updates, st, params, next, false);
      return [u as U, Object.freeze(next) as unknown as ChainState<T>];
    },
  };
  // A chain ending in a per-leaf pass and a scalar factor (`adam`: scaleByAdam, scaleByLearningRate) can
  // take a whole step in one pass per leaf: see `applyGradients`.
  const step = n >= 2 ? capability<FusedStep>(transforms[n - 2], FUSED_STEP) : undefined;
  const factorOf = n >= 2 ? capability<ScalarFactor>(transforms[n - 1], SCALAR_FACTOR) : undefined;
  if (step === undefined || factorOf === undefined) return chained;
  const fusedApply: FusedApply = (updates, state, params) => {
    const st = checkState(state);
    const [factor, last] = factorOf(st[n - 1]);
    const next: unknown[] = new Array(n);
    const u = runStages(transforms, n - 2, updates, st, params, next, true);
    const [newParams, s] = step(u, st[n - 2], params, factor);
    next[n - 2] = settled(s);
    next[n - 1] = settled(last);
    return [newParams, Object.freeze(next)];
  };
  return withCapability(chained, FUSED_APPLY, fusedApply);
}

/**
 * Runs the first `count` stages, filling `next` with their states; returns the updates. Intermediate updates
 * only the chain holds are lent (donated) to the next stage; with `lendLast`, the last stage's too (for a
 * fused step that follows).
 */
function runStages(
  transforms: readonly GradientTransformation<unknown>[],
  count: number,
  updates: unknown,
  state: readonly unknown[],
  params: unknown,
  next: unknown[],
  lendLast: boolean,
): unknown {
  let u = updates;
  if ((count < 2 && !lendLast) || count === 0 || !anyTensor(updates)) {
    for (let i = 0; i < count; i++) {
      const [ui, si] = transforms[i]!.update(u, state[i], params as never);
      next[i] = settled(si);
      u = ui;
    }
    return u;
  }
  // The memory the caller holds (its updates, params and states) and the stages' new states hold.
  const held = new Set<ArrayBufferLike>();
  addBuffers(updates, held);
  addBuffers(params, held);
  addBuffers(state, held);
  const mine = new Set<Tensor>();
  for (let i = 0; i < count; i++) {
    const [ui, si] = transforms[i]!.update(u, state[i], params as never);
    next[i] = settled(si);
    addBuffers(si, held);
    // An intermediate this stage was lent but did not write into (nor pass on) is garbage: reuse its memory.
    if (i > 0) recycleUnused(u, ui, mine);
    u = i < count - 1 || lendLast ? donatePrivate(ui, held, mine) : ui;
  }
  if (!lendLast) keepAll(u, mine);
  return u;
}
