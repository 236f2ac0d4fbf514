import { elu, gelu, relu, sigmoid } from '@stepwise/nn';
import { type Tensor, tensor, vjp } from '@stepwise/tensor';
import { fmtCount } from '../format.js';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl, type Tf, type TfTensor } from './parts.js';

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32 rounding of GELU's output). */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/** One activation: Stepwise's function, the TF.js expression, and the obvious loops. */
interface Activation {
  readonly name: string;
  readonly stepwise: (x: Tensor) => Tensor;
  readonly tfjs: (tf: Tf, x: TfTensor) => TfTensor;
  /** `y = f(x)`. */
  readonly forward: (x: Float32Array) => Float32Array;
  /** `y = f(x)` and `dx = dy·f'(x)` in one loop. */
  readonly backward: (x: Float32Array, dy: Float32Array) => { y: Float32Array; dx: Float32Array };
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export const ACTIVATIONS: readonly Activation[] = [
  {
    name: 'relu',
    stepwise: relu,
    tfjs: (tf, x) => tf.relu(x),
    forward: (x) => {
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = x[i]! > 0 ? x[i]! : 0;
      return y;
    },
    backward: (x, dy) => {
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : 0;
        dx[i] = v > 0 ? dy[i]! : 0;
      }
      return { y, dx };
    },
  },
  {
    name: 'elu',
    stepwise: (x) => elu(x),
    tfjs: (tf, x) => tf.elu(x),
    forward: (x) => {
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = x[i]! > 0 ? x[i]! : Math.expm1(x[i]!);
      return y;
    },
    backward: (x, dy) => {
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        const e = v > 0 ? v : Math.expm1(v);
        y[i] = e;
        dx[i] = v > 0 ? dy[i]! : dy[i]! * (e + 1);
      }
      return { y, dx };
    },
  },
  {
    // Exact (erf) GELU, Stepwise's and Keras' default; TF.js has no GELU op, so the same formula in its ops.
    name: 'gelu',
    stepwise: (x) => gelu(x),
    tfjs: (tf, x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))),
    forward: (x) => {
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i]! * (1 + erf(x[i]! * SQRT1_2));
      return y;
    },
    backward: (x, dy) => {
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        const cdf = 0.5 * (1 + erf(v * SQRT1_2));
        y[i] = v * cdf;
        dx[i] = dy[i]! * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
      return { y, dx };
    },
  },
  {
    name: 'sigmoid',
    stepwise: sigmoid,
    tfjs: (tf, x) => tf.sigmoid(x),
    forward: (x) => {
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
      return y;
    },
    backward: (x, dy) => {
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const s = 1 / (1 + Math.exp(-x[i]!));
        y[i] = s;
        dx[i] = dy[i]! * s * (1 - s);
      }
      return { y, dx };
    },
  },
];

/** `y = f(x)` over `n` float32 elements. */
export function activationForwardCase(act: Activation, n: number): BenchCase {
  return {
    kernel: `${act.name} fwd`,
    shape: fmtCount(n),
    work: { bytes: 8 * n },
    tolerance: 1e-5,
    prepare(env) {
      const x = uniform(11, n, -3, 3);
      const sx = tensor(x);
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => ({ y: act.stepwise(sx) }), { recycleOutputs: true }),
        )
        .tfjs(env, (tf) => {
          const tx = tf.tensor1d(x);
          return {
            run: () => ({ y: tf.tidy(() => act.tfjs(tf, tx)) }),
            dispose: () => tx.dispose(),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => ({ y: act.forward(x) })),
        )
        .done();
    },
  };
}

/** `y = f(x)` and `dx = dy·f'(x)` over `n` elements: the activation as a training step runs it. */
export function activationBackwardCase(act: Activation, n: number): BenchCase {
  return {
    kernel: `${act.name} fwd+bwd`,
    shape: fmtCount(n),
    work: { bytes: 16 * n },
    tolerance: 1e-5,
    prepare(env) {
      const x = uniform(11, n, -3, 3);
      const dy = uniform(12, n);
      const sx = tensor(x);
      const sdy = tensor(dy);
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(
            () => {
              const [y, pullback] = vjp(act.stepwise, sx);
              return { y, dx: pullback(sdy) };
            },
            { recycleOutputs: true },
          ),
        )
        .tfjs(env, (tf) => {
          const tx = tf.tensor1d(x);
          const tdy = tf.tensor1d(dy);
          const vg = tf.valueAndGrad((t: TfTensor) => act.tfjs(tf, t));
          return {
            run: () =>
              tf.tidy(() => {
                const { value, grad } = vg(tx, tdy);
                return { y: value, dx: grad };
              }),
            dispose: () => tf.dispose([tx, tdy]),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => act.backward(x, dy)),
        )
        .done();
    },
  };
}
