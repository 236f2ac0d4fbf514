/**
 * float32 matrix multiply in WebAssembly SIMD (AssemblyScript source of `src/wasm/matmulModule.ts`;
 * rebuild with `node packages/tensor/scripts/build-wasm.mjs`).
 *
 * `C[:, j0:j1] = op(A) · op(B)[:, j0:j1]` on operands already in linear memory (`A` is `m × k`, or `k × m`
 * when `transA`; `B` is `k × n`, or `n × k` when `transB`; `C` is `m × n`; all row-major float32).
 * GotoBLAS/BLIS structure:
 * - the depth is cut into blocks of `KC`; for each block, a `KC × NC` slab of `op(B)` is packed into
 *   8-column panels (`pb`), then for each `MC`-row slab of `op(A)` the slab is packed into 6-row panels
 *   (`pa`); packing absorbs the four transpose combinations, so one micro-kernel serves them all;
 * - the micro-kernel holds a 6 × 8 tile of `C` in twelve `f32x4` accumulators over the block's depth, then
 *   stores it (first depth block) or adds it to `C` (later blocks).
 * Each element of `C` is summed in the same order whatever the column range, so splitting the columns among
 * threads gives bit-identical results. Built twice: with relaxed SIMD the multiply-add is
 * `f32x4.relaxed_madd` (fused on this hardware), otherwise `f32x4.mul` then `f32x4.add`.
 */

// @ts-nocheck — AssemblyScript, not TypeScript (v128, load/store and decorators are AssemblyScript builtins).

/** Rows of the register tile. */
const MR: i32 = 6;
/** Columns of the register tile (two f32x4). */
const NR: i32 = 8;
/** Depth of a packed block: a 6 × KC panel of A (6 KiB) and an 8 × KC panel of B (8 KiB) stay in L1. */
export const KC: i32 = 256;
/** Rows of a packed A slab: MC × KC floats (72 KiB) stay in L2. */
export const MC: i32 = 72;
/** Columns of a packed B slab: KC × NC floats (512 KiB) stay in L2. */
export const NC: i32 = 512;

/** Bytes of the A packing buffer one thread needs. */
export function packABytes(): i32 {
  return MC * KC * 4;
}

/** Bytes of the B packing buffer one thread needs. */
export function packBBytes(): i32 {
  return NC * KC * 4;
}

function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(c, f32x4.mul(a, b));
  }
}

/**
 * Packs depth `pc…pc+kc` × columns `jc…jc+nc` of `op(B)` into 8-column panels: panel `q` holds
 * `pb[q·8·kc + p·8 + j]`, zero-padded at the right edge.
 */
function packB(b: usize, n: i32, k: i32, transB: bool, pc: i32, kc: i32, jc: i32, nc: i32, pb: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const base = pb + <usize>(jr * kc) * 4;
    if (!transB) {
      // op(B)[p, j] = b[p·n + j]: rows are contiguous.
      let src = b + (<usize>pc * n + jc + jr) * 4;
      if (nr === NR) {
        for (let p = 0; p < kc; p++) {
          const dst = base + <usize>p * 32;
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += <usize>n * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const dst = base + <usize>p * 32;
          v128.store(dst, i32x4.splat(0));
          v128.store(dst, i32x4.splat(0), 16);
          for (let j = 0; j < nr; j++) store<f32>(dst + <usize>j * 4, load<f32>(src + <usize>j * 4));
          src += <usize>n * 4;
        }
      }
    } else {
      // op(B)[p, j] = b[j·k + p]: each column is a contiguous run of depth.
      if (nr < NR) {
        for (let p = 0; p < kc; p++) {
          const dst = base + <usize>p * 32;
          v128.store(dst, i32x4.splat(0));
          v128.store(dst, i32x4.splat(0), 16);
        }
      }
      for (let j = 0; j < nr; j++) {
        const src = b + (<usize>(jc + jr + j) * k + pc) * 4;
        const dst = base + <usize>j * 4;
        for (let p = 0; p < kc; p++) store<f32>(dst + <usize>p * 32, load<f32>(src + <usize>p * 4));
      }
    }
  }
}

/**
 * Packs rows `ic…ic+mc` × depth `pc…pc+kc` of `op(A)` into 6-row panels: panel `r` holds
 * `pa[r·6·kc + p·6 + i]`, zero-padded at the bottom edge.
 */
