import type { Layer } from '@stepwise/nn';
import type { GradientTransformation } from '@stepwise/optim';
import { isTensor, random, TensorError } from '@stepwise/tensor';

/**
 * What a training step records about itself in the new state.
 * @category training
 * @since 0.1.0
 */
export interface TrainMetrics {
  /** The loss of the step's batch, computed before the update (NaN in an initial state). */
  readonly loss: number;
  /** The global L2 norm of the step's gradients, before any clipping (NaN in an initial state). */
  readonly gradNorm: number;
  /** The loss or a gradient was NaN or ±Infinity. */
  readonly nonFinite: boolean;
  /**
   * The step was non-finite and the optimizer skipped it (e.g. `applyIfFinite` returned zero updates):
   * params and model state are the previous ones.
   */
  readonly skipped: boolean;
}

/**
 * Everything a training run carries from step to step, as one immutable value: a training loop is a fold
 * `batches.reduce(step, state)`.
 *
 * - `step`: the number of steps taken (batches seen, skipped ones included);
 * - `params`: the model's trainable parameters (a pytree);
 * - `modelState`: its non-trainable state (e.g. batch-norm moving statistics);
 * - `optState`: the optimizer's state;
 * - `key`: the PRNG key the next step splits (for dropout and other stochastic layers);
 * - `metrics`: what the last step measured ({@link TrainMetrics}).
 *
 * @category training
 * @since 0.1.0
 */
export interface TrainState<P = unknown, S = unknown, O = unknown> {
  readonly step: number;
  readonly params: P;
  readonly modelState: S;
  readonly optState: O;
  readonly key: random.Key;
  readonly metrics: TrainMetrics;
}

/** Options of {@link initTrainState}. @category training @since 0.1.0 */
export interface InitTrainStateOptions<P, S, O> {
  /** The model (a `Layer`, e.g. `sequential(...)`). */
  readonly model: Layer<P, S>;
  /** The optimizer (a `GradientTransformation`, e.g. `adam({ learningRate: 1e-3 })`). */
  readonly optimizer: GradientTransformation<O>;
  /** The run's PRNG key: split into the initialization key and the training key. */
  readonly key: random.Key;
  /** Shape of an input batch, batch dimension first (e.g. `[32, 784]`). */
  readonly inputShape: readonly number[];
}

/** Metrics of a state no step has run on yet. */
export const INITIAL_METRICS: TrainMetrics = Object.freeze({
  loss: Number.NaN,
  gradNorm: Number.NaN,
  nonFinite: false,
  skipped: false,
});

/**
 * The state of a run before its first step: `key` is split into `[initKey, trainKey]`; the model is
 * initialized with `initKey` for `inputShape`, the optimizer from the parameters; `step` is 0 and the
 * metrics are NaN.
 *
 * @param options - {@link InitTrainStateOptions}.
 * @returns A frozen {@link TrainState}.
 * @throws TensorError `INVALID_ARGUMENT` when the model or optimizer lacks `init`, or the key is not a key;
 * whatever the model's `init` throws for a bad input shape.
 * @example
 * ```ts
 * const model = sequential(dense(16), activation(relu), dense(2));
 * const optimizer = adam({ learningRate: 1e-2 });
 * const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
 * state.step; // 0
 * ```
 * @see Flax `train_state.TrainState.create` (no key or model state there); Keras `model.build` + `compile`.
 * @category training
 * @since 0.1.0
 */
export function initTrainState<P, S, O>(options: InitTrainStateOptions<P, S, O>): TrainState<P, S, O> {
  const op = 'initTrainState';
  const { model, optimizer, key, inputShape } = options;
  if (typeof model?.init !== 'function' || typeof model.apply !== 'function') {
    throw new TensorError('INVALID_ARGUMENT', op, 'model must be a layer ({ init, apply })');
  }
  if (typeof optimizer?.init !== 'function' || typeof optimizer.update !== 'function') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      'optimizer must be a GradientTransformation ({ init, update })',
    );
  }
  if (!isTensor(key))
    throw new TensorError('INVALID_ARGUMENT', op, 'key must be a PRNG key (random.key(seed))');
  const [initKey, trainKey] = random.split(key, 2);
  const { params, state } = model.init(initKey!, inputShape);
  return Object.freeze({
    step: 0,
    params,
    modelState: state,
    optState: optimizer.init(params),
    key: trainKey!,
    metrics: INITIAL_METRICS,
  });
}
