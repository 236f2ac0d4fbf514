import * as t from 'io-ts';
import { chain } from '../chain.js';
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import {
  Bool,
  CLIPPING_FIELDS,
  type ClippingOptions,
  type LearningRate,
  LearningRateCodec,
  Momentum,
  validateOptions,
} from '../hyperparams.js';
import { identity } from '../transforms/identity.js';
import { type ScaleByLearningRateState, scaleByLearningRate } from '../transforms/scaleByLearningRate.js';
import { type TraceState, trace } from '../transforms/trace.js';
import { clippingStage } from './clipping.js';

/** Options of {@link sgd}. @category optimizers @since 0.1.0 */
export interface SgdOptions extends ClippingOptions {
  /** Step size: a finite number `>= 0` or a schedule. */
  readonly learningRate: LearningRate;
  /** Momentum μ in `[0, 1]`; default 0 (plain SGD, no momentum state). */
  readonly momentum?: number;
  /** Nesterov momentum; default false. */
  readonly nesterov?: boolean;
}

/** io-ts codec of {@link SgdOptions}. @category hyperparameters @since 0.1.0 */
export const SgdOptions: t.Type<SgdOptions, SgdOptions, unknown> = t.intersection([
  t.type({ learningRate: LearningRateCodec }),
  t.partial({ momentum: Momentum, nesterov: Bool, ...CLIPPING_FIELDS }),
]);

/** State of {@link sgd}: `[clip, momentum, learning rate]`. @category optimizers @since 0.1.0 */
export type SgdState = readonly [EmptyState, TraceState | EmptyState, ScaleByLearningRateState];

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum:
 * `chain(clip?, trace({ decay: momentum, nesterov }), scaleByLearningRate(learningRate))`, i.e.
 * `t ← g + μ·t`, `θ ← θ − lr·t` (Nesterov: `θ ← θ − lr·(g + μ·t)`). Without momentum, `θ ← θ − lr·g`.
 *
 * Differences: PyTorch's buffer starts at `g` rather than 0, the same when dampening is 0 (as here).
 * Keras keeps `m ← μm − lr·g`: the same for a constant rate, not under a schedule (here the current rate
 * scales the whole velocity). PyTorch's `weight_decay` is coupled L2; chain {@link addDecayedWeights}
 * before this for decoupled decay. Defaults: no default learning rate (Keras 0.01, PyTorch 1e-3).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field (negative learning rate, momentum outside
 * `[0, 1]`, unknown option, more than one clipping option).
 * @example
 * ```ts
 * import { sgd } from '@stepwise/optim';
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 1 });
 * ```
 * @see Optax `sgd`, PyTorch `torch.optim.SGD`, Keras `SGD`.
 * @category optimizers
 * @since 0.1.0
 */
export function sgd(options: SgdOptions): GradientTransformation<SgdState> {
  const o = validateOptions('sgd', SgdOptions, options);
  const momentum = o.momentum ?? 0;
  return chain(
    clippingStage('sgd', o),
    momentum > 0 ? trace({ decay: momentum, nesterov: o.nesterov ?? false }) : identity(),
    scaleByLearningRate(o.learningRate),
  );
}
