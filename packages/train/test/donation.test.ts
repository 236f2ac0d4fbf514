/**
 * Memory reuse in the training step: its own gradients and updates are donated to the optimizer (always),
 * and with `donateState` the input params and optimizer state are consumed. Neither changes a bit of any
 * result, whatever the optimizer (including ones whose updates are their state, like `trace`), and skipped
 * steps keep a valid state.
 */
import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import {
  adam,
  applyIfFinite,
  chain,
  type GradientTransformation,
  identity,
  scale,
  sgd,
  trace,
} from '@stepwise/optim';
import { isDonated, random, type Tensor, TensorError, tensor, tree } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { initTrainState, makeTrainStep } from '../src/index.js';
import { expectSameBits, separable, snapshot } from './helpers.js';

const model = sequential(dense(8), batchNorm({ momentum: 0.9 }), activation(relu), dense(2));
const data = separable(random.key(7), 16, 3);
const nanData = { x: tensor(new Float32Array(48).fill(Number.NaN), { shape: [16, 3] }), y: data.y };

const OPTIMIZERS: ReadonlyArray<readonly [string, () => GradientTransformation<unknown>]> = [
  ['adam', () => adam({ learningRate: 0.01 }) as GradientTransformation<unknown>],
  ['sgd momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 }) as GradientTransformation<unknown>],
  ['trace alone (updates are its state)', () => trace({ decay: 0.5 }) as GradientTransformation<unknown>],
  ['identity', () => chain(identity(), scale(-0.01)) as GradientTransformation<unknown>],
  [
    'applyIfFinite(adam)',
    () =>
      applyIfFinite(adam({ learningRate: 0.01 }), {
        maxConsecutiveErrors: 5,
      }) as GradientTransformation<unknown>,
  ],
];

describe('makeTrainStep memory reuse', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: donateState gives the same bits as keeping every state`, () => {
      const optimizer = make();
      const init = () => initTrainState({ model, optimizer, key: random.key(1), inputShape: [16, 3] });
      const keep = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
      const consume = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer, donateState: true });
      let a = init();
      let b = init();
      const history: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        const batch = name.startsWith('applyIfFinite') && i === 1 ? nanData : data;
        const before = snapshot(a);
        const a2 = keep(a, batch);
        expect(snapshot(a)).toEqual(before); // the default keeps its input valid and unchanged
        history.push(a);
        const prev = b;
        b = consume(b, batch);
        expectSameBits(b.params, a2.params);
        expectSameBits(b.optState, a2.optState);
        expectSameBits(b.modelState, a2.modelState);
        expect(b.metrics).toEqual(a2.metrics);
        // What a step returns is valid and undonated, skipped steps included.
        expect(tree.leaves([b.params, b.optState]).some((l) => isDonated(l))).toBe(false);
        if (!b.metrics.skipped) {
          const leaf: Tensor = prev.params[0].kernel;
          expect(() => leaf.toArray()).toThrow(TensorError);
        }
        a = a2;
      }
      // Every state the default step returned is still readable.
      for (const s of history) expect(() => snapshot(s)).not.toThrow();
    });
  }
});
