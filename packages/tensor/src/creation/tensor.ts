import { allocate, checkDType, type DType, dtypeOfArray, type TypedArray } from '../core/dtype.js';
import { fromBuffer, isTensor, type Tensor } from '../core/Tensor.js';
import { fmtShape, TensorError } from '../core/TensorError.js';
import { checkShape, sizeOf } from '../core/shape.js';

/** Values accepted by {@link tensor}: numbers, booleans, nested arrays of them, or a typed array. @category creation @since 0.1.0 */
export type TensorLike = number | boolean | TypedArray | readonly TensorLike[];

/** Options of {@link tensor}. @category creation @since 0.1.0 */
export interface TensorOptions {
  /** Element type; default `float32` (for a typed array: its own type). */
  readonly dtype?: DType;
  /** Shape to give flat values; its size must equal the number of values. */
  readonly shape?: readonly number[];
}

function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function fill(
  op: string,
  values: unknown,
  shape: readonly number[],
  dim: number,
  out: TypedArray,
  pos: { i: number },
  path: string,
): void {
  if (dim === shape.length) {
    if (typeof values === 'number') out[pos.i++] = values;
    else if (typeof values === 'boolean') out[pos.i++] = values ? 1 : 0;
    else
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `element at ${path || '[]'} is ${Array.isArray(values) ? 'an array (ragged nesting)' : typeof values}, expected a number or boolean`,
      );
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `ragged input: ${path || 'the value'} has ${Array.isArray(values) ? `length ${values.length}` : 'a scalar'} where the shape ${fmtShape(shape)} expects length ${shape[dim]}`,
    );
  }
  for (let k = 0; k < values.length; k++) fill(op, values[k], shape, dim + 1, out, pos, `${path}[${k}]`);
}

/** Converts a buffer of one dtype to another (bool: nonzero → 1; int32: truncation). @internal */
export function convertBuffer(src: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else (out as Float64Array).set(src as ArrayLike<number>);
  return out;
}

/**
 * Creates a tensor from numbers, booleans, nested arrays or a typed array (always copied).
 *
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * tensor([1, 2, 3, 4], { shape: [2, 2], dtype: 'int32' }).dtype; // 'int32'
 * tensor(new Float64Array([1, 2])).dtype; // 'float64'
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for ragged nesting, non-numeric elements, a bad dtype name, or a
 * `shape` whose size differs from the number of values.
 * @category creation
 * @since 0.1.0
 */
export function tensor(values: TensorLike | Tensor, options: TensorOptions = {}): Tensor {
  const op = 'tensor';
  if (isTensor(values)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      'got a Tensor; tensors are immutable values, use it directly (or cast it)',
    );
  }
  let data: TypedArray;
  let shape: number[];
  if (ArrayBuffer.isView(values)) {
    const src = values as TypedArray;
    const dtype = options.dtype === undefined ? dtypeOfArray(src) : checkDType(op, options.dtype);
    data = convertBuffer(src, dtype);
    shape = [src.length];
  } else {
    const dtype = options.dtype === undefined ? 'float32' : checkDType(op, options.dtype);
    shape = inferShape(values);
    data = allocate(dtype, sizeOf(shape));
    fill(op, values, shape, 0, data, { i: 0 }, '');
  }
  const dtype = dtypeOfArray(data);
  if (options.shape !== undefined) {
    const target = checkShape(op, options.shape);
    if (sizeOf(target) !== data.length) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `${data.length} values do not fit shape ${fmtShape(target)}`,
      );
    }
    shape = target;
  }
  return fromBuffer(data, shape, dtype);
}

/** A rank-0 tensor. @example `scalar(3).item() // 3` @category creation @since 0.1.0 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, dtype === undefined ? {} : { dtype });
}

/**
 * A tensor of the given shape filled with `value`.
 * @example `full([2], 7).toArray() // [7, 7]`
 * @throws TensorError `INVALID_ARGUMENT` for a bad shape or dtype.
 * @category creation
 * @since 0.1.0
 */
export function full(shape: readonly number[], value: number | boolean, dtype: DType = 'float32'): Tensor {
  const s = checkShape('full', shape);
  const d = checkDType('full', dtype);
  const data = allocate(d, sizeOf(s));
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (v !== 0) data.fill(d === 'bool' ? (v !== 0 ? 1 : 0) : v);
  return fromBuffer(data, s, d);
}

/** Zeros of a shape. @example `zeros([2, 3]).size // 6` @category creation @since 0.1.0 */
export const zeros = (shape: readonly number[], dtype: DType = 'float32'): Tensor => full(shape, 0, dtype);

/** Ones of a shape. @category creation @since 0.1.0 */
export const ones = (shape: readonly number[], dtype: DType = 'float32'): Tensor => full(shape, 1, dtype);

/** Zeros with the shape (and, by default, dtype) of `x`. @category creation @since 0.1.0 */
export const zerosLike = (x: Tensor, dtype: DType = x.dtype): Tensor => full(x.shape, 0, dtype);

/** Ones with the shape (and, by default, dtype) of `x`. @category creation @since 0.1.0 */
export const onesLike = (x: Tensor, dtype: DType = x.dtype): Tensor => full(x.shape, 1, dtype);
