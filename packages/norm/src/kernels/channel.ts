/**
 * Per-channel (batch normalization) kernels over a float buffer viewed as `[outer, C, inner]`: the
 * statistics of channel `c` run over every `(o, i)`. The feature-last layouts (`[N, C]`, `[N, H, W, C]`)
 * have `inner = 1` and take a row-by-row path that accumulates all channels of a row at once (sequential
 * reads); channels-first (`[N, C, H, W]`, `axis: 1`) sums contiguous blocks of `inner` elements.
 *
 * All arithmetic is in float64 (JavaScript numbers), whatever the storage type. The statistics take two
 * passes (sum, then centered squares), which stays accurate when |mean| ≫ std, unlike `E[x²] − E[x]²`.
 * These loops know nothing of tensors.
 * @internal
 * @module
 */

/** A float buffer (inputs are float32 or float64). */
export type FloatArray = Float32Array | Float64Array;

/** `mean[c]` and biased `variance[c]` of `x` (`[outer, C, inner]`), two passes. `mean`/`variance` start at 0. */
export function channelMoments(
  x: FloatArray,
  outer: number,
  C: number,
  inner: number,
  mean: Float64Array,
  variance: Float64Array,
): void {
  const n = outer * inner;
  if (inner === 1) {
    // Four rows per sweep: a quarter of the read-modify-writes of the per-channel accumulators.
    let o = 0;
    for (; o + 4 <= outer; o += 4) {
      const b0 = o * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      for (let c = 0; c < C; c++) mean[c] += x[b0 + c]! + x[b1 + c]! + (x[b2 + c]! + x[b3 + c]!);
    }
    for (; o < outer; o++) {
      const base = o * C;
      for (let c = 0; c < C; c++) mean[c] += x[base + c]!;
    }
    for (let c = 0; c < C; c++) mean[c] /= n;
    for (o = 0; o + 4 <= outer; o += 4) {
      const b0 = o * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      for (let c = 0; c < C; c++) {
        const m = mean[c]!;
        const d0 = x[b0 + c]! - m;
        const d1 = x[b1 + c]! - m;
        const d2 = x[b2 + c]! - m;
        const d3 = x[b3 + c]! - m;
        variance[c] += d0 * d0 + d1 * d1 + (d2 * d2 + d3 * d3);
      }
    }
    for (; o < outer; o++) {
      const base = o * C;
      for (let c = 0; c < C; c++) {
        const d = x[base + c]! - mean[c]!;
        variance[c] += d * d;
      }
    }
  } else {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < C; c++) {
        const base = (o * C + c) * inner;
        let s = 0;
        for (let i = 0; i < inner; i++) s += x[base + i]!;
        mean[c] += s;
      }
    }
    for (let c = 0; c < C; c++) mean[c] /= n;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < C; c++) {
        const base = (o * C + c) * inner;
        const m = mean[c]!;
        let s = 0;
        for (let i = 0; i < inner; i++) {
          const d = x[base + i]! - m;
          s += d * d;
        }
        variance[c] += s;
      }
    }
  }
  for (let c = 0; c < C; c++) variance[c] /= n;
}

/** `y = x · a[c] + b[c]` over `[outer, C, inner]` (an affine map per channel). */
export function channelAffine(
  y: FloatArray,
  x: FloatArray,
  outer: number,
  C: number,
  inner: number,
  a: Float64Array,
  b: Float64Array,
): void {
  if (inner === 1) {
    // Four rows per sweep: the per-channel coefficients are loaded once for four elements.
    let o = 0;
    for (; o + 4 <= outer; o += 4) {
      const b0 = o * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      for (let c = 0; c < C; c++) {
        const ac = a[c]!;
        const bc = b[c]!;
        y[b0 + c] = x[b0 + c]! * ac + bc;
        y[b1 + c] = x[b1 + c]! * ac + bc;
        y[b2 + c] = x[b2 + c]! * ac + bc;
        y[b3 + c] = x[b3 + c]! * ac + bc;
      }
    }
    for (; o < outer; o++) {
      const base = o * C;
      for (let c = 0; c < C; c++) y[base + c] = x[base + c]! * a[c]! + b[c]!;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      const base = (o * C + c) * inner;
      const ac = a[c]!;
      const bc = b[c]!;
      for (let i = 0; i < inner; i++) y[base + i] = x[base + i]! * ac + bc;
    }
  }
}

/** `s1[c] = Σ dy` and `s2[c] = Σ dy·(x − mean[c])` over `[outer, C, inner]`. `s1`/`s2` start at 0. */
export function channelGradSums(
  dy: FloatArray,
  x: FloatArray,
  outer: number,
  C: number,
  inner: number,
  mean: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
): void {
  if (inner === 1) {
    let o = 0;
    for (; o + 4 <= outer; o += 4) {
      const b0 = o * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      for (let c = 0; c < C; c++) {
        const m = mean[c]!;
        const g0 = dy[b0 + c]!;
        const g1 = dy[b1 + c]!;
        const g2 = dy[b2 + c]!;
        const g3 = dy[b3 + c]!;
        s1[c] += g0 + g1 + (g2 + g3);
        s2[c] +=
          g0 * (x[b0 + c]! - m) + g1 * (x[b1 + c]! - m) + (g2 * (x[b2 + c]! - m) + g3 * (x[b3 + c]! - m));
      }
    }
    for (; o < outer; o++) {
      const base = o * C;
      for (let c = 0; c < C; c++) {
        const g = dy[base + c]!;
        s1[c] += g;
        s2[c] += g * (x[base + c]! - mean[c]!);
      }
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      const base = (o * C + c) * inner;
      const m = mean[c]!;
      let a1 = 0;
      let a2 = 0;
      for (let i = 0; i < inner; i++) {
        const g = dy[base + i]!;
        a1 += g;
        a2 += g * (x[base + i]! - m);
      }
      s1[c] += a1;
      s2[c] += a2;
    }
  }
}

/** `dx = A[c]·dy + B[c]·x + D[c]` over `[outer, C, inner]`. */
export function channelGradInput(
  dx: FloatArray,
  dy: FloatArray,
  x: FloatArray,
  outer: number,
  C: number,
  inner: number,
  A: Float64Array,
  B: Float64Array,
  D: Float64Array,
): void {
  if (inner === 1) {
    let o = 0;
    for (; o + 4 <= outer; o += 4) {
      const b0 = o * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      for (let c = 0; c < C; c++) {
        const a = A[c]!;
        const b = B[c]!;
        const d = D[c]!;
        dx[b0 + c] = a * dy[b0 + c]! + b * x[b0 + c]! + d;
        dx[b1 + c] = a * dy[b1 + c]! + b * x[b1 + c]! + d;
        dx[b2 + c] = a * dy[b2 + c]! + b * x[b2 + c]! + d;
        dx[b3 + c] = a * dy[b3 + c]! + b * x[b3 + c]! + d;
      }
    }
    for (; o < outer; o++) {
      const base = o * C;
      for (let c = 0; c < C; c++) dx[base + c] = A[c]! * dy[base + c]! + B[c]! * x[base + c]! + D[c]!;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      const base = (o * C + c) * inner;
      const a = A[c]!;
      const b = B[c]!;
      const d = D[c]!;
      for (let i = 0; i < inner; i++) dx[base + i] = a * dy[base + i]! + b * x[base + i]! + d;
    }
  }
}
