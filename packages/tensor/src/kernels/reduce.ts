/**
 * Reduction kernels over a tensor viewed as `[outer, r, inner]`: the reduced axes form the middle block,
 * `inner` is the product of the kept axes after it. Two access patterns cover the common cases:
 * - `inner === 1` (a last-axis reduction): each output is a loop over a contiguous run of `r` values;
 * - `inner > 1` (e.g. axis 0 of a 2-D array): rows of `inner` values are accumulated into an output row,
 *   so memory is read once, in order (cache friendly), never with a stride of `inner`.
 *
 * Float sums, products and statistics accumulate in float64 and are rounded to the output dtype once.
 * Large float32 blocks with `inner > 1` get their sums and centred moments from the WebAssembly SIMD column
 * kernels (`wasm/stream.ts`, float64 accumulation too), when WASM is available and switched on.
 * Kernels know nothing of `Tensor`. {@link permuteCopy} brings reduced axes that are not one contiguous block
 * to the end, for the kernels that need a single block.
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';
import { streamColumnMoments, streamColumnSums } from '../wasm/stream.js';

/** Largest work row kept between calls (512 KiB); larger ones are allocated per call and not retained. */
const KEEP = 1 << 16;
let scratch = new Float64Array(0);
let scratch2 = new Float64Array(0);

/** A float64 work row of at least `n` elements, reused between calls when small (kernels are synchronous). */
function work(n: number): Float64Array {
  if (n > KEEP) return new Float64Array(n);
  if (scratch.length < n) scratch = new Float64Array(Math.min(KEEP, Math.max(n, 2 * scratch.length)));
  return scratch;
}
/** A second work row, independent of {@link work}'s. */
function work2(n: number): Float64Array {
  if (n > KEEP) return new Float64Array(n);
  if (scratch2.length < n) scratch2 = new Float64Array(Math.min(KEEP, Math.max(n, 2 * scratch2.length)));
  return scratch2;
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

/**
 * Copies `x` (of `shape`) into `out` with its axes permuted: output axis `d` is input axis `perm[d]`.
 * Reads with strides, writes contiguously.
 */
export function permuteCopy(
  x: TypedArray,
  shape: readonly number[],
  perm: readonly number[],
  out: TypedArray,
): void {
  const rank = shape.length;
  const n = out.length;
  if (n === 0) return;
  const inStrides = new Array<number>(rank);
  let acc = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = acc;
    acc *= shape[d]!;
  }
  const dims = perm.map((p) => shape[p]!);
  const strides = perm.map((p) => inStrides[p]!);
  const last = rank - 1;
  const lastDim = dims[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < n; o += lastDim) {
    for (let i = 0; i < lastDim; i++) out[o + i] = x[src + i * lastStride]!;
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      src += strides[d]!;
      if (idx[d]! < dims[d]!) break;
      src -= strides[d]! * dims[d]!;
      idx[d] = 0;
    }
  }
}

// ---- sum, prod ----------------------------------------------------------------------------------

/** `out[o, i] = Σ_j x[o, j, i]`. */
export function sumKernel(x: TypedArray, outer: number, r: number, inner: number, out: TypedArray): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out[o] = sumRow(x, o * r, r);
    return;
  }
  const acc = work(inner);
  for (let o = 0; o < outer; o++) {
    // Large float32 blocks: the WebAssembly SIMD column sums (float64 accumulation too).
    if (!(x instanceof Float32Array && streamColumnSums(x, o * r * inner, r, inner, acc))) {
      acc.fill(0, 0, inner);
      addRows(x, o * r * inner, r, inner, acc);
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i]!;
  }
}

/**
 * `Σ_j x[base + j]` for `j < r`, with four independent partial sums (the additions of one chain wait for
 * each other; four chains keep the FPU busy: about 4× faster than one).
 */
