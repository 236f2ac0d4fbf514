import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { broadcastShapes, broadcastStrides, checkShape, shapeEqual, sizeOf } from '../../core/shape.js';
import { type BinaryLoop, broadcastBinary } from '../../kernels/elementwise.js';
import { sumToShape } from '../reduce/sum.js';
import { checkTensor } from '../_operands.js';

const copyLoop: BinaryLoop = (out, o, a, ai, as, _b, _bi, _bs, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]!;
};

const broadcastToP = definePrimitive<readonly number[]>({
  name: 'broadcastTo',
  impl: ([x], shape) => {
    const out = allocate(x!.dtype, sizeOf(shape));
    const src = bufferOf(x!);
    broadcastBinary(
      copyLoop,
      out,
      shape,
      src,
      broadcastStrides(x!.shape, shape),
      src,
      new Array(shape.length).fill(0),
    );
    return fromBuffer(out, shape, x!.dtype);
  },
  vjp: (g, [x]) => [sumToShape(g, x!.shape)],
});

/**
 * Repeats `x` along broadcast axes to `shape` (NumPy `broadcast_to`). Its gradient sums back.
 * @example `broadcastTo(tensor([1, 2]), [2, 2]).toArray() // [[1, 2], [1, 2]]`
 * @throws TensorError `SHAPE_MISMATCH` when `x` does not broadcast to `shape`.
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
