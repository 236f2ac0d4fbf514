import * as t from 'io-ts';
import { chain } from '../chain.js';
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import {
  Bool,
  CLIPPING_FIELDS,
  type ClippingOptions,
  DecayRate,
  type LearningRate,
  LearningRateCodec,
  Momentum,
  NonNegativeNumber,
  validateOptions,
} from '../hyperparams.js';
import { identity } from '../transforms/identity.js';
import { type ScaleByLearningRateState, scaleByLearningRate } from '../transforms/scaleByLearningRate.js';
import { type ScaleByRmsState, scaleByRms } from '../transforms/scaleByRms.js';
import { type ScaleByStddevState, scaleByStddev } from '../transforms/scaleByStddev.js';
import { type TraceState, trace } from '../transforms/trace.js';
import { clippingStage } from './clipping.js';

/** Options of {@link rmsprop}. @category optimizers @since 0.1.0 */
export interface RmspropOptions extends ClippingOptions {
  /** Step size: a finite number `>= 0` or a schedule. */
  readonly learningRate: LearningRate;
  /** Decay of the moving averages, in `[0, 1)`; default 0.9 (Keras `rho`; PyTorch `alpha` = 0.99). */
  readonly decay?: number;
  /** Stabilizer, `>= 0`; default 1e-8. */
  readonly eps?: number;
  /** Divide by the centred second moment (an estimate of the variance); default false. */
  readonly centered?: boolean;
  /** Momentum in `[0, 1]` applied after the learning rate; default none. */
  readonly momentum?: number;
  /** Nesterov momentum; default false. */
  readonly nesterov?: boolean;
  /** Initial second moment, `>= 0`; default 0. */
  readonly initialScale?: number;
  /** eps inside the square root (default true, Keras and Optax) or outside (false, PyTorch). */
  readonly epsInSqrt?: boolean;
}

/** io-ts codec of {@link RmspropOptions}. @category hyperparameters @since 0.1.0 */
export const RmspropOptions: t.Type<RmspropOptions, RmspropOptions, unknown> = t.intersection([
  t.type({ learningRate: LearningRateCodec }),
  t.partial({
    decay: DecayRate,
    eps: NonNegativeNumber,
    centered: Bool,
    momentum: Momentum,
    nesterov: Bool,
    initialScale: NonNegativeNumber,
    epsInSqrt: Bool,
    ...CLIPPING_FIELDS,
  }),
]);

/** State of {@link rmsprop}: `[clip, second moment, learning rate, momentum]`. @category optimizers @since 0.1.0 */
export type RmspropState = readonly [
  EmptyState,
  ScaleByRmsState | ScaleByStddevState,
  ScaleByLearningRateState,
  TraceState | EmptyState,
];

/**
 * RMSprop (Hinton): `chain(clip?, scaleByRms or scaleByStddev (centered), scaleByLearningRate(lr),
 * trace(momentum)?)`, i.e. `v ← decay·v + (1−decay)·g²`, `θ ← θ − lr·g/√(v + eps)`; centred:
 * `g/√(v − m² + eps)` with `m` the moving mean of g; with momentum, `b ← μb + lr·g/√(…)`, `θ ← θ − b`.
 * Defaults `decay = 0.9`, `eps = 1e-8`, eps inside the root.
 *
 * Differences: Keras has eps inside the root too (eps 1e-7, rho 0.9) and the same momentum form
 * (lr inside the velocity). PyTorch puts eps outside (`√v + eps`, set `epsInSqrt: false`), uses
 * `alpha = 0.99` and eps 1e-8, and its momentum buffer holds `g/(√v + eps)` with lr applied after, equal
 * for a constant rate. TF.js subtracts eps in the centred form. No bias correction (none of them has one).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field.
 * @example
 * ```ts
 * import { rmsprop } from '@stepwise/optim';
 * const opt = rmsprop({ learningRate: 1e-3, centered: true, momentum: 0.9 });
 * ```
 * @see Optax `rmsprop`, PyTorch `torch.optim.RMSprop`, Keras `RMSprop`.
 * @category optimizers
 * @since 0.1.0
 */
export function rmsprop(options: RmspropOptions): GradientTransformation<RmspropState> {
  const o = validateOptions('rmsprop', RmspropOptions, options);
  const decay = o.decay ?? 0.9;
  const eps = o.eps ?? 1e-8;
  const initialScale = o.initialScale ?? 0;
  const epsInSqrt = o.epsInSqrt ?? true;
  const momentum = o.momentum ?? 0;
  return chain(
    clippingStage('rmsprop', o),
    o.centered === true
      ? scaleByStddev({ decay, eps, initialScale, epsInSqrt })
      : scaleByRms({ decay, eps, initialScale, epsInSqrt }),
    scaleByLearningRate(o.learningRate),
    momentum > 0 ? trace({ decay: momentum, nesterov: o.nesterov ?? false }) : identity(),
  );
}
