import type { Tensor } from '@stepwise/tensor';
import { normalizeOverAxes } from './internal/overAxes.js';

/** Options of {@link layerNormalize}. @category layer normalization @since 0.1.0 */
export interface LayerNormalizeOptions {
  /** Axis or axes normalized over, per sample (default `-1`). */
  readonly axis?: number | readonly number[];
  /** Added to the variance inside the square root, `> 0` (default `1e-3`, as Keras `LayerNormalization`). */
  readonly epsilon?: number;
}

/**
 * Layer normalization (Ba et al., 2016), as a function: statistics over `axis` for each position of the
 * other axes (each sample), `y = (x − μ)/√(σ² + ε)·γ + β` with the biased variance; `γ`, `β` have the
 * sizes of the normalized axes and apply elementwise. The same in training and inference.
 *
 * Fused: two passes for the statistics (accurate for |μ| ≫ σ), one for `y`; the closed-form backward
 * `dx = σ⁻¹·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))` with `ĝ = dy·γ` is one fused kernel registered with `customVjp`.
 * Trailing axes run in place; other axes are transposed to the end and back. A constant row gives `y = β`.
 *
 * @param x - Input (float; integers are cast to float32), computed in its dtype.
 * @param gamma - Scale, shape = sizes of the normalized axes (`[D]` for `axis: -1`), or `null` (γ = 1).
 * @param beta - Offset, same shape, or `null` (β = 0).
 * @param options - {@link LayerNormalizeOptions}: `axis = -1`, `epsilon = 1e-3`.
 * @returns The normalized tensor, shape and dtype of `x`.
 * @throws TensorError `INVALID_AXIS` for an axis out of range or repeated; `SHAPE_MISMATCH` for a
 * `gamma`/`beta` of the wrong shape; `INVALID_ARGUMENT` for `epsilon ≤ 0`.
 * @example
 * ```ts
 * layerNormalize(tensor([[1, 2, 3]]), null, null, { epsilon: 1e-5 }).toArray(); // ≈ [[-1.2247, 0.0000, 1.2247]]
 * ```
 * @see Keras `keras.layers.LayerNormalization` / `keras.ops.layer_normalization` (the op's default ε is
 * 1e-7); PyTorch `torch.nn.functional.layer_norm(x, normalized_shape, weight, bias, eps=1e-5)` (always the
 * trailing dims).
 * @category layer normalization
 * @since 0.1.0
 */
export function layerNormalize(
  x: Tensor,
  gamma: Tensor | null,
  beta: Tensor | null,
  options: LayerNormalizeOptions = {},
): Tensor {
  return normalizeOverAxes({
    op: 'layerNormalize',
    x,
    gamma,
    beta,
    axis: options.axis ?? -1,
    epsilon: options.epsilon ?? 1e-3,
    centered: true,
  });
}