function packA(a: usize, m: i32, k: i32, transA: bool, ic: i32, mc: i32, pc: i32, kc: i32, pa: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const base = pa + <usize>(ir * kc) * 4;
    if (!transA) {
      // op(A)[i, p] = a[i·k + p]: rows are contiguous; gather one value of each row per depth step.
      for (let i = 0; i < MR; i++) {
        const dst = base + <usize>i * 4;
        if (i < mr) {
          const src = a + (<usize>(ic + ir + i) * k + pc) * 4;
          for (let p = 0; p < kc; p++) store<f32>(dst + <usize>p * 24, load<f32>(src + <usize>p * 4));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(dst + <usize>p * 24, 0);
        }
      }
    } else {
      // op(A)[i, p] = a[p·m + i]: each depth step reads six contiguous values.
      let src = a + (<usize>pc * m + ic + ir) * 4;
      if (mr === MR) {
        for (let p = 0; p < kc; p++) {
          const dst = base + <usize>p * 24;
          v128.store(dst, v128.load(src));
          store<u64>(dst, load<u64>(src, 16), 16);
          src += <usize>m * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const dst = base + <usize>p * 24;
          for (let i = 0; i < MR; i++)
            store<f32>(dst + <usize>i * 4, i < mr ? load<f32>(src + <usize>i * 4) : 0);
          src += <usize>m * 4;
        }
      }
    }
  }
}

/** Scratch 6 × 8 tile for edge tiles (the first 192 bytes above the static data; see `tileScratch`). */
let tile: usize = 0;

/**
 * The 6 × 8 micro-kernel: `T = Ap(6 × kc) · Bp(kc × 8)`; `C[tile] = T` when `first`, else `C[tile] += T`,
 * for the valid `mr × nr` corner (`ldc` in floats).
 */
function micro(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, mr: i32, nr: i32, first: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0);
  let c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0);
  let c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50);
    c51 = madd(a, b1, c51);
    ap += 24;
    bp += 32;
  }
  const ld = <usize>ldc * 4;
  if (mr === MR && nr === NR) {
    if (first) {
      v128.store(c, c00);
      v128.store(c, c01, 16);
      v128.store(c + ld, c10);
      v128.store(c + ld, c11, 16);
      v128.store(c + 2 * ld, c20);
      v128.store(c + 2 * ld, c21, 16);
      v128.store(c + 3 * ld, c30);
      v128.store(c + 3 * ld, c31, 16);
      v128.store(c + 4 * ld, c40);
      v128.store(c + 4 * ld, c41, 16);
      v128.store(c + 5 * ld, c50);
      v128.store(c + 5 * ld, c51, 16);
    } else {
      addTo(c, c00, c01);
      addTo(c + ld, c10, c11);
      addTo(c + 2 * ld, c20, c21);
      addTo(c + 3 * ld, c30, c31);
      addTo(c + 4 * ld, c40, c41);
      addTo(c + 5 * ld, c50, c51);
    }
    return;
  }
  const t = tile;
  v128.store(t, c00);
  v128.store(t, c01, 16);
  v128.store(t, c10, 32);
  v128.store(t, c11, 48);
  v128.store(t, c20, 64);
  v128.store(t, c21, 80);
  v128.store(t, c30, 96);
  v128.store(t, c31, 112);
  v128.store(t, c40, 128);
  v128.store(t, c41, 144);
  v128.store(t, c50, 160);
  v128.store(t, c51, 176);
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ld;
    const src = t + <usize>i * 32;
    for (let j = 0; j < nr; j++) {
      const d = row + <usize>j * 4;
      const v = load<f32>(src + <usize>j * 4);
      store<f32>(d, first ? v : load<f32>(d) + v);
    }
  }
}

function addTo(row: usize, lo: v128, hi: v128): void {
  v128.store(row, f32x4.add(v128.load(row), lo));
  v128.store(row, f32x4.add(v128.load(row, 16), hi), 16);
}

/**
 * `C[:, j0:j1] = op(A) · op(B)[:, j0:j1]` (see the module comment). `pa`/`pb` are this thread's packing
 * buffers (`packABytes()`/`packBBytes()` bytes) and `scratch` 192 bytes of its own; `k ≥ 1`.
 */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  transA: bool,
  transB: bool,
  j0: i32,
  j1: i32,
  pa: usize,
  pb: usize,
  scratch: usize,
): void {
  tile = scratch;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, n, k, transB, pc, kc, jc, nc, pb);
      const first = pc === 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, m, k, transA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = pb + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const cp = c + (<usize>(ic + ir) * n + jc + jr) * 4;
            micro(pa + <usize>(ir * kc) * 4, bp, kc, cp, n, mr, nr, first);
          }
        }
      }
    }
  }
}
