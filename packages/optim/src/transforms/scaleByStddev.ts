import { tree } from '@stepwise/tensor';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { Bool, DecayRate, NonNegativeNumber, validateOptions } from '../hyperparams.js';
import {
  checkStateObject,
  flattenFloat,
  fullLike,
  matchingLeaves,
  stateTree,
  zerosTree,
} from '../internal/leaves.js';
import { twoMomentPass } from '../internal/twoMoments.js';
import { stddevLoop } from '../kernels/moments.js';

/** Options of {@link scaleByStddev}. @category transformations @since 0.1.0 */
export interface ScaleByStddevOptions {
  /** Decay of both moments, in `[0, 1)`; default 0.9. */
  readonly decay?: number;
  /** Stabilizer, `>= 0`; default 1e-8. */
  readonly eps?: number;
  /** Initial value of the second moment, `>= 0`; default 0. */
  readonly initialScale?: number;
  /** `g/√(var + eps)` when true (default), `g/(√var + eps)` when false. */
  readonly epsInSqrt?: boolean;
}

/** io-ts codec of {@link ScaleByStddevOptions}. @category hyperparameters @since 0.1.0 */
export const ScaleByStddevOptions: t.Type<ScaleByStddevOptions, ScaleByStddevOptions, unknown> = t.partial({
  decay: DecayRate,
  eps: NonNegativeNumber,
  initialScale: NonNegativeNumber,
  epsInSqrt: Bool,
});

/** State of {@link scaleByStddev}: first and second moments. @category transformations @since 0.1.0 */
export interface ScaleByStddevState {
  readonly mu: unknown;
  readonly nu: unknown;
}

/**
 * Centred RMSprop's scaling: `m ← decay·m + (1−decay)·g`, `v ← decay·v + (1−decay)·g²`,
 * `u = g / √(max(v − m², 0) + eps)`; one fused pass per leaf. The variance estimate is clamped at 0
 * (Optax does not clamp; rounding can make `v − m²` slightly negative).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` for `decay` outside `[0, 1)` or a negative `eps`.
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByStddev } from '@stepwise/optim';
 * const centred = chain(scaleByStddev(), scaleByLearningRate(1e-3)); // rmsprop({ centered: true, ... })
 * ```
 * @see Optax `scale_by_stddev`; Keras and PyTorch `RMSprop(centered=True)`.
 * @category transformations
 * @since 0.1.0
 */
export function scaleByStddev(
  options: ScaleByStddevOptions = {},
): GradientTransformation<ScaleByStddevState> {
  const o = validateOptions('scaleByStddev', ScaleByStddevOptions, options);
  const decay = o.decay ?? 0.9;
  const eps = o.eps ?? 1e-8;
  const initialScale = o.initialScale ?? 0;
  const epsInSqrt = o.epsInSqrt ?? true;
  return {
    init(params) {
      const [leaves, def] = flattenFloat('scaleByStddev', 'params', params);
      return Object.freeze({
        mu: zerosTree('scaleByStddev', params),
        nu: stateTree(
          def,
          leaves.map((p) => fullLike(p, initialScale)),
        ),
      });
    },
    update<U>(updates: U, state: ScaleByStddevState): [U, ScaleByStddevState] {
      checkStateObject('scaleByStddev', state, ['mu', 'nu']);
      const [g, def] = flattenFloat('scaleByStddev', 'updates', updates);
      const mu = matchingLeaves('scaleByStddev', 'state.mu', g, def, state.mu);
      const nu = matchingLeaves('scaleByStddev', 'state.nu', g, def, state.nu);
      const { u, m, v } = twoMomentPass(g, mu, nu, (uOut, muOut, nuOut, gb, mb, vb) =>
        stddevLoop(uOut, muOut, nuOut, gb, mb, vb, decay, eps, epsInSqrt),
      );
      return [tree.unflatten<U>(def, u), Object.freeze({ mu: stateTree(def, m), nu: stateTree(def, v) })];
    },
  };
}
