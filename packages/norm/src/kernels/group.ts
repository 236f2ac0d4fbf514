/**
 * Per-sample, per-group normalization kernels (layer, group and RMS normalization) over a float buffer
 * viewed as `[N, S, G, K]`: sample `n`, position `s`, group `g`, channel-in-group `k`. The statistics of
 * `(n, g)` run over its `M = S·K` elements; the per-feature `gamma`/`beta` are indexed by `c = g·K + k`
 * (length `C = G·K`).
 *
 * - layer normalization over the trailing `D` elements: `S = 1, G = 1, K = D`;
 * - group normalization of channels-last `[N, …spatial, C]`: `S = ∏spatial, K = C / G`;
 * - RMS normalization: as layer normalization, uncentered (`mean ≡ 0`, variance = mean of squares).
 *
 * Arithmetic in float64, statistics in two passes. These loops know nothing of tensors.
 * @internal
 * @module
 */
import type { FloatArray } from './channel.js';

/** Dimensions of the `[N, S, G, K]` view. */
export interface GroupLayout {
  readonly N: number;
  readonly S: number;
  readonly G: number;
  readonly K: number;
}

/**
 * Per-(n, g) `mean` (zero when uncentered) and `rstd = 1/√(var + ε)` where var is the biased variance
 * (centered) or the mean of squares (uncentered). Both arrays have `N·G` entries.
 */
export function groupMoments(
  x: FloatArray,
  { N, S, G, K }: GroupLayout,
  centered: boolean,
  epsilon: number,
  mean: Float64Array,
  rstd: Float64Array,
): void {
  const C = G * K;
  const M = S * K;
  for (let n = 0; n < N; n++) {
    const off = n * G;
    if (centered) {
      for (let s = 0; s < S; s++) {
        const base = (n * S + s) * C;
        for (let g = 0; g < G; g++) {
          const b = base + g * K;
          let a = 0;
          for (let k = 0; k < K; k++) a += x[b + k]!;
          mean[off + g] += a;
        }
      }
      for (let g = 0; g < G; g++) mean[off + g] /= M;
    }
    for (let s = 0; s < S; s++) {
      const base = (n * S + s) * C;
      for (let g = 0; g < G; g++) {
        const b = base + g * K;
        const m = mean[off + g]!;
        let a = 0;
        for (let k = 0; k < K; k++) {
          const d = x[b + k]! - m;
          a += d * d;
        }
        rstd[off + g] += a;
      }
    }
    for (let g = 0; g < G; g++) rstd[off + g] = 1 / Math.sqrt(rstd[off + g]! / M + epsilon);
  }
}

/** `y = (x − mean[n,g])·rstd[n,g]·gamma[c] + beta[c]`. */
export function groupApply(
  y: FloatArray,
  x: FloatArray,
  { N, S, G, K }: GroupLayout,
  mean: Float64Array,
  rstd: Float64Array,
  gamma: FloatArray,
  beta: FloatArray,
): void {
  const C = G * K;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const base = (n * S + s) * C;
      for (let g = 0; g < G; g++) {
        const m = mean[n * G + g]!;
        const r = rstd[n * G + g]!;
        const b = base + g * K;
        const c0 = g * K;
        for (let k = 0; k < K; k++) y[b + k] = (x[b + k]! - m) * r * gamma[c0 + k]! + beta[c0 + k]!;
      }
    }
  }
}

/**
 * Closed-form backward. With `ĝ = dy·gamma[c]` and `x̂ = (x − mean)·rstd`, per (n, g):
 * `dx = rstd·(ĝ − Σĝ/M − x̂·Σ(ĝ·x̂)/M)` (the `Σĝ/M` term only when centered);
 * `dgamma[c] = Σ dy·x̂`, `dbeta[c] = Σ dy` over all `(n, s)`. `dgamma`/`dbeta` start at 0.
 */
export function groupBackward(
  dx: FloatArray,
  dy: FloatArray,
  x: FloatArray,
  { N, S, G, K }: GroupLayout,
  centered: boolean,
  mean: Float64Array,
  rstd: Float64Array,
  gamma: FloatArray,
  dgamma: Float64Array,
  dbeta: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
): void {
  const C = G * K;
  const M = S * K;
  for (let n = 0; n < N; n++) {
    s1.fill(0);
    s2.fill(0);
    for (let s = 0; s < S; s++) {
      const base = (n * S + s) * C;
      for (let g = 0; g < G; g++) {
        const m = mean[n * G + g]!;
        const r = rstd[n * G + g]!;
        const b = base + g * K;
        const c0 = g * K;
        let a1 = 0;
        let a2 = 0;
        for (let k = 0; k < K; k++) {
          const d = dy[b + k]!;
          const xh = (x[b + k]! - m) * r;
          const gg = d * gamma[c0 + k]!;
          a1 += gg;
          a2 += gg * xh;
          dgamma[c0 + k] += d * xh;
          dbeta[c0 + k] += d;
        }
        s1[g] += a1;
        s2[g] += a2;
      }
    }
    for (let g = 0; g < G; g++) {
      s1[g] = centered ? s1[g]! / M : 0;
      s2[g] /= M;
    }
    for (let s = 0; s < S; s++) {
      const base = (n * S + s) * C;
      for (let g = 0; g < G; g++) {
        const m = mean[n * G + g]!;
        const r = rstd[n * G + g]!;
        const b = base + g * K;
        const c0 = g * K;
        const m1 = s1[g]!;
        const m2 = s2[g]!;
        for (let k = 0; k < K; k++) {
          const xh = (x[b + k]! - m) * r;
          dx[b + k] = r * (dy[b + k]! * gamma[c0 + k]! - m1 - xh * m2);
        }
      }
    }
  }
}
