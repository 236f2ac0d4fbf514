/**
 * Operand handling shared by the ops: plain numbers, dtype promotion, result allocation.
 * @internal
 * @module
 */
import { allocate, type DType, isFloat, promoteTypes, type TypedArray } from '../core/dtype.js';
import { fromBuffer, isTensor, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { cast } from './cast.js';

/** A tensor or a plain number (which takes the other operand's dtype). */
export type Operand = Tensor | number;

/** A rank-0 tensor holding `v` in `dtype`. */
export function constant(v: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
  return fromBuffer(data, [], dtype);
}

/**
 * The dtype a plain number takes next to a tensor of dtype `d`: the tensor's for float tensors; next to an
 * `int32` or `bool` tensor, `int32` for an int32 value and `float32` for anything else (a fraction, NaN,
 * ±Infinity, an integer beyond ±2³¹), so it is never silently wrapped or truncated. A number is never a
 * `bool` (as NumPy: `[True] + 2` is `[3]`, `[True] == 2` is `[False]`).
 */
const numberDType = (v: number, d: DType): DType => {
  if (d === 'float32' || d === 'float64') return d;
  return (v | 0) === v ? 'int32' : 'float32';
};

/**
 * Converts two operands to tensors of one dtype (the promoted one; see `DType`). At least one must be a
 * tensor. `arith` makes `bool` compute as `int32`.
 */
export function operands(op: string, a: Operand, b: Operand, arith = true): [Tensor, Tensor] {
  let ta: Tensor;
  let tb: Tensor;
  if (isTensor(a) && isTensor(b)) {
    ta = a;
    tb = b;
  } else if (isTensor(a)) {
    checkNumber(op, b);
    ta = a;
    tb = constant(b as number, numberDType(b as number, a.dtype));
  } else if (isTensor(b)) {
    checkNumber(op, a);
    tb = b;
    ta = constant(a, numberDType(a, b.dtype));
  } else {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `at least one operand must be a Tensor, got ${typeName(a)} and ${typeName(b)}`,
    );
  }
  let d = promoteTypes(ta.dtype, tb.dtype);
  if (arith && d === 'bool') d = 'int32';
  return [ta.dtype === d ? ta : cast(ta, d), tb.dtype === d ? tb : cast(tb, d)];
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function checkNumber(op: string, v: unknown): void {
  if (typeof v !== 'number')
    throw new TensorError('INVALID_ARGUMENT', op, `expected a Tensor or a number, got ${typeName(v)}`);
}

/** Checks that a value is a tensor. */
export function checkTensor(op: string, x: unknown, name = 'x'): Tensor {
  if (!isTensor(x))
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  return x;
}

/**
 * The input of a floating-point function (`exp`, `log`, `sin`…): checks it is a tensor and casts `int32`
 * and `bool` to `float32`.
 */
export function floatOperand(op: string, x: unknown): Tensor {
  const t = checkTensor(op, x);
  return isFloat(t.dtype) ? t : cast(t, 'float32');
}

/**
 * The input of an arithmetic function that keeps integers (`neg`, `abs`, `square`…): checks it is a
 * tensor and casts `bool` to `int32`.
 */
export function numericOperand(op: string, x: unknown): Tensor {
  const t = checkTensor(op, x);
  return t.dtype === 'bool' ? cast(t, 'int32') : t;
}

/** Allocates the result buffer of an op. */
export const alloc = (dtype: DType, n: number): TypedArray => allocate(dtype, n);
