import {
  add,
  grad,
  matmul,
  mean,
  random,
  reshape,
  square,
  sum,
  type Tensor,
  TensorError,
  tensor,
  tree,
  zeros,
} from '@stepwise/tensor';
import { arb, checkGrads, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  activation,
  constant,
  type DenseParams,
  dense,
  dropout,
  type EmptyParams,
  flatten,
  heNormal,
  type Layer,
  orthogonal,
  relu,
  sequential,
  simpleRnn,
  tanh,
} from '../src/index.js';

const dims = fc.integer({ min: 1, max: 5 });

describe('dense', () => {
  it('equals x @ kernel + bias, with Keras names and shapes', () => {
    fc.assert(
      fc.property(arb.key(), dims, dims, dims, (key, batch, inF, units) => {
        const layer = dense(units, { biasInit: constant(0.25), dtype: 'float64' });
        const { params, state, outputShape } = layer.init(key, [batch, inF]);
        expect(params.kernel.shape).toEqual([inF, units]);
        expect(params.bias?.shape).toEqual([units]);
        expect(outputShape).toEqual([batch, units]);
        const x = random.normal(random.foldIn(key, 1), [batch, inF], { dtype: 'float64' });
        const { y, state: s2 } = layer.apply(params, state, x, { training: false });
        expect(s2).toBe(state);
        expectAllClose(y, add(matmul(x, params.kernel), params.bias!), { rtol: 1e-12, atol: 1e-14 });
      }),
      { numRuns: 20 },
    );
  });

  it('applies to the last axis of rank > 2 inputs; useBias: false has no bias', () => {
    const layer = dense(3, { useBias: false });
    const { params, outputShape } = layer.init(random.key(0), [2, 4, 5]);
    expect(Object.keys(params)).toEqual(['kernel']);
    expect(outputShape).toEqual([2, 4, 3]);
    const x = random.normal(random.key(1), [2, 4, 5]);
    const y = layer.apply(params, {}, x).y;
    expect(y.shape).toEqual([2, 4, 3]);
    expectAllClose(reshape(y, [8, 3]), matmul(reshape(x, [8, 5]), params.kernel), { rtol: 1e-6 });
  });

  it('defaults to glorotUniform kernels and zero biases (Keras)', () => {
    const { params } = dense(200).init(random.key(2), [1, 300]);
    const limit = Math.sqrt(6 / 500);
    const k = params.kernel.data();
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit * (1 + 1e-6));
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(0.99 * limit);
    expect(Array.from(params.bias!.data())).toEqual(new Array(200).fill(0));
  });

  it('rejects wrong input shapes with clear errors', () => {
    const layer = dense(3);
    const { params, state } = layer.init(random.key(0), [2, 4]);
    const e = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(TensorError);
      expect(f).toThrow(re);
    };
    e(
      () => layer.apply(params, state, zeros([2, 5])),
      /dense: input has 5 features \(shape \[2,5\]\) but the kernel \[4,3\] expects 4/,
    );
    e(() => layer.apply(params, state, zeros([4])), /dense: expects input of rank ≥ 2/);
    e(
      () => layer.init(random.key(0), [4]),
      /dense: expects input batches of rank ≥ 2 \(\[batch, …, features\]\), got shape \[4\]/,
    );
    e(
      () => layer.init(random.key(0), [2, -4]),
      /dense: inputShape must be an array of non-negative integers/,
    );
    e(() => dense(0), /dense: units must be a positive integer, got 0/);
    e(
      () => dense(2, { kernelInit: heNormal as never }).init(random.key(0), [1, 3]),
      /dense: kernelInit returned a function: pass the initializer itself, e\.g\. heNormal\(\) rather than heNormal/,
    );
    e(
      () => dense(2, { biasInit: () => zeros([3]) }).init(random.key(0), [1, 3]),
      /dense: biasInit must return a tensor of shape \[2\], got a tensor of shape \[3\]/,
    );
    try {
      layer.apply(params, state, zeros([2, 5]));
    } catch (err) {
      expect((err as TensorError).code).toBe('SHAPE_MISMATCH');
    }
  });
});

