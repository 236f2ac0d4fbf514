/**
 * Reductions for norms and finiteness checks over floating-point buffers.
 * @internal
 * @module
 */
import type { FloatArray } from '../internal/leaves.js';

/** `Σ x[i]²` in float64, with four accumulators (shorter dependency chains, less rounding drift). */
export function sumOfSquares(x: FloatArray): number {
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = x[i]!;
    const b = x[i + 1]!;
    const c = x[i + 2]!;
    const d = x[i + 3]!;
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < n; i++) s0 += x[i]! * x[i]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * `Σ (x[i] / s)²`: the sum of squares of a rescaled buffer, for norms that under- or overflow. Divides
 * (rather than multiplying by `1/s`, which overflows for a subnormal `s`); this path is rare.
 */
export function scaledSumOfSquares(x: FloatArray, s: number): number {
  const n = x.length;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]! / s;
    acc += v * v;
  }
  return acc;
}

/** `max |x[i]|`; NaN if any element is NaN, 0 for an empty buffer. */
export function maxAbs(x: FloatArray): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(x[i]!);
    if (!(v <= m)) {
      if (v !== v) return Number.NaN;
      m = v;
    }
  }
  return m;
}

/** True when no element is NaN or ±Infinity (`x − x` is NaN exactly for those). */
export function allFinite(x: FloatArray): boolean {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}
