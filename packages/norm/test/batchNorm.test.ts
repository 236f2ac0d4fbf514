import { constant } from '@stepwise/nn';
import { grad, mul, random, sum, type Tensor, TensorError, tensor, tree } from '@stepwise/tensor';
import { expectAllClose } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { batchNorm, batchNormTrain } from '../src/index.js';

const bits = (t: Tensor): Uint8Array => new Uint8Array(t.data().buffer.slice(0));
const f64 = (k: number, shape: number[], std = 1, m = 0): Tensor =>
  random.normal(random.key(k), shape, { dtype: 'float64', std, mean: m });

/** Per-feature batch statistics along the last axis, in plain JS (float64): [mean, biased variance]. */
function statsLast(x: Tensor): [number[], number[]] {
  const C = x.shape[x.rank - 1]!;
  const d = x.data();
  const n = d.length / C;
  const m = new Array<number>(C).fill(0);
  const v = new Array<number>(C).fill(0);
  for (let i = 0; i < d.length; i++) m[i % C]! += d[i]! / n;
  for (let i = 0; i < d.length; i++) v[i % C]! += (d[i]! - m[i % C]!) ** 2 / n;
  return [m, v];
}

describe('batchNorm layer: init', () => {
  it('params { gamma: ones, beta: zeros }, state { mean: zeros, variance: ones }, output shape = input shape', () => {
    const bn = batchNorm();
    const { params, state, outputShape } = bn.init(random.key(0), [8, 4, 4, 3]);
    expect(outputShape).toEqual([8, 4, 4, 3]);
    expect(params.gamma?.toArray()).toEqual([1, 1, 1]);
    expect(params.beta?.toArray()).toEqual([0, 0, 0]);
    expect(state.mean.toArray()).toEqual([0, 0, 0]);
    expect(state.variance.toArray()).toEqual([1, 1, 1]);
    expect(params.gamma?.dtype).toBe('float32');
  });

  it('axis: 1 takes features from channels-first input; center/scale flags omit beta/gamma', () => {
    const { params, state } = batchNorm({ axis: 1, center: false }).init(random.key(0), [2, 5, 3, 3]);
    expect(Object.keys(params)).toEqual(['gamma']);
    expect(params.gamma?.shape).toEqual([5]);
    expect(state.mean.shape).toEqual([5]);
    expect(
      Object.keys(batchNorm({ scale: false, center: false }).init(random.key(0), [2, 3]).params),
    ).toEqual([]);
  });

  it('initializers and dtype; init never depends on anything but its arguments (statistics always fresh)', () => {
    const bn = batchNorm({ gammaInit: constant(2), dtype: 'float64' });
    const a = bn.init(random.key(1), [4, 2]);
    expect(a.params.gamma?.toArray()).toEqual([2, 2]);
    expect(a.state.variance.dtype).toBe('float64');
    bn.apply(a.params, a.state, f64(1, [4, 2], 3, 5), { training: true });
    const b = bn.init(random.key(1), [4, 2]);
    expect(b.state.mean.toArray()).toEqual([0, 0]);
    expect(b.state.variance.toArray()).toEqual([1, 1]);
  });
});

