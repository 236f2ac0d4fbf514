import type { Layer } from '@stepwise/nn';
import { applyGradients, applyUpdates, type GradientTransformation, globalNorm } from '@stepwise/optim';
import { donate, isTensor, random, type Tensor, TensorError, tree, valueAndGrad } from '@stepwise/tensor';
import { readBuffer } from '@stepwise/tensor/kernel';
import type { Batch } from './data/Dataset.js';
import { donatePrivate, keepDonated } from './internal/donatePrivate.js';
import type { TrainMetrics, TrainState } from './TrainState.js';

/** A loss `(yPred, yTrue) => scalar tensor`, e.g. `softmaxCrossEntropy`. @category training @since 0.1.0 */
export type LossFn = (yPred: Tensor, yTrue: Tensor) => Tensor;

/** A pure training step `(state, batch) => state`. @category training @since 0.1.0 */
export type TrainStep<P, S, O> = (state: TrainState<P, S, O>, batch: Batch) => TrainState<P, S, O>;

/** Options of {@link makeTrainStep}. @category training @since 0.1.0 */
export interface TrainStepOptions<P, S, O> {
  /** The model; `apply` runs with `{ training: true, key }`. */
  readonly model: Layer<P, S>;
  /** The loss `(yPred, yTrue) => scalar`. */
  readonly loss: LossFn;
  /** The optimizer; wrap it in `applyIfFinite` to skip non-finite steps. */
  readonly optimizer: GradientTransformation<O>;
  /**
   * When `true`, the step **consumes** its input state's parameters and optimizer state: the new ones are
   * written into their memory (see `donate` in `@stepwise/tensor`; JAX's `donate_argnums`), and reading
   * the old ones afterwards throws `TensorError('DONATED')`. For loops that only ever keep the latest state.
   * Default `false`: the input state stays valid (keep it, e.g. as the best state so far).
   */
  readonly donateState?: boolean;
}

/** True when every element of every leaf is exactly zero. */
function allZero(t: unknown): boolean {
  for (const leaf of tree.leaves(t)) {
    const b = readBuffer(leaf);
    for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  }
  return true;
}

/** Checks that a batch is `{ x: Tensor, y: Tensor }`. @internal */
export function checkBatch(op: string, batch: unknown): Batch {
  const b = batch as Partial<Batch> | null;
  if (typeof b !== 'object' || b === null || !isTensor(b.x) || !isTensor(b.y)) {
    throw new TensorError('INVALID_ARGUMENT', op, 'batch must be { x: Tensor, y: Tensor }');
  }
  return b as Batch;
}

/** Checks that a value looks like a {@link TrainState}. @internal */
export function checkState(op: string, state: unknown): void {
  const s = state as Partial<TrainState> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.step !== 'number' ||
    !isTensor(s.key) ||
    !('params' in s)
  ) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      'state must be a TrainState { step, params, modelState, optState, key, metrics } (see initTrainState)',
    );
  }
}

