/**
 * Type-level tests of the training state and step: `initTrainState` and `makeTrainStep` infer the params,
 * model-state and optimizer-state types from the model and the optimizer, and a step maps a state to a
 * state of the same type, so a fold over batches type-checks. Checked by `tsc -p tsconfig.json` (the
 * workspace typecheck includes the tests); each `@ts-expect-error` line is a wrong type that must stay an
 * error (an unused directive fails `tsc`).
 */
import {
  activation,
  type DenseParams,
  dense,
  type EmptyParams,
  type EmptyState,
  meanSquaredError,
  relu,
  sequential,
} from '@stepwise/nn';
import { type BatchNormParams, type BatchNormState, batchNorm } from '@stepwise/norm';
import { type AdamState, adam, type SgdState, sgd } from '@stepwise/optim';
import { random, type Tensor } from '@stepwise/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { initTrainState, makeTrainStep, type TrainState, type TrainStep } from '../src/index.js';

const model = sequential(dense(4), batchNorm(), activation(relu), dense(1));
type P = [DenseParams, BatchNormParams, EmptyParams, DenseParams];
type S = [EmptyState, BatchNormState, EmptyState, EmptyState];

describe('training types', () => {
  it('initTrainState infers params, model state and optimizer state', () => {
    const optimizer = adam({ learningRate: 1e-2 });
    const state = initTrainState({ model, optimizer, key: random.key(0), inputShape: [8, 3] });
    expectTypeOf(state).toEqualTypeOf<TrainState<P, S, AdamState>>();
    expectTypeOf(state.params[1].gamma).toEqualTypeOf<Tensor | undefined>();
    expectTypeOf(state.modelState[1].mean).toEqualTypeOf<Tensor>();
    expectTypeOf(state.metrics.loss).toEqualTypeOf<number>();
    expect(state.modelState[1].mean.shape).toEqual([4]);
  });

  it('makeTrainStep maps a state to a state of the same type; a fold type-checks', () => {
    const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
    const step = makeTrainStep({ model, loss: meanSquaredError, optimizer });
    expectTypeOf(step).toEqualTypeOf<TrainStep<P, S, SgdState>>();
    const init = initTrainState({ model, optimizer, key: random.key(0), inputShape: [8, 3] });
    const batch = { x: random.normal(random.key(1), [8, 3]), y: random.normal(random.key(2), [8, 1]) };
    const end = [batch, batch].reduce(step, init);
    expectTypeOf(end).toEqualTypeOf<TrainState<P, S, SgdState>>();
    expect(end.step).toBe(2);
  });

  it('a step rejects a state of another optimizer or model', () => {
    const step = makeTrainStep({ model, loss: meanSquaredError, optimizer: sgd({ learningRate: 0.1 }) });
    const adamState = initTrainState({
      model,
      optimizer: adam({ learningRate: 1e-3 }),
      key: random.key(0),
      inputShape: [8, 3],
    });
    const batch = { x: random.normal(random.key(1), [8, 3]), y: random.normal(random.key(2), [8, 1]) };
    // Compile-time only: an Adam state is not an SGD state.
    // @ts-expect-error the optimizer state types differ
    const wrongOptimizer = (): unknown => step(adamState, batch);
    const small = sequential(dense(1));
    const smallState = initTrainState({
      model: small,
      optimizer: sgd({ learningRate: 0.1 }),
      key: random.key(0),
      inputShape: [8, 3],
    });
    // @ts-expect-error the params of another model do not fit
    const wrongModel = (): unknown => step(smallState, batch);
    expectTypeOf(wrongOptimizer).toBeFunction();
    expectTypeOf(wrongModel).toBeFunction();
    const sgdState = initTrainState({
      model,
      optimizer: sgd({ learningRate: 0.1 }),
      key: random.key(0),
      inputShape: [8, 3],
    });
    const xOnly = { x: batch.x };
    // @ts-expect-error a batch needs x and y tensors
    expect(() => step(sgdState, xOnly)).toThrow(/y/);
  });
});
