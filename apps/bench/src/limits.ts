import { Bench } from 'tinybench';
import { type Clock, nowOf } from './clock.js';
import { FLOP_PER_ITERATION, simdKernel } from './wasmSimd.js';

/** This machine's ceilings, measured at start-up on one thread. */
export interface Limits {
  /** WASM SIMD128 `f32x4.mul` + `f32x4.add` throughput, GFLOP/s (null without WASM SIMD). */
  readonly simdGflops: number | null;
  /** STREAM-like copy `b[i] = a[i]` in a JS loop over Float64Array, GB/s (read + write counted). */
  readonly copyGbps: number;
  /** Copy with `TypedArray.prototype.set` (a memcpy), GB/s. */
  readonly setGbps: number;
  /** STREAM triad `a[i] = b[i] + s·c[i]`, JS loop unrolled ×4, GB/s (two reads + one write). */
  readonly triadGbps: number;
  /** The bandwidth limit used for "% of limit": the best of the three. */
  readonly bandwidthGbps: number;
  /** Array length of the bandwidth tests (Float64 elements per array). */
  readonly streamElements: number;
}

/** The best (shortest) sample of a tinybench task, ms. */
function best(bench: Bench, name: string): number {
  const r = bench.getTask(name)!.result;
  if (r.state !== 'completed') throw new Error(`limits: ${name}: ${r.state}`);
  return r.latency.min;
}

/**
 * Measures the ceilings with tinybench, keeping each test's best sample (a ceiling is what the machine can
 * do, not what it usually does). Bandwidth arrays are 2²² doubles (32 MiB each, three of them: beyond the
 * 32 MiB L3); the SIMD loop runs 14 independent accumulators in registers (no memory traffic).
 */
export async function measureLimits(quick: boolean, clock: Clock = 'wall'): Promise<Limits> {
  const n = 1 << 22;
  const a = new Float64Array(n).fill(1.5);
  const b = new Float64Array(n).fill(2.5);
  const c = new Float64Array(n).fill(0.5);
  const s = 3;
  const simd = simdKernel();
  const simdIterations = quick ? 200_000 : 1_000_000;
  const bench = new Bench({
    time: quick ? 150 : 600,
    iterations: quick ? 4 : 10,
    warmupTime: quick ? 50 : 200,
    warmupIterations: 2,
    now: nowOf(clock),
    throws: true,
  });
  bench
    .add('copy', () => {
      for (let i = 0; i < n; i++) b[i] = a[i]!;
    })
    .add('set', () => {
      b.set(a);
    })
    .add('triad', () => {
      for (let i = 0; i < n; i += 4) {
        a[i] = b[i]! + s * c[i]!;
        a[i + 1] = b[i + 1]! + s * c[i + 1]!;
        a[i + 2] = b[i + 2]! + s * c[i + 2]!;
        a[i + 3] = b[i + 3]! + s * c[i + 3]!;
      }
    });
  if (simd !== null) bench.add('simd', () => simd(simdIterations));
  await bench.run();
  const copyGbps = (16 * n) / best(bench, 'copy') / 1e6;
  const setGbps = (16 * n) / best(bench, 'set') / 1e6;
  const triadGbps = (24 * n) / best(bench, 'triad') / 1e6;
  return {
    simdGflops: simd === null ? null : (simdIterations * FLOP_PER_ITERATION) / best(bench, 'simd') / 1e6,
    copyGbps,
    setGbps,
    triadGbps,
    bandwidthGbps: Math.max(copyGbps, setGbps, triadGbps),
    streamElements: n,
  };
}
