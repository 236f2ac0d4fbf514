/**
 * One suite over every normalization layer: the `Layer` protocol's promises (output shape as announced,
 * deterministic init, purity, gradient structure, state structure, inference leaves state alone).
 */

import type { Layer } from '@stepwise/nn';
import { grad, mul, random, sum, type Tensor, tree } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { batchNorm, groupNorm, layerNorm, rmsNorm } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: a registry of layers of different parameter and state types.
type AnyLayer = Layer<any, any>;

const ALL_LAYERS: ReadonlyArray<[string, AnyLayer, number[]]> = [
  ['batchNorm()', batchNorm(), [8, 5]],
  ['batchNorm({ axis: 1 })', batchNorm({ axis: 1 }), [4, 3, 2, 2]],
  ['batchNorm() channels-last', batchNorm(), [4, 2, 2, 3]],
  ["batchNorm({ convention: 'pytorch' })", batchNorm({ convention: 'pytorch' }), [6, 4]],
  ['batchNorm({ center: false, scale: false })', batchNorm({ center: false, scale: false }), [6, 4]],
  ['layerNorm()', layerNorm(), [3, 4, 6]],
  ['layerNorm({ axis: [1, 2] })', layerNorm({ axis: [1, 2] }), [3, 4, 6]],
  ['groupNorm({ groups: 2 })', groupNorm({ groups: 2 }), [2, 3, 3, 4]],
  ['rmsNorm()', rmsNorm(), [5, 7]],
];

const bitsOf = (t: unknown): Uint8Array[] =>
  tree.leaves(t).map((l: Tensor) => new Uint8Array(l.data().buffer.slice(0)));

describe.each(ALL_LAYERS)('%s', (_name, layer, shape) => {
  const x = random.normal(random.key(1), shape);
  const w = random.normal(random.key(2), shape);

  it('init is deterministic and announces the output shape that apply produces', () => {
    const a = layer.init(random.key(0), shape);
    const b = layer.init(random.key(0), shape);
    expect(bitsOf(a.params)).toEqual(bitsOf(b.params));
    expect(bitsOf(a.state)).toEqual(bitsOf(b.state));
    for (const training of [true, false]) {
      expect(layer.apply(a.params, a.state, x, { training }).y.shape).toEqual(a.outputShape);
    }
  });

  it('is pure: params, state and input untouched; same call, same bits', () => {
    const { params, state } = layer.init(random.key(0), shape);
    const before = [bitsOf(params), bitsOf(state), bitsOf(x)];
    const r1 = layer.apply(params, state, x, { training: true });
    const r2 = layer.apply(params, state, x, { training: true });
    expect([bitsOf(params), bitsOf(state), bitsOf(x)]).toEqual(before);
    expect(bitsOf(r1.y)).toEqual(bitsOf(r2.y));
    expect(bitsOf(r1.state)).toEqual(bitsOf(r2.state));
    expect(tree.structureEqual(r1.state, state)).toBe(true);
  });

  it('inference returns the state object it was given', () => {
    const { params, state } = layer.init(random.key(0), shape);
    expect(layer.apply(params, state, x).state).toBe(state);
    expect(layer.apply(params, state, x, { training: false }).state).toBe(state);
  });

  it('grad with respect to params has the structure of params and finite values', () => {
    const { params, state } = layer.init(random.key(0), shape);
    for (const training of [true, false]) {
      const g = grad((p: unknown) => sum(mul(layer.apply(p, state, x, { training }).y, w)))(params);
      expect(tree.structureEqual(g, params)).toBe(true);
      for (const l of tree.leaves(g) as Tensor[])
        expect(Array.from(l.data()).every(Number.isFinite)).toBe(true);
    }
  });
});