function sumRow(x: TypedArray, base: number, r: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = base;
  const end = base + r;
  for (; j + 4 <= end; j += 4) {
    s0 += x[j]!;
    s1 += x[j + 1]!;
    s2 += x[j + 2]!;
    s3 += x[j + 3]!;
  }
  for (; j < end; j++) s0 += x[j]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * `acc[i] += Σ_j x[first + j·inner + i]`, four rows per sweep so the accumulator row is read and written
 * once per four input rows (about twice as fast as one row per sweep).
 */
function addRows(x: TypedArray, first: number, r: number, inner: number, acc: Float64Array): void {
  let j = 0;
  for (; j + 4 <= r; j += 4) {
    const b0 = first + j * inner;
    const b1 = b0 + inner;
    const b2 = b1 + inner;
    const b3 = b2 + inner;
    for (let i = 0; i < inner; i++) acc[i]! += x[b0 + i]! + x[b1 + i]! + x[b2 + i]! + x[b3 + i]!;
  }
  for (; j < r; j++) {
    const b = first + j * inner;
    for (let i = 0; i < inner; i++) acc[i]! += x[b + i]!;
  }
}

/** `out[o, i] = Π_j x[o, j, i]` (1 for an empty block). int32 products wrap modulo 2³² (as NumPy's int32). */
export function prodKernel(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  out: TypedArray,
  wrapInt: boolean,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * r;
      if (wrapInt) {
        let p = 1;
        for (let j = 0; j < r; j++) p = Math.imul(p, x[base + j]!);
        out[o] = p;
      } else {
        let p = 1;
        for (let j = 0; j < r; j++) p *= x[base + j]!;
        out[o] = p;
      }
    }
    return;
  }
  const acc = work(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(1, 0, inner);
    for (let j = 0; j < r; j++) {
      const base = (o * r + j) * inner;
      if (wrapInt) for (let i = 0; i < inner; i++) acc[i] = Math.imul(acc[i]!, x[base + i]!);
      else for (let i = 0; i < inner; i++) acc[i]! *= x[base + i]!;
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i]!;
  }
}

// ---- max, min, argmax, argmin -------------------------------------------------------------------

/**
 * `out[o, i] = max_j x[o, j, i]` (`isMax`) or min; NaN propagates (a NaN anywhere gives NaN). Requires
 * `r >= 1`. Accumulates in `out` itself (same dtype, exact).
 */
export function extremumKernel(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  out: TypedArray,
  isMax: boolean,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * r;
      let m = x[base]!;
      if (isMax) {
        for (let j = 1; j < r; j++) {
          const v = x[base + j]!;
          if (v > m || v !== v) m = v;
          if (m !== m) break;
        }
      } else {
        for (let j = 1; j < r; j++) {
          const v = x[base + j]!;
          if (v < m || v !== v) m = v;
          if (m !== m) break;
        }
      }
      out[o] = m;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const first = o * r * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = x[first + i]!;
    for (let j = 1; j < r; j++) {
      const base = (o * r + j) * inner;
      if (isMax) {
        for (let i = 0; i < inner; i++) {
          const v = x[base + i]!;
          const m = out[ob + i]!;
          if (v > m || v !== v) out[ob + i] = v;
        }
      } else {
        for (let i = 0; i < inner; i++) {
          const v = x[base + i]!;
          const m = out[ob + i]!;
          if (v < m || v !== v) out[ob + i] = v;
        }
      }
    }
  }
}

/**
 * `out[o, i] = argmax_j x[o, j, i]` (or argmin): the first index of the extremum; a NaN counts as the
 * extremum (the first NaN wins, as NumPy). Requires `r >= 1`.
 */
export function argExtremumKernel(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  out: Int32Array,
  isMax: boolean,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * r;
      let m = x[base]!;
      let best = 0;
      if (m === m) {
        for (let j = 1; j < r; j++) {
          const v = x[base + j]!;
          if (v !== v) {
            best = j;
            break;
          }
          if (isMax ? v > m : v < m) {
            m = v;
            best = j;
          }
        }
      }
      out[o] = best;
    }
    return;
  }
  const best = work(inner);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const first = o * r * inner;
    for (let i = 0; i < inner; i++) {
      best[i] = x[first + i]!;
      out[ob + i] = 0;
    }
    for (let j = 1; j < r; j++) {
      const base = (o * r + j) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[base + i]!;
        const m = best[i]!;
        // Once the best is NaN it stays (NaN compares false); a new NaN replaces a number.
        if (m === m && (v !== v || (isMax ? v > m : v < m))) {
          best[i] = v;
          out[ob + i] = j;
        }
      }
    }
  }
}

