/**
 * The `clip` kernel.
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';

/** `out[i] = min(max(x[i], lo), hi)` for `i < n`; NaN stays NaN. Requires `lo <= hi`. */
export function clipKernel(out: TypedArray, x: TypedArray, n: number, lo: number, hi: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v < lo) out[i] = lo;
    else if (v > hi) out[i] = hi;
    else out[i] = v;
  }
}
