import { add, grad, sum, type Tensor, tensor, tree } from '@stepwise/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  adam,
  addDecayedWeights,
  applyIfFinite,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  type EmptyState,
  identity,
  leafMask,
  masked,
  multiSteps,
  OptimError,
  type ScaleByAdamState,
  type ScaleByLearningRateState,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  type TraceState,
  trace,
} from '../src/index.js';
import { flat } from './helpers.js';

const params = () => ({
  dense: { kernel: tensor([[1, 2]]), bias: tensor([3]) },
  norm: { gamma: tensor([4]) },
});

describe('chain', () => {
  it('keeps the state types: chain(a, b) has state readonly [SA, SB]', () => {
    const opt = chain(scaleByAdam(), trace({ decay: 0.9 }), scaleByLearningRate(0.1));
    const s = opt.init(params());
    expectTypeOf(s).toEqualTypeOf<readonly [ScaleByAdamState, TraceState, ScaleByLearningRateState]>();
    expectTypeOf(opt.update(params(), s)).toEqualTypeOf<
      [ReturnType<typeof params>, readonly [ScaleByAdamState, TraceState, ScaleByLearningRateState]]
    >();
    expectTypeOf(chain(identity(), chain(scale(2))).init(params())).toEqualTypeOf<
      readonly [EmptyState, readonly [EmptyState]]
    >();
    expect(s.length).toBe(3);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('rejects a state of another length', () => {
    const opt = chain(identity(), identity());
    expect(() => opt.update(params(), [{}] as never)).toThrow(
      "chain: expected a state of 2 sub-states (from this chain's init), got 1",
    );
  });
});

describe('masked', () => {
  it('applies inner to masked-in leaves only; the others pass through as the same tensors', () => {
    const p = params();
    const t = masked(scale(10), { dense: { kernel: true, bias: false }, norm: false });
    const [u] = t.update(p, t.init(p));
    expect(flat(u.dense.kernel)).toEqual([10, 20]);
    expect(u.dense.bias).toBe(p.dense.bias);
    expect(u.norm.gamma).toBe(p.norm.gamma);
  });

  it('keeps inner state only for masked-in leaves; accepts prefix masks and mask functions', () => {
    const p = params();
    const t = masked(scaleByAdam(), { dense: true, norm: false });
    const s = t.init(p);
    expect(tree.leaves(s.innerState.mu).length).toBe(2);
    const byRank = masked(
      scaleByAdam(),
      leafMask((leaf) => leaf.rank > 1),
    );
    expect(tree.leaves(byRank.init(p).innerState.mu).length).toBe(1);
    const byPath = leafMask((_, path) => path.endsWith('bias'))(p);
    expect(byPath).toEqual({ dense: { bias: true, kernel: false }, norm: { gamma: false } });
    const paths: string[] = [];
    leafMask((_, path) => paths.push(path) > 0)({ layers: [{ b: tensor([1]) }, tensor([2])] });
    expect(paths).toEqual(['layers[0].b', 'layers[1]']);
  });

  it('names the path of a mask that does not fit the params', () => {
    const t = masked(identity(), { dense: { kernel: true } } as never);
    expect(() => t.init(params())).toThrow('masked: mask has no entry for dense.bias');
    const u = masked(identity(), { dense: [true], norm: true } as never);
    expect(() => u.init(params())).toThrow(
      /mask at dense must be a boolean or an object with keys bias, kernel/,
    );
  });
});

describe('addDecayedWeights', () => {
  it('adds rate·θ on masked-in leaves and needs the params', () => {
    const p = params();
    const g = tree.map((x) => tensor(new Array(x.size).fill(1), { shape: x.shape }), p);
    const t = addDecayedWeights(
      0.5,
      leafMask((leaf) => leaf.rank > 1),
    );
    const [u] = t.update(g, t.init(p), p);
    expect(flat(u.dense.kernel)).toEqual([1.5, 2]);
    expect(flat(u.dense.bias)).toEqual([1]);
    expect(() => t.update(g, t.init(p))).toThrow(OptimError);
    expect(() => t.update(g, t.init(p))).toThrow(
      'addDecayedWeights: needs the params: call update(updates, state, params)',
    );
  });
});

describe('applyIfFinite', () => {
  const g = (v: number) => ({ w: tensor([v, 1]) });

  it('skips non-finite steps: zero updates, inner state passed through, counts in the state', () => {
    const inner = adam({ learningRate: 0.1 });
    const t = applyIfFinite(inner);
    const p = g(0);
    const s0 = t.init(p);
    const [u1, s1] = t.update(g(1), s0, p);
    expect(flat(u1).every((x) => x !== 0)).toBe(true);
    const [u2, s2] = t.update(g(Number.NaN), s1, p);
    expect(flat(u2)).toEqual([0, 0]);
    expect(s2.innerState).toBe(s1.innerState);
    expect([s2.notfiniteCount.item(), s2.totalNotfinite.item(), s2.lastFinite.item()]).toEqual([1, 1, false]);
    const [, s3] = t.update(g(Number.POSITIVE_INFINITY), s2, p);
    expect([s3.notfiniteCount.item(), s3.totalNotfinite.item()]).toEqual([2, 2]);
    const [, s4] = t.update(g(2), s3, p);
    expect([s4.notfiniteCount.item(), s4.totalNotfinite.item(), s4.lastFinite.item()]).toEqual([0, 2, true]);
    expect(s4.innerState).not.toBe(s3.innerState);
  });

  it('applies the step anyway after maxConsecutiveErrors consecutive skips', () => {
    const t = applyIfFinite(sgd({ learningRate: 1 }), { maxConsecutiveErrors: 1 });
    const p = g(0);
    const [u1, s1] = t.update(g(Number.NaN), t.init(p), p);
    expect(flat(u1)).toEqual([0, 0]);
    const [u2] = t.update(g(Number.NaN), s1, p);
    expect(Number.isNaN(flat(u2)[0])).toBe(true);
  });

  it('skips the step when clipping meets an infinite norm (clipping yields NaN, never zeros)', () => {
    const opt = applyIfFinite(chain(clipByGlobalNorm(1), sgd({ learningRate: 0.1 })));
    const p = { w: tensor([1, 2]) };
    const [u, s] = opt.update({ w: tensor([Number.POSITIVE_INFINITY, 0]) }, opt.init(p), p);
    expect(flat(applyUpdates(p, u))).toEqual([1, 2]);
    expect(s.totalNotfinite.item()).toBe(1);
  });
});

describe('multiSteps', () => {
  it('emits zeros on k−1 calls, then inner on the mean, and counts mini and gradient steps', () => {
    const t = multiSteps(sgd({ learningRate: 1 }), 3);
    const p = { w: tensor([0]) };
    let s = t.init(p);
    const out: number[] = [];
    for (const v of [1, 2, 6, 3, 3, 3]) {
      const [u, next] = t.update({ w: tensor([v]) }, s, p);
      out.push(flat(u)[0]!);
      s = next;
    }
    expect(out).toEqual([0, 0, -3, 0, 0, -3]);
    expect([s.miniStep.item(), s.gradientStep.item()]).toEqual([0, 2]);
  });
});

describe('applyUpdates', () => {
  it('adds and casts back to the param dtype', () => {
    const p = { a: tensor([1, 2]), b: tensor([1], { dtype: 'float64' }) };
    const u = { a: tensor([0.1, 0.2], { dtype: 'float64' }), b: tensor([1e-20], { dtype: 'float64' }) };
    const out = applyUpdates(p, u);
    expect(out.a.dtype).toBe('float32');
    expect(flat(out.a)).toEqual([Math.fround(1.1), Math.fround(2.2)]);
    expect(out.b.dtype).toBe('float64');
    expect(flat(out.b)).toEqual([1 + 1e-20]);
  });

  it('rejects mismatched trees and non-float leaves', () => {
    expect(() => applyUpdates({ a: tensor([1, 2]) }, { a: tensor([1]) })).toThrow(
      'applyUpdates: params leaf a has shape [2] but updates leaf a has shape [1]',
    );
    expect(() => applyUpdates({ a: tensor([1], { dtype: 'int32' }) }, { a: tensor([1]) })).toThrow(
      'applyUpdates: params leaf a has dtype int32; optimizers update float32 or float64 leaves',
    );
    expect(() => applyUpdates({ a: tensor([1]) }, { a: tensor([1]), b: tensor([1]) })).toThrow(OptimError);
  });

  it('is differentiable inside a trace (meta-learning through an update step)', () => {
    const g = grad((w: Tensor) => sum(applyUpdates({ w }, { w: add(w, w) }).w))(tensor([1, 2]));
    expect(flat(g)).toEqual([3, 3]);
  });

  it('keeps the state in the params dtype when gradients come in another dtype', () => {
    const p = { w: tensor([1, 2], { dtype: 'float64' }) };
    const opt = adam({ learningRate: 0.1 });
    const [u, s] = opt.update({ w: tensor([0.5, -0.5]) }, opt.init(p), p);
    expect(u.w.dtype).toBe('float32');
    expect((tree.leaves(s[1].mu)[0] as Tensor).dtype).toBe('float64');
    expect(applyUpdates(p, u).w.dtype).toBe('float64');
  });
});

describe('step counts', () => {
  it('saturate at the int32 maximum instead of wrapping', () => {
    const t = scaleByAdam();
    const p = { w: tensor([1]) };
    const s = { ...t.init(p), count: tensor(2147483647, { dtype: 'int32' }) };
    const [u, next] = t.update(p, s);
    expect(next.count.item()).toBe(2147483647);
    expect(Number.isFinite(flat(u)[0])).toBe(true);
  });
});
