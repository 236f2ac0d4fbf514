import { clipByGlobalNorm } from '@stepwise/optim';
import { type Tensor, tensor } from '@stepwise/tensor';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl, type TfTensor } from './parts.js';

/** The gradient leaves of the benchmark MLP 784-512-512-10 with batch norm (its parameter tree). */
export const MLP_LEAVES: Readonly<Record<string, readonly number[]>> = {
  w1: [784, 512],
  gamma1: [512],
  beta1: [512],
  w2: [512, 512],
  gamma2: [512],
  beta2: [512],
  w3: [512, 10],
  b3: [10],
};

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * `clipByGlobalNorm(max)` over a parameter tree: one global L2 norm over every leaf, then every leaf scaled
 * by `min(1, max / norm)`. `max` is half the norm, so the clipping is active.
 */
export function clipCase(
  leaves: Readonly<Record<string, readonly number[]>> = MLP_LEAVES,
  label = 'MLP tree',
): BenchCase {
  const names = Object.keys(leaves);
  const total = names.reduce((s, k) => s + sizeOf(leaves[k]!), 0);
  return {
    kernel: 'clip global norm',
    shape: `${label} (${total} params)`,
    work: { bytes: 8 * total },
    tolerance: 1e-5,
    prepare(env) {
      const arrays = names.map((k, i) => uniform(61 + i, sizeOf(leaves[k]!), -0.1, 0.1));
      let sq = 0;
      for (const a of arrays) for (let i = 0; i < a.length; i++) sq += a[i]! * a[i]!;
      const max = 0.5 * Math.sqrt(sq);
      const grads: Record<string, Tensor> = {};
      names.forEach((k, i) => {
        grads[k] = tensor(arrays[i]!, { shape: [...leaves[k]!] });
      });
      const clip = clipByGlobalNorm(max);
      const state = clip.init(grads);
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => clip.update(grads, state)[0]),
        )
        .tfjs(env, (tf) => {
          const tg = arrays.map((a, i) => tf.tensor(a, [...leaves[names[i]!]!]));
          return {
            run: () =>
              tf.tidy(() => {
                const norm = tf.sqrt(tf.addN(tg.map((g) => tf.sum(tf.square(g)))));
                const scale = tf.minimum(1, tf.div(max, norm));
                const out: Record<string, TfTensor> = {};
                names.forEach((k, i) => {
                  out[k] = tf.mul(tg[i]!, scale);
                });
                return out;
              }),
            dispose: () => tf.dispose(tg),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => {
            let s = 0;
            for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
            const scale = Math.min(1, max / Math.sqrt(s));
            const out: Record<string, Float32Array> = {};
            names.forEach((k, i) => {
              const a = arrays[i]!;
              const o = new Float32Array(a.length);
              for (let j = 0; j < a.length; j++) o[j] = a[j]! * scale;
              out[k] = o;
            });
            return out;
          }),
        )
        .done();
    },
  };
}
