/**
 * Index arguments of `take` and `oneHot`: an int32 tensor or a flat array of integers.
 * @internal
 * @module
 */
import { bufferOf, isTensor, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';

/** Indices read from the user: their values (never written) and shape. */
export interface Indices {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

/** Reads `indices` (an `int32` tensor or a `number[]` of integers in int32 range) without copying a tensor. */
export function readIndices(op: string, indices: unknown): Indices {
  if (isTensor(indices)) {
    const t = indices as Tensor;
    if (t.dtype !== 'int32') {
      throw new TensorError('DTYPE_MISMATCH', op, `indices must be an int32 tensor, got ${t.dtype}`);
    }
    return { data: bufferOf(t) as Int32Array, shape: t.shape };
  }
  if (!Array.isArray(indices)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `indices must be an int32 Tensor or an array of integers, got ${indices === null ? 'null' : typeof indices}`,
    );
  }
  const data = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `indices[${i}] = ${Array.isArray(v) ? 'an array (pass nested indices as an int32 tensor)' : String(v)} is not an int32 integer`,
      );
    }
    data[i] = v;
  }
  return { data, shape: [indices.length] };
}
