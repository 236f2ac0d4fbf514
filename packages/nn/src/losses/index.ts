// Losses (mean over every element; cross-entropies per example, then the batch mean) and metrics.
export { accuracy } from './accuracy.js';
export { binaryCrossEntropy } from './binaryCrossEntropy.js';
export { huber, type Loss, meanAbsoluteError, meanSquaredError } from './regression.js';
export { softmaxCrossEntropy } from './softmaxCrossEntropy.js';