/**
 * Builds the training step of a model, loss and optimizer: a pure function `(state, batch) => newState`.
 * One step:
 *
 * 1. splits `state.key` into `[nextKey, stepKey]` (`stepKey` goes to `model.apply` for dropout);
 * 2. computes the loss and its gradients with respect to `params` with
 *    `valueAndGrad(f, { hasAux: true })`, where `f` applies the model in training mode and returns
 *    `[loss(yPred, batch.y), newModelState]` (the aux, e.g. batch-norm statistics);
 * 3. `[updates, optState] = optimizer.update(grads, state.optState, params)`, then
 *    `params = applyUpdates(params, updates)` (on a finite step as `applyGradients`, which takes Adam's step
 *    in one pass per leaf, with the same bits);
 * 4. records `metrics`: the loss, the gradients' global norm (`globalNorm`, before clipping), `nonFinite`
 *    (loss or gradient norm NaN/±Inf) and `skipped` (non-finite and the updates are all zero, as
 *    `applyIfFinite` returns them). A skipped step keeps the previous params **and model state** (so NaN
 *    batch statistics never reach the moving averages); `step`, `key` and `optState` still advance.
 *
 * The input state is never modified; the same state and batch give bit-identical results. The step's own
 * temporaries (gradients, updates) are donated to the optimizer and `applyUpdates`, which then work in place;
 * with `donateState: true` the input params and optimizer state are too (and are consumed).
 *
 * @param options - {@link TrainStepOptions}.
 * @returns A {@link TrainStep}.
 * @throws TensorError `INVALID_ARGUMENT` (when called) for a state or batch of the wrong form, or a loss
 * that is not a floating-point scalar; whatever the model, loss or optimizer throw.
 * @example
 * ```ts
 * const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer: adam({ learningRate: 1e-2 }) });
 * const next = step(state, { x, y });
 * next.metrics.loss; // the batch loss before the update
 * ```
 * @see Flax's `train_step` recipe (`jax.value_and_grad(has_aux=True)` + `state.apply_gradients`), Keras
 * `Model.train_step`, PyTorch's `loss.backward(); optimizer.step()` (which mutate in place).
 * @category training
 * @since 0.1.0
 */
export function makeTrainStep<P, S, O>(options: TrainStepOptions<P, S, O>): TrainStep<P, S, O> {
  const op = 'trainStep';
  const { model, loss, optimizer } = options;
  const donateState = options.donateState === true;
  if (typeof model?.apply !== 'function')
    throw new TensorError('INVALID_ARGUMENT', 'makeTrainStep', 'model must be a layer');
  if (typeof loss !== 'function')
    throw new TensorError('INVALID_ARGUMENT', 'makeTrainStep', 'loss must be a function');
  if (typeof optimizer?.update !== 'function') {
    throw new TensorError('INVALID_ARGUMENT', 'makeTrainStep', 'optimizer must be a GradientTransformation');
  }
  return (state, batch) => {
    checkState(op, state);
    const { x, y } = checkBatch(op, batch);
    const [nextKey, stepKey] = random.split(state.key, 2);
    const objective = (params: P): [Tensor, S] => {
      const out = model.apply(params, state.modelState, x, { training: true, key: stepKey! });
      return [loss(out.y, y), out.state];
    };
    const [[value, modelState], grads] = valueAndGrad(objective, { hasAux: true })(state.params);
    const lossValue = Number(value.item());
    const gradNorm = globalNorm(grads);
    const nonFinite = !Number.isFinite(lossValue) || !Number.isFinite(gradNorm);
    // The gradients are this step's own: the optimizer may write into them, unless their memory is held
    // elsewhere (a rule may return an input or a batch tensor as a cotangent).
    const held = [state.params, state.modelState, modelState, x, y];
    const ownGrads = donatePrivate(grads, [...held, state.optState]);
    const optIn = donateState ? donate(state.optState) : state.optState;
    const paramsIn = donateState ? donate(state.params) : state.params;
    if (!nonFinite) {
      // A finite step is always applied: one optimizer step, fused into one pass per leaf where it can be.
      const [params, optState] = applyGradients(optimizer, ownGrads, optIn, paramsIn);
      return Object.freeze({
        step: state.step + 1,
        params,
        modelState,
        optState,
        key: nextKey!,
        metrics: Object.freeze({ loss: lossValue, gradNorm, nonFinite, skipped: false }),
      });
    }
    const [updates, optState] = optimizer.update(ownGrads, optIn, paramsIn);
    const skipped = allZero(updates);
    const metrics: TrainMetrics = Object.freeze({ loss: lossValue, gradNorm, nonFinite, skipped });
    return Object.freeze({
      step: state.step + 1,
      // A skipped step keeps the params: the donated ones come back as they were, valid and undonated.
      params: skipped
        ? keepDonated(paramsIn)
        : applyUpdates(paramsIn, donatePrivate(updates, [...held, optState])),
      modelState: skipped ? state.modelState : modelState,
      optState,
      key: nextKey!,
      metrics,
    });
  };
}