describe('sequential', () => {
  it('sequential of one layer equals the layer (init and apply)', () => {
    fc.assert(
      fc.property(arb.key(), dims, dims, dims, (key, batch, inF, units) => {
        const layer = dense(units);
        const one = sequential(layer);
        const a = layer.init(key, [batch, inF]);
        const b = one.init(key, [batch, inF]);
        expect(b.params[0].kernel.data()).toEqual(a.params.kernel.data());
        expect(b.outputShape).toEqual(a.outputShape);
        const x = random.normal(random.foldIn(key, 9), [batch, inF]);
        expect(one.apply(b.params, b.state, x).y.data()).toEqual(layer.apply(a.params, a.state, x).y.data());
      }),
      { numRuns: 20 },
    );
  });

  it('threads shapes, params and state; one entry per layer; params typed as a tuple', () => {
    const model = sequential(dense(4), activation(relu), dropout(0.5), flatten(), dense(2));
    const { params, state, outputShape } = model.init(random.key(0), [3, 5]);
    expectTypeOf(params).toEqualTypeOf<[DenseParams, EmptyParams, EmptyParams, EmptyParams, DenseParams]>();
    expect(params.length).toBe(5);
    expect(state).toEqual([{}, {}, {}, {}, {}]);
    expect(params[1]).toEqual({});
    expect(outputShape).toEqual([3, 2]);
    // Layers get different keys: the two kernels of the same shape differ.
    const twin = sequential(dense(4), dense(4)).init(random.key(0), [1, 4]).params;
    expect(twin[0].kernel.data()).not.toEqual(twin[1].kernel.data());
    const x = random.normal(random.key(1), [3, 5]);
    const out = model.apply(params, state, x, { training: false });
    expect(out.y.shape).toEqual([3, 2]);
    expect(out.state).toEqual(state);
    expect(out.state).not.toBe(state);
  });

  it('gradients through a whole MLP match central differences; params are never mutated', () => {
    const model = sequential(
      dense(3, { dtype: 'float64' }),
      activation(tanh),
      dense(2, { dtype: 'float64' }),
    );
    const { params, state } = model.init(random.key(4), [4, 3]);
    const x = random.normal(random.key(5), [4, 3], { dtype: 'float64' });
    const before = tree.leaves(params).map((l) => l.data());
    const loss = (p: typeof params): Tensor => mean(square(model.apply(p, state, x).y));
    checkGrads(loss, [params], { order: 2 });
    grad(loss)(params);
    expect(tree.leaves(params).map((l) => l.data())).toEqual(before);
  });

  it('rejects params or state that do not match the layers', () => {
    const model = sequential(dense(2), activation(relu));
    const { params, state } = model.init(random.key(0), [1, 2]);
    expect(() => model.apply([params[0]] as never, state, zeros([1, 2]))).toThrow(
      /sequential: params must be an array with one entry per layer \(2\), got 1 entries/,
    );
    expect(() => sequential(relu as never)).toThrow(/sequential: argument 0 is not a layer/);
  });
});

describe('dropout', () => {
  it('is the identity in inference mode, and in training with rate 0', () => {
    const x = random.normal(random.key(0), [4, 5]);
    expect(dropout(0.3).apply({}, {}, x, { training: false }).y).toBe(x);
    expect(dropout(0.3).apply({}, {}, x).y).toBe(x);
    expect(dropout(0).apply({}, {}, x, { training: true, key: random.key(1) }).y).toBe(x);
  });

  it('in training keeps the expectation: zeros with probability rate, survivors scaled by 1/(1 − rate)', () => {
    fc.assert(
      fc.property(arb.key(), fc.double({ min: 0.05, max: 0.9, noNaN: true }), (key, rate) => {
        const n = 20000;
        const x = tensor(new Float32Array(n).fill(1));
        const y = dropout(rate).apply({}, {}, x, { training: true, key }).y.data();
        let zerosCount = 0;
        let total = 0;
        let wrongScale = 0;
        const scaled = Math.fround(1 / (1 - rate));
        for (const v of y) {
          if (v === 0) zerosCount++;
          else if (Math.abs(v - scaled) > 1e-6 * scaled) wrongScale++;
          total += v;
        }
        expect(wrongScale).toBe(0);
        const se = Math.sqrt(rate * (1 - rate) * n);
        expect(Math.abs(zerosCount - rate * n)).toBeLessThan(5 * se);
        // E[y] = 1; the sample mean has std √(rate/(1 − rate) / n).
        expect(Math.abs(total / n - 1)).toBeLessThan(5 * Math.sqrt(rate / (1 - rate) / n));
      }),
      { numRuns: 10 },
    );
  });

  it('is key-driven: same key same mask, other key other mask; the gradient is the mask', () => {
    const x = random.normal(random.key(0), [50]);
    const d = dropout(0.5);
    const a = d.apply({}, {}, x, { training: true, key: random.key(1) }).y;
    const b = d.apply({}, {}, x, { training: true, key: random.key(1) }).y;
    const c = d.apply({}, {}, x, { training: true, key: random.key(2) }).y;
    expect(a.data()).toEqual(b.data());
    expect(a.data()).not.toEqual(c.data());
    const g = grad((t: Tensor) => sum(d.apply({}, {}, t, { training: true, key: random.key(1) }).y))(
      x,
    ).data();
    const ya = a.data();
    g.forEach((v, i) => expect(v).toBe(ya[i] === 0 ? 0 : 2));
  });

  it('rejects a rate outside [0, 1) and a missing key in training', () => {
    for (const r of [-0.1, 1, 1.5, Number.NaN]) {
      expect(() => dropout(r)).toThrow(TensorError);
      expect(() => dropout(r)).toThrow(/dropout: rate must be in \[0, 1\)/);
    }
    expect(() => dropout(0.5).apply({}, {}, zeros([2]), { training: true })).toThrow(
      /dropout: training mode needs a PRNG key/,
    );
  });
});

