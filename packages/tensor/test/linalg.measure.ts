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

function medianMs(f: () => unknown, warmup = 5, runs = 25): number {
  for (let i = 0; i < warmup; i++) f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[runs >> 1]!;
}

const rows: string[] = [];
function mm(label: string, a: Tensor, b: Tensor, m: number, n: number, k: number, opts = {}): void {
  const ms = medianMs(() => matmul(a, b, opts));
  rows.push(
    `${label.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms ${((2 * m * n * k) / ms / 1e6).toFixed(2).padStart(6)} GFLOP/s`,
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
const msStats = medianMs(() => {
  mean(x, 0);
  variance(x, 0);
});
rows.push(`${'mean + variance over axis 0 of 256x4096'.padEnd(44)} ${msStats.toFixed(2).padStart(8)} ms`);
console.log(rows.join('\n'));
