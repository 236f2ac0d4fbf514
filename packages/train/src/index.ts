/**
 * `@stepwise/train`: the pieces of a training loop as pure functions over immutable values — a train
 * state, a training step built from a model, a loss and an optimizer, data pipelines as re-iterable
 * datasets, a `fit` fold with a progress bar, checkpoints and gradient diagnostics. A custom loop is a
 * fold: `batches.reduce(step, state)`.
 *
 * @example
 * ```ts
 * import { pipe } from 'fp-ts/function';
 * import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
 * import { adam } from '@stepwise/optim';
 * import { random } from '@stepwise/tensor';
 * import { batch, dataset, fit, initTrainState, makeTrainStep, shuffle } from '@stepwise/train';
 * const model = sequential(dense(32), activation(relu), dense(2));
 * const optimizer = adam({ learningRate: 1e-2 });
 * const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
 * const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
 * const data = pipe(dataset({ x, y }), shuffle(random.key(1)), batch(32));
 * const { state: trained, history } = fit(step, state, data, { epochs: 10 });
 * ```
 * @packageDocumentation
 */
export * from './checkpoint/index.js';
export * from './data/index.js';
export { type EpochRecord, type FitOptions, type FitProgress, type FitResult, fit } from './fit.js';
export {
  type GradientNorms,
  type GradientNormsOptions,
  gradientNorms,
  type LayerNorm,
  type LeafNorm,
} from './gradientNorms.js';
export type { ProgressStream } from './internal/progressBar.js';
export {
  type EvalMetrics,
  type EvalState,
  type EvalStep,
  type EvalStepOptions,
  evaluate,
  type MetricFn,
  makeEvalStep,
} from './makeEvalStep.js';
export { type LossFn, makeTrainStep, type TrainStep, type TrainStepOptions } from './makeTrainStep.js';
export {
  type InitTrainStateOptions,
  initTrainState,
  type TrainMetrics,
  type TrainState,
} from './TrainState.js';
