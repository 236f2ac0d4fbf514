/**
 * Matrix-multiply kernel: `C = op(A) · op(B)` for one row-major matrix pair, `op` being the identity or the
 * transpose. Knows nothing of `Tensor`; the batched driver and the op live in `ops/linalg`. A faster kernel
 * (WebAssembly SIMD) replaces {@link matmulKernel} without touching any op: it receives the same four
 * transpose combinations.
 *
 * Design (GotoBLAS/BLIS structure, scaled to JavaScript):
 * - `op(B)` is packed, one `KC × NC` block at a time, into `NR`-column panels, and `op(A)` into `MR`-row
 *   panels, both as contiguous `Float64Array`s. Packing absorbs the transposes (each combination has its
 *   own packing loop reading its operand contiguously where it can) and the dtype, so the hot micro-kernel
 *   is one monomorphic loop over `Float64Array`s whatever the dtype and layout.
 * - The micro-kernel keeps an `MR × NR = 4 × 4` tile of `C` in local variables over the `KC` depth.
 * - Accumulation is in float64; results are rounded to the output dtype once (int32 wraps modulo 2³², as
 *   NumPy's int32 matmul does).
 * - Small products (few rows or columns, tiny depth) skip packing: a direct i-k-j loop over a float64 row.
 * - float32 products of at least {@link WASM_MIN_WORK} multiply-adds and two columns run in WebAssembly SIMD instead
 *   (`wasm/matmul.ts`: 6 × 8 register tile, float32 accumulation) when the engine supports it; this JavaScript
 *   kernel serves float64, int32, small products and engines without WASM SIMD (or `STEPWISE_WASM=0`).
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';
import { wasmMatmulF32 } from '../wasm/matmul.js';

/**
 * Smallest `m·n·k` sent to the WASM kernel: below it the call and copies cost more than the JavaScript loop
 * saves (measured with `scripts/wasm-matmul-measure.ts`: at 8³ the WASM kernel is already 7× faster).
 * Single-column products (matrix-vector, dot) stay in JavaScript: the 6 × 8 tile would be 7/8 padding.
 */
export const WASM_MIN_WORK = 512;

const MR = 4;
const NR = 4;
/** Depth of a packed block: an `MR × KC` panel of A (8 KiB) stays in L1. */
const KC = 256;
/** Width of a packed block of B: `KC × NC` doubles (512 KiB) stay in L2. */
const NC = 256;

/** Scratch buffers, allocated on first use and reused (kernels are synchronous, so one set suffices). */
let packA = new Float64Array(0);
let packB = new Float64Array(0);
let accC = new Float64Array(0);
/** Largest float64 accumulator of C kept between calls (2 MiB). */
const KEEP_ACC = 1 << 18;

/**
 * Writes `C[cOff …] = op(A) · op(B)` where `op(A)` is `m × k` and `op(B)` is `k × n`. `A` is stored row-major
 * as `m × k` (or `k × m` when `transA`), `B` as `k × n` (or `n × k` when `transB`), `C` as `m × n`.
 * Overwrites `C`'s block (no accumulation into previous contents).
 */
