/**
 * Throughput of the float32 matmul kernels: the JavaScript kernel, the WASM SIMD kernel on one thread and on
 * all threads, at square sizes and the dense-layer shapes of a training step (forward `X·W`, backward
 * `dY·Wᵀ` and `Xᵀ·dY`), plus the small sizes that set `WASM_MIN_WORK`. Not a test (no speed is asserted):
 *
 *   npx tsx packages/tensor/scripts/wasm-matmul-measure.ts [--quick] [--rounds N] [--only <regex>]
 *
 * The last column is the two-thread speed-up measured in pairs: each round times one thread and then all
 * threads back to back, and the median of the per-round ratios is printed (a pair shares the machine's
 * momentary load, so it is steadier than the ratio of two medians on a shared machine).
 * Each figure is the median of repeated runs (implementations interleaved round by round so they share the
 * same time window), in wall-clock GFLOP/s (`2·m·n·k / time`); the load average is printed, because other
 * processes on a shared machine take cores from the threads.
 */
import { loadavg } from 'node:os';
import { matmulKernel } from '../src/kernels/matmul.js';
import { setMaxThreads, startWasmPool, wasmMatmulF32 } from '../src/wasm/matmul.js';
import { getRuntime, setWasmEnabled } from '../src/wasm/runtime.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const argOf = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const rounds = Number(argOf('--rounds') ?? (quick ? 7 : 21));
const only = argOf('--only') === undefined ? null : new RegExp(argOf('--only')!);

function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return v;
}

type Impl = 'js' | 'wasm-1t' | 'wasm-all';

interface Shape {
  readonly label: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
}

const sq = (s: number): Shape => ({ label: `${s}²`, m: s, n: s, k: s, transA: false, transB: false });
const shapes: Shape[] = [
  sq(8),
  sq(16),
  sq(32),
  sq(64),
  sq(128),
  sq(256),
  sq(512),
  ...(quick ? [] : [sq(1024)]),
  { label: 'X·W (256×784)(784×512)', m: 256, n: 512, k: 784, transA: false, transB: false },
  { label: 'dY·Wᵀ (256×512)(784×512)ᵀ', m: 256, n: 784, k: 512, transA: false, transB: true },
  { label: 'Xᵀ·dY (256×784)ᵀ(256×512)', m: 784, n: 512, k: 256, transA: true, transB: false },
];

function run(impl: Impl, s: Shape, a: Float32Array, b: Float32Array, c: Float32Array): void {
  if (impl === 'js') {
    setWasmEnabled(false);
    matmulKernel(a, 0, b, 0, c, 0, s.m, s.n, s.k, s.transA, s.transB);
    setWasmEnabled(true);
    return;
  }
  setMaxThreads(impl === 'wasm-1t' ? 1 : 4);
  wasmMatmulF32(a, 0, b, 0, c, 0, s.m, s.n, s.k, s.transA, s.transB);
}

const median = (v: number[]): number => [...v].sort((x, y) => x - y)[v.length >> 1]!;

async function main(): Promise<void> {
  const threads = await startWasmPool();
  console.log(
    `flavour ${getRuntime()?.flavor ?? 'none'}, threads ${threads}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${rounds} rounds`,
  );
  const impls: Impl[] = ['js', 'wasm-1t', 'wasm-all'];
  console.log(
    `${'shape'.padEnd(30)}${impls.map((i) => i.padStart(10)).join('')}   all/1t   (GFLOP/s, median; paired ratio)`,
  );
  for (const s of shapes) {
    if (only !== null && !only.test(s.label)) continue;
    const a = values(s.m * s.k, 1);
    const b = values(s.k * s.n, 2);
    const c = new Float32Array(s.m * s.n);
    const flop = 2 * s.m * s.n * s.k;
    // Repeat tiny products so each timed sample lasts about a millisecond.
    const reps = Math.max(1, Math.round(2e6 / flop));
    const times: Record<Impl, number[]> = { js: [], 'wasm-1t': [], 'wasm-all': [] };
    for (let r = -2; r < rounds; r++) {
      for (const impl of impls) {
        if (impl === 'js' && flop > 3e8 && r > 2) continue; // the JS kernel is slow: fewer samples
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) run(impl, s, a, b, c);
        const dt = (performance.now() - t0) / reps;
        if (r >= 0) times[impl].push(dt);
      }
    }
    const cells = impls.map((i) => ((flop / median(times[i])) * 1e-6).toFixed(1).padStart(10));
    const pairs = times['wasm-1t'].map((t1, i) => t1 / times['wasm-all'][i]!);
    console.log(`${s.label.padEnd(30)}${cells.join('')}${`${median(pairs).toFixed(2)}×`.padStart(9)}`);
  }
  console.log(`load average after: ${loadavg()[0]!.toFixed(1)}`);
}

await main();
