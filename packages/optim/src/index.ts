/**
 * `@stepwise/optim`: Optax-style gradient transformations, clipping, optimizers and schedules. Every
 * transformation is a pair of pure functions `init(params) → state` and
 * `update(updates, state, params?) → [updates, state]`; optimizers are `chain`s of them.
 *
 * @example
 * ```ts
 * import { grad, square, sum, tensor, type Tensor } from '@stepwise/tensor';
 * import { adam, applyUpdates } from '@stepwise/optim';
 * const loss = (p: { w: Tensor }) => sum(square(p.w));
 * const opt = adam({ learningRate: 0.1, globalClipNorm: 1 });
 * let params = { w: tensor([1, -2]) };
 * let state = opt.init(params);
 * for (let i = 0; i < 100; i++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   [params, state] = [applyUpdates(params, updates), next];
 * }
 * ```
 * @packageDocumentation
 */

// Core
export { applyGradients } from './applyGradients.js';
export { applyUpdates } from './applyUpdates.js';
export { type ChainState, chain } from './chain.js';
export type { EmptyState, GradientTransformation, StateOf } from './GradientTransformation.js';
export { globalNorm } from './globalNorm.js';
// Hyperparameter codecs
export {
  Bool,
  ClipBound,
  ClippingOptions,
  CountLimit,
  DecayRate,
  decodeOptions,
  FiniteNumber,
  type LearningRate,
  LearningRateCodec,
  MaskCodec,
  Momentum,
  NonNegativeInteger,
  NonNegativeNumber,
  PositiveInteger,
  PositiveNumber,
  ScheduleCodec,
} from './hyperparams.js';
// Masks
export type { Mask, MaskTree } from './internal/mask.js';
export { leafMask } from './leafMask.js';
export { OptimError, type OptimErrorCode } from './OptimError.js';
// Optimizers
export { AdagradOptions, type AdagradState, adagrad } from './optimizers/adagrad.js';
export { AdamOptions, type AdamState, adam } from './optimizers/adam.js';
export { AdamwOptions, type AdamwState, adamw } from './optimizers/adamw.js';
export { RmspropOptions, type RmspropState, rmsprop } from './optimizers/rmsprop.js';
export { SgdOptions, type SgdState, sgd } from './optimizers/sgd.js';
// Schedules
export { ConstantOptions, constant } from './schedules/constant.js';
export { CosineDecayOptions, cosineDecay } from './schedules/cosineDecay.js';
export { ExponentialDecayOptions, exponentialDecay } from './schedules/exponentialDecay.js';
export { LinearOptions, linear } from './schedules/linear.js';
export { PiecewiseConstantOptions, piecewiseConstant } from './schedules/piecewiseConstant.js';
export type { Schedule } from './schedules/Schedule.js';
export { WarmupCosineDecayOptions, warmupCosineDecay } from './schedules/warmupCosineDecay.js';
// Transformations
export { addDecayedWeights } from './transforms/addDecayedWeights.js';
export { ApplyIfFiniteOptions, type ApplyIfFiniteState, applyIfFinite } from './transforms/applyIfFinite.js';
export { clipByGlobalNorm } from './transforms/clipByGlobalNorm.js';
export { clipByNorm } from './transforms/clipByNorm.js';
export { clipByValue } from './transforms/clipByValue.js';
export { identity } from './transforms/identity.js';
export { type MaskedState, masked } from './transforms/masked.js';
export { type MultiStepsState, multiSteps } from './transforms/multiSteps.js';
export { scale } from './transforms/scale.js';
export { ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './transforms/scaleByAdam.js';
export { type ScaleByLearningRateState, scaleByLearningRate } from './transforms/scaleByLearningRate.js';
export { ScaleByRmsOptions, type ScaleByRmsState, scaleByRms } from './transforms/scaleByRms.js';
export { ScaleByRssOptions, type ScaleByRssState, scaleByRss } from './transforms/scaleByRss.js';
export { type ScaleByScheduleState, scaleBySchedule } from './transforms/scaleBySchedule.js';
export { ScaleByStddevOptions, type ScaleByStddevState, scaleByStddev } from './transforms/scaleByStddev.js';
export { TraceOptions, type TraceState, trace } from './transforms/trace.js';
