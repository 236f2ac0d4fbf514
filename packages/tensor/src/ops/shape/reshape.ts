import { bind, definePrimitive } from '../../autodiff/engine.js';
import { shapeEqual, sizeOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { checkTensor } from '../_operands.js';

const reshapeP = definePrimitive<readonly number[]>({
  name: 'reshape',
  // Tensors are immutable, so a reshape shares the buffer: no copy.
  impl: ([x], shape) => fromBuffer(bufferOf(x!), shape, x!.dtype),
  vjp: (g, [x]) => [reshape(g, x!.shape)],
});

/** Resolves a target shape with at most one `-1` against `size`. @internal */
export function resolveShape(op: string, from: readonly number[], shape: readonly number[]): number[] {
  if (!Array.isArray(shape))
    throw new TensorError('INVALID_ARGUMENT', op, `shape must be an array, got ${String(shape)}`);
  const size = sizeOf(from);
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (unknown >= 0)
        throw new TensorError('INVALID_ARGUMENT', op, `only one -1 is allowed, got ${fmtShape(shape)}`);
      unknown = i;
    } else if (!Number.isSafeInteger(d) || d < 0) {
      throw new TensorError('INVALID_ARGUMENT', op, `invalid dimension ${d} in ${fmtShape(shape)}`);
    } else known *= d;
  }
  const out = shape.slice();
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `cannot reshape ${fmtShape(from)} (size ${size}) into ${fmtShape(shape)}`,
      );
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `cannot reshape ${fmtShape(from)} (size ${size}) into ${fmtShape(shape)}`,
    );
  }
  return out;
}

/**
 * The same elements in a new shape, row-major order kept (NumPy `reshape` with `order='C'`). One entry of
 * `shape` may be `-1`; it is inferred from the size of `x`. Shares the immutable buffer of `x`: no copy,
 * O(rank) work. The gradient reshapes the cotangent back to the shape of `x`.
 *
 * @param x - Any tensor.
 * @param shape - The new shape: non-negative integers, at most one `-1`, with the same size as `x`.
 * @returns A tensor of shape `shape` (with `-1` resolved) and the dtype of `x`; `x` itself when the shape
 * is unchanged.
 * @throws TensorError `SHAPE_MISMATCH` when the sizes differ (the message names both shapes);
 * `INVALID_ARGUMENT` for two `-1`, a negative, NaN or fractional entry.
 * @example
 * ```ts
 * import { arange, reshape } from '@stepwise/tensor';
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 * reshape(arange(6), [3, 2]).toArray(); // [[0, 1], [2, 3], [4, 5]]
 * ```
 * @see NumPy `np.reshape`, PyTorch `torch.reshape` (which may copy; here never), Keras `keras.ops.reshape`.
 * @category shape
 * @since 0.1.0
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor('reshape', x);
  const s = resolveShape('reshape', t.shape, shape);
  return shapeEqual(s, t.shape) ? t : bind(reshapeP, [t], s);
}
