/**
 * Worker threads for large WASM matmuls (Node only): each worker instantiates the same compiled module over
 * the same shared `WebAssembly.Memory` and sleeps in `Atomics.wait` on a shared control block. A product is
 * cut into column chunks (multiples of the kernel's 8-column panel); the main thread posts the job with
 * `Atomics.notify`, and every thread — main included — claims chunks from a shared counter until none is
 * left, so a worker that the OS has descheduled (a loaded machine) costs nothing but its current chunk.
 * Each element of `C` is summed in the same order whatever thread computes its chunk: results are
 * bit-identical to one thread. Workers are `unref()`ed, so they never keep a process alive.
 *
 * The pool starts asynchronously (`import('node:worker_threads')` is asynchronous in an ES module): until it
 * is ready, products run on one thread. `startWasmPool` (in `matmul.ts`) awaits it. @internal
 * @module
 */
import type { WasmMemory } from './runtime.js';

/**
 * Int32 slots of the control block. `CLAIM` packs the job tag (low 16 bits of `SEQ`) in its high half and
 * the next chunk in its low half, so a worker that wakes after its job has ended cannot claim a chunk of the
 * next one by mistake (its compare-exchange fails on the tag).
 */
const SEQ = 0;
const CLAIM = 1;
const FINISHED = 2;
const FAILED = 3; // 1 + the chunk whose call trapped, 0 if none
const ARGS = 4;
/** `a, b, c, m, n, k, transA, transB, pack, packStride, paBytes, chunk, nChunks`. */
const NARGS = 13;
const SLOTS = ARGS + NARGS;
/** Bytes of each thread's edge-tile scratch (at `thread · SCRATCH`). */
export const SCRATCH = 256;
/** Most chunks per job (the claim counter has 16 bits). */
export const MAX_CHUNKS = 4096;

/** The worker's program (evaluated as CommonJS by `new Worker(code, { eval: true })`). */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, thread } = workerData;
const ctl = new Int32Array(control);
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  const tag = seen & 0xffff;
  for (;;) {
    const v = Atomics.load(ctl, ${CLAIM});
    if (v >>> 16 !== tag) break;
    const chunk = v & 0xffff;
    if (chunk >= ctl[${ARGS + 12}]) break;
    if (Atomics.compareExchange(ctl, ${CLAIM}, v, v + 1) !== v) continue;
    const a = ctl[${ARGS}], b = ctl[${ARGS + 1}], c = ctl[${ARGS + 2}], m = ctl[${ARGS + 3}], n = ctl[${ARGS + 4}];
    const k = ctl[${ARGS + 5}], ta = ctl[${ARGS + 6}], tb = ctl[${ARGS + 7}], pack = ctl[${ARGS + 8}];
    const stride = ctl[${ARGS + 9}], paBytes = ctl[${ARGS + 10}], width = ctl[${ARGS + 11}];
    const pa = pack + thread * stride;
    const j0 = chunk * width;
    try {
      gemm(a, b, c, m, n, k, ta, tb, j0, Math.min(n, j0 + width), pa, pa + paBytes, thread * ${SCRATCH});
    } catch (e) {
      Atomics.store(ctl, ${FAILED}, chunk + 1);
    }
    Atomics.add(ctl, ${FINISHED}, 1);
    Atomics.notify(ctl, ${FINISHED});
  }
}
`;

/** A started pool. */
export interface Pool {
  /** Worker count (the main thread computes chunks too). */
  readonly workers: number;
  /**
   * Runs `gemm` over `nChunks` column chunks of `width` columns on all threads, this one included (it calls
   * `own(j0, j1)` for each chunk it claims), and returns when every chunk is done.
   * @param args - `a, b, c, m, n, k, transA, transB, pack, packStride, paBytes`
   */
  runJob(
    args: readonly number[],
    width: number,
    nChunks: number,
    own: (j0: number, j1: number) => void,
  ): void;
}

interface WorkerLike {
  unref(): void;
  on(event: 'error' | 'exit', listener: (value: unknown) => void): void;
  once(event: 'message', listener: (value: unknown) => void): void;
}

let pool: Pool | null = null;
let starting: Promise<boolean> | null = null;
let broken = false;

/** The ready pool, or `null` (not started yet, still starting, unavailable or broken). */
export function readyPool(): Pool | null {
  return broken ? null : pool;
}

/**
 * Starts up to `maxWorkers` worker threads (one fewer than the cores) over `memory` running `module`, once;
 * later calls return the first promise. Resolves to whether the pool is ready; false where
 * `node:worker_threads` is unavailable or there is a single core.
 */
export function startPool(module: object, memory: WasmMemory, maxWorkers: number): Promise<boolean> {
  if (starting !== null) return starting;
  starting = (async () => {
    let Worker: new (code: string, options: object) => WorkerLike;
    let cores: number;
    try {
      ({ Worker } = (await import('node:worker_threads')) as unknown as {
        Worker: new (code: string, options: object) => WorkerLike;
      });
      const os = await import('node:os');
      cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    } catch {
      return false;
    }
    const workers = Math.min(maxWorkers, cores - 1);
    if (workers < 1) return false;
    const control = new SharedArrayBuffer(SLOTS * 4);
    const ctl = new Int32Array(control);
    const ready: Promise<void>[] = [];
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control, thread: w + 1 },
      });
      worker.unref();
      ready.push(
        new Promise<void>((resolve, reject) => {
          // A 'message' listener refs the worker again: unref once it has said it is ready.
          worker.once('message', () => {
            worker.unref();
            resolve();
          });
          worker.on('error', (e) => {
            broken = true;
            reject(e);
          });
          worker.on('exit', () => {
            broken = true;
            reject(new Error('worker exited'));
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch {
      broken = true;
      return false;
    }
    let seq = 0;
    pool = {
      workers,
      runJob(args, width, nChunks, own) {
        seq = (seq + 1) | 0;
        const tag = seq & 0xffff;
        for (let i = 0; i < 11; i++) ctl[ARGS + i] = args[i]!;
        ctl[ARGS + 11] = width;
        ctl[ARGS + 12] = nChunks;
        ctl[FINISHED] = 0;
        ctl[FAILED] = 0;
        Atomics.store(ctl, CLAIM, tag << 16);
        Atomics.store(ctl, SEQ, seq);
        Atomics.notify(ctl, SEQ);
        const n = args[4]!;
        for (;;) {
          const v = Atomics.add(ctl, CLAIM, 1);
          const chunk = v & 0xffff;
          if (chunk >= nChunks) break;
          own(chunk * width, Math.min(n, (chunk + 1) * width));
          Atomics.add(ctl, FINISHED, 1);
        }
        for (;;) {
          const done = Atomics.load(ctl, FINISHED);
          if (done >= nChunks) break;
          Atomics.wait(ctl, FINISHED, done);
        }
        const failed = Atomics.load(ctl, FAILED);
        // A worker's call trapped (never expected): compute its chunk here (same arithmetic, same result).
        if (failed > 0) own((failed - 1) * width, Math.min(n, failed * width));
      },
    };
    return true;
  })();
  return starting;
}
