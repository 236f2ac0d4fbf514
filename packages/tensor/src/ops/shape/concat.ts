import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate, type DType, promoteTypes } from '../../core/dtype.js';
import { normalizeAxis, sizeOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { concatKernel } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { cast } from '../cast.js';
import { slice } from './slice.js';

const concatP = definePrimitive<number>({
  name: 'concat',
  impl: (xs, axis) => {
    const first = xs[0]!;
    const shape = first.shape.slice();
    let total = 0;
    for (const x of xs) total += x.shape[axis]!;
    shape[axis] = total;
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= shape[i]!;
    const out = allocate(first.dtype, sizeOf(shape));
    concatKernel(
      out,
      xs.map(bufferOf),
      xs.map((x) => (outer === 0 ? 0 : x.size / outer)),
      outer,
    );
    return fromBuffer(out, shape, first.dtype);
  },
  vjp: (g, xs, _out, axis) => {
    let off = 0;
    return xs.map((x) => {
      const begin = new Array<number>(g.rank).fill(0);
      begin[axis] = off;
      off += x.shape[axis]!;
      return slice(g, begin, x.shape);
    });
  },
});

/** Checks a non-empty list of tensors for concat/stack and returns it. @internal */
export function checkTensorList(op: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TensorError('INVALID_ARGUMENT', op, 'expected a non-empty array of tensors');
  }
  return xs.map((x, i) => checkTensor(op, x, `xs[${i}]`));
}

/** The promoted dtype of a list of tensors (see `DType`). @internal */
export const promoteAll = (xs: readonly Tensor[]): DType =>
  xs.reduce<DType>((d, x) => promoteTypes(d, x.dtype), xs[0]!.dtype);

/**
 * Joins tensors along an existing axis: all inputs have the same rank and the same size on every other
 * axis; the result's `axis` is the sum of theirs. Mixed dtypes are promoted (`bool < int32 < float32 <
 * float64`), like NumPy's `concatenate`; Keras and TF.js instead require equal dtypes.
 *
 * Concatenating along axis 0 copies each input as one block (`TypedArray.set`). A single input is
 * returned as is. The gradient slices the cotangent back into one piece per input.
 *
 * @param xs - A non-empty array of tensors of equal rank (≥ 1).
 * @param axis - The axis to join along; negative counts from the end. Default 0.
 * @returns A new tensor of the promoted dtype.
 * @throws TensorError `SHAPE_MISMATCH` when ranks differ or a non-joined axis differs (the message lists
 * every shape); `INVALID_AXIS` for an axis out of range; `INVALID_ARGUMENT` for an empty list, a non-tensor
 * entry, or rank-0 inputs.
 * @example
 * ```ts
 * import { concat, tensor } from '@stepwise/tensor';
 * concat([tensor([[1, 2]]), tensor([[3, 4]])], 0).toArray(); // [[1, 2], [3, 4]]
 * concat([tensor([[1], [2]]), tensor([[3], [4]])], 1).toArray(); // [[1, 3], [2, 4]]
 * ```
 * @see NumPy `np.concatenate`, PyTorch `torch.cat`, Keras `keras.ops.concatenate`, TensorFlow `tf.concat`.
 * @category shape
 * @since 0.1.0
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'concat';
  const ts = checkTensorList(op, xs);
  const rank = ts[0]!.rank;
  const shapes = (): string => ts.map((t) => fmtShape(t.shape)).join(', ');
  if (rank === 0)
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `cannot concatenate rank-0 tensors (${shapes()}); use stack`,
    );
  const a = normalizeAxis(op, axis, rank);
  for (const t of ts) {
    if (t.rank !== rank) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `all inputs must have rank ${rank}, got shapes ${shapes()}`,
      );
    }
    for (let i = 0; i < rank; i++) {
      if (i !== a && t.shape[i] !== ts[0]!.shape[i]) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          op,
          `shapes ${shapes()} differ on axis ${i}; only axis ${a} may differ`,
        );
      }
    }
  }
  if (ts.length === 1) return ts[0]!;
  const d = promoteAll(ts);
  return bind(
    concatP,
    ts.map((t) => (t.dtype === d ? t : cast(t, d))),
    a,
  );
}
