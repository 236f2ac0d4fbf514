/**
 * Donation (`donate` from `@stepwise/tensor`) through every transformation and `applyUpdates`: a training loop
 * that donates its gradients, state and params each step gets bit-identical results to one that does not, the
 * donated inputs detach, and what comes back (updates, state, params) is valid and undonated. Chains pass
 * their private intermediates on as donations without touching anything the caller holds.
 */
import { donate, isDonated, type Tensor, tensor, tree } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { adam, applyUpdates, chain, scaleByAdam, scaleByLearningRate, trace } from '../src/index.js';
import { snapshot, treeAndGradsArb } from './helpers.js';
import { ALL_TRANSFORMS } from './registry.js';

/** A deep copy with fresh memory (donation consumes its input). */
const copy = <T>(t: T): T =>
  tree.map((x: Tensor) => tensor(x.data(), { shape: x.shape, dtype: x.dtype }), t) as unknown as T;

const noneDonated = (t: unknown): boolean => tree.leaves(t as never).every((x) => !isDonated(x as Tensor));

describe('donation through the optimizers', () => {
  for (const [name, make] of ALL_TRANSFORMS) {
    it(`${name}: donating gradients, state and params changes no bit of three steps`, () => {
      fc.assert(
        fc.property(treeAndGradsArb(3), ([params0, grads]) => {
          const tx = make();
          let p = copy(params0);
          let s = tx.init(p);
          let pd = copy(params0);
          let sd = tx.init(pd);
          for (const g of grads) {
            const [u, s2] = tx.update(g, s, p);
            p = applyUpdates(p, u);
            s = s2;
            const [ud, sd2] = tx.update(donate(copy(g)), donate(sd), pd);
            expect(noneDonated(sd2)).toBe(true);
            pd = applyUpdates(donate(pd), ud);
            sd = sd2;
            expect(noneDonated(pd)).toBe(true);
          }
          expect(snapshot(pd)).toBe(snapshot(p));
          expect(snapshot(sd)).toBe(snapshot(s));
        }),
        { numRuns: 15 },
      );
    });
  }

  it('consumes what was donated and leaves everything else untouched', () => {
    const tx = adam({ learningRate: 0.1 });
    const params = { w: tensor([1, 2, 3]) };
    const state = tx.init(params);
    const g = { w: tensor([0.5, -0.5, 1]) };
    const before = snapshot([params, g]);
    const [u] = tx.update(g, donate(state), params);
    expect(() => snapshot(state)).toThrow(/donated/);
    expect(snapshot([params, g])).toBe(before);
    const p2 = applyUpdates(donate(params), u);
    expect(() => params.w.toArray()).toThrow(/donated/);
    expect(u.w.size).toBe(3);
    expect(p2.w.size).toBe(3);
  });

  it('a chain donates its private intermediates only: caller inputs and states that share memory stay valid', () => {
    // trace returns its new momentum as its updates: that memory is in the state and must not be taken.
    const tx = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.5));
    const params = { w: tensor([1, 2]) };
    let state = tx.init(params);
    const g = { w: tensor([1, 1]) };
    for (let i = 0; i < 3; i++) {
      const [u, s] = tx.update(g, state, params);
      expect(noneDonated(u) && noneDonated(s)).toBe(true);
      state = s;
      const expected = [1, 1.9, 2.71][i]!;
      expect(state[0].trace).toEqual({ w: expect.anything() });
      expect(((state[0].trace as { w: Tensor }).w.data() as Float32Array)[0]).toBeCloseTo(expected, 5);
      expect(u.w.toArray()).toEqual([-0, -0].map(() => expect.closeTo(-0.5 * expected, 5)));
    }
    const a = chain(scaleByAdam(), scaleByLearningRate(0.1));
    const sa = a.init(params);
    const before = snapshot([g, sa, params]);
    a.update(g, sa, params);
    expect(snapshot([g, sa, params])).toBe(before);
  });
});
