// Layers: pure init/apply pairs.
export { activation } from './activation.js';
export { type DenseOptions, type DenseParams, dense } from './dense.js';
export { dropout } from './dropout.js';
export { flatten } from './flatten.js';
export type {
  ApplyOptions,
  EmptyParams,
  EmptyState,
  Layer,
  LayerInit,
  LayerOutput,
  ParamsOf,
  StateOf,
} from './Layer.js';
export { type SequentialParams, type SequentialState, sequential } from './sequential.js';
export { type SimpleRnnOptions, type SimpleRnnParams, simpleRnn } from './simpleRnn.js';
