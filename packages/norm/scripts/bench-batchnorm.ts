/**
 * Measures the fused batch normalization (`batchNormTrain`: fused forward + closed-form fused backward)
 * against the same computation composed of primitive tensor ops and differentiated by autodiff, on a
 * float32 `[256, 1024]` batch (and the channels-first `[32, 64, 16, 16]` layout): forward alone, and
 * forward + backward (`vjp` then the pullback of a fixed cotangent). Median of repeated runs after a
 * warm-up; CPU time is reported beside wall time because a loaded machine inflates wall time.
 *
 * Run: npx tsx --conditions=@stepwise/source scripts/bench-batchnorm.ts [runs]
 */
import { add, div, mean, mul, random, reshape, sqrt, square, sub, type Tensor, vjp } from '@stepwise/tensor';
import { batchNormTrain, layerNormalize } from '../src/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function bench(step: () => void, runs: number): { wall: number; cpu: number } {
  for (let i = 0; i < 5; i++) step();
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
  return { wall: median(wall), cpu: median(cpu) };
}

/** Batch norm as a composition of primitive ops (what autodiff would differentiate without the fused rule). */
function composite(x: Tensor, gamma: Tensor, beta: Tensor, axis: number, epsilon: number): Tensor {
  const R = x.shape.map((_, i) => i).filter((i) => i !== axis);
  const fs = x.shape.map((d, i) => (i === axis ? d : 1));
  const xc = sub(x, mean(x, R, true));
  const v = mean(square(xc), R, true);
  return add(mul(div(xc, sqrt(add(v, epsilon))), reshape(gamma, fs)), reshape(beta, fs));
}

function lnComposite(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  const xc = sub(x, mean(x, -1, true));
  const v = mean(square(xc), -1, true);
  return add(mul(div(xc, sqrt(add(v, epsilon))), gamma), beta);
}

const runs = Number(process.argv[2] ?? 30);
const fmt = (r: { wall: number; cpu: number }): string => `${r.wall.toFixed(2)} ms (cpu ${r.cpu.toFixed(2)})`;

type Fn = (x: Tensor, g: Tensor, b: Tensor) => Tensor;
function compare(label: string, shape: number[], C: number, fused: Fn, plain: Fn): void {
  const x = random.normal(random.key(1), shape, { mean: 3, std: 2 });
  const g = random.normal(random.key(2), [C]);
  const b = random.normal(random.key(3), [C]);
  const dy = random.normal(random.key(4), shape);
  const fwd = (f: Fn) => () => void f(x, g, b);
  const both = (f: Fn) => () => {
    const [, pullback] = vjp((p: Tensor[]) => f(p[0]!, p[1]!, p[2]!), [x, g, b]);
    pullback(dy);
  };
  const ff = bench(fwd(fused), runs);
  const fp = bench(fwd(plain), runs);
  const bf = bench(both(fused), runs);
  const bp = bench(both(plain), runs);
  console.log(`${label} ${JSON.stringify(shape)} float32, median of ${runs}`);
  console.log(
    `  forward           fused ${fmt(ff)}   composed ${fmt(fp)}   ratio ${(fp.wall / ff.wall).toFixed(2)}x (cpu ${(fp.cpu / ff.cpu).toFixed(2)}x)`,
  );
  console.log(
    `  forward+backward  fused ${fmt(bf)}   composed ${fmt(bp)}   ratio ${(bp.wall / bf.wall).toFixed(2)}x (cpu ${(bp.cpu / bf.cpu).toFixed(2)}x)`,
  );
}

compare(
  'batchNormTrain axis -1',
  [256, 1024],
  1024,
  (x, g, b) => batchNormTrain(x, g, b).y,
  (x, g, b) => composite(x, g, b, 1, 1e-3),
);
compare(
  'batchNormTrain axis 1',
  [32, 64, 16, 16],
  64,
  (x, g, b) => batchNormTrain(x, g, b, { axis: 1 }).y,
  (x, g, b) => composite(x, g, b, 1, 1e-3),
);
compare(
  'layerNormalize axis -1',
  [256, 1024],
  1024,
  (x, g, b) => layerNormalize(x, g, b),
  (x, g, b) => lnComposite(x, g, b, 1e-3),
);