describe('batchNorm layer: state in, state out', () => {
  it('training returns batch-normalized y and the Keras moving update', () => {
    const bn = batchNorm({ momentum: 0.9, dtype: 'float64' });
    const { params, state } = bn.init(random.key(0), [16, 3]);
    const x = f64(2, [16, 3], 2, 1);
    const out = bn.apply(params, state, x, { training: true });
    expectAllClose(out.y, batchNormTrain(x, params.gamma!, params.beta!).y, { rtol: 0, atol: 0 });
    const [m, v] = statsLast(x);
    expectAllClose(
      out.state.mean,
      tensor(
        m.map((b) => 0.1 * b),
        { dtype: 'float64' },
      ),
      { rtol: 1e-12 },
    );
    expectAllClose(
      out.state.variance,
      tensor(
        v.map((b) => 0.9 + 0.1 * b),
        { dtype: 'float64' },
      ),
      {
        rtol: 1e-12,
      },
    );
  });

  it('moving statistics after k steps equal the closed-form exponential average', () => {
    for (const momentum of [0.99, 0.9, 0.5]) {
      const bn = batchNorm({ momentum, dtype: 'float64' });
      const init = bn.init(random.key(0), [10, 4]);
      let state = init.state;
      const k = 7;
      const batches = Array.from({ length: k }, (_, j) => f64(10 + j, [10, 4], 1 + j, j - 3));
      for (const x of batches) state = bn.apply(init.params, state, x, { training: true }).state;
      // moving_k = m^k·moving_0 + Σ_j (1 − m)·m^(k−j)·batch_j, j = 1..k.
      const expMean = new Array<number>(4).fill(0);
      const expVar = new Array<number>(4).fill(momentum ** k);
      batches.forEach((x, i) => {
        const [bm, bv] = statsLast(x);
        const w = (1 - momentum) * momentum ** (k - 1 - i);
        for (let c = 0; c < 4; c++) {
          expMean[c]! += w * bm[c]!;
          expVar[c]! += w * bv[c]!;
        }
      });
      expectAllClose(state.mean, tensor(expMean, { dtype: 'float64' }), { rtol: 1e-11, atol: 1e-13 });
      expectAllClose(state.variance, tensor(expVar, { dtype: 'float64' }), { rtol: 1e-11, atol: 1e-13 });
    }
  });

  it('inference uses the moving statistics exactly and returns the same state object', () => {
    const bn = batchNorm({ dtype: 'float64', epsilon: 1e-3, momentum: 0.5 });
    const init = bn.init(random.key(0), [6, 3]);
    const params = {
      gamma: tensor([1.5, -2, 0.5], { dtype: 'float64' }),
      beta: tensor([0, 1, -1], { dtype: 'float64' }),
    };
    const trained = bn.apply(params, init.state, f64(3, [6, 3], 4, 2), { training: true }).state;
    const x = f64(4, [5, 3]);
    const out = bn.apply(params, trained, x);
    expect(out.state).toBe(trained);
    expect(bn.apply(params, trained, x, { training: false }).state).toBe(trained);
    const m = trained.mean.data();
    const v = trained.variance.data();
    const g = params.gamma.data();
    const b = params.beta.data();
    const want = Array.from(x.data(), (xi, i) => {
      const c = i % 3;
      return (g[c]! * (xi - m[c]!)) / Math.sqrt(v[c]! + 1e-3) + b[c]!;
    });
    expectAllClose(out.y, tensor(want, { dtype: 'float64', shape: [5, 3] }), { rtol: 1e-14, atol: 1e-14 });
  });

  it('momentum 1 keeps the state exactly; momentum 0 replaces it by the batch statistics', () => {
    const x = f64(5, [8, 2], 3, -1);
    const [m, v] = statsLast(x);
    const keep = batchNorm({ momentum: 1, dtype: 'float64' });
    const a = keep.init(random.key(0), [8, 2]);
    const sa = keep.apply(a.params, a.state, x, { training: true }).state;
    expect(bits(sa.mean)).toEqual(bits(a.state.mean));
    expect(bits(sa.variance)).toEqual(bits(a.state.variance));
    const replace = batchNorm({ momentum: 0, dtype: 'float64' });
    const sb = replace.apply(a.params, a.state, x, { training: true }).state;
    expectAllClose(sb.mean, tensor(m, { dtype: 'float64' }), { rtol: 1e-14, atol: 1e-15 });
    expectAllClose(sb.variance, tensor(v, { dtype: 'float64' }), { rtol: 1e-14 });
  });

  it("convention 'pytorch': running = (1 − m)·running + m·unbiased batch variance, eps 1e-5", () => {
    const bn = batchNorm({ convention: 'pytorch', dtype: 'float64' }); // momentum 0.1
    const init = bn.init(random.key(0), [5, 2]);
    const x = f64(6, [5, 2], 2);
    const [m, v] = statsLast(x);
    const out = bn.apply(init.params, init.state, x, { training: true });
    expectAllClose(
      out.state.mean,
      tensor(
        m.map((b) => 0.1 * b),
        { dtype: 'float64' },
      ),
      { rtol: 1e-12 },
    );
    expectAllClose(
      out.state.variance,
      tensor(
        v.map((b) => 0.9 + (0.1 * b * 5) / 4),
        { dtype: 'float64' },
      ),
      {
        rtol: 1e-12,
      },
    );
    // Normalization itself uses the biased variance and eps 1e-5.
    expectAllClose(out.y, batchNormTrain(x, null, null, { epsilon: 1e-5 }).y, { rtol: 0, atol: 0 });
    // Equivalent Keras-convention momentum: m_keras = 1 − m_torch (means agree; variances differ by n/(n−1)).
    const keras = batchNorm({ momentum: 0.9, epsilon: 1e-5, dtype: 'float64' }).apply(
      init.params,
      init.state,
      x,
      {
        training: true,
      },
    );
    expectAllClose(keras.state.mean, out.state.mean, { rtol: 1e-15 });
    expect(() => bn.apply(init.params, init.state, f64(1, [1, 2]), { training: true })).toThrow(
      /more than 1 value per feature/,
    );
  });

  it('a batch of one in training: y = beta, moving variance moves towards 0 (Keras)', () => {
    const bn = batchNorm({ momentum: 0.5 });
    const init = bn.init(random.key(0), [1, 3]);
    const params = { gamma: tensor([2, 2, 2]), beta: tensor([1, -1, 0.5]) };
    const out = bn.apply(params, init.state, tensor([[4, 5, 6]]), { training: true });
    expect(out.y.toArray()).toEqual([[1, -1, 0.5]]);
    expect(out.state.variance.toArray()).toEqual([0.5, 0.5, 0.5]);
    expect(out.state.mean.toArray()).toEqual([2, 2.5, 3]);
  });

  it('channels-first (axis 1) and channels-last layouts agree', () => {
    const x = f64(7, [2, 3, 4, 4]);
    const first = batchNorm({ axis: 1, dtype: 'float64' });
    const last = batchNorm({ dtype: 'float64' });
    const a = first.init(random.key(0), [2, 3, 4, 4]);
    const b = last.init(random.key(0), [2, 4, 4, 3]);
    const xl = tensor(
      Float64Array.from({ length: x.size }, (_, i) => {
        // i indexes [n, h, w, c]; read x at [n, c, h, w].
        const c = i % 3;
        const w = Math.floor(i / 3) % 4;
        const h = Math.floor(i / 12) % 4;
        const n = Math.floor(i / 48);
        return x.data()[((n * 3 + c) * 4 + h) * 4 + w]!;
      }),
      { shape: [2, 4, 4, 3] },
    );
    const sa = first.apply(a.params, a.state, x, { training: true }).state;
    const sb = last.apply(b.params, b.state, xl, { training: true }).state;
    expectAllClose(sa.mean, sb.mean, { rtol: 1e-12, atol: 1e-15 });
    expectAllClose(sa.variance, sb.variance, { rtol: 1e-12 });
  });

  it('never mutates params, state or input; same inputs give the same bits', () => {
    const bn = batchNorm();
    const { params, state } = bn.init(random.key(0), [6, 4]);
    const x = random.normal(random.key(1), [6, 4]);
    const snap = [params.gamma!, params.beta!, state.mean, state.variance, x].map(bits);
    const r1 = bn.apply(params, state, x, { training: true });
    const r2 = bn.apply(params, state, x, { training: true });
    bn.apply(params, r1.state, x);
    [params.gamma!, params.beta!, state.mean, state.variance, x].forEach((t, i) =>
      expect(bits(t)).toEqual(snap[i]),
    );
    expect(r1.state).not.toBe(state);
    expect(bits(r1.y)).toEqual(bits(r2.y));
    expect(bits(r1.state.mean)).toEqual(bits(r2.state.mean));
    expect(bits(r1.state.variance)).toEqual(bits(r2.state.variance));
  });

  it('gradients reach gamma and beta; none flows into the returned state', () => {
    const bn = batchNorm({ dtype: 'float64' });
    const { params, state } = bn.init(random.key(0), [5, 2]);
    const x = f64(8, [5, 2]);
    const w = f64(9, [5, 2]);
    let seen: Tensor | undefined;
    const g = grad((p: typeof params) => {
      const out = bn.apply(p, state, x, { training: true });
      seen = out.state.mean;
      return sum(mul(out.y, w));
    })(params);
    expect(tree.structureEqual(g, params)).toBe(true);
    expectAllClose(g.beta!, sum(w, 0), { rtol: 1e-12 });
    // The new state holds plain values (usable after grad returns).
    expect(seen?.shape).toEqual([2]);
  });
});

