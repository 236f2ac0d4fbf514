import * as t from 'io-ts';
import { chain } from '../chain.js';
import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import {
  CLIPPING_FIELDS,
  type ClippingOptions,
  type LearningRate,
  LearningRateCodec,
  MaskCodec,
  NonNegativeNumber,
  pickDefined,
  validateOptions,
} from '../hyperparams.js';
import type { Mask } from '../internal/mask.js';
import { addDecayedWeights } from '../transforms/addDecayedWeights.js';
import {
  ADAM_FIELDS,
  ADAM_KEYS,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  scaleByAdam,
} from '../transforms/scaleByAdam.js';
import { type ScaleByLearningRateState, scaleByLearningRate } from '../transforms/scaleByLearningRate.js';
import { clippingStage } from './clipping.js';

/** Options of {@link adamw}. @category optimizers @since 0.1.0 */
export interface AdamwOptions extends ScaleByAdamOptions, ClippingOptions {
  /** Step size: a finite number `>= 0` or a schedule. */
  readonly learningRate: LearningRate;
  /** Decoupled weight decay λ, `>= 0`; default 1e-4 (Optax; PyTorch 1e-2, Keras 0.004). */
  readonly weightDecay?: number;
  /** Which params to decay (default all); see {@link leafMask}. */
  readonly mask?: Mask;
}

/** io-ts codec of {@link AdamwOptions}. @category hyperparameters @since 0.1.0 */
export const AdamwOptions: t.Type<AdamwOptions, AdamwOptions, unknown> = t.intersection([
  t.type({ learningRate: LearningRateCodec }),
  t.partial({ ...ADAM_FIELDS, ...CLIPPING_FIELDS, weightDecay: NonNegativeNumber, mask: MaskCodec }),
]);

/** State of {@link adamw}: `[clip, Adam moments, decay, learning rate]`. @category optimizers @since 0.1.0 */
export type AdamwState = readonly [EmptyState, ScaleByAdamState, EmptyState, ScaleByLearningRateState];

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter): `chain(clip?, scaleByAdam(...),
 * addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate))`, i.e.
 * `θ ← θ − lr·(m̂/(√(v̂ + epsRoot) + eps) + λ·θ)`. The decay is multiplied by the learning rate (`lr·λ`),
 * as in PyTorch, Optax and Keras, and never enters the moments. With `weightDecay = 0` it is exactly
 * {@link adam}. Needs the params in `update`.
 *
 * Differences: PyTorch `AdamW` multiplies θ by `(1 − lr·λ)` before the Adam step, the same algebra
 * (both decay θ_{t−1}); Keras `AdamW` does the same but with its ε-hat Adam (see {@link adam}) and
 * ε = 1e-7. Default λ differs: 1e-4 here and in Optax, 1e-2 in PyTorch, 0.004 in Keras.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field; from `update`, `MISSING_PARAMS`.
 * @example
 * ```ts
 * import { adamw, leafMask } from '@stepwise/optim';
 * const opt = adamw({ learningRate: 1e-3, weightDecay: 0.01, mask: leafMask((p) => p.rank > 1) });
 * ```
 * @see Optax `adamw`, PyTorch `torch.optim.AdamW`, Keras `AdamW`.
 * @category optimizers
 * @since 0.1.0
 */
export function adamw(options: AdamwOptions): GradientTransformation<AdamwState> {
  const o = validateOptions('adamw', AdamwOptions, options);
  return chain(
    clippingStage('adamw', o),
    scaleByAdam(pickDefined(o, ADAM_KEYS)),
    addDecayedWeights(o.weightDecay ?? 1e-4, o.mask),
    scaleByLearningRate(o.learningRate),
  );
}
