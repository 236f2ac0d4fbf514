import { type Tensor, tree } from '@stepwise/tensor';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { Bool, DecayRate, NonNegativeNumber, validateOptions } from '../hyperparams.js';
import {
  allocLike,
  checkStateObject,
  countTensor,
  flattenFloat,
  floatBuffer,
  fullLike,
  matchingLeaves,
  readCount,
  stateTree,
  wrapLike,
} from '../internal/leaves.js';
import { rmsLoop } from '../kernels/moments.js';

/** Options of {@link scaleByRms}. @category transformations @since 0.1.0 */
export interface ScaleByRmsOptions {
  /** Decay of the second moment, in `[0, 1)`; default 0.9. */
  readonly decay?: number;
  /** Stabilizer, `>= 0`; default 1e-8. */
  readonly eps?: number;
  /** Initial value of the second moment, `>= 0`; default 0. */
  readonly initialScale?: number;
  /** `g/√(v + eps)` when true (default, Optax and Keras), `g/(√v + eps)` when false (PyTorch). */
  readonly epsInSqrt?: boolean;
  /** Divide `v` by `1 − decayᵗ` (Adam's bias correction); default false. */
  readonly biasCorrection?: boolean;
}

/** io-ts codec of {@link ScaleByRmsOptions}. @category hyperparameters @since 0.1.0 */
export const ScaleByRmsOptions: t.Type<ScaleByRmsOptions, ScaleByRmsOptions, unknown> = t.partial({
  decay: DecayRate,
  eps: NonNegativeNumber,
  initialScale: NonNegativeNumber,
  epsInSqrt: Bool,
  biasCorrection: Bool,
});

/** State of {@link scaleByRms}: the update count and the second moment. @category transformations @since 0.1.0 */
export interface ScaleByRmsState {
  readonly count: Tensor;
  readonly nu: unknown;
}

/**
 * RMSprop's scaling (Hinton), one fused pass per leaf: `v ← decay·v + (1−decay)·g²` (v₀ = initialScale),
 * then `u = g / √(v̂ + eps)` (or `g / (√v̂ + eps)` with `epsInSqrt: false`), where `v̂ = v/(1−decayᵗ)`
 * with `biasCorrection` and `v̂ = v` without. With `biasCorrection: true, epsInSqrt: false` and
 * `decay = b2` it equals `scaleByAdam({ b1: 0, b2 })`.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` for `decay` outside `[0, 1)` or a negative `eps`.
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByRms } from '@stepwise/optim';
 * const opt = chain(scaleByRms({ decay: 0.99 }), scaleByLearningRate(1e-3));
 * ```
 * @see Optax `scale_by_rms` (same options). Keras puts eps inside the root, PyTorch outside.
 * @category transformations
 * @since 0.1.0
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const o = validateOptions('scaleByRms', ScaleByRmsOptions, options);
  const decay = o.decay ?? 0.9;
  const eps = o.eps ?? 1e-8;
  const initialScale = o.initialScale ?? 0;
  const epsInSqrt = o.epsInSqrt ?? true;
  const biasCorrection = o.biasCorrection ?? false;
  return {
    init(params) {
      const [leaves, def] = flattenFloat('scaleByRms', 'params', params);
      return Object.freeze({
        count: countTensor(0),
        nu: stateTree(
          def,
          leaves.map((p) => fullLike(p, initialScale)),
        ),
      });
    },
    update<U>(updates: U, state: ScaleByRmsState): [U, ScaleByRmsState] {
      checkStateObject('scaleByRms', state, ['count', 'nu']);
      const [g, def] = flattenFloat('scaleByRms', 'updates', updates);
      const nu = matchingLeaves('scaleByRms', 'state.nu', g, def, state.nu);
      const step = readCount('scaleByRms', 'count', state.count) + 1;
      const s = biasCorrection ? 1 / (1 - decay ** step) : 1;
      const u: Tensor[] = [];
      const v: Tensor[] = [];
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]!;
        const uOut = allocLike(gi);
        const nuOut = allocLike(nu[i]!);
        rmsLoop(uOut, nuOut, floatBuffer(gi), floatBuffer(nu[i]!), decay, eps, s, epsInSqrt);
        u.push(wrapLike(uOut, gi));
        v.push(wrapLike(nuOut, nu[i]!));
      }
      return [tree.unflatten<U>(def, u), Object.freeze({ count: countTensor(step), nu: stateTree(def, v) })];
    },
  };
}
