/**
 * Worker threads for large WASM matmuls (Node only): each worker instantiates the same compiled module over
 * the same shared `WebAssembly.Memory` and waits, with `Atomics.wait`, on a small shared control block; the
 * main thread posts a column range with `Atomics.notify`, computes its own range, then waits for the
 * workers. Workers are `unref()`ed, so they never keep a process alive.
 *
 * The pool starts asynchronously (`import('node:worker_threads')` is asynchronous in an ES module): until it
 * is ready, products run on one thread, which changes no result (each element of `C` is summed in the same
 * order whatever the split). {@link startWasmPool} awaits it (tests, benchmarks). @internal
 * @module
 */
import type { WasmMemory } from './runtime.js';

/** Int32 slots of one worker's control block: sequence posted, sequence done, status, 13 gemm arguments. */
const SEQ = 0;
const DONE = 1;
const STATUS = 2;
const ARGS = 3;
const NARGS = 13;
const SLOTS = 16;

/** The worker's program (evaluated as CommonJS by `new Worker(code, { eval: true })`). */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control } = workerData;
const ctl = new Int32Array(control);
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  let status = 0;
  try {
    const a = [];
    for (let i = 0; i < ${NARGS}; i++) a.push(ctl[${ARGS} + i]);
    gemm(...a);
  } catch (e) {
    status = 1;
  }
  Atomics.store(ctl, ${STATUS}, status);
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

/** A started pool: one control block per worker. */
export interface Pool {
  /** Worker count (the main thread computes a share too). */
  readonly workers: number;
  /** Posts `gemm(...args)` to worker `w`. */
  run(w: number, args: readonly number[]): void;
  /** Waits for worker `w`; false if its call trapped (the caller recomputes that share). */
  wait(w: number): boolean;
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
    const controls: Int32Array[] = [];
    const ready: Promise<void>[] = [];
    for (let w = 0; w < workers; w++) {
      const control = new SharedArrayBuffer(SLOTS * 4);
      controls.push(new Int32Array(control));
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control } });
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
    const posted = new Int32Array(workers);
    pool = {
      workers,
      run(w, args) {
        const ctl = controls[w]!;
        for (let i = 0; i < NARGS; i++) ctl[ARGS + i] = args[i]!;
        posted[w] = posted[w]! + 1;
        Atomics.store(ctl, SEQ, posted[w]!);
        Atomics.notify(ctl, SEQ);
      },
      wait(w) {
        const ctl = controls[w]!;
        const seq = posted[w]!;
        for (;;) {
          const done = Atomics.load(ctl, DONE);
          if (done === seq) break;
          Atomics.wait(ctl, DONE, done);
        }
        return Atomics.load(ctl, STATUS) === 0;
      },
    };
    return true;
  })();
  return starting;
}
