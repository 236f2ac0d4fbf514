import type { Initializer, Layer } from '@stepwise/nn';
import { isFloat, isTensor, ones, type Tensor, TensorError, zeros } from '@stepwise/tensor';
import { batchNormInfer } from './batchNormInfer.js';
import { batchNormTrain } from './batchNormTrain.js';
import { movingAverage } from './internal/ema.js';
import { affineParams, checkAffine, checkDType, checkInputShape } from './internal/layerUtil.js';
import { checkEpsilon, checkFlag, checkMomentum, floatInput, fmt, resolveAxis } from './internal/validate.js';

/** Parameters of {@link batchNorm}. @category batch normalization @since 0.1.0 */
export interface BatchNormParams {
  /** Scale `[C]` (initially ones); absent with `scale: false`. */
  readonly gamma?: Tensor;
  /** Offset `[C]` (initially zeros); absent with `center: false`. */
  readonly beta?: Tensor;
}

/** State of {@link batchNorm}: the moving statistics (Keras `moving_mean`/`moving_variance`). @category batch normalization @since 0.1.0 */
export interface BatchNormState {
  /** Moving mean `[C]`, initially zeros. */
  readonly mean: Tensor;
  /** Moving variance `[C]`, initially ones. */
  readonly variance: Tensor;
}

