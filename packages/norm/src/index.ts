/**
 * `@stepwise/norm`: batch, layer, group and RMS normalization for Stepwise, as pure functions and
 * `init`/`apply` layers whose moving statistics are explicit state (state in, state out).
 * @packageDocumentation
 */

export { type BatchNormOptions, type BatchNormParams, type BatchNormState, batchNorm } from './batchNorm.js';
export { type BatchNormInferOptions, batchNormInfer } from './batchNormInfer.js';
export { type BatchNormTrainOptions, type BatchNormTrainResult, batchNormTrain } from './batchNormTrain.js';
export { type GroupNormOptions, groupNorm } from './groupNorm.js';
export { type GroupNormalizeOptions, groupNormalize } from './groupNormalize.js';
export { type AffineParams, type LayerNormOptions, layerNorm } from './layerNorm.js';
export { type LayerNormalizeOptions, layerNormalize } from './layerNormalize.js';
export { type RmsNormOptions, type RmsNormParams, rmsNorm } from './rmsNorm.js';
export { type RmsNormalizeOptions, rmsNormalize } from './rmsNormalize.js';
