/**
 * Type-level tests of gradient transformations: `chain` keeps the state type of every member as a tuple,
 * `update` returns the updates' own type, and optimizers announce their state types. Checked by
 * `tsc -p tsconfig.json` (the workspace typecheck includes the tests); each `@ts-expect-error` line is a
 * wrong type that must stay an error (an unused directive fails `tsc`).
 */
import { type Tensor, tensor } from '@stepwise/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AdamState,
  type ApplyIfFiniteState,
  adam,
  applyIfFinite,
  type ChainState,
  chain,
  clipByGlobalNorm,
  clipByValue,
  type EmptyState,
  type GradientTransformation,
  type ScaleByAdamState,
  type SgdState,
  type StateOf,
  scale,
  scaleByAdam,
  sgd,
  type TraceState,
  trace,
} from '../src/index.js';

interface Params {
  readonly w: Tensor;
  readonly b: readonly [Tensor];
}
const params: Params = { w: tensor([1, -2]), b: [tensor([0.5])] };

describe('gradient transformation types', () => {
  it('chain keeps each member state type, in order', () => {
    const tx = chain(clipByGlobalNorm(1), scaleByAdam(), trace({ decay: 0.9 }), scale(-0.1));
    expectTypeOf(tx).toEqualTypeOf<
      GradientTransformation<readonly [EmptyState, ScaleByAdamState, TraceState, EmptyState]>
    >();
    const state = tx.init(params);
    expectTypeOf(state[1]).toEqualTypeOf<ScaleByAdamState>();
    expectTypeOf(state[2]).toEqualTypeOf<TraceState>();
    expectTypeOf<StateOf<typeof tx>>().toEqualTypeOf<
      ChainState<
        [
          GradientTransformation<EmptyState>,
          GradientTransformation<ScaleByAdamState>,
          GradientTransformation<TraceState>,
          GradientTransformation<EmptyState>,
        ]
      >
    >();
    expect(state).toHaveLength(4);
    // @ts-expect-error a chain of four has no fifth state
    expect(state[4]).toBeUndefined();
  });

  it('nested chains nest their state tuples', () => {
    const inner = chain(clipByValue(1), scale(2));
    const outer = chain(inner, scaleByAdam());
    expectTypeOf<StateOf<typeof outer>>().toEqualTypeOf<
      readonly [readonly [EmptyState, EmptyState], ScaleByAdamState]
    >();
  });

  it('update returns updates of the same type as it was given, and the same state type', () => {
    const tx = adam({ learningRate: 1e-3 });
    expectTypeOf(tx).toEqualTypeOf<GradientTransformation<AdamState>>();
    const state = tx.init(params);
    const [updates, next] = tx.update(params, state, params);
    expectTypeOf(updates).toEqualTypeOf<Params>();
    expectTypeOf(next).toEqualTypeOf<AdamState>();
    expect(updates.b[0].shape).toEqual([1]);
    // @ts-expect-error an SGD state is not an Adam state
    expect(() => tx.update(params, sgd({ learningRate: 0.1 }).init(params) as SgdState)).toThrow();
    // Compile-time only (adam never reads params, so the call would not throw at run time).
    // @ts-expect-error params must have the updates' type
    const wrongParams = (): unknown => tx.update(params, state, tensor([1]));
    expectTypeOf(wrongParams).toBeFunction();
  });

  it('applyIfFinite wraps the inner state type', () => {
    const tx = applyIfFinite(sgd({ learningRate: 0.1 }));
    expectTypeOf<StateOf<typeof tx>>().toEqualTypeOf<ApplyIfFiniteState<SgdState>>();
  });
});
