/**
 * Elementwise kernels over floating-point buffers: loops over typed arrays that know nothing of `Tensor`.
 * Arithmetic happens in float64 (JavaScript numbers) and rounds once on store.
 * @internal
 * @module
 */
import type { FloatArray } from '../internal/leaves.js';

/** `out[i] = clip(x[i], -max, max)`; NaN stays NaN (comparisons with NaN are false). */
export function clipLoop(out: FloatArray, x: FloatArray, max: number): void {
  const n = out.length;
  const min = -max;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > max ? max : v < min ? min : v;
  }
}

/** `out[i] = acc[i] + (g[i] − acc[i]) · inv`: a running mean with `inv = 1 / (count + 1)`. */
export function runningMeanLoop(out: FloatArray, acc: FloatArray, g: FloatArray, inv: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const a = acc[i]!;
    out[i] = a + (g[i]! - a) * inv;
  }
}
