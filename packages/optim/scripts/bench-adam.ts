/**
 * Measures an Adam step on float32 parameters: `adam().update` + `applyUpdates` (the whole step) and the
 * fused `scaleByAdam` pass alone, in ns per parameter (median of repeated runs after a warm-up). CPU time
 * is reported beside wall time because a loaded machine inflates wall time.
 *
 * Run: `pnpm bench [sizes...]` in packages/optim (bundles with esbuild, then runs under plain node; running
 * the TypeScript through tsx's loader measured the kernels about 2x slower).
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
  // Anchor measured in the same run: a naive in-place Adam loop over plain Float32Arrays (what a mutable
  // optimizer does; PERFORMANCE.md's "naive JS" row).
  const theta = randomParams(n, 1);
  const gr = randomParams(n, 2);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  let t = 0;
  bench('naive in-place JS (anchor)', n, runs, () => {
    t++;
    const a = 1e-3 / (1 - 0.9 ** t);
    const s2 = 1 / (1 - 0.999 ** t);
    for (let i = 0; i < n; i++) {
      const gi = gr[i]!;
      const mi = (m[i] = 0.9 * m[i]! + 0.1 * gi);
      const vi = (v[i] = 0.999 * v[i]! + 0.001 * gi * gi);
      theta[i] = theta[i]! - (a * mi) / (Math.sqrt(vi * s2) + 1e-8);
    }
  });
  const sba = scaleByAdam();
  let s2 = sba.init(params);
  bench('scaleByAdam pass only', n, runs, () => {
    s2 = sba.update(grads, s2)[1];
  });
}