describe('flatten', () => {
  it('flattens every example, keeping the batch axis', () => {
    const layer = flatten();
    expect(layer.init(random.key(0), [2, 3, 4]).outputShape).toEqual([2, 12]);
    const x = random.normal(random.key(0), [2, 3, 4]);
    const y = layer.apply({}, {}, x).y;
    expect(y.shape).toEqual([2, 12]);
    expect(y.data()).toEqual(x.data());
    expect(() => layer.init(random.key(0), [])).toThrow(/flatten: expects input batches of rank ≥ 1/);
  });
});

/** The recurrence by hand, in float64 JS loops. */
function rnnReference(x: Tensor, k: Tensor, r: Tensor, b: Tensor): number[][][] {
  const [B, T, F] = x.shape as [number, number, number];
  const U = k.shape[1]!;
  const xd = x.data();
  const kd = k.data();
  const rd = r.data();
  const bd = b.data();
  const out: number[][][] = [];
  for (let bi = 0; bi < B; bi++) {
    let h = new Array<number>(U).fill(0);
    const seq: number[][] = [];
    for (let t = 0; t < T; t++) {
      const next = new Array<number>(U).fill(0);
      for (let u = 0; u < U; u++) {
        let s = bd[u]!;
        for (let f = 0; f < F; f++) s += xd[(bi * T + t) * F + f]! * kd[f * U + u]!;
        for (let v = 0; v < U; v++) s += h[v]! * rd[v * U + u]!;
        next[u] = Math.tanh(s);
      }
      h = next;
      seq.push(h);
    }
    out.push(seq);
  }
  return out;
}

