import type { Layer } from '@stepwise/nn';
import { type Tensor, TensorError } from '@stepwise/tensor';
import type { Batch } from './data/Dataset.js';
import { checkBatch, type LossFn } from './makeTrainStep.js';
import type { TrainState } from './TrainState.js';

/** A metric `(yPred, yTrue) => scalar tensor`, e.g. `accuracy`. @category evaluation @since 0.1.0 */
export type MetricFn = (yPred: Tensor, yTrue: Tensor) => Tensor;

/** The metrics of an evaluation: `loss` and one entry per named metric. @category evaluation @since 0.1.0 */
export type EvalMetrics = Readonly<Record<string, number>> & { readonly loss: number };

/** The parts of a {@link TrainState} evaluation reads. @category evaluation @since 0.1.0 */
export type EvalState<P, S> = Pick<TrainState<P, S, unknown>, 'params' | 'modelState'>;

/** An evaluation step `(state, batch) => metrics`. @category evaluation @since 0.1.0 */
export type EvalStep<P, S> = (state: EvalState<P, S>, batch: Batch) => EvalMetrics;

/** Options of {@link makeEvalStep}. @category evaluation @since 0.1.0 */
export interface EvalStepOptions<P, S> {
  /** The model; `apply` runs with `{ training: false }` (moving statistics, no dropout). */
  readonly model: Layer<P, S>;
  /** The loss, reported as `loss`. */
  readonly loss: LossFn;
  /** More metrics by name, e.g. `{ accuracy }` (default none). `loss` is reserved. */
  readonly metrics?: Readonly<Record<string, MetricFn>>;
}

/**
 * Builds an evaluation step: applies the model in inference mode (`training: false`: batch norm uses its
 * moving statistics, dropout is the identity; the model state is not updated) and returns the batch's
 * loss and metrics as numbers. Pure; nothing is differentiated.
 *
 * @param options - {@link EvalStepOptions}.
 * @returns An {@link EvalStep}; use {@link evaluate} for a whole dataset.
 * @throws TensorError `INVALID_ARGUMENT` for a metric named `loss` or that is not a function (at once), and
 * (when called) for a bad state or batch, or a metric that does not return a scalar.
 * @example
 * ```ts
 * const evalStep = makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { accuracy } });
 * evalStep(state, { x, y }); // { loss: 0.12, accuracy: 0.97 }
 * ```
 * @see Keras `Model.test_step` / `evaluate`, Flax's `eval_step` recipe.
 * @category evaluation
 * @since 0.1.0
 */
export function makeEvalStep<P, S>(options: EvalStepOptions<P, S>): EvalStep<P, S> {
  const { model, loss } = options;
  const metrics = Object.entries(options.metrics ?? {});
  if (typeof model?.apply !== 'function')
    throw new TensorError('INVALID_ARGUMENT', 'makeEvalStep', 'model must be a layer');
  if (typeof loss !== 'function')
    throw new TensorError('INVALID_ARGUMENT', 'makeEvalStep', 'loss must be a function');
  for (const [name, f] of metrics) {
    if (name === 'loss' || typeof f !== 'function') {
      throw new TensorError(
        'INVALID_ARGUMENT',
        'makeEvalStep',
        `metric '${name}' must be a function not named 'loss'`,
      );
    }
  }
  const scalar = (name: string, t: Tensor): number => {
    if (t?.size !== 1)
      throw new TensorError('INVALID_ARGUMENT', 'evalStep', `metric '${name}' must return a scalar tensor`);
    return Number(t.item());
  };
  return (state, batch) => {
    if (typeof state !== 'object' || state === null || !('params' in state) || !('modelState' in state)) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        'evalStep',
        'state must hold params and modelState (a TrainState)',
      );
    }
    const { x, y } = checkBatch('evalStep', batch);
    const { y: yPred } = model.apply(state.params, state.modelState, x, { training: false });
    const out: Record<string, number> = { loss: scalar('loss', loss(yPred, y)) };
    for (const [name, f] of metrics) out[name] = scalar(name, f(yPred, y));
    return Object.freeze(out) as EvalMetrics;
  };
}

/**
 * Evaluates a model over batches: the mean of each metric weighted by batch size (`x.shape[0]`), i.e.
 * the metric over all examples for per-example means such as the loss and accuracy.
 *
 * @param evalStep - From {@link makeEvalStep}.
 * @param state - A state holding `params` and `modelState`.
 * @param batches - Batches (a `Dataset` is iterated once: its epoch 0).
 * @returns The weighted means, e.g. `{ loss, accuracy }`; NaN for each when there are no batches.
 * @example
 * ```ts
 * evaluate(evalStep, state, pipe(dataset({ x: xTest, y: yTest }), batch(256))); // { loss, accuracy }
 * ```
 * @see Keras `Model.evaluate`.
 * @category evaluation
 * @since 0.1.0
 */
export function evaluate<P, S>(
  evalStep: EvalStep<P, S>,
  state: EvalState<P, S>,
  batches: Iterable<Batch>,
): EvalMetrics {
  const sums: Record<string, number> = { loss: 0 };
  let total = 0;
  for (const b of batches) {
    const m = evalStep(state, b);
    const w = b.x.shape[0] ?? 1;
    for (const [k, v] of Object.entries(m)) sums[k] = (sums[k] ?? 0) + w * v;
    total += w;
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(sums)) out[k] = total === 0 ? Number.NaN : v / total;
  return Object.freeze(out) as EvalMetrics;
}
