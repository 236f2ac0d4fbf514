/**
 * The WASM matmul split over worker threads: results are bit-identical to one thread for every transpose
 * combination and odd sizes (each element of `C` is summed in the same order whatever the column split), and
 * the pool never keeps a process alive.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import {
  lastThreadCount,
  setMaxThreads,
  setThreadThreshold,
  startWasmPool,
  wasmMatmulF32,
} from '../src/wasm/matmul.js';
import { detectFlavor } from '../src/wasm/runtime.js';

function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = (seed >>> 0) % 2147483646 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return v;
}

const sameBits = (x: Float32Array, y: Float32Array): boolean => {
  const p = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const q = new Uint32Array(y.buffer, y.byteOffset, y.length);
  return p.length === q.length && p.every((v, i) => v === q[i]);
};

const describeWasm = detectFlavor() === null ? describe.skip : describe;

describeWasm('wasm matmul on several threads', () => {
  let threads = 1;
  beforeAll(async () => {
    threads = await startWasmPool();
    setThreadThreshold(0); // split even tiny products
  });
  afterAll(() => {
    setThreadThreshold(2 * 128 * 128 * 128);
    setMaxThreads(4);
  });

  it('starts at least one worker on a machine with two cores', () => {
    expect(threads).toBeGreaterThanOrEqual(2);
  });

  const dims = fc.constantFrom(1, 3, 7, 8, 9, 16, 17, 24, 33, 65, 100);
  // Products are split in chunks of at least 64 columns: widths on both sides of 128, 192 and 256.
  const widths = fc.constantFrom(1, 9, 64, 127, 128, 129, 191, 200, 257, 300);
  it('one thread and all threads give bit-identical results (property, every transpose combination)', () => {
    fc.assert(
      fc.property(
        dims,
        widths,
        dims,
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (m, n, k, ta, tb, seed) => {
          const a = values(m * k, seed);
          const b = values(k * n, seed + 7);
          const one = new Float32Array(m * n);
          const all = new Float32Array(m * n);
          setMaxThreads(1);
          wasmMatmulF32(a, 0, b, 0, one, 0, m, n, k, ta, tb);
          setMaxThreads(4);
          wasmMatmulF32(a, 0, b, 0, all, 0, m, n, k, ta, tb);
          expect(lastThreadCount()).toBe(Math.min(threads, Math.max(1, Math.floor(n / 64))));
          expect(sameBits(one, all)).toBe(true);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('large products with several depth and column blocks are bit-identical too', () => {
    for (const [ta, tb] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      const [m, n, k] = [91, 1100, 300];
      const a = values(m * k, 5);
      const b = values(k * n, 6);
      const one = new Float32Array(m * n);
      const all = new Float32Array(m * n);
      setMaxThreads(1);
      wasmMatmulF32(a, 0, b, 0, one, 0, m, n, k, ta, tb);
      setMaxThreads(4);
      wasmMatmulF32(a, 0, b, 0, all, 0, m, n, k, ta, tb);
      expect(lastThreadCount()).toBe(threads);
      expect(sameBits(one, all)).toBe(true);
    }
  });

  it('a process that used the pool exits by itself (workers are unref()ed)', () => {
    const src = fileURLToPath(new URL('../src/wasm/matmul.ts', import.meta.url));
    const script = join(tmpdir(), `stepwise-wasm-exit-${process.pid}.mts`);
    writeFileSync(
      script,
      `import { startWasmPool, wasmMatmulF32 } from ${JSON.stringify(src)};
const t = await startWasmPool();
const a = new Float32Array(300 * 300).fill(1);
const c = new Float32Array(300 * 300);
wasmMatmulF32(a, 0, a, 0, c, 0, 300, 300, 300, false, false);
console.log(t, c[0]);
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)), // where `tsx` resolves
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d 300$/);
  }, 90_000);
});
