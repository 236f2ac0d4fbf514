/**
 * The WebAssembly runtime of the fast kernels: feature detection, the one shared linear memory (grown as
 * needed, never shrunk), the instantiated matmul module, and the count of bytes copied between JS-heap
 * buffers and WASM memory. Knows nothing of `Tensor`.
 *
 * - WebAssembly SIMD is required; relaxed SIMD (fused multiply-add) is used when the engine validates it
 *   (Node 20 does not without `--experimental-wasm-relaxed-simd`) and never required.
 * - `STEPWISE_WASM=0` in the environment, or {@link setWasmEnabled}`(false)`, forces the JavaScript kernels.
 * - The memory is a `WebAssembly.Memory({ shared: true })` so worker threads can compute over it.
 * @internal
 * @module
 */
import { MATMUL_RELAXED_WASM, MATMUL_SIMD_WASM } from './matmulModule.js';

/** Exports of the compiled `asm/matmul.ts`. */
export interface MatmulExports {
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    j0: number,
    j1: number,
    pa: number,
    pb: number,
    scratch: number,
  ): void;
  packABytes(): number;
  packBBytes(): number;
}

/**
 * Bytes copied between JS-heap buffers and WASM memory since the last reset, and kernel calls made.
 * @category kernels
 * @since 0.1.0
 */
export interface WasmCopyStats {
  /** Bytes copied from JS-heap buffers into WASM memory (operands). */
  readonly bytesIn: number;
  /** Bytes copied from WASM memory into fresh JS-heap buffers (results). */
  readonly bytesOut: number;
  /** WASM kernel calls. */
  readonly calls: number;
}

/** A shared linear memory (the subset used here). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/**
 * The subset of the `WebAssembly` global used here, typed locally: the package compiles without the DOM
 * library, and `@types/node` declares no `WebAssembly` values.
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
}

/** The engine's `WebAssembly`, or `undefined` where there is none. @internal */
export const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** Maximum pages, as compiled (`--maximumMemory 16384`): 1 GiB. */
export const MAX_PAGES = 16384;

/** The bytes of a base64 string (the generated modules hold their binaries so). @internal */
export function decodeBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Which binary this engine can run: `'relaxed'`, `'simd'`, or `null` (no WASM SIMD or shared memory). */
export type WasmFlavor = 'relaxed' | 'simd';

let flavorCache: WasmFlavor | null | undefined;
let simdBytes: Uint8Array | undefined;
let relaxedBytes: Uint8Array | undefined;

/** The compiled bytes of a flavour (decoded once). */
export function moduleBytes(flavor: WasmFlavor): Uint8Array {
  if (flavor === 'relaxed') return (relaxedBytes ??= decodeBase64(MATMUL_RELAXED_WASM));
  return (simdBytes ??= decodeBase64(MATMUL_SIMD_WASM));
}

/** The best binary this engine validates, detected once by `WebAssembly.validate` of the binaries themselves. */
export function detectFlavor(): WasmFlavor | null {
  if (flavorCache !== undefined) return flavorCache;
  flavorCache = null;
  const api = wasmApi();
  if (api !== undefined && typeof SharedArrayBuffer === 'function') {
    try {
      if (api.validate(moduleBytes('relaxed'))) flavorCache = 'relaxed';
      else if (api.validate(moduleBytes('simd'))) flavorCache = 'simd';
    } catch {
      flavorCache = null;
    }
  }
  return flavorCache;
}

const envDisabled = (): boolean => {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.['STEPWISE_WASM'];
  return v === '0' || v === 'false' || v === 'off';
};

let enabled = !envDisabled();

/** Turns the WASM kernels on or off (tests, benchmarks); off also when `STEPWISE_WASM=0`. @internal */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the WASM kernels are switched on ({@link setWasmEnabled}, `STEPWISE_WASM`). @internal */
export const wasmEnabled = (): boolean => enabled;

/** Whether the WASM kernels will be used: enabled, and the engine validates WASM SIMD. @internal */
export const wasmAvailable = (): boolean => enabled && detectFlavor() !== null;

/** The shared memory, its float32 view, and the instance; created on first use. */
interface Runtime {
  readonly flavor: WasmFlavor;
  readonly memory: WasmMemory;
  readonly module: object;
  readonly exports: MatmulExports;
  f32: Float32Array;
}

let runtime: Runtime | null = null;

/** The runtime (instantiated synchronously on first call), or `null` when WASM SIMD is unavailable. */
export function getRuntime(): Runtime | null {
  if (runtime !== null) return runtime;
  const flavor = detectFlavor();
  if (flavor === null) return null;
  const api = wasmApi()!;
  const memory = new api.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const module = new api.Module(moduleBytes(flavor));
  const instance = new api.Instance(module, { env: { memory } });
  runtime = {
    flavor,
    memory,
    module,
    exports: instance.exports as unknown as MatmulExports,
    f32: new Float32Array(memory.buffer),
  };
  return runtime;
}

/**
 * Grows the memory to at least `bytes` (rounded up to pages) and refreshes the float32 view.
 * @returns false when `bytes` exceeds the maximum (the caller falls back to JavaScript).
 */
export function ensureBytes(rt: Runtime, bytes: number): boolean {
  const have = rt.memory.buffer.byteLength;
  if (bytes > have) {
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return false;
    rt.memory.grow(pages - have / PAGE);
  }
  if (rt.f32.byteLength !== rt.memory.buffer.byteLength) rt.f32 = new Float32Array(rt.memory.buffer);
  return true;
}

let bytesIn = 0;
let bytesOut = 0;
let calls = 0;

/** Records one kernel call and its copies. */
export function countCopies(inBytes: number, outBytes: number): void {
  bytesIn += inBytes;
  bytesOut += outBytes;
  calls++;
}

/**
 * Bytes copied between JS-heap buffers and WASM memory by the WASM kernels since the last
 * {@link resetWasmCopyStats}, and the number of kernel calls (for benchmarks: the copy share of a kernel's
 * time is about `bytes / 19 GB/s`, the `TypedArray.set` rate measured on our machines). A float32
 * `[m, k] @ [k, n]` product copies `4·(m·k + k·n)` bytes in and `4·m·n` out.
 * @returns the counters (a fresh object)
 * @example
 * ```ts
 * import { matmul, ones } from '@stepwise/tensor';
 * import { resetWasmCopyStats, wasmCopyStats } from '@stepwise/tensor/kernel';
 * resetWasmCopyStats();
 * matmul(ones([64, 32]), ones([32, 16]));
 * wasmCopyStats(); // { bytesIn: 10240, bytesOut: 4096, calls: 1 } where WASM SIMD is available
 * ```
 * @see TF.js's WASM backend copies the same way (its tensors live in WASM memory, so it copies on
 *   `dataSync` instead); it exposes no counter.
 * @category kernels
 * @since 0.1.0
 */
export const wasmCopyStats = (): WasmCopyStats => ({ bytesIn, bytesOut, calls });

/**
 * Zeroes the counters of {@link wasmCopyStats}.
 * @example
 * ```ts
 * import { resetWasmCopyStats, wasmCopyStats } from '@stepwise/tensor/kernel';
 * resetWasmCopyStats();
 * wasmCopyStats(); // { bytesIn: 0, bytesOut: 0, calls: 0 }
 * ```
 * @see {@link wasmCopyStats}
 * @category kernels
 * @since 0.1.0
 */
export function resetWasmCopyStats(): void {
  bytesIn = 0;
  bytesOut = 0;
  calls = 0;
}