export function matmulKernel(
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  c: TypedArray,
  cOff: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOff, cOff + m * n);
    return;
  }
  if (
    c instanceof Float32Array &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    n > 1 &&
    m * n * k >= WASM_MIN_WORK &&
    wasmMatmulF32(a, aOff, b, bOff, c, cOff, m, n, k, transA, transB)
  ) {
    return;
  }
  if (m < MR || n < NR || k < 8 || m * n * k < 8192) {
    smallMatmul(a, aOff, b, bOff, c, cOff, m, n, k, transA, transB);
    return;
  }
  // float64 accumulator for C when the depth is split into several blocks and C is not float64 already.
  const direct = c instanceof Float64Array;
  const blocks = Math.ceil(k / KC);
  let acc: Float64Array;
  let accOff: number;
  if (direct) {
    acc = c;
    accOff = cOff;
  } else if (blocks > 1) {
    // Reused when small; a large accumulator is allocated per call so it is not retained.
    if (m * n > KEEP_ACC) acc = new Float64Array(m * n);
    else {
      if (accC.length < m * n) accC = new Float64Array(KEEP_ACC);
      acc = accC;
    }
    accOff = 0;
  } else {
    acc = accC; // unused: single depth block stores straight to c
    accOff = 0;
  }
  const kcMax = Math.min(KC, k);
  const ncMax = Math.min(NC, roundUp(n, NR));
  if (packB.length < kcMax * ncMax) packB = new Float64Array(kcMax * ncMax);
  if (packA.length < MR * kcMax) packA = new Float64Array(MR * kcMax);
  const pa = packA;
  const pb = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      if (transB) packBTrans(b, bOff, k, pc, kc, jc, nc, pb);
      else packBPlain(b, bOff, n, pc, kc, jc, nc, pb);
      const first = pc === 0;
      const last = pc + kc === k;
      for (let ic = 0; ic < m; ic += MR) {
        const mr = Math.min(MR, m - ic);
        if (transA) packATrans(a, aOff, m, ic, mr, pc, kc, pa);
        else packAPlain(a, aOff, k, ic, mr, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          micro(pa, pb, jr * kc, kc, tile);
          if (direct || blocks > 1) {
            storeTileF64(tile, acc, accOff + ic * n + jc + jr, n, mr, nr, first);
          } else {
            storeTile(tile, c, cOff + ic * n + jc + jr, n, mr, nr);
          }
          if (!direct && blocks > 1 && last) {
            copyTile(acc, accOff + ic * n + jc + jr, c, cOff + ic * n + jc + jr, n, mr, nr);
          }
        }
      }
    }
  }
}

const tile = new Float64Array(MR * NR);

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r;

/** The 4×4 micro-kernel: `tile = Ap(4 × kc) · Bp(kc × 4)` over packed panels. */
function micro(pa: Float64Array, pb: Float64Array, bStart: number, kc: number, t: Float64Array): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let ap = 0;
  let bp = bStart;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ap]!;
    const a1 = pa[ap + 1]!;
    const a2 = pa[ap + 2]!;
    const a3 = pa[ap + 3]!;
    const b0 = pb[bp]!;
    const b1 = pb[bp + 1]!;
    const b2 = pb[bp + 2]!;
    const b3 = pb[bp + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    ap += 4;
    bp += 4;
  }
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
}

/** `acc[tile] (+)= t` for the valid `mr × nr` corner. */
function storeTileF64(
  t: Float64Array,
  acc: Float64Array,
  off: number,
  ld: number,
  mr: number,
  nr: number,
  overwrite: boolean,
): void {
  for (let i = 0; i < mr; i++) {
    const row = off + i * ld;
    if (overwrite) for (let j = 0; j < nr; j++) acc[row + j] = t[i * NR + j]!;
    else for (let j = 0; j < nr; j++) acc[row + j]! += t[i * NR + j]!;
  }
}

/** `c[tile] = t` (rounded to c's dtype) for the valid `mr × nr` corner. */
function storeTile(t: Float64Array, c: TypedArray, off: number, ld: number, mr: number, nr: number): void {
  for (let i = 0; i < mr; i++) {
    const row = off + i * ld;
    for (let j = 0; j < nr; j++) c[row + j] = t[i * NR + j]!;
  }
}

function copyTile(
  acc: Float64Array,
  accOff: number,
  c: TypedArray,
  cOff: number,
  ld: number,
  mr: number,
  nr: number,
): void {
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) c[cOff + i * ld + j] = acc[accOff + i * ld + j]!;
  }
}

/** Packs rows `ic…ic+mr` × depth `pc…pc+kc` of `A` (`m × k`, row-major) as `pa[p·MR + i]`, zero-padded. */
function packAPlain(
  a: TypedArray,
  aOff: number,
  k: number,
  ic: number,
  mr: number,
  pc: number,
  kc: number,
  pa: Float64Array,
): void {
  for (let i = 0; i < MR; i++) {
    if (i < mr) {
      const src = aOff + (ic + i) * k + pc;
      for (let p = 0; p < kc; p++) pa[p * MR + i] = a[src + p]!;
    } else {
      for (let p = 0; p < kc; p++) pa[p * MR + i] = 0;
    }
  }
}

