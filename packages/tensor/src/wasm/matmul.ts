/**
 * float32 matmul through the WebAssembly SIMD kernel (`asm/matmul.ts`): copies the operands into the shared
 * WASM memory with `TypedArray.set`, runs the blocked kernel (on one thread, or split by output columns
 * over the worker pool), and copies the product out into the caller's JS-heap buffer. Same contract as
 * `kernels/matmul.ts`'s `matmulKernel` for float32 arrays. @internal
 * @module
 */
import { countCopies, ensureBytes, getRuntime, wasmAvailable } from './runtime.js';

/** Worker threads the memory layout reserves packing buffers for (this machine has two cores). */
export const MAX_THREADS = 2;
/** Bytes of each thread's edge-tile scratch (a 6 × 8 float32 tile is 192 bytes). */
const SCRATCH = 256;
const ALIGN = 64;

const alignUp = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

/** Byte offsets of one call's regions in the memory. */
export interface Layout {
  readonly pack: number;
  readonly packStride: number;
  readonly paBytes: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly end: number;
}

/** Scratch tiles at the bottom, then each thread's packing buffers, then `A`, `B` and `C`. */
export function layout(paBytes: number, pbBytes: number, aLen: number, bLen: number, cLen: number): Layout {
  const pack = alignUp(MAX_THREADS * SCRATCH);
  const packStride = alignUp(paBytes) + alignUp(pbBytes);
  const a = pack + MAX_THREADS * packStride;
  const b = alignUp(a + aLen * 4);
  const c = alignUp(b + bLen * 4);
  return { pack, packStride, paBytes: alignUp(paBytes), a, b, c, end: c + cLen * 4 };
}

/**
 * `C[cOff …] = op(A) · op(B)` as `matmulKernel`, for float32 arrays, in WebAssembly.
 * @returns false (having written nothing) when WASM SIMD is unavailable or disabled, or the operands do not
 *   fit the memory's maximum; the caller then runs the JavaScript kernel.
 */
export function wasmMatmulF32(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): boolean {
  if (!wasmAvailable()) return false;
  const rt = getRuntime();
  if (rt === null) return false;
  const x = rt.exports;
  const aLen = m * k;
  const bLen = k * n;
  const cLen = m * n;
  const L = layout(x.packABytes(), x.packBBytes(), aLen, bLen, cLen);
  if (!ensureBytes(rt, L.end)) return false;
  const f32 = rt.f32;
  f32.set(aOff === 0 && a.length === aLen ? a : a.subarray(aOff, aOff + aLen), L.a >> 2);
  f32.set(bOff === 0 && b.length === bLen ? b : b.subarray(bOff, bOff + bLen), L.b >> 2);
  const ta = transA ? 1 : 0;
  const tb = transB ? 1 : 0;
  x.gemm(L.a, L.b, L.c, m, n, k, ta, tb, 0, n, L.pack, L.pack + L.paBytes, 0);
  c.set(f32.subarray(L.c >> 2, (L.c >> 2) + cLen), cOff);
  countCopies((aLen + bLen) * 4, cLen * 4);
  return true;
}
