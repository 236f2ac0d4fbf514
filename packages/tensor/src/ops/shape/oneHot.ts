import { sizeOf } from '../../core/shape.js';
import { fromBuffer, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';
import { oneHotKernel } from '../../kernels/shape.js';
import { readIndices } from './_indices.js';

/**
 * One-hot encoding: a `float32` tensor of shape `[...indices.shape, depth]` with `out[..., c] = 1` where
 * `c = indices[...]` and 0 elsewhere.
 *
 * An index outside `[0, depth)` (including any negative index) gives an **all-zero row**, as TensorFlow's
 * `tf.one_hot` and JAX's `jax.nn.one_hot` do; this is handy for "ignore" labels such as `-1` (PyTorch's
 * `F.one_hot` raises instead). Not differentiable (integer input).
 *
 * @param indices - An `int32` tensor of any shape, or an array of integers.
 * @param depth - Number of classes, a non-negative integer.
 * @returns A new `float32` tensor.
 * @throws TensorError `DTYPE_MISMATCH` for a non-`int32` indices tensor; `INVALID_ARGUMENT` for a bad
 * `depth` or a non-integer array entry.
 * @example
 * ```ts
 * import { oneHot } from '@stepwise/tensor';
 * oneHot([0, 2, -1], 3).toArray(); // [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
 * ```
 * @see TensorFlow `tf.one_hot`, JAX `jax.nn.one_hot`, Keras `keras.ops.one_hot` (the same zero rows),
 * PyTorch `torch.nn.functional.one_hot` (int64 output, errors on out-of-range).
 * @category shape
 * @since 0.1.0
 */
export function oneHot(indices: Tensor | readonly number[], depth: number): Tensor {
  const op = 'oneHot';
  const { data, shape } = readIndices(op, indices);
  if (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `depth must be a non-negative integer, got ${String(depth)}`,
    );
  }
  const outShape = [...shape, depth];
  const out = new Float32Array(sizeOf(outShape));
  oneHotKernel(out, data, depth);
  return fromBuffer(out, outShape, 'float32');
}
