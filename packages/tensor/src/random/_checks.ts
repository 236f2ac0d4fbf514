/**
 * Validation shared by the `random` functions. @internal
 * @module
 */

import { checkShape } from '../core/shape.js';
import { bufferOf, isTensor } from '../core/Tensor.js';
import { fmtShape, TensorError } from '../core/TensorError.js';
import type { FloatDType } from './types.js';

/** Describes a bad value for an error message: `float32[3]`, `number 1.5`, `undefined`. */
export function describe(x: unknown): string {
  if (isTensor(x)) return `${x.dtype}${fmtShape(x.shape)}`;
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')
    return `${typeof x} ${String(x)}`;
  if (typeof x === 'string') return `string ${JSON.stringify(x)}`;
  return Object.prototype.toString.call(x);
}

/** The two words of a valid key (the key's own buffer: read only). */
export function keyWords(op: string, key: unknown): Int32Array {
  if (!isTensor(key) || key.dtype !== 'int32' || key.rank !== 1 || key.shape[0] !== 2) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `key must be an int32 tensor of shape [2], got ${describe(key)}`,
    );
  }
  return bufferOf(key) as Int32Array;
}

/**
 * A validated shape (a copy), `[]` for a scalar. Elements are numbered by a 32-bit counter, so a sample holds
 * at most 2³² − 1 elements.
 */
export function sampleShape(op: string, shape: unknown): number[] {
  const dims = checkShape(op, shape);
  const n = dims.reduce((a, b) => a * b, 1);
  if (n > 4294967295) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `shape ${fmtShape(dims)} has ${n} elements; a sample holds at most 2^32 - 1`,
    );
  }
  return dims;
}

/** A validated floating-point dtype (default `float32`). */
export function floatDType(op: string, dtype: unknown): FloatDType {
  if (dtype === undefined || dtype === 'float32') return 'float32';
  if (dtype === 'float64') return 'float64';
  throw new TensorError('INVALID_ARGUMENT', op, `dtype must be float32 or float64, got ${describe(dtype)}`);
}

/** A number option that must be finite. */
export function finite(op: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a finite number, got ${describe(x)}`);
  }
  return x;
}

/** A number that must be an integer in `[lo, hi]`. */
export function integerIn(op: string, name: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} must be an integer in [${lo}, ${hi}], got ${describe(x)}`,
    );
  }
  return x;
}

const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

/**
 * The 64-bit two's-complement words `[hi, lo]` of an integer in `[-2⁶³, 2⁶⁴)` (a number or a bigint), as
 * unsigned 32-bit values. `0 ≤ n < 2³²` gives `[0, n]`.
 */
export function words64(op: string, name: string, n: unknown): [number, number] {
  if (typeof n === 'bigint') {
    if (n < -(1n << 63n) || n >= 1n << 64n) {
      throw new TensorError('INVALID_ARGUMENT', op, `${name} must fit in 64 bits, got bigint ${n}`);
    }
    const u = BigInt.asUintN(64, n);
    return [Number(u >> 32n), Number(u & 0xffffffffn)];
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -TWO_63 || n >= TWO_64) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} must be an integer in [-2^63, 2^64) (a number or a bigint), got ${describe(n)}`,
    );
  }
  // Exact: division by a power of two, floor and the subtraction are exact for integer-valued doubles.
  const hi = Math.floor(n / TWO_32);
  const lo = n - hi * TWO_32;
  return [hi < 0 ? hi + TWO_32 : hi, lo];
}