// ---- logSumExp ----------------------------------------------------------------------------------

/**
 * `out[o, i] = log Σ_j exp(x[o, j, i])`, computed as `m + log Σ exp(x − m)` with `m` the maximum, so it
 * neither overflows nor underflows. A block whose maximum is not finite gives that maximum (−∞ for an
 * all −∞ block, +∞ if any +∞, NaN if any NaN); an empty block gives −∞.
 */
export function logSumExpKernel(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  out: TypedArray,
): void {
  if (r === 0) {
    out.fill(Number.NEGATIVE_INFINITY, 0, outer * inner);
    return;
  }
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * r;
      let m = x[base]!;
      for (let j = 1; j < r; j++) {
        const v = x[base + j]!;
        if (v > m || v !== v) m = v;
      }
      if (m === Number.POSITIVE_INFINITY || m === Number.NEGATIVE_INFINITY || m !== m) {
        out[o] = m;
        continue;
      }
      let s = 0;
      for (let j = 0; j < r; j++) s += Math.exp(x[base + j]! - m);
      out[o] = m + Math.log(s);
    }
    return;
  }
  const mx = work(inner);
  const s = work2(inner);
  for (let o = 0; o < outer; o++) {
    const first = o * r * inner;
    for (let i = 0; i < inner; i++) {
      mx[i] = x[first + i]!;
      s[i] = 0;
    }
    for (let j = 1; j < r; j++) {
      const base = (o * r + j) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[base + i]!;
        if (v > mx[i]! || v !== v) mx[i] = v;
      }
    }
    // Non-finite maxima: subtract 0 instead (their sums are not used).
    for (let j = 0; j < r; j++) {
      const base = (o * r + j) * inner;
      for (let i = 0; i < inner; i++) {
        const m = mx[i]!;
        s[i]! += Math.exp(x[base + i]! - (m - m === 0 ? m : 0));
      }
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) {
      const m = mx[i]!;
      out[ob + i] = m - m === 0 ? m + Math.log(s[i]!) : m;
    }
  }
}

// ---- variance -----------------------------------------------------------------------------------

/**
 * Population-style variance `Σ_j (x − μ)² / (r − ddof)` per `[o, i]`, fused in two passes: the mean, then
 * the centred sums `Σd²` and `Σd` (with `d = x − μ`), combined as `(Σd² − (Σd)²/r) / (r − ddof)` (the
 * corrected two-pass algorithm; exact for large means, unlike `E[x²] − E[x]²`). `sqrt` gives the standard
 * deviation. A divisor `r − ddof <= 0` gives NaN. For `inner > 1` the centred sums of a large float32 block
 * come from the WASM column moments (`streamColumnMoments`), else from {@link centredSums}.
 */
export function varianceKernel(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  ddof: number,
  out: TypedArray,
  sqrt: boolean,
): void {
  const div = r - ddof;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * r;
      const mu = sumRow(x, base, r) / r;
      // Centred sums with two independent chains each.
      let ss0 = 0;
      let ss1 = 0;
      let sd0 = 0;
      let sd1 = 0;
      let j = base;
      const end = base + r;
      for (; j + 2 <= end; j += 2) {
        const d0 = x[j]! - mu;
        const d1 = x[j + 1]! - mu;
        ss0 += d0 * d0;
        ss1 += d1 * d1;
        sd0 += d0;
        sd1 += d1;
      }
      if (j < end) {
        const d = x[j]! - mu;
        ss0 += d * d;
        sd0 += d;
      }
      const ss = ss0 + ss1;
      const sd = sd0 + sd1;
      const v = div > 0 ? Math.max(0, (ss - (sd * sd) / r) / div) : Number.NaN;
      out[o] = sqrt ? Math.sqrt(v) : v;
    }
    return;
  }
  const mu = work(inner);
  const acc = work2(2 * inner); // [Σd² | Σd]
  for (let o = 0; o < outer; o++) {
    const first = o * r * inner;
    // Large float32 blocks: the WebAssembly SIMD column moments (same sums, float64, memory read once).
    if (!(x instanceof Float32Array && streamColumnMoments(x, first, r, inner, acc))) {
      centredSums(x, first, r, inner, mu, acc);
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) {
      const sd = acc[inner + i]!;
      const v = div > 0 ? Math.max(0, (acc[i]! - (sd * sd) / r) / div) : Number.NaN;
      out[ob + i] = sqrt ? Math.sqrt(v) : v;
    }
  }
}