describe('simpleRnn', () => {
  it('computes the tanh recurrence over time (Keras param names); returnSequences gives every state', () => {
    const rnn = simpleRnn(4, { biasInit: constant(0.1), dtype: 'float64' });
    const seqRnn = simpleRnn(4, { biasInit: constant(0.1), dtype: 'float64', returnSequences: true });
    const { params, outputShape } = rnn.init(random.key(0), [2, 5, 3]);
    expect(Object.keys(params).sort()).toEqual(['bias', 'kernel', 'recurrentKernel']);
    expect(params.kernel.shape).toEqual([3, 4]);
    expect(params.recurrentKernel.shape).toEqual([4, 4]);
    expect(outputShape).toEqual([2, 4]);
    expect(seqRnn.init(random.key(0), [2, 5, 3]).outputShape).toEqual([2, 5, 4]);
    const x = random.normal(random.key(1), [2, 5, 3], { dtype: 'float64' });
    const ref = rnnReference(x, params.kernel, params.recurrentKernel, params.bias!);
    const all = seqRnn.apply(params, {}, x).y;
    expectAllClose(all, tensor(ref, { dtype: 'float64' }), { rtol: 1e-12, atol: 1e-14 });
    expectAllClose(
      rnn.apply(params, {}, x).y,
      tensor(
        ref.map((s) => s.at(-1)!),
        { dtype: 'float64' },
      ),
      {
        rtol: 1e-12,
        atol: 1e-14,
      },
    );
    // The default recurrent kernel is orthogonal.
    const rk = params.recurrentKernel;
    expectAllClose(
      matmul(rk, rk, { transposeA: true }),
      tensor(
        [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ],
        { dtype: 'float64' },
      ),
      { atol: 1e-12 },
    );
  });

  it('gradients flow through time and match central differences', () => {
    const rnn = simpleRnn(3, { dtype: 'float64' });
    const { params } = rnn.init(random.key(2), [2, 4, 2]);
    const x = random.normal(random.key(3), [2, 4, 2], { dtype: 'float64' });
    checkGrads((p: typeof params, xx: Tensor) => sum(square(rnn.apply(p, {}, xx).y)), [params, x]);
  });

  it('shows vanishing and exploding gradients with the scale of the recurrent kernel', () => {
    const T = 30;
    /** |∂ sum(h_T) / ∂ x_0| for a linear RNN whose recurrent kernel is `gain` times an orthogonal matrix. */
    const firstStepGrad = (gain: number): number => {
      const rnn = simpleRnn(8, {
        activation: (t) => t,
        recurrentInit: orthogonal({ gain }),
        dtype: 'float64',
      });
      const { params } = rnn.init(random.key(5), [1, T, 8]);
      const x = random.normal(random.key(6), [1, T, 8], { dtype: 'float64' });
      const g = grad((xx: Tensor) => sum(rnn.apply(params, {}, xx).y))(x).data();
      let s = 0;
      for (let f = 0; f < 8; f++) s += g[f]! * g[f]!;
      return Math.sqrt(s);
    };
    expect(firstStepGrad(0.5)).toBeLessThan(1e-6); // ~0.5^29
    expect(firstStepGrad(1.5)).toBeGreaterThan(1e3); // ~1.5^29
    const mid = firstStepGrad(1);
    expect(mid).toBeGreaterThan(0.1);
    expect(mid).toBeLessThan(100);
  });

  it('rejects inputs that are not [batch, time, features] with the right feature count', () => {
    const rnn = simpleRnn(3);
    const { params } = rnn.init(random.key(0), [2, 4, 2]);
    expect(() => rnn.apply(params, {}, zeros([2, 4]))).toThrow(/simpleRnn: expects input of rank ≥ 3/);
    expect(() => rnn.apply(params, {}, zeros([2, 4, 5]))).toThrow(
      /simpleRnn: expects input \[batch, time, features\] with 2 features, got shape \[2,4,5\]/,
    );
    expect(() => rnn.init(random.key(0), [2, 4])).toThrow(TensorError);
    expect(() => simpleRnn(-1)).toThrow(/simpleRnn: units must be a positive integer/);
  });
});

describe('every layer honours the Layer contract', () => {
  // biome-ignore lint/suspicious/noExplicitAny: a registry of layers of different parameter types.
  const ALL_LAYERS: ReadonlyArray<[string, Layer<any, any>, readonly number[]]> = [
    ['dense', dense(3), [4, 5]],
    ['dense (rank 3)', dense(2, { useBias: false }), [2, 3, 4]],
    ['activation', activation(relu), [4, 5]],
    ['dropout', dropout(0.25), [4, 5]],
    ['flatten', flatten(), [2, 3, 4]],
    ['simpleRnn', simpleRnn(3), [2, 4, 5]],
    ['simpleRnn (sequences)', simpleRnn(3, { returnSequences: true }), [2, 4, 5]],
    ['sequential', sequential(flatten(), dense(4), activation(tanh), dropout(0.1), dense(2)), [3, 2, 2]],
  ];
  for (const [name, layer, shape] of ALL_LAYERS) {
    it(`${name}: outputShape is the shape apply returns; deterministic init; pure apply; grads mirror params`, () => {
      const a = layer.init(random.key(11), shape);
      const b = layer.init(random.key(11), shape);
      expect(tree.leaves(a.params).map((l) => l.data())).toEqual(tree.leaves(b.params).map((l) => l.data()));
      const x = random.normal(random.key(12), shape);
      const xBefore = x.data();
      const pBefore = tree.leaves(a.params).map((l) => l.data());
      for (const training of [false, true]) {
        const out = layer.apply(a.params, a.state, x, { training, key: random.key(13) });
        expect(out.y.shape).toEqual(a.outputShape);
        expect(tree.structureEqual(out.state, a.state)).toBe(true);
      }
      const g = grad((p: unknown) =>
        sum(square(layer.apply(p, a.state, x, { training: true, key: random.key(13) }).y)),
      )(a.params);
      expect(tree.structureEqual(g, a.params)).toBe(true);
      expect(x.data()).toEqual(xBefore);
      expect(tree.leaves(a.params).map((l) => l.data())).toEqual(pBefore);
    });
  }
});