describe('batchNorm layer: errors', () => {
  it('rejects bad options at once with INVALID_ARGUMENT naming the field', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ momentum: 1.5 }, /momentum/],
      [{ momentum: -0.1 }, /momentum/],
      [{ epsilon: 0 }, /epsilon/],
      [{ convention: 'tf' }, /convention/],
      [{ center: 'yes' }, /center/],
      [{ dtype: 'int32' }, /dtype/],
    ];
    for (const [o, re] of bad) {
      expect(() => batchNorm(o as never)).toThrow(TensorError);
      expect(() => batchNorm(o as never)).toThrow(re);
    }
  });

  it('feature count or axis mismatch at apply; bad axis at init', () => {
    const bn = batchNorm();
    const { params, state } = bn.init(random.key(0), [4, 3]);
    expect(() => bn.apply(params, state, random.normal(random.key(0), [4, 5]))).toThrow(
      /batchNorm: x \[4,5\] has 5 features along axis -1 but the state was built for \[3\]/,
    );
    expect(() => batchNorm({ axis: 3 }).init(random.key(0), [4, 3])).toThrow(/INVALID_AXIS|axis 3/);
    expect(() => bn.init(random.key(0), [3])).toThrow(/rank ≥ 2/);
    expect(() => bn.apply({}, state, random.normal(random.key(0), [4, 3]))).toThrow(
      /params.gamma is missing/,
    );
    const x = random.normal(random.key(0), [4, 3]);
    expect(() => bn.apply(params, { mean: state.mean, variance: tensor([1, 1]) }, x)).toThrow(
      /state.variance must have shape \[3\]/,
    );
    const intMean = tensor([0, 0, 0], { dtype: 'int32' });
    expect(() =>
      bn.apply(params, { mean: intMean, variance: state.variance }, x, { training: true }),
    ).toThrow(/moving statistics must be float32 or float64/);
    expect(() => bn.apply(params, null as never, x)).toThrow(/state must be \{ mean, variance \}/);
  });
});
