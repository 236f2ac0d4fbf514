/**
 * Type-level tests of layers: `init` and `apply` are typed by the layer's params and state, `sequential`
 * infers a tuple with one entry per layer, and `ParamsOf`/`StateOf` recover them. Checked by `tsc -p
 * tsconfig.json` (the workspace typecheck includes the tests); each `@ts-expect-error` line is a wrong type
 * that must stay an error (an unused directive fails `tsc`).
 */
import { grad, random, type Tensor, tree } from '@stepwise/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  activation,
  type DenseParams,
  dense,
  dropout,
  type EmptyParams,
  type EmptyState,
  type Layer,
  meanSquaredError,
  type ParamsOf,
  relu,
  type SequentialParams,
  type SimpleRnnParams,
  type StateOf,
  sequential,
  simpleRnn,
} from '../src/index.js';

describe('layer types', () => {
  it('a layer is typed by its params and state', () => {
    const layer = dense(3);
    expectTypeOf(layer).toEqualTypeOf<Layer<DenseParams, EmptyState>>();
    const { params, state } = layer.init(random.key(0), [2, 4]);
    expectTypeOf(params).toEqualTypeOf<DenseParams>();
    expectTypeOf(params.bias).toEqualTypeOf<Tensor | undefined>();
    expectTypeOf(state).toEqualTypeOf<EmptyState>();
    expectTypeOf(
      layer.apply(params, state, random.normal(random.key(1), [2, 4])).state,
    ).toEqualTypeOf<EmptyState>();
    expectTypeOf<ParamsOf<typeof layer>>().toEqualTypeOf<DenseParams>();
    expectTypeOf<StateOf<ReturnType<typeof simpleRnn>>>().toEqualTypeOf<EmptyState>();
  });

  it('sequential infers one params and one state entry per layer', () => {
    const model = sequential(dense(8), activation(relu), dropout(0.1), simpleRnn(4));
    expectTypeOf<ParamsOf<typeof model>>().toEqualTypeOf<
      [DenseParams, EmptyParams, EmptyParams, SimpleRnnParams]
    >();
    expectTypeOf<StateOf<typeof model>>().toEqualTypeOf<[EmptyState, EmptyState, EmptyState, EmptyState]>();
    const { params } = sequential(dense(8), activation(relu), dense(1)).init(random.key(0), [5, 3]);
    expectTypeOf(params).toEqualTypeOf<[DenseParams, EmptyParams, DenseParams]>();
    expectTypeOf(params[2].kernel).toEqualTypeOf<Tensor>();
    expect(params[2].kernel.shape).toEqual([8, 1]);
    // @ts-expect-error a three-layer model has no fourth params entry
    expect(params[3]).toBeUndefined();
  });

  it('grad of a loss over model params returns the params tuple', () => {
    const model = sequential(dense(4), activation(relu), dense(1));
    const { params, state } = model.init(random.key(0), [6, 2]);
    const x = random.normal(random.key(1), [6, 2]);
    const y = random.normal(random.key(2), [6, 1]);
    const loss = (
      p: SequentialParams<
        [Layer<DenseParams, EmptyState>, Layer<EmptyParams, EmptyState>, Layer<DenseParams, EmptyState>]
      >,
    ) => meanSquaredError(model.apply(p, state, x).y, y);
    const grads = grad(loss)(params);
    expectTypeOf(grads).toEqualTypeOf<[DenseParams, EmptyParams, DenseParams]>();
    expect(tree.structureEqual(grads, params)).toBe(true);
  });

  it('apply rejects params of another layer', () => {
    const a = dense(3);
    const b = sequential(dense(3));
    const { params, state } = a.init(random.key(0), [1, 2]);
    // @ts-expect-error sequential params are a tuple, not DenseParams
    expect(() => b.apply(params, [state], random.normal(random.key(1), [1, 2]))).toThrow();
  });
});
