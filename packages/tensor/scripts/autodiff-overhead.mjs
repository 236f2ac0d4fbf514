/**
 * Per-op bookkeeping of autodiff on small tensors, where kernels cost almost nothing: a chain of N binary
 * ops on float32[4] tensors, run plainly, recorded (the forward pass under `vjp`), pulled back, and through
 * `grad` end to end. Prints µs per op, the median of repeated runs, measured on the built package (what
 * users run; `tsx` adds its own wrappers):
 *
 *   pnpm --filter @stepwise/tensor build && node packages/tensor/scripts/autodiff-overhead.mjs
 */
import {
  add,
  grad,
  logSumExp,
  matmul,
  maximum,
  mean,
  mul,
  random,
  sub,
  sum,
  tensor,
  vjp,
} from '../dist/index.js';

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

// A small training step: an MLP 784 → 128 → 10 (ReLU, softmax cross-entropy with one-hot labels), batch
// 32. A reverse pass costs about twice the forward kernels (two matmuls per matmul), so grad / forward ≈ 3
// means the step is dominated by its kernels; the gap to 3 bounds the bookkeeping.
const [k1, k2, k3, k4] = random.split(random.key(0), 4);
const params = {
  w1: mul(random.normal(k1, [784, 128]), 0.05),
  b1: mul(random.normal(k2, [128]), 0.01),
  w2: mul(random.normal(k3, [128, 10]), 0.05),
  b2: tensor(new Float32Array(10)),
};
const xb = random.uniform(k4, [32, 784]);
const labels = tensor(
  Array.from({ length: 32 }, (_, i) => Array.from({ length: 10 }, (_, j) => (j === i % 10 ? 1 : 0))),
);
const loss = (p) => {
  const h = maximum(add(matmul(xb, p.w1), p.b1), 0);
  const logits = add(matmul(h, p.w2), p.b2);
  return mean(sub(logSumExp(logits, -1), sum(mul(logits, labels), -1)));
};
const ms = (run) => measure(run, 1, 5) / 1000;
const fwd = ms(() => loss(params));
const step = ms(() => grad(loss)(params));
console.log(
  `MLP 784-128-10, batch 32: forward ${fwd.toFixed(3)} ms, grad ${step.toFixed(3)} ms (grad / forward = ${(step / fwd).toFixed(2)}; 10 recorded ops)`,
);
