/**
 * Per-op bookkeeping of autodiff on small tensors, where kernels cost almost nothing: a chain of N binary
 * ops on float32[4] tensors, run plainly, recorded (the forward pass under `vjp`), pulled back, and through
 * `grad` end to end. Prints µs per op, the median of repeated runs, measured on the built package (what
 * users run; `tsx` adds its own wrappers):
 *
 *   pnpm --filter @stepwise/tensor build && node packages/tensor/scripts/autodiff-overhead.mjs
 */
import { add, grad, mul, sum, tensor, vjp } from '../dist/index.js';

const N = 200; // ops per chain
const REPEATS = 31;

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/**
 * CPU µs per op of `run` (which performs `ops` ops): median over repeats after a warm-up. CPU time rather
 * than wall-clock, so that other processes on a busy machine disturb the figure less.
 */
function measure(run, ops, inner = 25) {
  for (let i = 0; i < 100; i++) run();
  const times = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < inner; i++) run();
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / (inner * ops));
  }
  return median(times);
}

const c = tensor([0.1, 0.2, 0.3, 0.4]);
const x0 = tensor([1, 2, 3, 4]);
const ones = tensor([1, 1, 1, 1]);
const chain = (x, op) => {
  let y = x;
  for (let i = 0; i < N; i++) y = op(y, c);
  return y;
};

const rows = [];
for (const [name, op] of [
  ['add', add],
  ['mul', mul],
]) {
  const plain = measure(() => chain(x0, op), N);
  const forward = measure(() => vjp((x) => chain(x, op), x0), N);
  const [, pb] = vjp((x) => chain(x, op), x0);
  const backward = measure(() => pb(ones), N);
  const g = grad((x) => sum(chain(x, op)));
  const total = measure(() => g(x0), N);
  rows.push({ op: `${name} f32[4]`, plain, forward, backward, grad: total, overhead: total - plain });
}
console.log(`CPU µs per op (median of ${REPEATS} runs of ${N} chained ops; overhead = grad − plain)`);
console.table(
  rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(3) : v])),
  ),
);
