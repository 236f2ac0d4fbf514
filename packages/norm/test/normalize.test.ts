import { constant } from '@stepwise/nn';
import {
  add,
  mul,
  random,
  sum,
  type Tensor,
  TensorError,
  tensor,
  valueAndGrad,
  zeros,
} from '@stepwise/tensor';
import { arb, checkGrads, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { groupNorm, groupNormalize, layerNorm, layerNormalize, rmsNorm, rmsNormalize } from '../src/index.js';
import { gnComposite, lnComposite, rmsComposite } from './composite.js';

const f64 = (k: number, shape: number[], std = 1, m = 0): Tensor =>
  random.normal(random.key(k), shape, { dtype: 'float64', std, mean: m });
const bits = (t: Tensor): Uint8Array => new Uint8Array(t.data().buffer.slice(0));

/** Gradients of `sum(f(x, g, b)·w)` w.r.t. `[x, g, b]`. */
const grads = (
  f: (x: Tensor, g: Tensor, b: Tensor) => Tensor,
  args: Tensor[],
  w: Tensor,
): [Tensor, Tensor[]] => valueAndGrad((p: Tensor[]) => sum(mul(f(p[0]!, p[1]!, p[2]!), w)))(args);

describe('layerNormalize', () => {
  it('each row has mean 0 and variance σ²/(σ²+ε) for gamma 1, beta 0 (property)', () => {
    fc.assert(
      fc.property(
        arb.tensor({
          dtype: 'float64',
          shape: arb.shape({ minRank: 2, maxRank: 3, minSide: 2 }),
          min: -30,
          max: 30,
        }),
        (x) => {
          const D = x.shape[x.rank - 1]!;
          const y = layerNormalize(x, null, null).data();
          const xd = x.data();
          for (let r = 0; r < xd.length / D; r++) {
            const row = Array.from(xd.subarray(r * D, (r + 1) * D));
            const m = row.reduce((s, v) => s + v, 0) / D;
            const v = row.reduce((s, u) => s + (u - m) ** 2, 0) / D;
            const yr = Array.from(y.subarray(r * D, (r + 1) * D));
            const ym = yr.reduce((s, u) => s + u, 0) / D;
            const yv = yr.reduce((s, u) => s + (u - ym) ** 2, 0) / D;
            expect(Math.abs(ym)).toBeLessThan(1e-9);
            expect(yv).toBeCloseTo(v / (v + 1e-3), 9);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('equals the composition in value and gradient; gradients pass central differences (order 2)', () => {
    const x = f64(1, [3, 4, 6], 2, 5);
    const args: [Tensor, Tensor, Tensor] = [x, f64(2, [6]), f64(3, [6])];
    const w = f64(4, [3, 4, 6]);
    const [v1, g1] = grads((a, g, b) => layerNormalize(a, g, b), args, w);
    const [v2, g2] = grads((a, g, b) => lnComposite(a, g, b, 1e-3), args, w);
    expectAllClose(v1, v2, { rtol: 1e-12 });
    g1.forEach((g, i) => expectAllClose(g, g2[i]!, { rtol: 1e-9, atol: 1e-11 }));
    checkGrads((a: Tensor, g: Tensor, b: Tensor) => sum(mul(layerNormalize(a, g, b), w)), args, { order: 2 });
  });

  it('stays accurate for a large mean (two-pass statistics), layer and group norm alike', () => {
    const x = f64(31, [8, 16]);
    const shifted = add(x, 1e9);
    expectAllClose(layerNormalize(shifted, null, null), layerNormalize(x, null, null), {
      rtol: 1e-5,
      atol: 1e-5,
    });
    expectAllClose(
      groupNormalize(shifted, null, null, { groups: 4 }),
      groupNormalize(x, null, null, { groups: 4 }),
      {
        rtol: 1e-5,
        atol: 1e-5,
      },
    );
  });

  it('several trailing axes take gamma of their shape (PyTorch normalized_shape)', () => {
    const x = f64(5, [2, 3, 4]);
    const g = f64(6, [3, 4]);
    const b = f64(7, [3, 4]);
    expectAllClose(layerNormalize(x, g, b, { axis: [-2, -1] }), lnComposite(x, g, b, 1e-3), {
      rtol: 1e-12,
      atol: 1e-12,
    });
  });

  it('a non-trailing axis equals normalizing the transposed input', () => {
    const x = f64(8, [2, 5, 3]);
    const g = f64(9, [5]);
    const w = f64(10, [2, 5, 3]);
    const direct = layerNormalize(x, g, null, { axis: 1 });
    const xd = x.toArray() as number[][][];
    const want = xd.map((m) => {
      const cols = m[0]!.map((_, j) => m.map((r) => r[j]!));
      const normed = cols.map((c) => {
        const mu = c.reduce((s, v) => s + v, 0) / c.length;
        const v = c.reduce((s, u) => s + (u - mu) ** 2, 0) / c.length;
        return c.map((u, i) => ((u - mu) / Math.sqrt(v + 1e-3)) * g.data()[i]!);
      });
      return m.map((r, i) => r.map((_, j) => normed[j]![i]!));
    });
    expectAllClose(direct, tensor(want, { dtype: 'float64' }), { rtol: 1e-12, atol: 1e-12 });
    checkGrads((a: Tensor, gg: Tensor) => sum(mul(layerNormalize(a, gg, null, { axis: 1 }), w)), [x, g]);
  });

  it('a constant row gives y = beta; errors name the problem', () => {
    const y = layerNormalize(tensor([[2, 2, 2]]), null, tensor([1, 2, 3]));
    expect(y.toArray()).toEqual([[1, 2, 3]]);
    expect(() => layerNormalize(tensor([[1, 2]]), tensor([1, 2, 3]), null)).toThrow(
      /layerNormalize: gamma must have shape \[2\].*got \[3\]/,
    );
    expect(() => layerNormalize(tensor([[1, 2]]), null, null, { axis: 5 })).toThrow(TensorError);
    expect(() => layerNormalize(tensor([[1, 2]]), null, null, { axis: [1, -1] })).toThrow(/twice/);
    expect(() => layerNormalize(tensor([[1, 2]]), null, null, { epsilon: 0 })).toThrow(/epsilon/);
  });
});

describe('rmsNormalize', () => {
  it('each row has mean square ms/(ms+ε) for gamma 1 (property)', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: arb.shape({ minRank: 1, maxRank: 3 }), min: -30, max: 30 }),
        (x) => {
          const D = x.shape[x.rank - 1]!;
          const y = rmsNormalize(x, null).data();
          const xd = x.data();
          for (let r = 0; r < xd.length / D; r++) {
            const ms = Array.from(xd.subarray(r * D, (r + 1) * D)).reduce((s, v) => s + v * v, 0) / D;
            const ys = Array.from(y.subarray(r * D, (r + 1) * D)).reduce((s, v) => s + v * v, 0) / D;
            expect(ys).toBeCloseTo(ms / (ms + 1e-6), 9);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('fixture: [3, 4] has rms √12.5, y = x/√(12.5 + ε)', () => {
    const y = rmsNormalize(tensor([[3, 4]], { dtype: 'float64' }), null);
    expectAllClose(
      y,
      tensor([[3 / Math.sqrt(12.5 + 1e-6), 4 / Math.sqrt(12.5 + 1e-6)]], { dtype: 'float64' }),
      {
        rtol: 1e-15,
      },
    );
  });

  it('equals the composition in value and gradient; central differences (order 2); zero row stays 0', () => {
    const x = f64(11, [4, 5]);
    const args = [x, f64(12, [5]), zeros([5], 'float64')];
    const w = f64(13, [4, 5]);
    const [v1, g1] = grads((a, g) => rmsNormalize(a, g), args, w);
    const [v2, g2] = grads((a, g) => rmsComposite(a, g, 1e-6), args, w);
    expectAllClose(v1, v2, { rtol: 1e-12 });
    expectAllClose(g1[0]!, g2[0]!, { rtol: 1e-9, atol: 1e-11 });
    expectAllClose(g1[1]!, g2[1]!, { rtol: 1e-9, atol: 1e-11 });
    checkGrads((a: Tensor, g: Tensor) => sum(mul(rmsNormalize(a, g), w)), [x, args[1]!], { order: 2 });
    expect(rmsNormalize(zeros([1, 3]), null).toArray()).toEqual([[0, 0, 0]]);
  });
});

describe('groupNormalize', () => {
  it('equals the composition in value and gradient for [N, C] and [N, H, W, C]; central differences (order 2)', () => {
    for (const [shape, groups] of [
      [[3, 6], 2],
      [[2, 3, 2, 6], 3],
      [[2, 3, 2, 6], 1],
      [[2, 2, 6], -1],
    ] as const) {
      const C = 6;
      const x = f64(20, [...shape], 2, 1);
      const args = [x, f64(21, [C]), f64(22, [C])];
      const w = f64(23, [...shape]);
      const G = groups === -1 ? C : groups;
      const [v1, g1] = grads((a, g, b) => groupNormalize(a, g, b, { groups }), args, w);
      const [v2, g2] = grads((a, g, b) => gnComposite(a, g, b, G, 1e-3), args, w);
      expectAllClose(v1, v2, { rtol: 1e-12 });
      g1.forEach((g, i) => expectAllClose(g, g2[i]!, { rtol: 1e-9, atol: 1e-11 }));
    }
    const w = f64(24, [2, 2, 2, 4]);
    checkGrads(
      (a: Tensor, g: Tensor, b: Tensor) => sum(mul(groupNormalize(a, g, b, { groups: 2 }), w)),
      [f64(25, [2, 2, 2, 4]), f64(26, [4]), f64(27, [4])],
      { order: 2 },
    );
  });

  it('groups must divide C; gamma must be [C]', () => {
    expect(() => groupNormalize(zeros([2, 6]), null, null, { groups: 4 })).toThrow(
      /groupNormalize: groups \(4\) must divide the number of channels C = 6/,
    );
    expect(() => groupNormalize(zeros([2, 6]), null, null, { groups: 0 })).toThrow(/groups/);
    expect(() => groupNormalize(zeros([2, 6]), zeros([3]), null, { groups: 3 })).toThrow(
      /gamma must have shape \[6\]/,
    );
    expect(() => groupNorm({ groups: 32 }).init(random.key(0), [2, 8])).toThrow(/must divide/);
  });
});

describe('layerNorm, groupNorm, rmsNorm layers', () => {
  it('init shapes, flags and empty state; apply equals the functional form; state returned as is', () => {
    const x = f64(30, [2, 4, 8]);
    const ln = layerNorm({ dtype: 'float64' });
    const a = ln.init(random.key(0), [2, 4, 8]);
    expect(a.params.gamma?.shape).toEqual([8]);
    expect(a.state).toEqual({});
    expect(a.outputShape).toEqual([2, 4, 8]);
    const ra = ln.apply(a.params, a.state, x, { training: true });
    expect(ra.state).toBe(a.state);
    expectAllClose(ra.y, layerNormalize(x, a.params.gamma!, a.params.beta!), { rtol: 0, atol: 0 });
    expect(layerNorm({ axis: [1, 2] }).init(random.key(0), [2, 4, 8]).params.gamma?.shape).toEqual([4, 8]);
    expect(Object.keys(layerNorm({ center: false }).init(random.key(0), [2, 3]).params)).toEqual(['gamma']);

    const gn = groupNorm({ groups: 4, gammaInit: constant(2), dtype: 'float64' });
    const b = gn.init(random.key(0), [2, 4, 8]);
    expect(b.params.gamma?.toArray()).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expectAllClose(
      gn.apply(b.params, b.state, x).y,
      groupNormalize(x, b.params.gamma!, b.params.beta!, { groups: 4 }),
      {
        rtol: 0,
        atol: 0,
      },
    );

    const rms = rmsNorm({ dtype: 'float64' });
    const c = rms.init(random.key(0), [2, 4, 8]);
    expect(Object.keys(c.params)).toEqual(['gamma']);
    expectAllClose(rms.apply(c.params, c.state, x).y, rmsNormalize(x, c.params.gamma!), { rtol: 0, atol: 0 });
  });

  it('same inputs, same bits; inputs untouched', () => {
    const x = random.normal(random.key(3), [4, 6]);
    for (const layer of [layerNorm(), groupNorm({ groups: 3 }), rmsNorm()] as const) {
      const { params, state } = layer.init(random.key(1), [4, 6]);
      const before = bits(x);
      const y1 = layer.apply(params as never, state, x).y;
      const y2 = layer.apply(params as never, state, x).y;
      expect(bits(y1)).toEqual(bits(y2));
      expect(bits(x)).toEqual(before);
    }
  });

  it('bad options fail at once', () => {
    expect(() => layerNorm({ epsilon: -1 })).toThrow(/epsilon/);
    expect(() => groupNorm({ groups: 1.5 })).toThrow(/groups/);
    expect(() => rmsNorm({ scale: 1 as never })).toThrow(/scale/);
  });
});
