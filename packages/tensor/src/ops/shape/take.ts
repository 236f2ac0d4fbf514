import { bind, definePrimitive, type Primitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { normalizeAxis, sizeOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { gatherKernel, scatterAddKernel } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { readIndices } from './_indices.js';

/** A gather along `axis` (of length `dim`) at validated, non-negative indices of shape `shape`. @internal */
interface TakeParams {
  readonly axis: number;
  readonly dim: number;
  readonly idx: Int32Array;
  readonly shape: readonly number[];
}

/** `[outer, inner]` of a shape around the block `[axis, axis + n)`. */
function around(shape: readonly number[], axis: number, n: number): [number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + n; i < shape.length; i++) inner *= shape[i]!;
  return [outer, inner];
}

const takeP: Primitive<TakeParams> = definePrimitive<TakeParams>({
  name: 'take',
  impl: ([x], p) => {
    const [outer, inner] = around(x!.shape, p.axis, 1);
    const shape = [...x!.shape.slice(0, p.axis), ...p.shape, ...x!.shape.slice(p.axis + 1)];
    const out = allocate(x!.dtype, sizeOf(shape));
    gatherKernel(out, bufferOf(x!), outer, p.dim, inner, p.idx);
    return fromBuffer(out, shape, x!.dtype);
  },
  vjp: (g, _inputs, _out, p) => [bind(scatterAddP, [g], p)],
});

/**
 * The transpose of `take`: adds the slices of `g` into a zero tensor whose `axis` has length `dim`, at the
 * given indices (repeats accumulate). Its own gradient is `take`, so grad-of-grad works. @internal
 */
const scatterAddP: Primitive<TakeParams> = definePrimitive<TakeParams>({
  name: 'scatterAdd',
  impl: ([g], p) => {
    const [outer, inner] = around(g!.shape, p.axis, p.shape.length);
    const shape = [...g!.shape.slice(0, p.axis), p.dim, ...g!.shape.slice(p.axis + p.shape.length)];
    const out = allocate(g!.dtype, sizeOf(shape));
    scatterAddKernel(out, bufferOf(g!), outer, p.dim, inner, p.idx);
    return fromBuffer(out, shape, g!.dtype);
  },
  vjp: (gg, _inputs, _out, p) => [bind(takeP, [gg], p)],
});

/**
 * Gathers slices of `x` along `axis` at `indices` (NumPy `take`, Keras `ops.take`): the result has shape
 * `x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]`, with
 * `out[..., j, ...] = x[..., indices[j], ...]`. The typical use is an embedding lookup,
 * `take(table, ids)`.
 *
 * Negative indices count from the end (`-1` is the last), as in NumPy and JAX. An index outside
 * `[-n, n)` is an error (NumPy's default `mode='raise'`), never clamped or silently filled.
 *
 * The gradient with respect to `x` is a scatter-add of the cotangent into zeros (repeated indices
 * accumulate); the scatter-add is itself a primitive whose gradient is `take`, so higher-order derivatives
 * work. `indices` get no gradient.
 *
 * @param x - A tensor of rank ≥ 1.
 * @param indices - An `int32` tensor of any shape, or an array of integers.
 * @param axis - Axis to gather along; negative counts from the end. Default 0.
 * @returns A new tensor of the dtype of `x`.
 * @throws TensorError `INVALID_ARGUMENT` for an index out of range (naming the index, its position and the
 * axis length) or a non-integer array entry; `DTYPE_MISMATCH` for a non-`int32` indices tensor;
 * `INVALID_AXIS` for an axis out of range.
 * @example
 * ```ts
 * import { take, tensor } from '@stepwise/tensor';
 * const table = tensor([[0, 0], [1, 1], [2, 2]]);
 * take(table, [2, 0, 2]).toArray(); // [[2, 2], [0, 0], [2, 2]]
 * take(table, [-1], 0).toArray(); // [[2, 2]]
 * take(tensor([[1, 2, 3]]), [2, 0], 1).toArray(); // [[3, 1]]
 * ```
 * @see NumPy `np.take`, Keras `keras.ops.take`, PyTorch `torch.index_select` (1-D indices, no negatives),
 * TensorFlow `tf.gather` (no negative indices).
 * @category shape
 * @since 0.1.0
 */
export function take(x: Tensor, indices: Tensor | readonly number[], axis = 0): Tensor {
  const op = 'take';
  const t = checkTensor(op, x);
  if (t.rank === 0) throw new TensorError('INVALID_AXIS', op, 'cannot take from a rank-0 tensor');
  const a = normalizeAxis(op, axis, t.rank);
  const { data, shape } = readIndices(op, indices);
  const dim = t.shape[a]!;
  const idx = new Int32Array(data.length);
  for (let j = 0; j < data.length; j++) {
    const v = data[j]!;
    if (v < -dim || v >= dim) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `index ${v} at position ${j} is out of range for axis ${a} of size ${dim} (shape ${fmtShape(t.shape)})`,
      );
    }
    idx[j] = v < 0 ? v + dim : v;
  }
  return bind(takeP, [t], { axis: a, dim, idx, shape: shape.slice() });
}
