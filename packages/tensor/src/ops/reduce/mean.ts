import { isFloat } from '../../core/dtype.js';
import type { Tensor } from '../../core/Tensor.js';
import { checkTensor } from '../_operands.js';
import { div } from '../arith.js';
import { cast } from '../cast.js';
import { reducedCount, reduceParams } from './_axes.js';
import { sum } from './sum.js';

/**
 * Arithmetic mean over `axis` (every axis when omitted): `Σᵢ xᵢ / N`, `N` the number of reduced elements.
 * The sum accumulates in float64; int32 and bool inputs give float32. The mean of no element is NaN (as
 * NumPy, without the warning).
 *
 * Gradient: `G / N` broadcast over the reduced axes. Differentiable to any order.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { mean, tensor } from '@stepwise/tensor';
 * mean(tensor([[1, 2], [3, 4]]), -1).toArray(); // [1.5, 3.5]
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis.
 * @see NumPy `np.mean`, PyTorch `torch.mean` (floats only), Keras `ops.mean`.
 * @category reductions
 * @since 0.1.0
 */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkTensor('mean', x);
  const { axes } = reduceParams('mean', axis, t.rank, keepDims);
  const xf = isFloat(t.dtype) ? t : cast(t, 'float32');
  return div(sum(xf, axes, keepDims), reducedCount(t.shape, axes));
}
