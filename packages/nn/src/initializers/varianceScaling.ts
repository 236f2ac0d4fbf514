import { mul, random } from '@stepwise/tensor';
import { computeFans } from './computeFans.js';
import { checkShape, floatDType, type Initializer, oneOf, positive } from './Initializer.js';

/** Which fan `varianceScaling` divides by. @category initializers @since 0.1.0 */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/** Distribution of `varianceScaling` (Keras names; `'normal'` is Keras' alias of `'truncatedNormal'`). @category initializers @since 0.1.0 */
export type VarianceScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform' | 'normal';

/** Options of {@link varianceScaling}. @category initializers @since 0.1.0 */
export interface VarianceScalingOptions {
  /** Variance multiplier `scale > 0` (default 1). */
  readonly scale?: number;
  /** Fan to divide by (default `'fanIn'`). */
  readonly mode?: FanMode;
  /** Distribution (default `'truncatedNormal'`). */
  readonly distribution?: VarianceScalingDistribution;
}

/**
 * Standard deviation of a standard normal truncated to [−2, 2]:
 * `√(1 − 4φ(2)/(Φ(2) − Φ(−2)))`. Keras divides by it so that truncated samples have the target variance.
 * @example `varianceScaling()` draws `N(0,1)` truncated to ±2, times `√(1/fanIn) / TRUNCATED_NORMAL_STD`
 * @see Keras `VarianceScaling` (`0.87962566103423978`); TF.js omits the correction.
 * @category initializers
 * @since 0.1.0
 */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

const MODES: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg'];
const DISTRIBUTIONS: readonly VarianceScalingDistribution[] = [
  'truncatedNormal',
  'untruncatedNormal',
  'uniform',
  'normal',
];

/**
 * Keras' `VarianceScaling`: samples with variance `s = scale / max(1, n)`, where `n` is the fan-in, the
 * fan-out or their average (see {@link computeFans}).
 *
 * - `'truncatedNormal'` (default; `'normal'` is accepted as Keras' alias): `std = √s / 0.8796…` times a
 *   standard normal truncated to [−2, 2], so the variance after truncation is `s` and `|w| ≤ 2·std`.
 * - `'untruncatedNormal'`: `std = √s`.
 * - `'uniform'`: `U(−limit, limit)` with `limit = √(3s)`.
 *
 * **TF.js differs**: its `'normal'` truncates without the 0.8796 correction (variance ≈ 0.774·s).
 *
 * @param options - `{ scale = 1, mode = 'fanIn', distribution = 'truncatedNormal' }` (Keras defaults).
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for a non-positive scale or an unknown mode or distribution (at
 * once), `DTYPE_MISMATCH` when the initializer is asked for a non-float dtype.
 * @example
 * ```ts
 * const init = varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }); // = heNormal()
 * const w = init(random.key(1), [512, 512]);
 * ```
 * @see Keras `keras.initializers.VarianceScaling` (same semantics and defaults).
 * @category initializers
 * @since 0.1.0
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const op = 'varianceScaling';
  const scale = positive(op, 'scale', options.scale ?? 1);
  const mode = oneOf(op, 'mode', options.mode ?? 'fanIn', MODES);
  const distribution = oneOf(op, 'distribution', options.distribution ?? 'truncatedNormal', DISTRIBUTIONS);
  return (key, shape, dtype) => {
    const d = floatDType(op, dtype);
    const s = checkShape(op, shape);
    const [fanIn, fanOut] = computeFans(s);
    const n = Math.max(1, mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = scale / n;
    switch (distribution) {
      case 'untruncatedNormal':
        return random.normal(key, s, { std: Math.sqrt(variance), dtype: d });
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return random.uniform(key, s, { min: -limit, max: limit, dtype: d });
      }
      default:
        return mul(
          random.truncatedNormal(key, s, { lower: -2, upper: 2, dtype: d }),
          Math.sqrt(variance) / TRUNCATED_NORMAL_STD,
        );
    }
  };
}

/**
 * He (Kaiming) normal: `varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' })`,
 * `std = √(2/fanIn)` after truncation at 2σ. Keeps activation variance constant through ReLU layers.
 * **PyTorch's `kaiming_normal_` is untruncated**; use {@link kaimingNormal} for that.
 * @example `heNormal()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.HeNormal`, He et al. 2015.
 * @category initializers
 * @since 0.1.0
 */
export const heNormal = (): Initializer =>
  varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' });

/**
 * He uniform: `U(−limit, limit)`, `limit = √(6/fanIn)` (`varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' })`).
 * @example `heUniform()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.HeUniform`; PyTorch `kaiming_uniform_(a=0, nonlinearity='relu')` reads fans from `[out, in]`.
 * @category initializers
 * @since 0.1.0
 */
export const heUniform = (): Initializer =>
  varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' });

/**
 * Glorot (Xavier) normal: truncated normal with `std = √(2/(fanIn + fanOut))` (`scale 1, fanAvg`).
 * **PyTorch's `xavier_normal_` is untruncated**; use {@link xavierNormal} for that.
 * @example `glorotNormal()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.GlorotNormal`, Glorot & Bengio 2010.
 * @category initializers
 * @since 0.1.0
 */
export const glorotNormal = (): Initializer =>
  varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' });

/**
 * Glorot (Xavier) uniform, the Keras default for dense kernels: `U(−limit, limit)`,
 * `limit = √(6/(fanIn + fanOut))`.
 * @example `glorotUniform()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.GlorotUniform`; PyTorch `xavier_uniform_` (same bound with gain 1).
 * @category initializers
 * @since 0.1.0
 */
export const glorotUniform = (): Initializer =>
  varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'uniform' });

/**
 * LeCun normal: truncated normal with `std = √(1/fanIn)`; the initializer for SELU networks.
 * @example `lecunNormal()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.LecunNormal`.
 * @category initializers
 * @since 0.1.0
 */
export const lecunNormal = (): Initializer =>
  varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });

/**
 * LeCun uniform: `U(−limit, limit)`, `limit = √(3/fanIn)`.
 * @example `lecunUniform()(random.key(0), [256, 128])`
 * @see Keras `keras.initializers.LecunUniform`.
 * @category initializers
 * @since 0.1.0
 */
export const lecunUniform = (): Initializer =>
  varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform' });
