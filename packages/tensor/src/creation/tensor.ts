import { allocate, checkDType, type DType, type TypedArray } from '../core/dtype.js';
import { checkShape, sizeOf } from '../core/shape.js';
import { fromBuffer, isTensor, type Tensor } from '../core/Tensor.js';
import { fmtShape, TensorError } from '../core/TensorError.js';

/**
 * Values accepted by {@link tensor}: numbers, booleans, nested arrays of them, or a typed array (the four
 * tensor buffer types, or a narrower integer array, read as `float32` unless a dtype is given).
 * @category creation
 * @since 0.1.0
 */
export type TensorLike =
  | number
  | boolean
  | TypedArray
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray
  | readonly TensorLike[];

/**
 * Options of {@link tensor}.
 * @category creation
 * @since 0.1.0
 */
export interface TensorOptions {
  /** Element type; default `float32` (`bool` for booleans; a typed array's own type). */
  readonly dtype?: DType;
  /** Shape to give the values; its size must equal the number of values. */
  readonly shape?: readonly number[];
}

/** The shape implied by the first element at each depth; raggedness is found while filling. */
function inferShape(values: unknown): [number[], unknown] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return [shape, v];
}

/** The nesting path of an element, e.g. `[1][0]`, for error messages. */
const pathOf = (idx: readonly number[], depth: number): string =>
  depth === 0
    ? 'the value'
    : idx
        .slice(0, depth)
        .map((i) => `[${i}]`)
        .join('');

/** Describes a misplaced value for an error message. */
const kindOf = (v: unknown): string =>
  Array.isArray(v) ? 'an array (ragged nesting)' : v === null ? 'null' : typeof v;

/**
 * Writes the leaves of rectangular nested arrays into `out`, row-major; returns the next write position.
 * `idx` holds the current index at each depth (only read to name the path in an error).
 */
function fill(
  op: string,
  values: unknown,
  shape: readonly number[],
  dim: number,
  out: TypedArray,
  isBool: boolean,
  pos: number,
  idx: number[],
): number {
  const rank = shape.length;
  if (dim === rank) {
    // A scalar input (rank 0).
    if (typeof values === 'number') out[pos] = isBool ? (values !== 0 ? 1 : 0) : values;
    else if (typeof values === 'boolean') out[pos] = values ? 1 : 0;
    else
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `the value is ${kindOf(values)}, expected a number or boolean`,
      );
    return pos + 1;
  }
  const n = shape[dim]!;
  if (!Array.isArray(values) || values.length !== n) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `ragged input: ${pathOf(idx, dim)} has ${Array.isArray(values) ? `length ${values.length}` : 'a scalar'} where the shape ${fmtShape(shape)} expects length ${n}`,
    );
  }
  if (dim === rank - 1) {
    // Innermost level: a tight loop over the leaves.
    for (let k = 0; k < n; k++) {
      const v: unknown = values[k];
      if (typeof v === 'number') out[pos++] = isBool ? (v !== 0 ? 1 : 0) : v;
      else if (typeof v === 'boolean') out[pos++] = v ? 1 : 0;
      else {
        idx[dim] = k;
        throw new TensorError(
          'INVALID_ARGUMENT',
          op,
          `element at ${pathOf(idx, dim + 1)} is ${kindOf(v)}, expected a number or boolean`,
        );
      }
    }
    return pos;
  }
  let p = pos;
  for (let k = 0; k < n; k++) {
    idx[dim] = k;
    p = fill(op, values[k], shape, dim + 1, out, isBool, p, idx);
  }
  return p;
}

/** Converts a buffer of one dtype to another (bool: nonzero → 1; int32: as `Int32Array` stores). @internal */
export function convertBuffer(src: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else (out as Float64Array).set(src as ArrayLike<number>);
  return out;
}