/** As {@link packAPlain} for `A` stored transposed (`k × m`): each depth step reads `mr` contiguous values. */
function packATrans(
  a: TypedArray,
  aOff: number,
  m: number,
  ic: number,
  mr: number,
  pc: number,
  kc: number,
  pa: Float64Array,
): void {
  for (let p = 0; p < kc; p++) {
    const src = aOff + (pc + p) * m + ic;
    const dst = p * MR;
    for (let i = 0; i < mr; i++) pa[dst + i] = a[src + i]!;
    for (let i = mr; i < MR; i++) pa[dst + i] = 0;
  }
}

/**
 * Packs depth `pc…pc+kc` × columns `jc…jc+nc` of `B` (`k × n`, row-major) into `NR`-column panels:
 * panel `q` holds `pb[q·NR·kc + p·NR + j]`, zero-padded at the right edge.
 */
function packBPlain(
  b: TypedArray,
  bOff: number,
  n: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  pb: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const base = jr * kc;
    for (let p = 0; p < kc; p++) {
      const src = bOff + (pc + p) * n + jc + jr;
      const dst = base + p * NR;
      for (let j = 0; j < nr; j++) pb[dst + j] = b[src + j]!;
      for (let j = nr; j < NR; j++) pb[dst + j] = 0;
    }
  }
}

/** As {@link packBPlain} for `B` stored transposed (`n × k`): each column is a contiguous run of depth. */
function packBTrans(
  b: TypedArray,
  bOff: number,
  k: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  pb: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const base = jr * kc;
    for (let j = 0; j < NR; j++) {
      if (j < nr) {
        const src = bOff + (jc + jr + j) * k + pc;
        for (let p = 0; p < kc; p++) pb[base + p * NR + j] = b[src + p]!;
      } else {
        for (let p = 0; p < kc; p++) pb[base + p * NR + j] = 0;
      }
    }
  }
}

let rowAcc = new Float64Array(0);

/** Direct loops for small or thin products; float64 accumulation. */
function smallMatmul(
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  c: TypedArray,
  cOff: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): void {
  // op(A)[i, p] = a[aOff + i·ars + p·acs]; op(B)[p, j] = b[bOff + p·brs + j·bcs].
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  if (!transB && n > 1 && n < NR && !transA && k >= 64) {
    // A few long columns (e.g. `[m, k] @ [k, 2]`): copy them out contiguously, then take dot products.
    const bt = new Float64Array(n * k);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[bOff + p * n + j]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) c[cOff + i * n + j] = dotContiguous(a, aOff + i * k, bt, j * k, k);
    }
    return;
  }
  if (transB || n === 1) {
    // Dot products of rows of op(A) with columns of op(B), each a contiguous run of B when B is stored
    // transposed or has a single column (matrix-vector products).
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const ab = aOff + i * ars;
        const bb = bOff + j * k;
        c[cOff + i * n + j] = acs === 1 ? dotContiguous(a, ab, b, bb, k) : dotStrided(a, ab, acs, b, bb, k);
      }
    }
    return;
  }
  // i-k-j: accumulate row i of C in float64 over contiguous rows of B.
  if (rowAcc.length < n && n <= KEEP_ACC) rowAcc = new Float64Array(n);
  const acc = rowAcc.length >= n ? rowAcc : new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    const ab = aOff + i * ars;
    for (let p = 0; p < k; p++) {
      const av = a[ab + p * acs]!;
      const bb = bOff + p * n;
      for (let j = 0; j < n; j++) acc[j]! += av * b[bb + j]!;
    }
    const cb = cOff + i * n;
    for (let j = 0; j < n; j++) c[cb + j] = acc[j]!;
  }
}

/** `Σ_p a[ai + p] · b[bi + p]` with four independent partial sums (latency-bound otherwise). */
function dotContiguous(a: TypedArray, ai: number, b: TypedArray, bi: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    s0 += a[ai + p]! * b[bi + p]!;
    s1 += a[ai + p + 1]! * b[bi + p + 1]!;
    s2 += a[ai + p + 2]! * b[bi + p + 2]!;
    s3 += a[ai + p + 3]! * b[bi + p + 3]!;
  }
  for (; p < k; p++) s0 += a[ai + p]! * b[bi + p]!;
  return s0 + s1 + (s2 + s3);
}

/** `Σ_p a[ai + p·as] · b[bi + p]`. */
function dotStrided(a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += a[ai + p * as]! * b[bi + p]!;
  return s;
}
