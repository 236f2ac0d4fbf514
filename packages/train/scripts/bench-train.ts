/**
 * Measures what the train package adds on top of the computation it wraps:
 * - a `makeTrainStep` step against the same step written by hand (grad, optimizer update, applyUpdates);
 * - `fit` against a plain fold over the same batches;
 * - checkpoint encoding and decoding throughput (MB of tensor data per second).
 * Medians of CPU time (user + system; robust to a loaded machine) and wall time.
 *
 * Run: `pnpm bench` in packages/train (bundles with esbuild, then runs under plain node).
 */
import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam, applyUpdates } from '@stepwise/optim';
import { random, type Tensor, valueAndGrad } from '@stepwise/tensor';
import { pipe } from 'fp-ts/function';
import {
  batch,
  dataset,
  decodeCheckpoint,
  encodeCheckpoint,
  fit,
  initTrainState,
  makeTrainStep,
  type TrainState,
} from '../src/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median CPU and wall milliseconds of `f` over `runs` runs after 3 warm-up runs. */
function time(runs: number, f: () => void): { cpu: number; wall: number } {
  for (let i = 0; i < 3; i++) f();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    f();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

const fmt = (label: string, r: { cpu: number; wall: number }, per = 1, unit = 'ms'): void =>
  console.log(
    `${label.padEnd(46)} cpu ${(r.cpu / per).toFixed(3)} ${unit}  wall ${(r.wall / per).toFixed(3)} ${unit}`,
  );

// --- step overhead -------------------------------------------------------------------------------------
const model = sequential(dense(64), batchNorm(), activation(relu), dense(10));
const optimizer = adam({ learningRate: 1e-3, globalClipNorm: 1 });
const x = random.normal(random.key(1), [64, 32]);
const y = random.randint(random.key(2), [64], 0, 10);
const s0 = initTrainState({ model, optimizer, key: random.key(0), inputShape: [64, 32] });
const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
type S = typeof s0;

const manual = (s: S): S => {
  const [nextKey, stepKey] = random.split(s.key, 2);
  const f = (p: S['params']): [Tensor, S['modelState']] => {
    const out = model.apply(p, s.modelState, x, { training: true, key: stepKey! });
    return [softmaxCrossEntropy(out.y, y), out.state];
  };
  const [[, modelState], grads] = valueAndGrad(f, { hasAux: true })(s.params);
  const [updates, optState] = optimizer.update(grads, s.optState, s.params);
  return {
    ...s,
    step: s.step + 1,
    params: applyUpdates(s.params, updates),
    modelState,
    optState,
    key: nextKey!,
  };
};

const STEPS = 20;
let st: TrainState = s0;
fmt(
  'manual step (MLP 32-64-bn-10, batch 64), per step',
  time(15, () => {
    let s = s0;
    for (let i = 0; i < STEPS; i++) s = manual(s);
    st = s;
  }),
  STEPS,
);
fmt(
  'makeTrainStep, per step',
  time(15, () => {
    let s = s0;
    for (let i = 0; i < STEPS; i++) s = step(s, { x, y });
    st = s;
  }),
  STEPS,
);

// --- fit overhead ----------------------------------------------------------------------------------------
const data = pipe(
  dataset({ x: random.normal(random.key(3), [640, 32]), y: random.randint(random.key(4), [640], 0, 10) }),
  batch(64),
);
const batches = [...data];
fmt(
  'fold over 10 batches (pre-gathered), per step',
  time(9, () => {
    batches.reduce(step, s0);
  }),
  10,
);
fmt(
  'fit, 1 epoch of 10 batches (gathers rows), per step',
  time(9, () => {
    fit(step, s0, data, { progress: false });
  }),
  10,
);

// --- checkpoints ---------------------------------------------------------------------------------------
const big = { w: random.normal(random.key(5), [1000, 1000]), b: random.normal(random.key(6), [1000]) };
const mb = (4 * 1001000) / 1e6;
let text = '';
const enc = time(7, () => {
  text = encodeCheckpoint(big);
});
const dec = time(7, () => {
  decodeCheckpoint(text, big);
});
console.log(
  `encodeCheckpoint, 1M float32 (${mb.toFixed(1)} MB)`.padEnd(46),
  `cpu ${(mb / (enc.cpu / 1000)).toFixed(0)} MB/s  wall ${(mb / (enc.wall / 1000)).toFixed(0)} MB/s`,
);
console.log(
  `decodeCheckpoint (with template)`.padEnd(46),
  `cpu ${(mb / (dec.cpu / 1000)).toFixed(0)} MB/s  wall ${(mb / (dec.wall / 1000)).toFixed(0)} MB/s`,
);
void st;
