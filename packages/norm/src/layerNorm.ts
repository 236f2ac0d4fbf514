import type { EmptyState, Initializer, Layer } from '@stepwise/nn';
import type { Tensor } from '@stepwise/tensor';
import { affineParams, checkAffine, checkDType, checkInputShape } from './internal/layerUtil.js';
import { paramShapeOver } from './internal/overAxes.js';
import { checkEpsilon, checkFlag, floatInput } from './internal/validate.js';
import { layerNormalize } from './layerNormalize.js';

/** Parameters of {@link layerNorm} and {@link groupNorm}. @category layer normalization @since 0.1.0 */
export interface AffineParams {
  /** Scale (initially ones); absent with `scale: false`. */
  readonly gamma?: Tensor;
  /** Offset (initially zeros); absent with `center: false`. */
  readonly beta?: Tensor;
}

/** Options of {@link layerNorm}. @category layer normalization @since 0.1.0 */
export interface LayerNormOptions {
  /** Axis or axes normalized over, per sample (default `-1`). */
  readonly axis?: number | readonly number[];
  /** Added to the variance inside the square root, `> 0` (default `1e-3`, as Keras). */
  readonly epsilon?: number;
  /** Learn an offset `beta` (default `true`). */
  readonly center?: boolean;
  /** Learn a scale `gamma` (default `true`). */
  readonly scale?: boolean;
  /** Initializer of `gamma` (default ones). */
  readonly gammaInit?: Initializer;
  /** Initializer of `beta` (default zeros). */
  readonly betaInit?: Initializer;
  /** Dtype of the parameters (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Layer normalization layer: {@link layerNormalize} over `axis` with learned elementwise `gamma`/`beta`
 * of the sizes of the normalized axes (`[D]` for `axis: -1`). No state (`{}`); the same computation in
 * training and inference.
 *
 * @param options - {@link LayerNormOptions}: `axis = -1`, `epsilon = 1e-3`, `center = true`, `scale = true`.
 * @returns A `Layer<AffineParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for bad options (at once); `INVALID_AXIS`/`SHAPE_MISMATCH` at
 * `init`/`apply` for an axis out of range or an input that does not match the parameters.
 * @example
 * ```ts
 * const ln = layerNorm();
 * const { params, state } = ln.init(random.key(0), [4, 16]);
 * params.gamma?.shape; // [16]
 * ln.apply(params, state, random.normal(random.key(1), [4, 16])).y.shape; // [4, 16]
 * ```
 * @see Keras `keras.layers.LayerNormalization(axis=-1, epsilon=1e-3)`; PyTorch
 * `nn.LayerNorm(normalized_shape, eps=1e-5)` (trailing dims; `axis: [-2, -1]` here for two of them).
 * @category layer normalization
 * @since 0.1.0
 */
export function layerNorm(options: LayerNormOptions = {}): Layer<AffineParams, EmptyState> {
  const op = 'layerNorm';
  const axis = options.axis ?? -1;
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-3);
  const center = checkFlag(op, 'center', options.center ?? true);
  const scale = checkFlag(op, 'scale', options.scale ?? true);
  const dtype = checkDType(op, options.dtype ?? 'float32');
  const empty: EmptyState = Object.freeze({});
  return {
    init: (key, inputShape) => {
      const s = checkInputShape(op, inputShape);
      const pshape = paramShapeOver(op, s, axis);
      return {
        params: affineParams(key, pshape, dtype, scale, center, options.gammaInit, options.betaInit),
        state: empty,
        outputShape: [...s],
      };
    },
    apply: (params, state, x) => {
      checkAffine(op, params, scale, center);
      const t = floatInput(op, x, 1, '[…, features]');
      return { y: layerNormalize(t, params.gamma ?? null, params.beta ?? null, { axis, epsilon }), state };
    },
  };
}
