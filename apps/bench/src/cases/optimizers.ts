import { adam, adamw, applyGradients, type GradientTransformation, sgd } from '@stepwise/optim';
import { donate, type Tensor, tensor } from '@stepwise/tensor';
import { fmtCount } from '../format.js';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl, type Tf, type TfTensor, type TfVariable } from './parts.js';

const LR = 1e-3;
const MOMENTUM = 0.9;
const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;
const WEIGHT_DECAY = 0.01;

/** One optimizer in the three forms: Stepwise's, a TF.js step, and the obvious in-place loop. */
interface Optimizer {
  readonly name: string;
  /** Arrays of optimizer state besides the parameters (for GB/s: each is read and written). */
  readonly stateArrays: number;
  readonly stepwise: () => GradientTransformation<unknown>;
  /** Builds a TF.js step on variable `p` with gradient `g`. */
  readonly tfjs: (tf: Tf, p: TfVariable, g: TfTensor) => { step(): void; dispose(): void };
  /** Builds an in-place step over `p` with gradient `g`. */
  readonly naive: (p: Float32Array, g: Float32Array) => () => void;
}

let uid = 0;

/** Adam or AdamW (decoupled decay `wd`) as plain loops, Optax's formula with bias corrections. */
function naiveAdam(p: Float32Array, g: Float32Array, wd: number): () => void {
  const m = new Float32Array(p.length);
  const v = new Float32Array(p.length);
  let t = 0;
  return () => {
    t++;
    const c1 = 1 - B1 ** t;
    const c2 = 1 - B2 ** t;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      const mi = B1 * m[i]! + (1 - B1) * gi;
      const vi = B2 * v[i]! + (1 - B2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i]! -= LR * (mi / c1 / (Math.sqrt(vi / c2) + EPS) + wd * p[i]!);
    }
  };
}

export const OPTIMIZERS: readonly Optimizer[] = [
  {
    name: 'sgd momentum',
    stateArrays: 1,
    stepwise: () => sgd({ learningRate: LR, momentum: MOMENTUM }) as GradientTransformation<unknown>,
    tfjs: (tf, p, g) => {
      const opt = tf.train.momentum(LR, MOMENTUM);
      const name = p.name;
      return { step: () => opt.applyGradients([{ name, tensor: g }]), dispose: () => opt.dispose() };
    },
    naive: (p, g) => {
      const t = new Float32Array(p.length);
      return () => {
        for (let i = 0; i < p.length; i++) {
          const ti = g[i]! + MOMENTUM * t[i]!;
          t[i] = ti;
          p[i]! -= LR * ti;
        }
      };
    },
  },
  {
    name: 'adam',
    stateArrays: 2,
    stepwise: () => adam({ learningRate: LR, b1: B1, b2: B2, eps: EPS }) as GradientTransformation<unknown>,
    tfjs: (tf, p, g) => {
      const opt = tf.train.adam(LR, B1, B2, EPS);
      const name = p.name;
      return { step: () => opt.applyGradients([{ name, tensor: g }]), dispose: () => opt.dispose() };
    },
    naive: (p, g) => naiveAdam(p, g, 0),
  },
  {
    // TF.js has no AdamW: the same update written with its ops (as its Adam optimizer is).
    name: 'adamw',
    stateArrays: 2,
    stepwise: () =>
      adamw({
        learningRate: LR,
        b1: B1,
        b2: B2,
        eps: EPS,
        weightDecay: WEIGHT_DECAY,
      }) as GradientTransformation<unknown>,
    tfjs: (tf, p, g) => {
      const m = tf.variable(tf.zerosLike(p), false);
      const v = tf.variable(tf.zerosLike(p), false);
      let t = 0;
      return {
        step: () => {
          t++;
          const c1 = 1 - B1 ** t;
          const c2 = 1 - B2 ** t;
          tf.tidy(() => {
            m.assign(tf.add(tf.mul(m, B1), tf.mul(g, 1 - B1)));
            v.assign(tf.add(tf.mul(v, B2), tf.mul(tf.square(g), 1 - B2)));
            const dir = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), EPS));
            p.assign(tf.sub(p, tf.mul(tf.add(dir, tf.mul(p, WEIGHT_DECAY)), LR)));
          });
        },
        dispose: () => tf.dispose([m, v]),
      };
    },
    naive: (p, g) => naiveAdam(p, g, WEIGHT_DECAY),
  },
];

/**
 * One optimizer step over a single parameter vector of `n` float32 elements, applied to the parameters (as a
 * training loop does), the state carried from step to step. Checked after three steps from the same start.
 */
export function optimizerCase(opt: Optimizer, n: number): BenchCase {
  return {
    kernel: `${opt.name} update`,
    shape: fmtCount(n),
    // Parameters and state read and written, gradient read.
    work: { bytes: 4 * n * (2 * (1 + opt.stateArrays) + 1) },
    tolerance: 1e-5,
    checkRuns: 3,
    prepare(env) {
      const p0 = uniform(51, n);
      const g = uniform(52, n);
      const tx = opt.stepwise();
      let params: { p: Tensor } = { p: tensor(p0) };
      let state = tx.init(params);
      const grads = { p: tensor(g) };
      const p = p0.slice();
      return new Parts()
        .add(
          'stepwise',
          // A Stepwise training loop donates last step's state and params (TF.js and the naive loop update
          // theirs in place) and applies the gradients with applyGradients (Adam in one pass per leaf); the
          // gradient is reused by every run here, so it is kept.
          stepwiseImpl(() => {
            [params, state] = applyGradients(tx, grads, donate(state), donate(params));
            return { p: params.p };
          }),
        )
        .tfjs(env, (tf) => {
          const pv = tf.variable(tf.tensor1d(p0), true, `bench_p_${uid++}`);
          const tg = tf.tensor1d(g);
          const s = opt.tfjs(tf, pv, tg);
          return {
            run: () => {
              s.step();
              return { p: pv };
            },
            dispose: () => {
              s.dispose();
              tf.dispose([pv, tg]);
            },
          };
        })
        .add(
          'naive-js',
          naiveImpl(
            (() => {
              const step = opt.naive(p, g);
              return () => {
                step();
                return { p };
              };
            })(),
          ),
        )
        .done();
    },
  };
}
