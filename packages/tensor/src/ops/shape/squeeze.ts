import { normalizeAxes } from '../../core/shape.js';
import type { Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { checkTensor } from '../_operands.js';
import { reshape } from './reshape.js';

/**
 * Removes axes of size 1: the given `axis` (a number or a list), or every unit axis when `axis` is
 * omitted. Negative axes count from the end.
 *
 * A reshape: shares the buffer of `x` (no copy); its gradient reshapes back. Unlike PyTorch, which
 * silently leaves a non-unit dimension in place, naming an axis whose size is not 1 is an error (as in
 * NumPy, JAX and Keras).
 *
 * @param x - Any tensor.
 * @param axis - Axis or axes to remove; each must have size 1. Default: all unit axes.
 * @returns The same elements without those axes.
 * @throws TensorError `INVALID_ARGUMENT` when a named axis does not have size 1; `INVALID_AXIS` for an
 * out-of-range or repeated axis.
 * @example
 * ```ts
 * import { squeeze, zeros } from '@stepwise/tensor';
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * squeeze(zeros([1, 3, 1]), -1).shape; // [1, 3]
 * ```
 * @see NumPy `np.squeeze`, Keras `keras.ops.squeeze`, PyTorch `torch.squeeze` (which ignores non-unit axes).
 * @category shape
 * @since 0.1.0
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const t = checkTensor('squeeze', x);
  const drop = new Array<boolean>(t.rank).fill(false);
  if (axis === undefined) {
    for (let i = 0; i < t.rank; i++) drop[i] = t.shape[i] === 1;
  } else {
    for (const a of normalizeAxes('squeeze', axis, t.rank)) {
      if (t.shape[a] !== 1) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          'squeeze',
          `cannot squeeze axis ${a} of size ${t.shape[a]} in shape ${fmtShape(t.shape)}; it must have size 1`,
        );
      }
      drop[a] = true;
    }
  }
  const shape = t.shape.filter((_, i) => !drop[i]);
  return shape.length === t.rank ? t : reshape(t, shape);
}
