// Weight initializers: factories returning `Initializer = (key, shape, dtype?) => Tensor`.
export { calculateGain, type Nonlinearity } from './calculateGain.js';
export { computeFans } from './computeFans.js';
export { constant, ones, zeros } from './constant.js';
export type { Initializer } from './Initializer.js';
export { type OrthogonalOptions, orthogonal } from './orthogonal.js';
export {
  type KaimingOptions,
  kaimingNormal,
  kaimingUniform,
  type XavierOptions,
  xavierNormal,
  xavierUniform,
} from './pytorch.js';
export {
  type FanMode,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  TRUNCATED_NORMAL_STD,
  type VarianceScalingDistribution,
  type VarianceScalingOptions,
  varianceScaling,
} from './varianceScaling.js';
