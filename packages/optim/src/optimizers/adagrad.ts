import * as t from 'io-ts';
import { chain } from '../chain.js';
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import {
  CLIPPING_FIELDS,
  type ClippingOptions,
  type LearningRate,
  LearningRateCodec,
  NonNegativeNumber,
  pickDefined,
  validateOptions,
} from '../hyperparams.js';
import { type ScaleByLearningRateState, scaleByLearningRate } from '../transforms/scaleByLearningRate.js';
import { type ScaleByRssState, scaleByRss } from '../transforms/scaleByRss.js';
import { clippingStage } from './clipping.js';

/** Options of {@link adagrad}. @category optimizers @since 0.1.0 */
export interface AdagradOptions extends ClippingOptions {
  /** Step size: a finite number `>= 0` or a schedule. */
  readonly learningRate: LearningRate;
  /** Initial accumulator, `>= 0`; default 0.1 (Keras, Optax; PyTorch 0). */
  readonly initialAccumulatorValue?: number;
  /** Added inside the square root, `>= 0`; default 1e-7. */
  readonly eps?: number;
}

/** io-ts codec of {@link AdagradOptions}. @category hyperparameters @since 0.1.0 */
export const AdagradOptions: t.Type<AdagradOptions, AdagradOptions, unknown> = t.intersection([
  t.type({ learningRate: LearningRateCodec }),
  t.partial({ initialAccumulatorValue: NonNegativeNumber, eps: NonNegativeNumber, ...CLIPPING_FIELDS }),
]);

/** State of {@link adagrad}: `[clip, sum of squares, learning rate]`. @category optimizers @since 0.1.0 */
export type AdagradState = readonly [EmptyState, ScaleByRssState, ScaleByLearningRateState];

/**
 * Adagrad (Duchi et al.): `chain(clip?, scaleByRss({ initialAccumulatorValue, eps }),
 * scaleByLearningRate(learningRate))`, i.e. `A ← A + g²`, `θ ← θ − lr·g/√(A + eps)`. Defaults
 * `initialAccumulatorValue = 0.1`, `eps = 1e-7`.
 *
 * Differences: Keras and TF.js are the same (eps inside the root, A₀ = 0.1). PyTorch starts at A₀ = 0,
 * puts eps outside (`√A + eps`, eps 1e-10) and has an `lr_decay`; use a schedule for that.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field.
 * @example
 * ```ts
 * import { adagrad } from '@stepwise/optim';
 * const opt = adagrad({ learningRate: 0.01 });
 * ```
 * @see Optax `adagrad`, PyTorch `torch.optim.Adagrad`, Keras `Adagrad`.
 * @category optimizers
 * @since 0.1.0
 */
export function adagrad(options: AdagradOptions): GradientTransformation<AdagradState> {
  const o = validateOptions('adagrad', AdagradOptions, options);
  return chain(
    clippingStage('adagrad', o),
    scaleByRss(pickDefined(o, ['initialAccumulatorValue', 'eps'])),
    scaleByLearningRate(o.learningRate),
  );
}
