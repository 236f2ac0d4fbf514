import * as t from 'io-ts';
import { chain } from '../chain.js';
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import {
  CLIPPING_FIELDS,
  type ClippingOptions,
  type LearningRate,
  LearningRateCodec,
  pickDefined,
  validateOptions,
} from '../hyperparams.js';
import {
  ADAM_FIELDS,
  ADAM_KEYS,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  scaleByAdam,
} from '../transforms/scaleByAdam.js';
import { type ScaleByLearningRateState, scaleByLearningRate } from '../transforms/scaleByLearningRate.js';
import { clippingStage } from './clipping.js';

/** Options of {@link adam}. @category optimizers @since 0.1.0 */
export interface AdamOptions extends ScaleByAdamOptions, ClippingOptions {
  /** Step size: a finite number `>= 0` or a schedule. */
  readonly learningRate: LearningRate;
}

/** io-ts codec of {@link AdamOptions}. @category hyperparameters @since 0.1.0 */
export const AdamOptions: t.Type<AdamOptions, AdamOptions, unknown> = t.intersection([
  t.type({ learningRate: LearningRateCodec }),
  t.partial({ ...ADAM_FIELDS, ...CLIPPING_FIELDS }),
]);

/** State of {@link adam}: `[clip, Adam moments, learning rate]`. @category optimizers @since 0.1.0 */
export type AdamState = readonly [EmptyState, ScaleByAdamState, ScaleByLearningRateState];

/**
 * Adam (Kingma & Ba 2014, Algorithm 1): `chain(clip?, scaleByAdam({ b1, b2, eps, epsRoot }),
 * scaleByLearningRate(learningRate))`, i.e. `m ← b1·m + (1−b1)·g`, `v ← b2·v + (1−b2)·g²`,
 * `θ ← θ − lr·m̂/(√(v̂ + epsRoot) + eps)` with `m̂ = m/(1−b1ᵗ)`, `v̂ = v/(1−b2ᵗ)` (bias corrections in
 * float64). Defaults `b1 = 0.9`, `b2 = 0.999`, `eps = 1e-8`, `epsRoot = 0`.
 *
 * Differences: PyTorch and Optax put eps the same way (`√v̂ + eps`, eps 1e-8). Keras uses the paper's
 * "ε-hat" form `lr·√(1−b2ᵗ)/(1−b1ᵗ) · m/(√v + ε)` with ε = 1e-7, i.e. an effective eps of
 * `ε·√(1−b2ᵗ)`: larger steps early when gradients are tiny. TF.js uses eps 1e-7. PyTorch's
 * `weight_decay` is coupled L2 (added to g before the moments); use {@link adamw} for decoupled decay.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field (`adam: b1 must be a number in [0, 1),
 * got 1`).
 * @example
 * ```ts
 * import { adam, applyUpdates } from '@stepwise/optim';
 * const opt = adam({ learningRate: 1e-3, globalClipNorm: 1 });
 * ```
 * @see Optax `adam`, PyTorch `torch.optim.Adam`, Keras `Adam`.
 * @category optimizers
 * @since 0.1.0
 */
export function adam(options: AdamOptions): GradientTransformation<AdamState> {
  const o = validateOptions('adam', AdamOptions, options);
  return chain(
    clippingStage('adam', o),
    scaleByAdam(pickDefined(o, ADAM_KEYS)),
    scaleByLearningRate(o.learningRate),
  );
}
