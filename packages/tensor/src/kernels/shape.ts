/**
 * Data-movement kernels for the shape ops: strided box copies (slice, pad, general transpose), a
 * cache-blocked 2-D transpose, concatenation, gather / scatter-add (take and its gradient) and one-hot.
 * Loops over typed arrays only; they know nothing of `Tensor`. Source and destination of a copy always
 * have the same typed-array type (the ops cast first).
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';

/** Rows at least this long are copied with `TypedArray.set` (one memcpy) instead of a loop. */
const SET_MIN = 32;

/** Side of the square tiles of the blocked 2-D transpose (32×32 float64 = 8 KiB per tile, fits L1). */
const TILE = 32;

/** Copies `n` contiguous elements `src[s..s+n)` to `dst[d..d+n)`. */
export function copyRun(dst: TypedArray, d: number, src: TypedArray, s: number, n: number): void {
  if (n >= SET_MIN) (dst as Float64Array).set((src as Float64Array).subarray(s, s + n), d);
  else for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
}

/**
 * Copies a box of `shape` from `src` (starting at `sOff`, element strides `sStrides`) to `dst` (starting
 * at `dOff`, strides `dStrides`). Trailing axes that are linear in both arrays are merged into long rows;
 * unit-stride rows of 32 elements or more are copied with `TypedArray.set`, and long rows that repeat one
 * source element (source stride 0, as in a broadcast) are written with `TypedArray.fill`.
 */
export function stridedCopy(
  dst: TypedArray,
  dOff: number,
  dStrides: readonly number[],
  src: TypedArray,
  sOff: number,
  sStrides: readonly number[],
  shape: readonly number[],
): void {
  const rank = shape.length;
  for (let i = 0; i < rank; i++) if (shape[i] === 0) return;
  if (rank === 0) {
    dst[dOff] = src[sOff]!;
    return;
  }
  let inner = shape[rank - 1]!;
  const ds = dStrides[rank - 1]!;
  const ss = sStrides[rank - 1]!;
  let k = rank - 1;
  while (k > 0) {
    const d = k - 1;
    if (dStrides[d] !== ds * inner || sStrides[d] !== ss * inner) break;
    inner *= shape[d]!;
    k = d;
  }
  const contiguous = ds === 1 && ss === 1;
  const splat = ds === 1 && ss === 0 && inner >= SET_MIN;
  const outerRank = k;
  let rows = 1;
  for (let d = 0; d < outerRank; d++) rows *= shape[d]!;
  const idx = new Int32Array(outerRank);
  let so = sOff;
  let dp = dOff;
  for (let r = 0; r < rows; r++) {
    if (contiguous) copyRun(dst, dp, src, so, inner);
    else if (splat) (dst as Float64Array).fill(src[so]!, dp, dp + inner);
    else for (let i = 0; i < inner; i++) dst[dp + i * ds] = src[so + i * ss]!;
    for (let d = outerRank - 1; d >= 0; d--) {
      const n = shape[d]!;
      idx[d]!++;
      so += sStrides[d]!;
      dp += dStrides[d]!;
      if (idx[d]! < n) break;
      so -= sStrides[d]! * n;
      dp -= dStrides[d]! * n;
      idx[d] = 0;
    }
  }
}

/**
 * Cache-blocked 2-D transpose with row strides: `dst[dOff + j·dStride + i] = src[sOff + i·sStride + j]` for
 * `i < rows`, `j < cols`, in `TILE × TILE` tiles so that both the strided reads and the contiguous writes
 * stay in cache. With `dStride = rows` and `sStride = cols` it transposes one dense matrix.
 */
export function transpose2d(
  dst: TypedArray,
  dOff: number,
  dStride: number,
  src: TypedArray,
  sOff: number,
  sStride: number,
  rows: number,
  cols: number,
): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let j = j0; j < j1; j++) {
        const d = dOff + j * dStride;
        const s = sOff + j;
        for (let i = i0; i < i1; i++) dst[d + i] = src[s + i * sStride]!;
      }
    }
  }
}

/**
 * Writes the axis permutation `perm` of `src` (row-major, shape `shape`) into `dst`:
 * `dst[i_perm[0], …, i_perm[r-1]] = src[i_0, …, i_{r-1}]`. Unit axes are dropped and axes that stay adjacent
 * are merged first. What is left is a plain copy, or a series of cache-blocked 2-D transposes between the
 * output's last axis and the input's last axis (one per index of the other axes), so every permutation
 * reads and writes in tiles: `[M, N] → [N, M]`, `[B, M, N] → [B, N, M]`, NCHW ↔ NHWC and the rest.
 */
