import { batchNormTrain } from '@stepwise/norm';
import { type Tensor, tensor, vjp } from '@stepwise/tensor';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl, type TfTensor } from './parts.js';

const EPS = 1e-3;

/**
 * Batch normalization over axis 0 of `[batch, features]` in training mode, forward (`y`) and backward
 * (`dx`, `dγ`, `dβ` from an upstream `dy`), ε = 1e-3 (Keras).
 */
export function batchNormCase(batch: number, features: number): BenchCase {
  const n = batch * features;
  return {
    kernel: 'batch-norm fwd+bwd',
    shape: `${batch}×${features}`,
    // Forward reads x and writes y; backward reads x and dy and writes dx.
    work: { bytes: 4 * 5 * n },
    tolerance: 1e-4,
    prepare(env) {
      const x = uniform(41, n, -2, 3);
      const dy = uniform(42, n);
      const gamma = uniform(43, features, 0.5, 1.5);
      const beta = uniform(44, features);
      const inputs = {
        x: tensor(x, { shape: [batch, features] }),
        gamma: tensor(gamma),
        beta: tensor(beta),
      };
      const sdy = tensor(dy, { shape: [batch, features] });
      const f = (p: typeof inputs): Tensor => batchNormTrain(p.x, p.gamma, p.beta, { epsilon: EPS }).y;
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => {
            const [y, pullback] = vjp(f, inputs);
            const g = pullback(sdy);
            return { y, dx: g.x, dgamma: g.gamma, dbeta: g.beta };
          }),
        )
        .tfjs(env, (tf) => {
          const tx = tf.tensor2d(x, [batch, features]);
          const tdy = tf.tensor2d(dy, [batch, features]);
          const tg = tf.tensor1d(gamma);
          const tb = tf.tensor1d(beta);
          const vg = tf.valueAndGrads((xx: TfTensor, g: TfTensor, b: TfTensor) => {
            const { mean, variance } = tf.moments(xx, 0);
            return tf.batchNorm(xx, mean, variance, b, g, EPS);
          });
          return {
            run: () =>
              tf.tidy(() => {
                const { value, grads } = vg([tx, tg, tb], tdy);
                return { y: value, dx: grads[0]!, dgamma: grads[1]!, dbeta: grads[2]! };
              }),
            dispose: () => tf.dispose([tx, tdy, tg, tb]),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => naiveBatchNorm(x, dy, gamma, beta, batch, features)),
        )
        .done();
    },
  };
}

/** The obvious loops: statistics, normalisation, and the closed-form backward. */
export function naiveBatchNorm(
  x: Float32Array,
  dy: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  batch: number,
  features: number,
): { y: Float32Array; dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array } {
  const n = batch * features;
  const mean = new Float64Array(features);
  const v = new Float64Array(features);
  for (let i = 0; i < n; i++) mean[i % features]! += x[i]!;
  for (let j = 0; j < features; j++) mean[j]! /= batch;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean[i % features]!;
    v[i % features]! += d * d;
  }
  const rstd = new Float64Array(features);
  for (let j = 0; j < features; j++) rstd[j] = 1 / Math.sqrt(v[j]! / batch + EPS);
  const y = new Float32Array(n);
  const dgamma = new Float64Array(features);
  const dbeta = new Float64Array(features);
  for (let i = 0; i < n; i++) {
    const j = i % features;
    const xh = (x[i]! - mean[j]!) * rstd[j]!;
    y[i] = gamma[j]! * xh + beta[j]!;
    dgamma[j]! += dy[i]! * xh;
    dbeta[j]! += dy[i]!;
  }
  const dx = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i % features;
    const xh = (x[i]! - mean[j]!) * rstd[j]!;
    dx[i] = ((gamma[j]! * rstd[j]!) / batch) * (batch * dy[i]! - dbeta[j]! - xh * dgamma[j]!);
  }
  return { y, dx, dgamma: Float32Array.from(dgamma), dbeta: Float32Array.from(dbeta) };
}
