/**
 * Adam's fused kernel: one pass over a leaf reads the gradient and both moments and writes both new
 * moments and the update. No temporary tensors.
 * @internal
 * @module
 */
import type { FloatArray } from '../internal/leaves.js';

/**
 * For each element: `m = b1·mu + (1−b1)·g`, `v = b2·nu + (1−b2)·g²`,
 * `u = (m·s1) / (√(v·s2 + epsRoot) + eps)` where `s1 = 1/(1−b1ᵗ)` and `s2 = 1/(1−b2ᵗ)` are the bias
 * corrections, computed once per step in float64 by the caller.
 */
export function adamLoop(
  uOut: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  b1: number,
  b2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const n = g.length;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = b1 * mu[i]! + c1 * gi;
    const v = b2 * nu[i]! + c2 * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    uOut[i] = (m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps);
  }
}
