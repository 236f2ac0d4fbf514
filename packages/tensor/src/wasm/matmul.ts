/**
 * float32 matmul through the WebAssembly SIMD kernel (`asm/matmul.ts`): copies the operands into the shared
 * WASM memory with `TypedArray.set`, runs the blocked kernel (on one thread, or split by output columns
 * over the worker pool), and copies the product out into the caller's JS-heap buffer. Same contract as
 * `kernels/matmul.ts`'s `matmulKernel` for float32 arrays. @internal
 * @module
 */
import { MAX_CHUNKS, readyPool, SCRATCH, startPool } from './pool.js';
import { countCopies, ensureBytes, getRuntime, wasmAvailable } from './runtime.js';

/** Threads (main + workers) the memory layout reserves packing buffers for. */
export const MAX_THREADS = 4;
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
 * Smallest `2·m·n·k` split across threads: about 0.2 ms of one thread's work, against a wake-up of a few
 * microseconds. Estimated, not measured: during this work the machine was saturated by other processes (two
 * busy threads each ran 2–3× slower than one alone), so two threads never measured faster than one; the
 * dynamic chunking keeps the loss small when the second core is busy.
 */
let threadMinFlops = 2 * 128 * 128 * 128;
let threadCap = MAX_THREADS;

/** Sets the smallest `2·m·n·k` split across threads (tests use 0 to split tiny products). @internal */
export function setThreadThreshold(flops: number): void {
  threadMinFlops = flops;
}

/** Caps the threads used (1 = the main thread only); the split never changes a result. @internal */
export function setMaxThreads(t: number): void {
  threadCap = Math.max(1, Math.min(MAX_THREADS, Math.floor(t)));
}

/**
 * Starts the worker pool of the WASM matmul and resolves to the number of threads large float32 products
 * will use (1 where WASM SIMD or worker threads are unavailable). The pool also starts by itself on the first
 * large product, but only once the event loop turns, so a synchronous loop (or a benchmark) should await this
 * first. Workers never keep the process alive. Results never depend on the thread count.
 * @returns the thread count (main thread included)
 * @example
 * ```ts
 * import { startWasmPool } from '@stepwise/tensor/kernel';
 * const threads = await startWasmPool(); // 2 on a two-core machine
 * ```
 * @see TF.js `tf.wasm.setThreadsCount` (the WASM backend runs one thread under Node).
 * @category kernels
 * @since 0.1.0
 */
export async function startWasmPool(): Promise<number> {
  const rt = getRuntime();
  if (rt === null) return 1;
  const ok = await startPool(rt.module, rt.memory, MAX_THREADS - 1);
  const pool = readyPool();
  return ok && pool !== null ? 1 + pool.workers : 1;
}

let lastThreads = 0;

/** Threads the last WASM product ran on (tests). @internal */
export const lastThreadCount = (): number => lastThreads;

/** Threads for a product with `n` columns: the ready pool's, at least 64 columns each; starts the pool. */
function threadsFor(rt: NonNullable<ReturnType<typeof getRuntime>>, n: number): number {
  const pool = readyPool();
  if (pool === null) {
    void startPool(rt.module, rt.memory, MAX_THREADS - 1);
    return 1;
  }
  return Math.max(1, Math.min(threadCap, 1 + pool.workers, Math.floor(n / 64)));
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
  const threads = threadCap > 1 && 2 * m * n * k >= threadMinFlops ? threadsFor(rt, n) : 1;
  lastThreads = threads;
  if (threads === 1) {
    x.gemm(L.a, L.b, L.c, m, n, k, ta, tb, 0, n, L.pack, L.pack + L.paBytes, 0);
  } else {
    // Column chunks, multiples of 8 (the kernel's panel width), two per thread and at least 64 wide (each
    // chunk packs its own copy of A: about 1/width of its arithmetic), claimed dynamically; the main thread
    // computes with packing buffers 0.
    const pool = readyPool()!;
    const width = Math.max(64, Math.ceil(n / (2 * threads) / 8) * 8, Math.ceil(n / MAX_CHUNKS / 8) * 8);
    const own = (j0: number, j1: number): void =>
      x.gemm(L.a, L.b, L.c, m, n, k, ta, tb, j0, j1, L.pack, L.pack + L.paBytes, 0);
    const args = [L.a, L.b, L.c, m, n, k, ta, tb, L.pack, L.packStride, L.paBytes];
    pool.runJob(args, width, Math.ceil(n / width), own);
  }
  c.set(f32.subarray(L.c >> 2, (L.c >> 2) + cLen), cOff);
  countCopies((aLen + bLen) * 4, cLen * 4);
  return true;
}