/** The dtype a typed array maps to when none is given. */
function dtypeOfView(op: string, v: ArrayBufferView): DType {
  if (v instanceof Float32Array) return 'float32';
  if (v instanceof Float64Array) return 'float64';
  if (v instanceof Int32Array) return 'int32';
  if (v instanceof Uint8Array && !(v instanceof Uint8ClampedArray)) return 'bool';
  if (
    v instanceof Int8Array ||
    v instanceof Int16Array ||
    v instanceof Uint16Array ||
    v instanceof Uint32Array ||
    v instanceof Uint8ClampedArray
  )
    return 'float32';
  throw new TensorError(
    'INVALID_ARGUMENT',
    op,
    `unsupported typed array ${v.constructor.name}; use a Float32Array, Float64Array, Int32Array or Uint8Array (bool)`,
  );
}

/**
 * Creates a tensor from a number, a boolean, nested arrays of them, or a typed array. The values are
 * always copied, so later writes to the source do not affect the tensor.
 *
 * The dtype is `options.dtype` if given; otherwise `bool` when the first element is a boolean, the array's
 * own type for `Float32Array`/`Float64Array`/`Int32Array`/`Uint8Array` (read as `bool`, matching
 * `Tensor.data()`), and `float32` for everything else (other integer typed arrays, plain numbers).
 * Conversion: to `bool`, nonzero (and NaN) is `true`; to `int32`, fractions truncate toward zero as
 * `Int32Array` stores them. NaN and ±Infinity are valid float values.
 *
 * @param values - The elements; nested arrays must be rectangular.
 * @param options - `dtype`, and `shape` to reshape flat (or nested) values; its size must match.
 * @returns A new tensor.
 * @throws TensorError `INVALID_ARGUMENT` for ragged nesting (naming the path, e.g. `[1]`), a non-numeric
 * element, an unknown dtype name, a malformed `shape` (negative, NaN or fractional entries) or a `shape`
 * whose size differs from the number of values.
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * tensor([1, 2, 3, 4], { shape: [2, 2], dtype: 'int32' }).dtype; // 'int32'
 * tensor(new Float64Array([1, 2])).dtype; // 'float64'
 * tensor([true, false]).dtype; // 'bool'
 * ```
 * @see PyTorch `torch.tensor`, TensorFlow `tf.constant`, NumPy `np.array` (which defaults to float64;
 * Stepwise defaults to float32 like PyTorch and Keras).
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
  if (options === null || typeof options !== 'object') {
    throw new TensorError('INVALID_ARGUMENT', op, `options must be an object, got ${String(options)}`);
  }
  let data: TypedArray;
  let shape: number[];
  let dtype: DType;
  if (ArrayBuffer.isView(values)) {
    const src = values as unknown as ArrayLike<number>;
    const own = dtypeOfView(op, values);
    dtype = options.dtype === undefined ? own : checkDType(op, options.dtype);
    data = convertBuffer(src, dtype);
    shape = [src.length];
  } else {
    const [s, first] = inferShape(values);
    shape = s;
    dtype =
      options.dtype === undefined
        ? typeof first === 'boolean'
          ? 'bool'
          : 'float32'
        : checkDType(op, options.dtype);
    data = allocate(dtype, sizeOf(shape));
    fill(op, values, shape, 0, data, dtype === 'bool', 0, new Array<number>(shape.length).fill(0));
  }
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

/**
 * A rank-0 tensor holding one value (`float32` by default, `bool` for a boolean).
 *
 * @param value - The value.
 * @param dtype - Element type; default `float32` (`bool` for a boolean value).
 * @returns A tensor of shape `[]`.
 * @throws TensorError `INVALID_ARGUMENT` for a non-numeric value or an unknown dtype name.
 * @example
 * ```ts
 * import { scalar } from '@stepwise/tensor';
 * scalar(3).item(); // 3
 * scalar(2, 'int32').dtype; // 'int32'
 * ```
 * @see PyTorch `torch.tensor(3.0)`, TF.js `tf.scalar`.
 * @category creation
 * @since 0.1.0
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'scalar',
      `value must be a number or boolean, got ${Array.isArray(value) ? 'an array (use tensor)' : typeof value}`,
    );
  }
  return tensor(value, dtype === undefined ? {} : { dtype: checkDType('scalar', dtype) });
}
