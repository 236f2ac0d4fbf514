import {
  add,
  mul,
  ones,
  random,
  sum,
  type Tensor,
  TensorError,
  tensor,
  transpose,
  valueAndGrad,
  zeros,
} from '@stepwise/tensor';
import { arb, checkGrads, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { batchNormTrain } from '../src/index.js';
import { bnComposite, toChannelsFirst, toChannelsLast } from './composite.js';

const f64 = (k: number, shape: number[], std = 1, m = 0): Tensor =>
  random.normal(random.key(k), shape, { dtype: 'float64', std, mean: m });

/** Per-column statistics of a `[N, C]` array in float64 (plain JS, the reference). */
function columnStats(rows: number[][]): { mean: number[]; variance: number[] } {
  const N = rows.length;
  const C = rows[0]!.length;
  const mean = Array.from({ length: C }, (_, c) => rows.reduce((s, r) => s + r[c]!, 0) / N);
  const variance = Array.from(
    { length: C },
    (_, c) => rows.reduce((s, r) => s + (r[c]! - mean[c]!) ** 2, 0) / N,
  );
  return { mean, variance };
}

const dense = (C: number, minN = 1) =>
  fc
    .tuple(fc.integer({ min: minN, max: 12 }), fc.integer({ min: 1, max: 6 }))
    .chain(([N]) => arb.tensor({ dtype: 'float64', shape: [N, C], min: -50, max: 50 }));

describe('batchNormTrain: forward', () => {
  it('normalizes each feature: mean 0, variance σ²/(σ²+ε) (≈ 1), for gamma 1 and beta 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((C) => dense(C, 2)),
        (x) => {
          const C = x.shape[1]!;
          const eps = 1e-3;
          const { y, mean, variance } = batchNormTrain(x, ones([C], 'float64'), zeros([C], 'float64'), {
            epsilon: eps,
          });
          const ref = columnStats(x.toArray() as number[][]);
          expectAllClose(mean, tensor(ref.mean, { dtype: 'float64' }), { rtol: 1e-12, atol: 1e-12 });
          expectAllClose(variance, tensor(ref.variance, { dtype: 'float64' }), { rtol: 1e-10, atol: 1e-10 });
          const ys = columnStats(y.toArray() as number[][]);
          for (let c = 0; c < C; c++) {
            const v = ref.variance[c]!;
            expect(Math.abs(ys.mean[c]!)).toBeLessThan(1e-9);
            expect(ys.variance[c]!).toBeCloseTo(v / (v + eps), 9);
            if (v > 1) expect(ys.variance[c]!).toBeGreaterThan(0.999);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is invariant to a positive per-feature affine map of x (ε negligible); statistics transform along', () => {
    fc.assert(
      fc.property(
        dense(3, 3),
        fc.array(fc.double({ min: 0.1, max: 20, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (x, a, b) => {
          const ref = columnStats(x.toArray() as number[][]);
          fc.pre(ref.variance.every((v) => v > 1e-2));
          const at = tensor(a, { dtype: 'float64' });
          const bt = tensor(b, { dtype: 'float64' });
          const g = tensor([0.5, -2, 3], { dtype: 'float64' });
          const be = tensor([1, 0, -1], { dtype: 'float64' });
          const opts = { epsilon: 1e-14 };
          const r0 = batchNormTrain(x, g, be, opts);
          const r1 = batchNormTrain(add(mul(x, at), bt), g, be, opts);
          expectAllClose(r1.y, r0.y, { rtol: 1e-7, atol: 1e-7 });
          expectAllClose(r1.mean, add(mul(r0.mean, at), bt), { rtol: 1e-9, atol: 1e-9 });
          expectAllClose(r1.variance, mul(r0.variance, mul(at, at)), { rtol: 1e-9, atol: 1e-9 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('equals the composition of primitive ops in every layout (axis -1 of 2-D and 4-D, axis 1 of 4-D)', () => {
    const cases: Array<[number[], number]> = [
      [[7, 5], -1],
      [[3, 4, 2, 5], -1],
      [[3, 4, 2, 5], 1],
      [[2, 3, 4], 0],
      [[4, 6, 3], 1],
    ];
    cases.forEach(([shape, axis], k) => {
      const x = f64(k, shape, 3, 2);
      const ax = axis < 0 ? axis + shape.length : axis;
      const C = shape[ax]!;
      const g = f64(100 + k, [C]);
      const b = f64(200 + k, [C]);
      const got = batchNormTrain(x, g, b, { axis, epsilon: 1e-3 });
      const want = bnComposite(x, g, b, ax, 1e-3);
      expectAllClose(got.y, want.y, { rtol: 1e-12, atol: 1e-12 });
      expectAllClose(got.mean, want.mean, { rtol: 1e-12, atol: 1e-12 });
      expectAllClose(got.variance, want.variance, { rtol: 1e-12, atol: 1e-12 });
    });
  });

  it('channels-first (axis 1) equals channels-last (axis -1) on the transposed input', () => {
    const x = f64(7, [2, 3, 4, 5]);
    const g = f64(8, [3]);
    const b = f64(9, [3]);
    const first = batchNormTrain(x, g, b, { axis: 1 });
    const last = batchNormTrain(toChannelsLast(x), g, b, { axis: -1 });
    expectAllClose(first.y, toChannelsFirst(last.y), { rtol: 1e-12, atol: 1e-12 });
    expectAllClose(first.mean, last.mean, { rtol: 1e-12, atol: 1e-12 });
  });

  it('float32 output is the float64 computation rounded once (all arithmetic in float64)', () => {
    const x32 = random.normal(random.key(11), [64, 16], { std: 2, mean: 1 });
    const g32 = random.normal(random.key(12), [16]);
    const r32 = batchNormTrain(x32, g32, null);
    expect(r32.y.dtype).toBe('float32');
    expect(r32.mean.dtype).toBe('float32');
    const up = (t: Tensor): Tensor => tensor(Float64Array.from(t.data()), { shape: t.shape });
    const r64 = batchNormTrain(up(x32), up(g32), null);
    expect(r32.y.data()).toEqual(Float32Array.from(r64.y.data()));
    expect(r32.variance.data()).toEqual(Float32Array.from(r64.variance.data()));
  });

  it('stays accurate for a large mean (two-pass statistics, no E[x²] − E[x]² cancellation)', () => {
    const noise = f64(12, [256, 4]);
    const big = add(noise, 1e9);
    const r = batchNormTrain(big, null, null, { epsilon: 1e-6 });
    const r0 = batchNormTrain(noise, null, null, { epsilon: 1e-6 });
    // With E[x²] − E[x]², x² ≈ 1e18 has an ulp of 128: the variance would be off by ~100.
    expectAllClose(r.variance, r0.variance, { rtol: 1e-6, atol: 0 });
    expectAllClose(r.y, r0.y, { rtol: 1e-5, atol: 1e-5 });
  });

  it('a batch of one gives y = beta exactly (variance 0), finite', () => {
    const x = tensor([[3, -7, 1e6]]);
    const beta = tensor([0.5, -1, 2]);
    const { y, variance, mean } = batchNormTrain(x, tensor([2, 3, 4]), beta);
    expect(Array.from(y.data())).toEqual(Array.from(beta.data()));
    expect(Array.from(variance.data())).toEqual([0, 0, 0]);
    expect(Array.from(mean.data())).toEqual([3, -7, 1e6]);
  });

  it('a constant feature gives y = beta for that feature and finite gradients', () => {
    const x = tensor(
      [
        [1, 5],
        [2, 5],
        [4, 5],
      ],
      { dtype: 'float64' },
    );
    const g = tensor([1, 3], { dtype: 'float64' });
    const b = tensor([0, 0.25], { dtype: 'float64' });
    const y = batchNormTrain(x, g, b).y.toArray() as number[][];
    expect(y.map((r) => r[1])).toEqual([0.25, 0.25, 0.25]);
    const w = f64(3, [3, 2]);
    const [, grads] = valueAndGrad((p: Tensor[]) => sum(mul(batchNormTrain(p[0]!, p[1]!, p[2]!).y, w)))([
      x,
      g,
      b,
    ]);
    for (const t of grads) expect(Array.from(t.data()).every(Number.isFinite)).toBe(true);
  });

  it('null gamma/beta mean scale 1 and offset 0', () => {
    const x = f64(4, [5, 3]);
    expectAllClose(
      batchNormTrain(x, null, null).y,
      batchNormTrain(x, ones([3], 'float64'), zeros([3], 'float64')).y,
      { rtol: 0, atol: 0 },
    );
  });

  it('same inputs give the same bits, and inputs are left bit-identical', () => {
    const x = random.normal(random.key(5), [9, 4]);
    const g = random.normal(random.key(6), [4]);
    const b = random.normal(random.key(7), [4]);
    const before = [x, g, b].map((t) => new Uint8Array(t.data().buffer.slice(0)));
    const r1 = batchNormTrain(x, g, b);
    const r2 = batchNormTrain(x, g, b);
    const w = random.normal(random.key(8), [9, 4]);
    const gr = (p: Tensor[]) =>
      valueAndGrad((q: Tensor[]) => sum(mul(batchNormTrain(q[0]!, q[1]!, q[2]!).y, w)))(p)[1];
    const g1 = gr([x, g, b]);
    const g2 = gr([x, g, b]);
    for (const [a, c] of [
      [r1.y, r2.y],
      [r1.mean, r2.mean],
      [r1.variance, r2.variance],
      [g1[0]!, g2[0]!],
      [g1[1]!, g2[1]!],
    ] as const) {
      expect(new Uint8Array(a.data().buffer)).toEqual(new Uint8Array(c.data().buffer));
    }
    [x, g, b].forEach((t, i) => expect(new Uint8Array(t.data().buffer)).toEqual(before[i]));
  });
});

describe('batchNormTrain: backward (fused closed form)', () => {
  const layouts: Array<[number[], number]> = [
    [[6, 4], -1],
    [[2, 3, 2, 4], -1],
    [[2, 3, 2, 4], 1],
  ];

  it('equals autodiff of the plain composition (x, gamma, beta, and through mean/variance)', () => {
    layouts.forEach(([shape, axis], k) => {
      const ax = axis < 0 ? axis + shape.length : axis;
      const C = shape[ax]!;
      const args = [f64(k, shape, 2, 1), f64(10 + k, [C]), f64(20 + k, [C])];
      const w = f64(30 + k, shape);
      const wm = f64(40 + k, [C]);
      const wv = f64(50 + k, [C]);
      const loss = (o: { y: Tensor; mean: Tensor; variance: Tensor }): Tensor =>
        add(sum(mul(o.y, w)), add(sum(mul(o.mean, wm)), sum(mul(o.variance, wv))));
      const [v1, fused] = valueAndGrad((p: Tensor[]) => loss(batchNormTrain(p[0]!, p[1]!, p[2]!, { axis })))(
        args,
      );
      const [v2, plain] = valueAndGrad((p: Tensor[]) => loss(bnComposite(p[0]!, p[1]!, p[2]!, ax, 1e-3)))(
        args,
      );
      expectAllClose(v1, v2, { rtol: 1e-12, atol: 1e-12 });
      fused.forEach((g, i) => expectAllClose(g, plain[i]!, { rtol: 1e-9, atol: 1e-11 }));
    });
  });

  it('matches central differences in float64, first and second order', () => {
    layouts.forEach(([shape, axis], k) => {
      const ax = axis < 0 ? axis + shape.length : axis;
      const C = shape[ax]!;
      const w = f64(60 + k, shape);
      const f = (x: Tensor, g: Tensor, b: Tensor): Tensor => {
        const o = batchNormTrain(x, g, b, { axis });
        return add(sum(mul(o.y, w)), sum(mul(o.variance, o.mean)));
      };
      checkGrads(f, [f64(k, shape), f64(70 + k, [C]), f64(80 + k, [C])], { order: 2 });
    });
  });

  it('gradient checks on random shapes and values (property)', () => {
    fc.assert(
      fc.property(
        arb
          .shape({ minRank: 2, maxRank: 3, minSide: 2, maxSide: 4 })
          .chain((s) =>
            fc.tuple(
              arb.tensor({ dtype: 'float64', shape: s, min: -5, max: 5 }),
              fc.integer({ min: 0, max: s.length - 1 }),
            ),
          ),
        ([x, axis]) => {
          const C = x.shape[axis]!;
          const g = random.normal(random.key(axis), [C], { dtype: 'float64' });
          const w = random.normal(random.key(99), x.shape, { dtype: 'float64' });
          checkGrads(
            (xx: Tensor, gg: Tensor) => sum(mul(batchNormTrain(xx, gg, null, { axis }).y, w)),
            [x, g],
            {
              rtol: 1e-4,
              atol: 1e-4,
            },
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('Σ dx over the batch is 0 per feature (for any cotangent of y)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((C) => dense(C, 2)),
        fc.integer(),
        (x, seed) => {
          const [N, C] = x.shape as [number, number];
          const w = random.normal(random.key(seed >>> 0), [N, C], { dtype: 'float64' });
          const g = random.normal(random.key((seed >>> 0) + 1), [C], { dtype: 'float64' });
          const [, [dx]] = valueAndGrad((p: Tensor[]) => sum(mul(batchNormTrain(p[0]!, g, null).y, w)))([x]);
          const rows = dx!.toArray() as number[][];
          const ws = w.toArray() as number[][];
          const { variance } = columnStats(x.toArray() as number[][]);
          for (let c = 0; c < C; c++) {
            const s = rows.reduce((a, r) => a + r[c]!, 0);
            // Relative to the terms that cancel, |γ|·Σ|dy|/√(σ² + ε): dx itself may be far smaller (N = 2).
            const terms = ws.reduce((a, r) => a + Math.abs(r[c]!), 0) * Math.abs(g.data()[c]!);
            expect(Math.abs(s)).toBeLessThanOrEqual((1e-12 * terms) / Math.sqrt(variance[c]! + 1e-3));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a batch of one has dx = 0, dgamma = 0, dbeta = dy', () => {
    const x = tensor([[3, -1]], { dtype: 'float64' });
    const w = tensor([[2, 5]], { dtype: 'float64' });
    const [, [dx, dg, db]] = valueAndGrad((p: Tensor[]) =>
      sum(mul(batchNormTrain(p[0]!, p[1]!, p[2]!).y, w)),
    )([x, ones([2], 'float64'), zeros([2], 'float64')]);
    expect(Array.from(dx!.data())).toEqual([0, 0]);
    expect(Array.from(dg!.data())).toEqual([0, 0]);
    expect(Array.from(db!.data())).toEqual([2, 5]);
  });

  it('gradient of float32 inputs is float32 and close to the float64 one', () => {
    const x = random.normal(random.key(1), [16, 8]);
    const w = random.normal(random.key(2), [16, 8]);
    const [, [dx]] = valueAndGrad((p: Tensor[]) => sum(mul(batchNormTrain(p[0]!, null, null).y, w)))([x]);
    expect(dx!.dtype).toBe('float32');
    const x64 = tensor(x.data(), { dtype: 'float64', shape: [16, 8] });
    const w64 = tensor(w.data(), { dtype: 'float64', shape: [16, 8] });
    const [, [dx64]] = valueAndGrad((p: Tensor[]) => sum(mul(batchNormTrain(p[0]!, null, null).y, w64)))([
      x64,
    ]);
    expectAllClose(tensor(dx!.data(), { dtype: 'float64', shape: [16, 8] }), dx64, {
      rtol: 1e-5,
      atol: 1e-6,
    });
  });
});

describe('batchNormTrain: errors', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const catchErr = (f: () => unknown): TensorError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TensorError);
      return e as TensorError;
    }
    throw new Error('expected a TensorError');
  };

  it('wrong gamma or beta shape → SHAPE_MISMATCH naming the argument and shapes', () => {
    const e = catchErr(() => batchNormTrain(x, ones([2]), null));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/^batchNormTrain: gamma must have shape \[3\].*got \[2\]/);
    expect(catchErr(() => batchNormTrain(x, null, ones([3, 1]))).message).toMatch(/beta.*\[3\].*\[3,1\]/);
  });

  it('bad axis → INVALID_AXIS; rank 1 → SHAPE_MISMATCH', () => {
    const e = catchErr(() => batchNormTrain(x, null, null, { axis: 2 }));
    expect(e.code).toBe('INVALID_AXIS');
    expect(e.message).toContain('axis 2');
    expect(catchErr(() => batchNormTrain(x, null, null, { axis: 0.5 })).code).toBe('INVALID_AXIS');
    expect(catchErr(() => batchNormTrain(tensor([1, 2]), null, null)).code).toBe('SHAPE_MISMATCH');
  });

  it('epsilon must be > 0', () => {
    for (const epsilon of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = catchErr(() => batchNormTrain(x, null, null, { epsilon }));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain('epsilon');
    }
  });

  it('integer gamma → DTYPE_MISMATCH; no elements per feature → INVALID_ARGUMENT; non-tensor x', () => {
    expect(catchErr(() => batchNormTrain(x, tensor([1, 2, 3], { dtype: 'int32' }), null)).code).toBe(
      'DTYPE_MISMATCH',
    );
    expect(catchErr(() => batchNormTrain(zeros([0, 3]), null, null)).message).toContain(
      'no elements per feature',
    );
    expect(catchErr(() => batchNormTrain([1, 2] as unknown as Tensor, null, null)).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('integer x is computed in float32', () => {
    const r = batchNormTrain(tensor([[1], [3]], { dtype: 'int32' }), null, null);
    expect(r.y.dtype).toBe('float32');
    expect(transpose(r.y).shape).toEqual([1, 2]);
  });
});
