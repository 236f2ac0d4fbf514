import type { Tensor } from '../../core/Tensor.js';
import { moment, type VarianceOptions } from './_moments.js';

/**
 * Variance over `axis` (every axis when omitted): `Σᵢ (xᵢ − μ)² / (N − ddof)`, the **population** variance
 * by default (`ddof = 0`, as NumPy, Keras and batch normalization); pass `{ ddof: 1 }` for the unbiased
 * sample variance (PyTorch's default). Computed by a fused two-pass kernel in float64 (mean, then centred
 * sums with the rounding correction), so it stays accurate when the mean is large compared with the spread,
 * unlike `E[x²] − E[x]²`. int32 and bool inputs give float32. `N − ddof <= 0` (e.g. an empty axis) gives NaN.
 *
 * Gradient: `G · 2(x − μ)/(N − ddof)`. Differentiable to any order.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @param options - `{ ddof }`, default `{ ddof: 0 }`
 * @example
 * ```ts
 * import { tensor, variance } from '@stepwise/tensor';
 * variance(tensor([1, 2, 3, 4])).item(); // 1.25
 * variance(tensor([1, 2, 3, 4]), 0, false, { ddof: 1 }).item(); // 1.6666666
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis; `INVALID_ARGUMENT` for a
 *   negative or non-finite `ddof`.
 * @see NumPy `np.var(ddof=0)`, PyTorch `torch.var(correction=1)` (unbiased by default), Keras `ops.var`.
 * @category reductions
 * @since 0.1.0
 */
export function variance(
  x: Tensor,
  axis?: number | readonly number[],
  keepDims = false,
  options: VarianceOptions = {},
): Tensor {
  return moment('variance', x, axis, keepDims, options);
}

export type { VarianceOptions } from './_moments.js';
