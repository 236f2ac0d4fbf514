/**
 * Throughput figures of the matmul kernel and the batch-norm style reductions, through the public ops.
 * Not a test (no speed is asserted anywhere): run it by hand on a quiet machine,
 *   npx tsx packages/tensor/test/linalg.measure.ts
 * and read the medians. Each figure is the median of 25 timed runs after 5 warm-up runs.
 */
import { matmul, mean, type Tensor, tensor, variance } from '../src/index.js';

function random(shape: number[]): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = s / 2147483647 - 0.5;
  }
  return tensor(v, { shape });
}

/**
 * Median wall-clock and CPU milliseconds of `f`. On a shared machine the CPU time (user + system time of
 * this process) is the steadier figure: it excludes the time other processes hold the core.
 */
function medianMs(f: () => unknown, warmup = 5, runs = 25): { wall: number; cpu: number } {
  for (let i = 0; i < warmup; i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (v: number[]) => v.sort((a, b) => a - b)[runs >> 1]!;
  return { wall: med(wall), cpu: med(cpu) };
}

const rows: string[] = [];
function mm(label: string, a: Tensor, b: Tensor, m: number, n: number, k: number, opts = {}): void {
  const { wall, cpu } = medianMs(() => matmul(a, b, opts));
  const gf = (ms: number) => ((2 * m * n * k) / ms / 1e6).toFixed(2).padStart(6);
  rows.push(
    `${label.padEnd(40)} wall ${wall.toFixed(2).padStart(8)} ms ${gf(wall)} GFLOP/s | cpu ${cpu.toFixed(2).padStart(8)} ms ${gf(cpu)} GFLOP/s`,
  );
}

mm('matmul 256x256 @ 256x256 float32', random([256, 256]), random([256, 256]), 256, 256, 256);
mm('matmul 512x512 @ 512x512 float32', random([512, 512]), random([512, 512]), 512, 512, 512);
mm('forward X·W (256x784)(784x512)', random([256, 784]), random([784, 512]), 256, 512, 784);
mm('backward dY·Wᵀ (256x512)(784x512)ᵀ', random([256, 512]), random([784, 512]), 256, 784, 512, {
  transposeB: true,
});
mm('backward Xᵀ·dY (256x784)ᵀ(256x512)', random([256, 784]), random([256, 512]), 784, 512, 256, {
  transposeA: true,
});
const x = random([256, 4096]);
const stats = medianMs(() => {
  mean(x, 0);
  variance(x, 0);
});
rows.push(
  `${'mean + variance, axis 0 of 256x4096'.padEnd(40)} wall ${stats.wall.toFixed(2).padStart(8)} ms | cpu ${stats.cpu.toFixed(2).padStart(8)} ms`,
);
console.log(rows.join('\n'));
