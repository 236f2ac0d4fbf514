import {
  activation,
  dense,
  dropout,
  meanSquaredError,
  relu,
  sequential,
  softmaxCrossEntropy,
} from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam, applyIfFinite, applyUpdates, globalNorm, sgd } from '@stepwise/optim';
import { grad, random, type Tensor, TensorError, tensor, tree } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { initTrainState, makeTrainStep } from '../src/index.js';
import { differ, expectSameBits, separable, snapshot } from './helpers.js';

// A model where every part of the step matters: dropout needs the step key, batch norm returns new
// moving statistics (the aux), adam has state.
const model = sequential(dense(8), batchNorm({ momentum: 0.9 }), activation(relu), dropout(0.25), dense(2));
const optimizer = adam({ learningRate: 0.01 });
const loss = softmaxCrossEntropy;
const data = separable(random.key(7), 16, 3);

const init = (seed = 0) => initTrainState({ model, optimizer, key: random.key(seed), inputShape: [16, 3] });

describe('makeTrainStep', () => {
  const step = makeTrainStep({ model, loss, optimizer });

  it('equals the manual composition: split key, grad, optimizer update, applyUpdates, apply for the state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const s0 = init(seed);
        const s1 = step(s0, data);
        // Manual: the same computation written separately.
        const [nextKey, stepKey] = random.split(s0.key, 2);
        const opts = { training: true, key: stepKey! } as const;
        const objective = (p: typeof s0.params): Tensor =>
          loss(model.apply(p, s0.modelState, data.x, opts).y, data.y);
        const g = grad(objective)(s0.params);
        const fwd = model.apply(s0.params, s0.modelState, data.x, opts);
        const [updates, optState] = optimizer.update(g, s0.optState, s0.params);
        expectSameBits(s1.params, applyUpdates(s0.params, updates));
        expectSameBits(s1.optState, optState);
        expectSameBits(s1.modelState, fwd.state);
        expectSameBits(s1.key, nextKey);
        expect(s1.step).toBe(s0.step + 1);
        expect(s1.metrics.loss).toBe(Number(loss(fwd.y, data.y).item()));
        expect(s1.metrics.gradNorm).toBe(globalNorm(g));
        expect(s1.metrics).toMatchObject({ nonFinite: false, skipped: false });
      }),
      { numRuns: 5 },
    );
  });

  it('leaves the input state bit-identical', () => {
    const s0 = init(3);
    const before = snapshot(s0);
    let s = s0;
    for (let i = 0; i < 3; i++) s = step(s, data);
    expect(snapshot(s0)).toEqual(before);
    expect(differ(s.params, s0.params)).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('is deterministic: the same state and batch give bit-identical states', () => {
    fc.assert(
      fc.property(arb.key(), (key) => {
        const s0 = initTrainState({ model, optimizer, key, inputShape: [16, 3] });
        expectSameBits(step(step(s0, data), data), step(step(s0, data), data));
      }),
      { numRuns: 5 },
    );
  });

  it('advances the key: two steps on the same batch draw different dropout masks', () => {
    const s0 = init(1);
    const s1 = step(s0, data);
    expect(differ(s0.key, s1.key)).toBe(true);
    // Same params and state but a different key: only the dropout mask differs, so the loss differs.
    const again = step({ ...s0, key: s1.key }, data);
    expect(again.metrics.loss).not.toBe(s1.metrics.loss);
  });

  it('batch-norm statistics travel as aux into the new modelState', () => {
    const s0 = init(2);
    const s1 = step(s0, data);
    const [mean0] = tree.leaves(s0.modelState);
    const [mean1] = tree.leaves(s1.modelState);
    expect(differ(mean0, mean1)).toBe(true);
  });

  it('records non-finite steps; with applyIfFinite the params and model state stay unchanged', () => {
    const bad = { x: tensor([[Number.NaN, 1, 2]]), y: tensor([0], { dtype: 'int32' }) };
    const guarded = applyIfFinite(optimizer);
    const s0 = initTrainState({ model, optimizer: guarded, key: random.key(0), inputShape: [1, 3] });
    const stepG = makeTrainStep({ model, loss, optimizer: guarded });
    const s1 = stepG(s0, bad);
    expect(s1.metrics.nonFinite).toBe(true);
    expect(s1.metrics.skipped).toBe(true);
    expect(Number.isNaN(s1.metrics.loss)).toBe(true);
    expect(s1.params).toBe(s0.params);
    expect(s1.modelState).toBe(s0.modelState);
    expect(s1.step).toBe(1);
    expect(Number(s1.optState.totalNotfinite.item())).toBe(1);
    // A finite step afterwards trains normally.
    const s2 = stepG(s1, { x: tensor([[0.5, 1, 2]]), y: tensor([1], { dtype: 'int32' }) });
    expect(s2.metrics).toMatchObject({ nonFinite: false, skipped: false });
    expect(differ(s2.params, s1.params)).toBe(true);
  });

  it('without applyIfFinite a non-finite step is applied (and reported, not skipped)', () => {
    const m = sequential(dense(1));
    const opt = sgd({ learningRate: 0.1 });
    const s0 = initTrainState({ model: m, optimizer: opt, key: random.key(0), inputShape: [1, 2] });
    const s1 = makeTrainStep({ model: m, loss: meanSquaredError, optimizer: opt })(s0, {
      x: tensor([[Number.POSITIVE_INFINITY, 1]]),
      y: tensor([[0]]),
    });
    expect(s1.metrics).toMatchObject({ nonFinite: true, skipped: false });
    expect(tree.leaves(s1.params).some((t) => Array.from(t.data()).some((v) => !Number.isFinite(v)))).toBe(
      true,
    );
  });

  it('a step of sgd on a linear model matches the closed form p − lr·∇', () => {
    const m = sequential(dense(1));
    const lr = 0.5;
    const opt = sgd({ learningRate: lr });
    const s0 = initTrainState({ model: m, optimizer: opt, key: random.key(4), inputShape: [2, 2] });
    const x = tensor([
      [1, 2],
      [3, -1],
    ]);
    const y = tensor([[1], [0]]);
    const s1 = makeTrainStep({ model: m, loss: meanSquaredError, optimizer: opt })(s0, { x, y });
    const [p] = s0.params;
    const w = p.kernel.data();
    const b = p.bias!.data()[0]!;
    // residuals r_i = x_i·w + b − y_i; MSE = mean(r²); ∇w = 2/n Σ r_i x_i, ∇b = 2/n Σ r_i.
    const r = [1 * w[0]! + 2 * w[1]! + b - 1, 3 * w[0]! - 1 * w[1]! + b];
    const gw = [r[0]! * 1 + r[1]! * 3, r[0]! * 2 + r[1]! * -1];
    const gb = r[0]! + r[1]!;
    const [p1] = s1.params;
    expect(p1.kernel.data()[0]).toBeCloseTo(w[0]! - lr * gw[0]!, 5);
    expect(p1.kernel.data()[1]).toBeCloseTo(w[1]! - lr * gw[1]!, 5);
    expect(p1.bias!.data()[0]).toBeCloseTo(b - lr * gb, 5);
    expect(s1.metrics.loss).toBeCloseTo((r[0]! ** 2 + r[1]! ** 2) / 2, 5);
  });

  it('rejects a bad state or batch with a typed error', () => {
    const s0 = init();
    expect(() => step(s0, { x: data.x } as never)).toThrow(TensorError);
    expect(() => step(s0, { x: data.x } as never)).toThrow(/batch must be \{ x: Tensor, y: Tensor \}/);
    expect(() => step({} as never, data)).toThrow(/state must be a TrainState/);
    expect(() => makeTrainStep({ model, loss: 3 as never, optimizer })).toThrow(/loss must be a function/);
  });
});

describe('initTrainState', () => {
  it('splits the key: init and training keys differ from the run key and from each other', () => {
    const s = init(5);
    expect(s.step).toBe(0);
    expect(Number.isNaN(s.metrics.loss)).toBe(true);
    expect(differ(s.key, random.key(5))).toBe(true);
    expect(tree.structureEqual(s.optState, optimizer.init(s.params))).toBe(true);
    expectSameBits(s, init(5));
  });

  it('rejects what is not a model, optimizer or key', () => {
    expect(() =>
      initTrainState({ model: {} as never, optimizer, key: random.key(0), inputShape: [1, 3] }),
    ).toThrow(/model must be a layer/);
    expect(() =>
      initTrainState({ model, optimizer: {} as never, key: random.key(0), inputShape: [1, 3] }),
    ).toThrow(/optimizer must be a GradientTransformation/);
    expect(() => initTrainState({ model, optimizer, key: 0 as never, inputShape: [1, 3] })).toThrow(/key/);
  });
});
