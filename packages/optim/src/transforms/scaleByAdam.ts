import { isDonated, recycle, type Tensor, tree } from '@stepwise/tensor';
import { adamApplyKernel, adamKernel } from '@stepwise/tensor/kernel';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { DecayRate, NonNegativeNumber, validateOptions } from '../hyperparams.js';
import { FUSED_STEP, type FusedStep, withCapability } from '../internal/fusion.js';
import {
  allocLike,
  checkStateObject,
  claimFloat,
  countTensor,
  flattenFloat,
  floatBuffer,
  matchingLeaves,
  readCount,
  requireParams,
  stateTree,
  wrapLike,
  zerosTree,
} from '../internal/leaves.js';
import { twoMomentPass } from '../internal/twoMoments.js';

/** Options of {@link scaleByAdam}. @category transformations @since 0.1.0 */
export interface ScaleByAdamOptions {
  /** Decay of the first moment, in `[0, 1)`; default 0.9. */
  readonly b1?: number;
  /** Decay of the second moment, in `[0, 1)`; default 0.999. */
  readonly b2?: number;
  /** Added to `√v̂` in the denominator, `>= 0`; default 1e-8. */
  readonly eps?: number;
  /** Added to `v̂` inside the square root, `>= 0`; default 0 (Optax `eps_root`). */
  readonly epsRoot?: number;
}

const adamFields = {
  b1: DecayRate,
  b2: DecayRate,
  eps: NonNegativeNumber,
  epsRoot: NonNegativeNumber,
};

/** io-ts codec of {@link ScaleByAdamOptions}. @category hyperparameters @since 0.1.0 */
export const ScaleByAdamOptions: t.Type<ScaleByAdamOptions, ScaleByAdamOptions, unknown> =
  t.partial(adamFields);

/** The fields of the Adam options codecs (shared with `adam`/`adamw`). @internal */
export const ADAM_FIELDS = adamFields;

/** The keys of {@link ScaleByAdamOptions}. @internal */
export const ADAM_KEYS = ['b1', 'b2', 'eps', 'epsRoot'] as const;

/**
 * State of {@link scaleByAdam}: the update count (int32 scalar) and the first and second moments, each
 * with the structure, shapes and dtypes of the params.
 * @category transformations
 * @since 0.1.0
 */
export interface ScaleByAdamState {
  readonly count: Tensor;
  readonly mu: unknown;
  readonly nu: unknown;
}

/**
 * Adam's scaling (Kingma & Ba, Algorithm 1), one fused pass per leaf:
 * `m ← b1·m + (1−b1)·g`, `v ← b2·v + (1−b2)·g²`, `m̂ = m/(1−b1ᵗ)`, `v̂ = v/(1−b2ᵗ)`,
 * `u = m̂ / (√(v̂ + epsRoot) + eps)`, with t the 1-based step and the bias corrections computed in
 * float64. Moments have the dtype of the params. Follow it with `scaleByLearningRate` ({@link adam}).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` for `b1` or `b2` outside `[0, 1)` or a negative `eps`.
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleByLearningRate } from '@stepwise/optim';
 * const opt = chain(scaleByAdam({ b2: 0.98 }), scaleByLearningRate(3e-4));
 * ```
 * @see Optax `scale_by_adam` (same). Keras puts eps as `ε·√(1−b2ᵗ)` in effect (the paper's ε-hat form).
 * @category transformations
 * @since 0.1.0
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const o = validateOptions('scaleByAdam', ScaleByAdamOptions, options);
  const b1 = o.b1 ?? 0.9;
  const b2 = o.b2 ?? 0.999;
  const eps = o.eps ?? 1e-8;
  const epsRoot = o.epsRoot ?? 0;
  /**
   * Adam's pass, the update times `factor` and its addition to the params in one pass per leaf
   * (`adamApplyKernel`): the same bits as `update`, `scale(factor)` and `applyUpdates`. Donated params and
   * moments are written in place; donated gradients are consumed (their memory recycled).
   */
  const fusedStep: FusedStep = (updates, state, params, factor) => {
    const st = state as ScaleByAdamState;
    checkStateObject('scaleByAdam', st, ['count', 'mu', 'nu']);
    const [g, def] = flattenFloat('scaleByAdam', 'updates', updates);
    const mu = matchingLeaves('scaleByAdam', 'state.mu', g, def, st.mu);
    const nu = matchingLeaves('scaleByAdam', 'state.nu', g, def, st.nu);
    const p = requireParams('scaleByAdam', g, def, params);
    const step = readCount('scaleByAdam', 'count', st.count) + 1;
    const s1 = 1 / (1 - b1 ** step);
    const s2 = 1 / (1 - b2 ** step);
    const newP: Tensor[] = [];
    const m: Tensor[] = [];
    const v: Tensor[] = [];
    for (let i = 0; i < g.length; i++) {
      const [gi, mi, vi, pi] = [g[i]!, mu[i]!, nu[i]!, p[i]!];
      const distinct = new Set([gi, mi, vi, pi]).size === 4;
      const pTaken = distinct ? claimFloat(pi) : undefined;
      const mTaken = distinct ? claimFloat(mi) : undefined;
      const vTaken = distinct ? claimFloat(vi) : undefined;
      const pb = pTaken ?? floatBuffer(pi);
      const mb = mTaken ?? floatBuffer(mi);
      const vb = vTaken ?? floatBuffer(vi);
      const pOut = pTaken ?? allocLike(pi);
      const mOut = mTaken ?? allocLike(mi);
      const vOut = vTaken ?? allocLike(vi);
      adamApplyKernel(pOut, mOut, vOut, pb, floatBuffer(gi), mb, vb, b1, b2, eps, epsRoot, s1, s2, factor);
      if (distinct && isDonated(gi)) recycle(gi);
      newP.push(wrapLike(pOut, pi));
      m.push(wrapLike(mOut, mi));
      v.push(wrapLike(vOut, vi));
    }
    return [
      tree.unflatten(def, newP),
      Object.freeze({ count: countTensor(step), mu: stateTree(def, m), nu: stateTree(def, v) }),
    ];
  };
  return withCapability(
    {
      init: (params: unknown) =>
        Object.freeze({
          count: countTensor(0),
          mu: zerosTree('scaleByAdam', params),
          nu: zerosTree('scaleByAdam', params),
        }),
      update<U>(updates: U, state: ScaleByAdamState): [U, ScaleByAdamState] {
        checkStateObject('scaleByAdam', state, ['count', 'mu', 'nu']);
        const [g, def] = flattenFloat('scaleByAdam', 'updates', updates);
        const mu = matchingLeaves('scaleByAdam', 'state.mu', g, def, state.mu);
        const nu = matchingLeaves('scaleByAdam', 'state.nu', g, def, state.nu);
        const step = readCount('scaleByAdam', 'count', state.count) + 1;
        const s1 = 1 / (1 - b1 ** step);
        const s2 = 1 / (1 - b2 ** step);
        const { u, m, v } = twoMomentPass(g, mu, nu, (uOut, muOut, nuOut, gb, mb, vb) =>
          adamKernel(uOut, muOut, nuOut, gb, mb, vb, b1, b2, eps, epsRoot, s1, s2),
        );
        return [
          tree.unflatten<U>(def, u),
          Object.freeze({ count: countTensor(step), mu: stateTree(def, m), nu: stateTree(def, v) }),
        ];
      },
    },
    FUSED_STEP,
    fusedStep,
  );
}
