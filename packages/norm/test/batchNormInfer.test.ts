import {
  add,
  mul,
  random,
  square,
  sum,
  type Tensor,
  TensorError,
  tensor,
  valueAndGrad,
} from '@stepwise/tensor';
import { checkGrads, expectAllClose } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { batchNormInfer, batchNormTrain } from '../src/index.js';
import { toChannelsFirst, toChannelsLast } from './composite.js';

const f64 = (k: number, shape: number[], std = 1, m = 0): Tensor =>
  random.normal(random.key(k), shape, { dtype: 'float64', std, mean: m });
const positive = (k: number, shape: number[]): Tensor => add(square(f64(k, shape)), 0.1);

describe('batchNormInfer', () => {
  it('computes γ·(x − mean)/√(variance + ε) + β per feature (fixture)', () => {
    // Feature 0: (2 − 1)/√(1 + 1e-5)·1 + 0 ≈ 0.999995; feature 1: (20 − 10)/√(4 + 1e-5) ≈ 4.9999938.
    const y = batchNormInfer(
      tensor([[2, 20]], { dtype: 'float64' }),
      null,
      null,
      tensor([1, 10], { dtype: 'float64' }),
      tensor([1, 4], { dtype: 'float64' }),
      {
        epsilon: 1e-5,
      },
    );
    expectAllClose(y, tensor([[1 / Math.sqrt(1 + 1e-5), 10 / Math.sqrt(4 + 1e-5)]], { dtype: 'float64' }), {
      rtol: 1e-15,
    });
  });

  it('with the batch statistics it reproduces batchNormTrain', () => {
    const x = f64(1, [9, 4], 2, 3);
    const g = f64(2, [4]);
    const b = f64(3, [4]);
    const t = batchNormTrain(x, g, b);
    expectAllClose(batchNormInfer(x, g, b, t.mean, t.variance), t.y, { rtol: 1e-12, atol: 1e-12 });
  });

  it('channels-first axis 1 equals channels-last on the transposed input', () => {
    const x = f64(4, [2, 3, 2, 2]);
    const [g, b, m, v] = [f64(5, [3]), f64(6, [3]), f64(7, [3]), positive(8, [3])];
    const first = batchNormInfer(x, g, b, m, v, { axis: 1 });
    const last = batchNormInfer(toChannelsLast(x), g, b, m, v);
    expectAllClose(first, toChannelsFirst(last), { rtol: 1e-14, atol: 1e-14 });
  });

  it('gradients w.r.t. x, γ, β, mean and variance match central differences (order 2), for both layouts', () => {
    for (const [shape, axis] of [
      [[4, 3], -1],
      [[2, 3, 2, 2], 1],
    ] as const) {
      const w = f64(9, [...shape]);
      checkGrads(
        (x: Tensor, g: Tensor, b: Tensor, m: Tensor, v: Tensor) =>
          sum(mul(batchNormInfer(x, g, b, m, v, { axis }), w)),
        [f64(10, [...shape]), f64(11, [3]), f64(12, [3]), f64(13, [3]), positive(14, [3])],
        { order: 2 },
      );
    }
  });

  it('dx = dy·γ/√(variance + ε) (eval-mode backward)', () => {
    const g = tensor([2, -1], { dtype: 'float64' });
    const v = tensor([3, 0.5], { dtype: 'float64' });
    const w = f64(1, [3, 2]);
    const [, [dx]] = valueAndGrad((p: Tensor[]) =>
      sum(mul(batchNormInfer(p[0]!, g, null, tensor([0, 1], { dtype: 'float64' }), v), w)),
    )([f64(2, [3, 2])]);
    const k = [2 / Math.sqrt(3 + 1e-3), -1 / Math.sqrt(0.5 + 1e-3)];
    expectAllClose(
      dx!,
      tensor(
        Array.from(w.data(), (wi, i) => wi * k[i % 2]!),
        { dtype: 'float64', shape: [3, 2] },
      ),
      {
        rtol: 1e-14,
      },
    );
  });

  it('errors: missing or mis-shaped statistics, bad epsilon', () => {
    const x = tensor([[1, 2]]);
    expect(() => batchNormInfer(x, null, null, tensor([0, 0, 0]), tensor([1, 1]))).toThrow(
      /batchNormInfer: mean must have shape \[2\].*got \[3\]/,
    );
    expect(() => batchNormInfer(x, null, null, undefined as unknown as Tensor, tensor([1, 1]))).toThrow(
      TensorError,
    );
    expect(() => batchNormInfer(x, null, null, tensor([0, 0]), tensor([1, 1]), { epsilon: -1 })).toThrow(
      /epsilon/,
    );
  });
});
