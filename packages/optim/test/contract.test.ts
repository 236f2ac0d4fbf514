import { isTensor, type Tensor, tree } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import * as optim from '../src/index.js';
import { applyUpdates, OptimError } from '../src/index.js';
import { snapshot, treeAndGradsArb } from './helpers.js';
import { ALL_TRANSFORMS } from './registry.js';

/** True when every plain object and array of the tree is frozen (tensors are frozen by construction). */
const deepFrozen = (x: unknown): boolean =>
  typeof x !== 'object' ||
  x === null ||
  isTensor(x) ||
  (Object.isFrozen(x) && Object.values(x).every(deepFrozen));

/** Runs `steps` updates; returns every update and state. */
function run(
  t: ReturnType<(typeof ALL_TRANSFORMS)[number][1]>,
  params: unknown,
  grads: readonly unknown[],
): { updates: unknown[]; states: unknown[] } {
  let state = t.init(params);
  let p = params;
  const updates: unknown[] = [];
  const states: unknown[] = [state];
  for (const g of grads) {
    const [u, s] = t.update(g, state, p);
    updates.push(u);
    states.push(s);
    state = s;
    p = applyUpdates(p, u);
  }
  return { updates, states };
}

const sameLeafLayout = (a: unknown, b: unknown): void => {
  expect(tree.structureEqual(a, b)).toBe(true);
  const la = tree.leaves(a);
  const lb = tree.leaves(b);
  expect(lb.map((x) => [x.shape, x.dtype])).toEqual(la.map((x) => [x.shape, x.dtype]));
};

/** Exported lower-case functions that are not transformation factories. */
const NOT_TRANSFORMS = new Set([
  'applyGradients',
  'applyUpdates',
  'globalNorm',
  'decodeOptions',
  'leafMask',
  'constant',
  'exponentialDecay',
  'piecewiseConstant',
  'cosineDecay',
  'warmupCosineDecay',
  'linear',
]);

describe.each(ALL_TRANSFORMS)('contract: %s', (_name, make) => {
  it('is pure: grads, params and state are bit-identical after update', () => {
    fc.assert(
      fc.property(treeAndGradsArb(3), ([params, grads]) => {
        const t = make();
        let state = t.init(params);
        let p = params;
        for (const g of grads) {
          const before = [snapshot(g), snapshot(state), snapshot(p)];
          const [u, next] = t.update(g, state, p);
          expect([snapshot(g), snapshot(state), snapshot(p)]).toEqual(before);
          state = next;
          p = applyUpdates(p, u);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('is deterministic: two runs give bit-identical updates and states', () => {
    fc.assert(
      fc.property(treeAndGradsArb(3), ([params, grads]) => {
        const a = run(make(), params, grads);
        const b = run(make(), params, grads);
        expect(a.updates.map(snapshot)).toEqual(b.updates.map(snapshot));
        expect(a.states.map(snapshot)).toEqual(b.states.map(snapshot));
      }),
      { numRuns: 30 },
    );
  });

  it('preserves structure: updates match grads (shapes, dtypes incl. float64); the state keeps its layout, deeply frozen', () => {
    fc.assert(
      fc.property(treeAndGradsArb(3), ([params, grads]) => {
        const { updates, states } = run(make(), params, grads);
        updates.forEach((u, i) => sameLeafLayout(grads[i], u));
        for (const s of states) {
          sameLeafLayout(states[0], s);
          expect(deepFrozen(s)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('keeps finite updates finite for finite inputs', () => {
    fc.assert(
      fc.property(treeAndGradsArb(3), ([params, grads]) => {
        const { updates } = run(make(), params, grads);
        for (const u of updates) {
          for (const leaf of tree.leaves(u) as Tensor[]) {
            expect(Array.from(leaf.data() as Float32Array).every(Number.isFinite)).toBe(true);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('rejects a wrong state or mismatched updates with an OptimError, never another error', () => {
    fc.assert(
      fc.property(treeAndGradsArb(1), ([params, [g]]) => {
        const t = make();
        const state = t.init(params);
        const bad = { extra: tree.leaves(params)[0]!, inner: g };
        try {
          t.update(bad, state, bad);
        } catch (e) {
          expect(e).toBeInstanceOf(OptimError);
        }
        if (tree.leaves(state).length > 0) {
          expect(() => t.update(g, undefined as never, params)).toThrow(OptimError);
          expect(() => t.update(g, [] as never, params)).toThrow(OptimError);
        }
      }),
      { numRuns: 10 },
    );
  });
});

it('the registry covers every exported transformation and optimizer factory', () => {
  const factories = [
    'identity',
    'scale',
    'scaleByLearningRate',
    'scaleBySchedule',
    'trace',
    'scaleByAdam',
    'scaleByRms',
    'scaleByStddev',
    'scaleByRss',
    'addDecayedWeights',
    'clipByValue',
    'clipByNorm',
    'clipByGlobalNorm',
    'applyIfFinite',
    'masked',
    'multiSteps',
    'chain',
    'sgd',
    'adam',
    'adamw',
    'rmsprop',
    'adagrad',
  ];
  for (const f of factories)
    expect(ALL_TRANSFORMS.some(([n]) => n === f || n.startsWith(`${f}(`))).toBe(true);
  const exported = Object.entries(optim).filter(
    ([n, v]) => typeof v === 'function' && /^[a-z]/.test(n) && !NOT_TRANSFORMS.has(n),
  );
  expect(exported.map(([n]) => n).sort()).toEqual([...factories].sort());
});
