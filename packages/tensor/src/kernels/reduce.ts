/**
 * Reduction kernels over a tensor viewed as `[outer, r, inner]` (the reduced axes form the middle block).
 * Float sums accumulate in float64.
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';

/** `out[o, i] = Σ_j x[o, j, i]`. */
export function sumKernel(x: TypedArray, outer: number, r: number, inner: number, out: TypedArray): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * r;
      for (let j = 0; j < r; j++) s += x[base + j]!;
      out[o] = s;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let j = 0; j < r; j++) {
      const base = (o * r + j) * inner;
      for (let i = 0; i < inner; i++) acc[i]! += x[base + i]!;
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i]!;
  }
}

/** A `[outer, r, inner]` split of `shape` for the contiguous axis block `[from, to)`. */
export function splitDims(shape: readonly number[], from: number, to: number): [number, number, number] {
  let outer = 1;
  let r = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < from) outer *= shape[i]!;
    else if (i < to) r *= shape[i]!;
    else inner *= shape[i]!;
  }
  return [outer, r, inner];
}