/**
 * Two-pass centred sums of the `[r, inner]` block at `x[first…]`: the column means into `mu`, then
 * `acc[i] = Σ_j d²` and `acc[inner + i] = Σ_j d` with `d = x[first + j·inner + i] − mu[i]`.
 */
function centredSums(
  x: TypedArray,
  first: number,
  r: number,
  inner: number,
  mu: Float64Array,
  acc: Float64Array,
): void {
  mu.fill(0, 0, inner);
  acc.fill(0, 0, 2 * inner);
  addRows(x, first, r, inner, mu);
  for (let i = 0; i < inner; i++) mu[i]! /= r;
  // Centred sums, four rows per sweep (as addRows).
  let j = 0;
  for (; j + 4 <= r; j += 4) {
    const b0 = first + j * inner;
    const b1 = b0 + inner;
    const b2 = b1 + inner;
    const b3 = b2 + inner;
    for (let i = 0; i < inner; i++) {
      const m = mu[i]!;
      const d0 = x[b0 + i]! - m;
      const d1 = x[b1 + i]! - m;
      const d2 = x[b2 + i]! - m;
      const d3 = x[b3 + i]! - m;
      acc[i]! += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
      acc[inner + i]! += d0 + d1 + d2 + d3;
    }
  }
  for (; j < r; j++) {
    const base = first + j * inner;
    for (let i = 0; i < inner; i++) {
      const d = x[base + i]! - mu[i]!;
      acc[i]! += d * d;
      acc[inner + i]! += d;
    }
  }
}

// ---- norms (last-axis layout: inner = 1) --------------------------------------------------------

/**
 * Vector p-norms of `outer` contiguous rows of `r` values: `ord` 1, 2, ±∞ or any finite `p >= 1`.
 * The 2-norm and p-norms rescale by the largest magnitude when the plain sum would overflow or underflow.
 * Empty rows give 0 (`+∞` for the `−∞` norm, the minimum over nothing).
 */
export function normKernel(x: TypedArray, outer: number, r: number, ord: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    const base = o * r;
    let res: number;
    if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
      const isMax = ord > 0;
      res = isMax ? 0 : Number.POSITIVE_INFINITY;
      for (let j = 0; j < r; j++) {
        const a = Math.abs(x[base + j]!);
        if (isMax ? a > res : a < res) res = a;
        else if (a !== a) res = a;
        if (res !== res) break;
      }
    } else if (ord === 1) {
      res = 0;
      for (let j = 0; j < r; j++) res += Math.abs(x[base + j]!);
    } else if (ord === 2) {
      let ss = 0;
      for (let j = 0; j < r; j++) {
        const v = x[base + j]!;
        ss += v * v;
      }
      res = Math.sqrt(ss);
      if (res === Number.POSITIVE_INFINITY || res < 1e-150) res = scaledPNorm(x, base, r, 2);
    } else {
      res = scaledPNorm(x, base, r, ord);
    }
    out[o] = res;
  }
}

/** `m · (Σ (|x|/m)^p)^(1/p)` with `m` the largest magnitude: overflow-free. */
function scaledPNorm(x: TypedArray, base: number, r: number, p: number): number {
  let m = 0;
  for (let j = 0; j < r; j++) {
    const a = Math.abs(x[base + j]!);
    if (a > m || a !== a) m = a;
  }
  if (m === 0 || m !== m || m === Number.POSITIVE_INFINITY) return m;
  let s = 0;
  for (let j = 0; j < r; j++) s += (Math.abs(x[base + j]!) / m) ** p;
  return m * s ** (1 / p);
}
