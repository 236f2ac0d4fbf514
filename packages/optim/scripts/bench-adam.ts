/**
 * Measures an Adam step on float32 parameters: `adam().update` + `applyUpdates` (the whole step) and the
 * fused `scaleByAdam` pass alone, in ns per parameter (median of repeated runs after a warm-up).
 *
 * Run: npx tsx --conditions=@stepwise/source scripts/bench-adam.ts [sizes...]
 */
import { tensor } from '@stepwise/tensor';
import { adam, applyUpdates, scaleByAdam } from '../src/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function randomParams(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = x / 2 ** 32 - 0.5;
  }
  return a;
}

function bench(label: string, n: number, runs: number, step: () => void): void {
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  console.log(`${label.padEnd(28)} n=${n.toExponential(0)}  median ${ms.toFixed(2)} ms  ${((ms * 1e6) / n).toFixed(2)} ns/param`);
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [1e6, 1e7]) {
  const runs = n >= 1e7 ? 15 : 41;
  let params = { w: tensor(randomParams(n, 1)) };
  const grads = { w: tensor(randomParams(n, 2)) };
  const opt = adam({ learningRate: 1e-3 });
  let state = opt.init(params);
  bench('adam step (update+apply)', n, runs, () => {
    const [u, s] = opt.update(grads, state, params);
    params = applyUpdates(params, u);
    state = s;
  });
  const sba = scaleByAdam();
  let s2 = sba.init(params);
  bench('scaleByAdam pass only', n, runs, () => {
    s2 = sba.update(grads, s2)[1];
  });
}
