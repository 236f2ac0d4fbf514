import type { Tensor } from '../../core/Tensor.js';
import { moment, type VarianceOptions } from './_moments.js';

/**
 * Standard deviation over `axis` (every axis when omitted): `√(Σᵢ (xᵢ − μ)² / (N − ddof))`, the
 * population statistic by default (`ddof = 0`); `{ ddof: 1 }` gives the square root of the unbiased
 * variance (PyTorch's default). Same fused kernel and accuracy as {@link variance}.
 *
 * Gradient: `G · (x − μ)/((N − ddof)·std)`. Where `std = 0` (all elements equal) the gradient is defined
 * as 0 (a subgradient; `√` has an infinite slope there and PyTorch/JAX return NaN).
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @param options - `{ ddof }`, default `{ ddof: 0 }`
 * @example
 * ```ts
 * import { std, tensor } from '@stepwise/tensor';
 * std(tensor([1, 3])).item(); // 1
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis; `INVALID_ARGUMENT` for a
 *   negative or non-finite `ddof`.
 * @see NumPy `np.std(ddof=0)`, PyTorch `torch.std(correction=1)`, Keras `ops.std`.
 * @category reductions
 * @since 0.1.0
 */
export function std(
  x: Tensor,
  axis?: number | readonly number[],
  keepDims = false,
  options: VarianceOptions = {},
): Tensor {
  return moment('std', x, axis, keepDims, options);
}
