import type { Tensor } from '@stepwise/tensor';
import { normalizeOverAxes } from './internal/overAxes.js';

/** Options of {@link rmsNormalize}. @category RMS normalization @since 0.1.0 */
export interface RmsNormalizeOptions {
  /** Axis or axes normalized over, per sample (default `-1`). */
  readonly axis?: number | readonly number[];
  /** Added to the mean square inside the square root, `> 0` (default `1e-6`, as Keras `RMSNormalization`). */
  readonly epsilon?: number;
}

/**
 * Root-mean-square normalization (Zhang & Sennrich, 2019), as a function: `y = x/√(mean(x²) + ε)·γ`
 * over `axis` per sample, no centring and no offset.
 *
 * Fused: one pass for the mean square, one for `y`; the closed-form backward
 * `dx = r·(ĝ − x̂·mean(ĝ·x̂))` with `r = 1/√(mean(x²)+ε)`, `x̂ = x·r`, `ĝ = dy·γ`, and `dγ = Σ dy·x̂`, is
 * one fused kernel registered with `customVjp`. An all-zero row gives `y = 0`.
 *
 * @param x - Input (float; integers are cast to float32), computed in its dtype.
 * @param gamma - Scale, shape = sizes of the normalized axes (`[D]` for `axis: -1`), or `null` (γ = 1).
 * @param options - {@link RmsNormalizeOptions}: `axis = -1`, `epsilon = 1e-6`.
 * @returns The normalized tensor, shape and dtype of `x`.
 * @throws TensorError `INVALID_AXIS` for a bad axis; `SHAPE_MISMATCH` for a `gamma` of the wrong shape;
 * `INVALID_ARGUMENT` for `epsilon ≤ 0`.
 * @example
 * ```ts
 * rmsNormalize(tensor([[3, 4]]), null).toArray(); // ≈ [[0.8485, 1.1314]]
 * ```
 * @see Keras `keras.layers.RMSNormalization(axis=-1, epsilon=1e-6)` (parameter named `scale`) and
 * `keras.ops.rms_normalization`; PyTorch `torch.nn.functional.rms_norm` (eps defaults to the dtype's
 * machine epsilon).
 * @category RMS normalization
 * @since 0.1.0
 */
export function rmsNormalize(x: Tensor, gamma: Tensor | null, options: RmsNormalizeOptions = {}): Tensor {
  return normalizeOverAxes({
    op: 'rmsNormalize',
    x,
    gamma,
    beta: null,
    axis: options.axis ?? -1,
    epsilon: options.epsilon ?? 1e-6,
    centered: false,
  });
}
