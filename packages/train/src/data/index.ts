// Data pipelines: pure, re-iterable datasets and data-last stages.
export { type BatchOptions, batch } from './batch.js';
export { type Batch, type Dataset, fromEpochs, isDataset, type Stage, type Transform } from './Dataset.js';
export { epochs } from './epochs.js';
export { map } from './map.js';
export { dataset } from './rows.js';
export { shuffle } from './shuffle.js';
