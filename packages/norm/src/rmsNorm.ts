import type { EmptyState, Initializer, Layer } from '@stepwise/nn';
import type { Tensor } from '@stepwise/tensor';
import { affineParams, checkAffine, checkDType, checkInputShape } from './internal/layerUtil.js';
import { paramShapeOver } from './internal/overAxes.js';
import { checkEpsilon, checkFlag, floatInput } from './internal/validate.js';
import { rmsNormalize } from './rmsNormalize.js';

/** Parameters of {@link rmsNorm}. @category RMS normalization @since 0.1.0 */
export interface RmsNormParams {
  /** Scale (initially ones); absent with `scale: false`. */
  readonly gamma?: Tensor;
}

/** Options of {@link rmsNorm}. @category RMS normalization @since 0.1.0 */
export interface RmsNormOptions {
  /** Axis or axes normalized over (default `-1`). */
  readonly axis?: number | readonly number[];
  /** Added to the mean square inside the square root, `> 0` (default `1e-6`, as Keras `RMSNormalization`). */
  readonly epsilon?: number;
  /** Learn a scale `gamma` (default `true`). */
  readonly scale?: boolean;
  /** Initializer of `gamma` (default ones). */
  readonly gammaInit?: Initializer;
  /** Dtype of the parameters (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * RMS normalization layer: {@link rmsNormalize} with a learned elementwise `gamma` of the sizes of the
 * normalized axes. Params `{ gamma }`, no state (`{}`).
 *
 * @param options - {@link RmsNormOptions}: `axis = -1`, `epsilon = 1e-6`, `scale = true`.
 * @returns A `Layer<RmsNormParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for bad options (at once); `INVALID_AXIS`/`SHAPE_MISMATCH` at
 * `init`/`apply`.
 * @example
 * ```ts
 * const rms = rmsNorm();
 * const { params } = rms.init(random.key(0), [4, 16]);
 * params.gamma?.shape; // [16]
 * ```
 * @see Keras `keras.layers.RMSNormalization(axis=-1, epsilon=1e-6)` (its parameter is named `scale`);
 * PyTorch `nn.RMSNorm(normalized_shape, eps=None)` (eps = machine epsilon of the dtype by default).
 * @category RMS normalization
 * @since 0.1.0
 */
export function rmsNorm(options: RmsNormOptions = {}): Layer<RmsNormParams, EmptyState> {
  const op = 'rmsNorm';
  const axis = options.axis ?? -1;
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-6);
  const scale = checkFlag(op, 'scale', options.scale ?? true);
  const dtype = checkDType(op, options.dtype ?? 'float32');
  const empty: EmptyState = Object.freeze({});
  return {
    init: (key, inputShape) => {
      const s = checkInputShape(op, inputShape);
      const params = affineParams(
        key,
        paramShapeOver(op, s, axis),
        dtype,
        scale,
        false,
        options.gammaInit,
        undefined,
      );
      return { params, state: empty, outputShape: [...s] };
    },
    apply: (params, state, x) => {
      checkAffine(op, params, scale, false);
      const t = floatInput(op, x, 1, '[…, features]');
      return { y: rmsNormalize(t, params.gamma ?? null, { axis, epsilon }), state };
    },
  };
}
