import { mean, sum, tensor, variance } from '@stepwise/tensor';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl } from './parts.js';

/** `sum(x, 0)` of `[rows, cols]`: the bias gradient of a dense layer. */
export function sumAxis0Case(rows: number, cols: number): BenchCase {
  return {
    kernel: 'sum axis 0',
    shape: `${rows}×${cols}`,
    work: { bytes: 4 * (rows * cols + cols) },
    tolerance: 1e-5,
    prepare(env) {
      const x = uniform(21, rows * cols);
      const sx = tensor(x, { shape: [rows, cols] });
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => ({ s: sum(sx, 0) })),
        )
        .tfjs(env, (tf) => {
          const tx = tf.tensor2d(x, [rows, cols]);
          return { run: () => ({ s: tf.sum(tx, 0) }), dispose: () => tx.dispose() };
        })
        .add(
          'naive-js',
          naiveImpl(() => {
            const s = new Float64Array(cols);
            for (let i = 0; i < rows; i++) {
              const r = i * cols;
              for (let j = 0; j < cols; j++) s[j]! += x[r + j]!;
            }
            return { s: Float32Array.from(s) };
          }),
        )
        .done();
    },
  };
}

/** Mean and (population) variance over axis 0 of `[rows, cols]`: batch-norm statistics. */
export function meanVarCase(rows: number, cols: number): BenchCase {
  return {
    kernel: 'mean+var axis 0',
    shape: `${rows}×${cols}`,
    work: { bytes: 4 * (rows * cols + 2 * cols) },
    tolerance: 1e-5,
    prepare(env) {
      // An offset makes a one-pass E[x²] − E[x]² formula visibly inaccurate, as real activations do.
      const x = uniform(22, rows * cols, 2, 4);
      const sx = tensor(x, { shape: [rows, cols] });
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => ({ mean: mean(sx, 0), variance: variance(sx, 0) })),
        )
        .tfjs(env, (tf) => {
          const tx = tf.tensor2d(x, [rows, cols]);
          return { run: () => tf.moments(tx, 0), dispose: () => tx.dispose() };
        })
        .add(
          'naive-js',
          naiveImpl(() => {
            const m = new Float64Array(cols);
            const v = new Float64Array(cols);
            for (let i = 0; i < rows; i++) {
              const r = i * cols;
              for (let j = 0; j < cols; j++) m[j]! += x[r + j]!;
            }
            for (let j = 0; j < cols; j++) m[j]! /= rows;
            for (let i = 0; i < rows; i++) {
              const r = i * cols;
              for (let j = 0; j < cols; j++) {
                const d = x[r + j]! - m[j]!;
                v[j]! += d * d;
              }
            }
            for (let j = 0; j < cols; j++) v[j]! /= rows;
            return { mean: Float32Array.from(m), variance: Float32Array.from(v) };
          }),
        )
        .done();
    },
  };
}
