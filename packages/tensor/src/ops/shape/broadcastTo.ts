import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import {
  broadcastShapes,
  broadcastStrides,
  checkShape,
  shapeEqual,
  sizeOf,
  stridesOf,
} from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { stridedCopy } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { sumToShape } from '../reduce/sum.js';

const broadcastToP = definePrimitive<readonly number[]>({
  name: 'broadcastTo',
  // A strided copy whose source strides are 0 on broadcast axes: contiguous runs are block copies,
  // repeated elements are fills.
  impl: ([x], shape) => {
    const out = allocate(x!.dtype, sizeOf(shape));
    stridedCopy(out, 0, stridesOf(shape), bufferOf(x!), 0, broadcastStrides(x!.shape, shape), shape);
    return fromBuffer(out, shape, x!.dtype);
  },
  vjp: (g, [x]) => [sumToShape(g, x!.shape)],
});

/**
 * Repeats `x` along broadcast axes to `shape`, by NumPy's rules: shapes are aligned at the right, and each
 * axis of `x` must equal the target's or be 1 (leading axes may be added). The result is materialised (a
 * new buffer); `x` itself is returned when the shape is already `shape`. The gradient sums the cotangent
 * over the broadcast axes back to the shape of `x`.
 *
 * @param x - Any tensor.
 * @param shape - Target shape; `x.shape` must broadcast to it.
 * @returns A tensor of shape `shape` and the dtype of `x`.
 * @throws TensorError `SHAPE_MISMATCH` when `x` does not broadcast to `shape` (naming both shapes);
 * `INVALID_ARGUMENT` for a malformed shape.
 * @example
 * ```ts
 * import { broadcastTo, tensor } from '@stepwise/tensor';
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // [[1, 2], [1, 2]]
 * ```
 * @see NumPy `np.broadcast_to` (a read-only view there, a copy here), PyTorch `Tensor.expand`, Keras
 * `keras.ops.broadcast_to`.
 * @category shape
 * @since 0.1.0
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor('broadcastTo', x);
  const s = checkShape('broadcastTo', shape);
  if (shapeEqual(t.shape, s)) return t;
  const b = broadcastShapes('broadcastTo', t.shape, s);
  if (!shapeEqual(b, s)) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'broadcastTo',
      `cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(s)}`,
    );
  }
  return bind(broadcastToP, [t], s);
}
