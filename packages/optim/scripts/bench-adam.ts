/**
 * Measures an Adam step on float32 parameters: `adam().update` + `applyUpdates` (the whole step) and the
 * fused `scaleByAdam` pass alone, in ns per parameter (median of repeated runs after a warm-up). CPU time
 * is reported beside wall time because a loaded machine inflates wall time.
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

/** Median wall time and median CPU time (user + system of this process: robust to a loaded machine). */
function bench(label: string, n: number, runs: number, step: () => void): void {
  for (let i = 0; i < 3; i++) step();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const per = (ms: number): string => ((ms * 1e6) / n).toFixed(2);
  console.log(
    `${label.padEnd(28)} n=${n.toExponential(0)}  wall ${median(wall).toFixed(2)} ms (${per(median(wall))} ns/param)  cpu ${median(cpu).toFixed(2)} ms (${per(median(cpu))} ns/param)`,
  );
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
