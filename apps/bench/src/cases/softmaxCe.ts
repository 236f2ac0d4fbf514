import { softmaxCrossEntropy } from '@stepwise/nn';
import { type Tensor, tensor, valueAndGrad } from '@stepwise/tensor';
import { labels, uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl, type TfTensor } from './parts.js';

/**
 * Softmax cross-entropy of `[batch, classes]` logits against integer labels, mean over the batch, with its
 * gradient with respect to the logits (what a training step computes).
 */
export function softmaxCeCase(batch: number, classes: number): BenchCase {
  const n = batch * classes;
  return {
    kernel: 'softmax-CE fwd+bwd',
    shape: `${batch}×${classes}`,
    work: { bytes: 4 * (2 * n + batch) },
    tolerance: 1e-5,
    prepare(env) {
      const z = uniform(31, n, -4, 4);
      const y = labels(32, batch, classes);
      const sz = tensor(z, { shape: [batch, classes] });
      const sy = tensor(y, { shape: [batch], dtype: 'int32' });
      const vg = valueAndGrad((logits: Tensor) => softmaxCrossEntropy(logits, sy));
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => {
            const [loss, dz] = vg(sz);
            return { loss, dz };
          }),
        )
        .tfjs(env, (tf) => {
          const tz = tf.tensor2d(z, [batch, classes]);
          const onehot = tf.oneHot(tf.tensor1d(y, 'int32'), classes);
          const f = tf.valueAndGrad((logits: TfTensor) => tf.losses.softmaxCrossEntropy(onehot, logits));
          return {
            run: () =>
              tf.tidy(() => {
                const { value, grad } = f(tz);
                return { loss: value, dz: grad };
              }),
            dispose: () => tf.dispose([tz, onehot]),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => {
            const dz = new Float32Array(n);
            let loss = 0;
            for (let b = 0; b < batch; b++) {
              const r = b * classes;
              let max = Number.NEGATIVE_INFINITY;
              for (let c = 0; c < classes; c++) if (z[r + c]! > max) max = z[r + c]!;
              let s = 0;
              for (let c = 0; c < classes; c++) s += Math.exp(z[r + c]! - max);
              const lse = max + Math.log(s);
              loss += lse - z[r + y[b]!]!;
              for (let c = 0; c < classes; c++) dz[r + c] = Math.exp(z[r + c]! - lse) / batch;
              dz[r + y[b]!]! -= 1 / batch;
            }
            return { loss: loss / batch, dz };
          }),
        )
        .done();
    },
  };
}