/** Options of {@link batchNorm}. @category batch normalization @since 0.1.0 */
export interface BatchNormOptions {
  /** The feature axis (default `-1`: `[N, C]`, `[N, H, W, C]`); `1` for channels-first `[N, C, H, W]`. */
  readonly axis?: number;
  /**
   * Momentum of the moving statistics, in `[0, 1]`. With the default `convention: 'keras'` it weights the
   * old value: `moving = momentum·moving + (1 − momentum)·batch` (default `0.99`). With
   * `convention: 'pytorch'` it weights the new value, `running = (1 − momentum)·running + momentum·batch`
   * (default `0.1`): `m_keras = 1 − m_pytorch`.
   */
  readonly momentum?: number;
  /** Added to the variance inside the square root, `> 0` (default `1e-3`; `1e-5` with `convention: 'pytorch'`). */
  readonly epsilon?: number;
  /** Learn an offset `beta` (default `true`). */
  readonly center?: boolean;
  /** Learn a scale `gamma` (default `true`). */
  readonly scale?: boolean;
  /**
   * `'keras'` (default): Keras momentum, biased batch variance in the moving variance. `'pytorch'`: PyTorch
   * momentum and defaults (`momentum 0.1`, `epsilon 1e-5`), and the moving variance tracks the **unbiased**
   * batch variance `σ²·n/(n − 1)` (n elements per feature); normalization always uses the biased one.
   */
  readonly convention?: 'keras' | 'pytorch';
  /** Initializer of `gamma` (default ones). */
  readonly gammaInit?: Initializer;
  /** Initializer of `beta` (default zeros). */
  readonly betaInit?: Initializer;
  /** Dtype of parameters and state (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Batch normalization layer (Ioffe & Szegedy, 2015): each feature is normalized over the batch (and the
 * spatial axes), then scaled and shifted by learned `gamma` and `beta`.
 *
 * **State in, state out.** The moving statistics live in the layer state `{ mean, variance }` (zeros and
 * ones after `init`), never inside the layer:
 * - `apply(params, state, x, { training: true })` normalizes with the batch mean and biased batch variance
 *   ({@link batchNormTrain}) and returns a **new** state
 *   `moving = momentum·moving + (1 − momentum)·batch` (Keras); pass it to the next call;
 * - `apply(params, state, x, { training: false })` (the default) normalizes with the moving statistics
 *   ({@link batchNormInfer}) and returns the **same** state object.
 * Nothing is ever mutated; `init` always creates fresh statistics. No gradient flows into the state.
 *
 * Edge cases: momentum `1` keeps the state exactly, momentum `0` replaces it by the batch statistics; a
 * batch of one gives `y = β` in training and moves the variance towards 0 (Keras), while the `'pytorch'`
 * convention rejects it as PyTorch does (the unbiased variance needs n > 1).
 *
 * @param options - {@link BatchNormOptions}: `axis = -1`, `momentum = 0.99`, `epsilon = 1e-3`,
 * `center = true`, `scale = true`, `convention = 'keras'`.
 * @returns A `Layer<BatchNormParams, BatchNormState>`; params `{ gamma, beta }` (each omitted when its flag
 * is off), state `{ mean, variance }`, all of shape `[C]`.
 * @throws TensorError `INVALID_ARGUMENT` for bad options (at once); at `init`/`apply`, `INVALID_AXIS` for an
 * axis out of range, `SHAPE_MISMATCH` when the input's feature count differs from the state's.
 * @example
 * ```ts
 * const bn = batchNorm(); // momentum 0.99
 * const { params, state } = bn.init(random.key(0), [4, 2]);
 * const x = tensor([[1, 10], [2, 20], [3, 30], [4, 40]]);
 * const train = bn.apply(params, state, x, { training: true }); // batch mean [2.5, 25]
 * train.state.mean.toArray(); // ≈ [0.025, 0.250]
 * const { y } = bn.apply(params, train.state, x); // inference: uses the moving statistics
 * bn.apply(params, train.state, x).state === train.state; // inference returns the same state
 * ```
 * @see Keras `keras.layers.BatchNormalization` (same defaults and momentum convention); PyTorch
 * `nn.BatchNorm1d/2d` (feature axis 1, `momentum` on the new value, eps 1e-5, unbiased running variance:
 * use `{ axis: 1, convention: 'pytorch' }`); Flax `nn.BatchNorm` (`batch_stats` collection, `mutable=`).
 * @category batch normalization
 * @since 0.1.0
 */
export function batchNorm(options: BatchNormOptions = {}): Layer<BatchNormParams, BatchNormState> {
  const op = 'batchNorm';
  const convention = options.convention ?? 'keras';
  if (convention !== 'keras' && convention !== 'pytorch') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `convention must be 'keras' or 'pytorch', got ${JSON.stringify(convention)}`,
    );
  }
  const torch = convention === 'pytorch';
  const axisOpt = options.axis ?? -1;
  const momentum = checkMomentum(op, options.momentum ?? (torch ? 0.1 : 0.99));
  const keep = torch ? 1 - momentum : momentum;
  const epsilon = checkEpsilon(op, options.epsilon ?? (torch ? 1e-5 : 1e-3));
  const center = checkFlag(op, 'center', options.center ?? true);
  const scale = checkFlag(op, 'scale', options.scale ?? true);
  const dtype = checkDType(op, options.dtype ?? 'float32');
  if (typeof axisOpt !== 'number' || !Number.isInteger(axisOpt)) {
    throw new TensorError('INVALID_AXIS', op, `axis must be an integer, got ${String(axisOpt)}`);
  }

  const featuresOf = (shape: readonly number[], where: string): number => {
    if (shape.length < 2) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `expects ${where} of rank ≥ 2 ([batch, …, features]), got shape ${fmt(shape)}`,
      );
    }
    return shape[resolveAxis(op, axisOpt, shape.length)]!;
  };

  return {
    init: (key, inputShape) => {
      checkInputShape(op, inputShape);
      const C = featuresOf(inputShape, 'input batches');
      const params = affineParams(key, [C], dtype, scale, center, options.gammaInit, options.betaInit);
      return {
        params,
        state: { mean: zeros([C], dtype), variance: ones([C], dtype) },
        outputShape: [...inputShape],
      };
    },
    apply: (params, state, x, applyOptions = {}) => {
      const t = floatInput(op, x, 2, '[batch, …, features]');
      const C = featuresOf(t.shape, 'x');
      if (state === null || typeof state !== 'object' || !isTensor(state.mean) || !isTensor(state.variance)) {
        throw new TensorError('INVALID_ARGUMENT', op, 'state must be { mean, variance } as returned by init');
      }
      if (state.mean.size !== C || state.mean.rank !== 1) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          op,
          `x ${fmt(t.shape)} has ${C} features along axis ${axisOpt} but the state was built for ${fmt(state.mean.shape)}`,
        );
      }
      if (state.variance.rank !== 1 || state.variance.size !== C) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          op,
          `state.variance must have shape [${C}] like state.mean, got ${fmt(state.variance.shape)}`,
        );
      }
      if (!isFloat(state.mean.dtype) || !isFloat(state.variance.dtype)) {
        throw new TensorError(
          'DTYPE_MISMATCH',
          op,
          `moving statistics must be float32 or float64, got ${state.mean.dtype} and ${state.variance.dtype}`,
        );
      }
      checkAffine(op, params, scale, center);
      const gamma = params.gamma ?? null;
      const beta = params.beta ?? null;
      const axis = resolveAxis(op, axisOpt, t.rank);
      if (applyOptions.training !== true) {
        const y = batchNormInfer(t, gamma, beta, state.mean, state.variance, { axis, epsilon });
        return { y, state };
      }
      const n = t.size / Math.max(C, 1);
      if (torch && n < 2) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          op,
          `expected more than 1 value per feature in training (x ${fmt(t.shape)}), as PyTorch: the unbiased variance needs n > 1`,
        );
      }
      const out = batchNormTrain(t, gamma, beta, { axis, epsilon });
      return {
        y: out.y,
        state: {
          mean: movingAverage(state.mean, out.mean, keep),
          variance: movingAverage(state.variance, out.variance, keep, torch ? n / (n - 1) : 1),
        },
      };
    },
  };
}
