import { allocate, checkDType, type DType } from '../core/dtype.js';
import { checkShape, sizeOf } from '../core/shape.js';
import { fromBuffer, isTensor, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';

/**
 * A tensor of the given shape with every element equal to `value`.
 *
 * The value is stored as the dtype stores it: for `bool`, nonzero (and `true`) is `true`; for `int32`, it
 * must be an integer in int32 range (anything else would be silently truncated, so it is an error).
 *
 * @param shape - Non-negative integers; `[]` gives a scalar.
 * @param value - The fill value (NaN and ±Infinity are fine for float dtypes).
 * @param dtype - Element type; default `float32`.
 * @returns A new tensor.
 * @throws TensorError `INVALID_ARGUMENT` for a malformed shape (negative, NaN or fractional entry), an
 * unknown dtype name, or a value the dtype cannot hold.
 * @example
 * ```ts
 * import { full } from '@stepwise/tensor';
 * full([2], 7).toArray(); // [7, 7]
 * full([2, 2], true, 'bool').toArray(); // [[true, true], [true, true]]
 * ```
 * @see NumPy `np.full`, PyTorch `torch.full`, Keras `keras.ops.full`.
 * @category creation
 * @since 0.1.0
 */
export function full(shape: readonly number[], value: number | boolean, dtype: DType = 'float32'): Tensor {
  const op = 'full';
  const s = checkShape(op, shape);
  const d = checkDType(op, dtype);
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TensorError('INVALID_ARGUMENT', op, `value must be a number or boolean, got ${typeof value}`);
  }
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (d === 'int32' && !(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647)) {
    throw new TensorError('INVALID_ARGUMENT', op, `value ${v} is not an int32 integer`);
  }
  const data = allocate(d, sizeOf(s));
  if (v !== 0) data.fill(d === 'bool' ? 1 : v);
  return fromBuffer(data, s, d);
}

/**
 * Zeros of a shape.
 * @example
 * ```ts
 * import { zeros } from '@stepwise/tensor';
 * zeros([2, 3]).size; // 6
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for a malformed shape or unknown dtype.
 * @see NumPy `np.zeros`, PyTorch `torch.zeros`.
 * @category creation
 * @since 0.1.0
 */
export const zeros = (shape: readonly number[], dtype: DType = 'float32'): Tensor => full(shape, 0, dtype);

/**
 * Ones of a shape.
 * @example
 * ```ts
 * import { ones } from '@stepwise/tensor';
 * ones([2], 'int32').toArray(); // [1, 1]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for a malformed shape or unknown dtype.
 * @see NumPy `np.ones`, PyTorch `torch.ones`.
 * @category creation
 * @since 0.1.0
 */
export const ones = (shape: readonly number[], dtype: DType = 'float32'): Tensor => full(shape, 1, dtype);

function likeShape(op: string, x: unknown): readonly number[] {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `x must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  return x.shape;
}

/**
 * Zeros with the shape (and, by default, the dtype) of `x`.
 * @example
 * ```ts
 * import { tensor, zerosLike } from '@stepwise/tensor';
 * zerosLike(tensor([[1, 2]])).toArray(); // [[0, 0]]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor or the dtype is unknown.
 * @see NumPy `np.zeros_like`, PyTorch `torch.zeros_like`.
 * @category creation
 * @since 0.1.0
 */
export const zerosLike = (x: Tensor, dtype?: DType): Tensor =>
  full(likeShape('zerosLike', x), 0, dtype ?? x.dtype);

/**
 * Ones with the shape (and, by default, the dtype) of `x`.
 * @example
 * ```ts
 * import { onesLike, tensor } from '@stepwise/tensor';
 * onesLike(tensor([1, 2], { dtype: 'int32' })).toArray(); // [1, 1]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor or the dtype is unknown.
 * @see NumPy `np.ones_like`, PyTorch `torch.ones_like`.
 * @category creation
 * @since 0.1.0
 */
export const onesLike = (x: Tensor, dtype?: DType): Tensor =>
  full(likeShape('onesLike', x), 1, dtype ?? x.dtype);
