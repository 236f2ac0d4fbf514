import { accuracy, activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { batchNorm, batchNormInfer } from '@stepwise/norm';
import { adam } from '@stepwise/optim';
import { add, matmul, random, slice, type Tensor, TensorError, tree } from '@stepwise/tensor';
import { pipe } from 'fp-ts/function';
import { describe, expect, it } from 'vitest';
import {
  batch,
  dataset,
  evaluate,
  fit,
  initTrainState,
  makeEvalStep,
  makeTrainStep,
  shuffle,
} from '../src/index.js';
import { differ, separable } from './helpers.js';

const model = sequential(dense(16), batchNorm({ momentum: 0.9 }), activation(relu), dense(2));
const optimizer = adam({ learningRate: 0.02, globalClipNorm: 1 });
const train = separable(random.key(11), 512, 4);
const test = separable(random.key(12), 256, 4);
const evalStep = makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { accuracy } });

function trained() {
  const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
  const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
  const data = pipe(dataset(train), shuffle(random.key(1)), batch(32));
  return fit(step, state, data, {
    epochs: 6, // 96 steps
    progress: false,
    evalData: pipe(dataset(test), batch(128)),
    evalStep,
  });
}

describe('training a small MLP with batch norm', () => {
  const { state, history } = trained();

  it('reaches high accuracy on held-out data of a separable problem within 96 steps (fixed seed)', () => {
    expect(state.step).toBe(96);
    const last = history.at(-1)!;
    expect(last.eval!.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(last.loss).toBeLessThan(history[0]!.loss);
    expect(history.every((h) => h.nonFinite === 0 && h.skipped === 0)).toBe(true);
  });

  it('is reproducible: the same seeds give the same history and bits', () => {
    const again = trained();
    expect(again.history).toEqual(history);
    expect(differ(again.state, state)).toBe(false);
  });

  it('eval mode normalizes with the moving statistics (checked against batchNormInfer by hand)', () => {
    const [d1, bn, , d2] = state.params;
    const moving = state.modelState[1];
    const h = add(matmul(test.x, d1.kernel), d1.bias!);
    const z = batchNormInfer(h, bn.gamma!, bn.beta!, moving.mean, moving.variance, { epsilon: 1e-3 });
    const relu0 = relu(z);
    const logits = add(matmul(relu0, d2.kernel), d2.bias!);
    const byHand = Number(softmaxCrossEntropy(logits, test.y).item());
    const m = evalStep(state, test);
    expect(m.loss).toBeCloseTo(byHand, 5);
    expect(m.accuracy).toBe(Number(accuracy(logits, test.y).item()));
  });

  it('eval results depend on the moving statistics and not on the batch: one example alone scores as in a batch', () => {
    // With the initial moving statistics (mean 0, variance 1) the evaluation changes.
    const init = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
    const withInitialStats = { ...state, modelState: init.modelState };
    expect(evalStep(withInitialStats, test).loss).not.toBeCloseTo(evalStep(state, test).loss, 3);
    // Batch statistics of a single example would normalize it to beta: inference mode does not use them.
    const logitsOf = (x: Tensor) => model.apply(state.params, state.modelState, x, { training: false }).y;
    const all = logitsOf(test.x).data();
    for (const i of [0, 17, 255]) {
      const one = logitsOf(slice(test.x, [i, 0], [1, -1])).data();
      expect(one[0]).toBeCloseTo(all[2 * i]!, 5);
      expect(one[1]).toBeCloseTo(all[2 * i + 1]!, 5);
    }
  });

  it('evaluate weights batches by their size (uneven last batch)', () => {
    const whole = evaluate(evalStep, state, [test]);
    const parts = evaluate(evalStep, state, pipe(dataset(test), batch(100)));
    expect(parts.loss).toBeCloseTo(whole.loss, 5);
    expect(parts.accuracy).toBeCloseTo(whole.accuracy!, 6);
    expect(tree.leaves(state.modelState).length).toBe(2);
  });
});

describe('makeEvalStep', () => {
  it('rejects a metric named loss or not a function, and metrics that are not scalars', () => {
    expect(() => makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { loss: accuracy } })).toThrow(
      /metric 'loss' must be a function not named 'loss'/,
    );
    expect(() => makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { acc: 1 as never } })).toThrow(
      TensorError,
    );
    const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
    const bad = makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { logits: (yPred) => yPred } });
    expect(() => bad(state, test)).toThrow(/metric 'logits' must return a scalar tensor/);
    expect(() => evalStep({} as never, test)).toThrow(/state must hold params and modelState/);
  });

  it('evaluate of no batches is NaN', () => {
    const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [32, 4] });
    expect(Number.isNaN(evaluate(evalStep, state, []).loss)).toBe(true);
  });
});