export function transposeKernel(
  dst: TypedArray,
  src: TypedArray,
  shape: readonly number[],
  perm: readonly number[],
): void {
  if (src.length === 0) return;
  if (perm.length === 2 && perm[0] === 1) {
    // The common matrix transpose, without the general set-up.
    transpose2d(dst, 0, shape[0]!, src, 0, shape[1]!, shape[0]!, shape[1]!);
    return;
  }
  // Drop unit axes (they do not move data) and renumber the others in input order: axis a → rankOf[a].
  const r0 = perm.length;
  const rankOf = new Int32Array(r0);
  const kept: number[] = [];
  for (let a = 0; a < r0; a++) {
    rankOf[a] = kept.length;
    if (shape[a] !== 1) kept.push(shape[a]!);
  }
  // Merge runs of output axes whose input axes are consecutive: each run is one axis of a smaller problem.
  // isStart[b]: input axis b (renumbered) starts a run; runOf[b]: the output position of that run.
  const nk = kept.length;
  const isStart = new Uint8Array(nk);
  const runOf = new Int32Array(nk);
  const runFirst: number[] = [];
  let prev = -2;
  for (let i = 0; i < r0; i++) {
    if (shape[perm[i]!] === 1) continue;
    const b = rankOf[perm[i]!]!;
    if (b !== prev + 1) {
      isStart[b] = 1;
      runOf[b] = runFirst.length;
      runFirst.push(b);
    }
    prev = b;
  }
  // inShape: the merged input shape (runs in input order); p2[j]: merged input axis of output run j.
  const inShape: number[] = [];
  const mergedOf = new Int32Array(runFirst.length);
  for (let b = 0; b < nk; b++) {
    if (isStart[b] === 1) {
      mergedOf[runOf[b]!] = inShape.length;
      inShape.push(kept[b]!);
    } else inShape[inShape.length - 1]! *= kept[b]!;
  }
  const p2 = Array.from(mergedOf);
  const r = p2.length;
  if (r <= 1) {
    copyRun(dst, 0, src, 0, src.length);
    return;
  }
  const inStrides = rowMajorStrides(inShape);
  const outShape = p2.map((a) => inShape[a]!);
  const outStrides = rowMajorStrides(outShape);
  const readStrides = p2.map((a) => inStrides[a]!);
  // Output axis k is the input's last (contiguous) axis; the output's last axis reads input axis p2[r-1].
  const k = p2.indexOf(r - 1);
  if (k === r - 1) {
    // The last axis stays last (e.g. [1, 0, 2]): whole rows are contiguous on both sides, so row copies.
    stridedCopy(dst, 0, outStrides, src, 0, readStrides, outShape);
    return;
  }
  // Blocked 2-D transposes of (output's last axis × input's last axis), over every other axis.
  const rows = outShape[r - 1]!;
  const sStride = readStrides[r - 1]!;
  const cols = outShape[k]!;
  const dStride = outStrides[k]!;
  const rest: number[] = [];
  for (let i = 0; i < r - 1; i++) if (i !== k) rest.push(i);
  const n = rest.length;
  const idx = new Int32Array(n);
  let count = 1;
  for (const a of rest) count *= outShape[a]!;
  let dOff = 0;
  let sOff = 0;
  for (let c = 0; c < count; c++) {
    transpose2d(dst, dOff, dStride, src, sOff, sStride, rows, cols);
    for (let q = n - 1; q >= 0; q--) {
      const a = rest[q]!;
      const len = outShape[a]!;
      idx[q]!++;
      dOff += outStrides[a]!;
      sOff += readStrides[a]!;
      if (idx[q]! < len) break;
      dOff -= outStrides[a]! * len;
      sOff -= readStrides[a]! * len;
      idx[q] = 0;
    }
  }
}

/** Row-major strides of a shape. */
function rowMajorStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = acc;
    acc *= shape[i]!;
  }
  return out;
}

/**
 * Concatenation viewed as `outer` rows: row `o` of the output is the `o`-th chunk of every source in turn,
 * source `k` contributing `chunks[k]` contiguous elements. With `outer = 1` (axis 0) each source is one block copy.
 */
export function concatKernel(
  dst: TypedArray,
  srcs: readonly TypedArray[],
  chunks: readonly number[],
  outer: number,
): void {
  let row = 0;
  for (const c of chunks) row += c;
  let off = 0;
  for (let k = 0; k < srcs.length; k++) {
    const src = srcs[k]!;
    const c = chunks[k]!;
    if (c > 0) for (let o = 0; o < outer; o++) copyRun(dst, o * row + off, src, o * c, c);
    off += c;
  }
}

/**
 * Gather along the middle axis of `src` viewed as `[outer, dim, inner]`:
 * `dst[o, j, i] = src[o, idx[j], i]`. Indices are already validated and in `[0, dim)`.
 */
export function gatherKernel(
  dst: TypedArray,
  src: TypedArray,
  outer: number,
  dim: number,
  inner: number,
  idx: Int32Array,
): void {
  const n = idx.length;
  if (inner === 1) {
    // Gathering single elements (e.g. along the last axis): no per-element call.
    for (let o = 0; o < outer; o++) {
      const d = o * n;
      const s = o * dim;
      for (let j = 0; j < n; j++) dst[d + j] = src[s + idx[j]!]!;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      copyRun(dst, (o * n + j) * inner, src, (o * dim + idx[j]!) * inner, inner);
    }
  }
}

/**
 * Scatter-add, the transpose of {@link gatherKernel}: `dst[o, idx[j], i] += g[o, j, i]`, with `dst` (viewed as
 * `[outer, dim, inner]`) zero on entry. Repeated indices accumulate.
 */
export function scatterAddKernel(
  dst: TypedArray,
  g: TypedArray,
  outer: number,
  dim: number,
  inner: number,
  idx: Int32Array,
): void {
  const n = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const d = (o * dim + idx[j]!) * inner;
      const s = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) dst[d + i]! += g[s + i]!;
    }
  }
}

/** `dst[j, c] = 1` where `c = idx[j]` is in `[0, depth)`; rows of other indices stay zero. `dst` is zero on entry. */
export function oneHotKernel(dst: TypedArray, idx: Int32Array, depth: number): void {
  for (let j = 0; j < idx.length; j++) {
    const c = idx[j]!;
    if (c >= 0 && c < depth) dst[j * depth + c] = 1;
  }
}
