import { activation, dense, meanSquaredError, relu, sequential, sigmoid, simpleRnn } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { globalNorm } from '@stepwise/optim';
import { grad, random, tensor, tree } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { gradientNorms } from '../src/index.js';

describe('gradientNorms', () => {
  it('labels one entry per layer of a sequential model, with per-leaf norms', () => {
    const model = sequential(dense(4), batchNorm(), activation(relu), dense(1));
    const { params, state } = model.init(random.key(0), [8, 3]);
    const x = random.normal(random.key(1), [8, 3]);
    const y = random.normal(random.key(2), [8, 1]);
    const g = grad((p: typeof params) => meanSquaredError(model.apply(p, state, x, { training: true }).y, y))(
      params,
    );
    const r = gradientNorms(g);
    expect(r.layers.map((l) => l.label)).toEqual(['0:dense', '1:norm', '2:none', '3:dense']);
    expect(r.layers[0]!.leaves.map((l) => l.path)).toEqual(['bias', 'kernel']);
    expect(r.layers[1]!.leaves.map((l) => l.path)).toEqual(['beta', 'gamma']);
    expect(r.layers[2]).toEqual({ label: '2:none', norm: 0, leaves: [] });
    const kernel = r.layers[3]!.leaves[1]!;
    const k = Array.from(g[3].kernel.data());
    expect(kernel.norm).toBeCloseTo(Math.hypot(...k), 6);
    expect(kernel.rms).toBeCloseTo(Math.hypot(...k) / Math.sqrt(k.length), 6);
    expect(kernel.size).toBe(4);
    expect(r.global).toBeCloseTo(globalNorm(g), 5);
  });

  it('takes names, and labels object entries by key and rnn layers', () => {
    const rnn = simpleRnn(3).init(random.key(0), [2, 4, 5]).params;
    const r = gradientNorms([rnn, {}], { names: ['encoder', 'relu'] });
    expect(r.layers.map((l) => l.label)).toEqual(['0:encoder', '1:relu']);
    expect(gradientNorms([rnn]).layers[0]!.label).toBe('0:simpleRnn');
    const obj = gradientNorms({ w: tensor([3, 4]), head: { b: tensor([12]) } });
    expect(obj.layers.map((l) => [l.label, l.norm])).toEqual([
      ['head', 12],
      ['w', 5],
    ]);
    expect(obj.global).toBe(13);
    expect(gradientNorms(tensor([6, 8])).layers).toEqual([
      { label: '', norm: 10, leaves: [{ path: '', norm: 10, rms: Math.sqrt(50), size: 2 }] },
    ]);
  });

  it('layer norms combine to the global norm, which equals optim.globalNorm (property)', () => {
    fc.assert(
      fc.property(
        arb.tree({ leaf: arb.tensor({ dtype: 'float64', shape: arb.shape({ maxRank: 2 }) }) }),
        (t) => {
          const r = gradientNorms(t);
          const sq = r.layers.reduce((a, l) => a + l.norm ** 2, 0);
          expect(r.global).toBeCloseTo(Math.sqrt(sq), 9);
          expect(r.global).toBeCloseTo(globalNorm(t), 9);
          const leaves = r.layers.flatMap((l) => l.leaves);
          expect(leaves.length).toBe(tree.leaves(t).length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('shows vanishing gradients in a deep sigmoid stack: kernel norms shrink towards the input', () => {
    // σ' ≤ 1/4: each sigmoid layer scales the backpropagated signal down.
    const layers = Array.from({ length: 8 }, () => [dense(16), activation(sigmoid)] as const).flat();
    const model = sequential(...layers, dense(1));
    const { params, state } = model.init(random.key(3), [32, 16]);
    const x = random.normal(random.key(4), [32, 16]);
    const y = random.normal(random.key(5), [32, 1]);
    const g = grad((p: typeof params) => meanSquaredError(model.apply(p, state, x).y, y))(params);
    const dense0 = gradientNorms(g).layers.filter((l) => l.label.endsWith(':dense'));
    const kernels = dense0.map((l) => l.leaves.find((f) => f.path === 'kernel')!.norm);
    expect(kernels.length).toBe(9);
    expect(kernels[0]!).toBeLessThan(kernels[7]! / 100);
  });

  it('rejects what is not a pytree', () => {
    expect(() => gradientNorms(new Map() as never)).toThrow(/unsupported node/);
  });
});
