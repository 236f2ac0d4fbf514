import { takeBuffer } from './pool.js';
import { TensorError } from './TensorError.js';

/**
 * Element types of a {@link Tensor}. `float32` is the default everywhere.
 *
 * Promotion (for binary ops, concat, where…): `bool < int32 < float32 < float64`; the result takes the
 * larger of the two. Arithmetic on two `bool` operands computes in `int32`. A plain JavaScript number
 * takes the dtype of the tensor it meets (so `mul(x32, 0.5)` stays `float32`), except that a number next to
 * a `bool` tensor counts as `int32` (`add([true], 2)` is `[3]`), and a number that is not an int32 value
 * (`0.5`, `3e9`, `Infinity`) next to an `int32` or `bool` tensor gives `float32`.
 *
 * @category dtypes
 * @since 0.1.0
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array backing each dtype. @category dtypes @since 0.1.0 */
export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : Uint8Array;

/** Any typed array a tensor may hold. @category dtypes @since 0.1.0 */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** All dtype names, in promotion order. @category dtypes @since 0.1.0 */
export const DTYPES: readonly DType[] = Object.freeze(['bool', 'int32', 'float32', 'float64'] as const);

const RANK: Readonly<Record<DType, number>> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** True for `float32` and `float64`. @category dtypes @since 0.1.0 */
export const isFloat = (d: DType): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

/** The promoted dtype of two operands (see {@link DType}). @category dtypes @since 0.1.0 */
export const promoteTypes = (a: DType, b: DType): DType => (RANK[a] >= RANK[b] ? a : b);

/** Validates a dtype name coming from user input. @internal */
export function checkDType(op: string, d: unknown): DType {
  if (d === 'float32' || d === 'float64' || d === 'int32' || d === 'bool') return d;
  throw new TensorError(
    'INVALID_ARGUMENT',
    op,
    `unknown dtype ${JSON.stringify(d)}; expected one of float32, float64, int32, bool`,
  );
}

/** Bytes per element of each dtype. @internal */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = Object.freeze({
  float32: 4,
  float64: 8,
  int32: 4,
  bool: 1,
});

/** A typed array of `dtype` over `buf`. */
function view(dtype: DType, buf: ArrayBuffer): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return new Float64Array(buf);
    case 'int32':
      return new Int32Array(buf);
    case 'bool':
      return new Uint8Array(buf);
  }
}

/**
 * Allocates a buffer of `n` elements for `dtype` whose contents are unspecified (recycled memory when the
 * pool has some of that size): only for kernels that write every element. @internal
 */
export function allocateOutput(dtype: DType, n: number): TypedArray {
  const buf = takeBuffer(n * BYTES_PER_ELEMENT[dtype]);
  return buf === undefined ? allocate(dtype, n) : view(dtype, buf);
}

/** Allocates a zero-filled buffer of `n` elements for `dtype`. @internal */
export function allocate(dtype: DType, n: number): TypedArray {
  const buf = takeBuffer(n * BYTES_PER_ELEMENT[dtype]);
  if (buf !== undefined) return view(dtype, buf).fill(0);
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

/** The dtype whose buffer type `arr` is. @internal */
export function dtypeOfArray(arr: TypedArray): DType {
  if (arr instanceof Float32Array) return 'float32';
  if (arr instanceof Float64Array) return 'float64';
  if (arr instanceof Int32Array) return 'int32';
  return 'bool';
}
