/**
 * `applyGradients` gives the same bits as `update` then `applyUpdates` for every transformation (the fused
 * one-pass step of Adam-ending chains included), on small leaves (JavaScript loops) and large float32 leaves
 * (the WebAssembly pass), with and without donated params and state.
 */
import { donate, type Tensor, tensor, tree } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  adam,
  applyGradients,
  applyUpdates,
  chain,
  type GradientTransformation,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  warmupCosineDecay,
} from '../src/index.js';
import { capability, FUSED_APPLY } from '../src/internal/fusion.js';
import { snapshot, treeAndGradsArb } from './helpers.js';
import { ALL_TRANSFORMS } from './registry.js';

const copy = <T>(t: T): T =>
  tree.map((x: Tensor) => tensor(x.data(), { shape: x.shape, dtype: x.dtype }), t) as unknown as T;

/** Three steps both ways; returns both final [params, state] snapshots. */
function both(
  make: () => GradientTransformation<unknown>,
  params0: unknown,
  grads: readonly unknown[],
  donating: boolean,
) {
  const tx = make();
  let p = copy(params0);
  let s = tx.init(p);
  let q = copy(params0);
  let r = tx.init(q);
  for (const g of grads) {
    const [u, s2] = tx.update(g, s, p);
    p = applyUpdates(p, u);
    s = s2;
    [q, r] = donating
      ? applyGradients(tx, donate(copy(g)), donate(r), donate(q))
      : applyGradients(tx, g, r, q);
  }
  return [snapshot([p, s]), snapshot([q, r])];
}

describe('applyGradients', () => {
  for (const [name, make] of ALL_TRANSFORMS) {
    it(`${name}: the same bits as update + applyUpdates`, () => {
      fc.assert(
        fc.property(treeAndGradsArb(3), fc.boolean(), ([params0, grads], donating) => {
          const [a, b] = both(make, params0, grads, donating);
          expect(b).toBe(a);
        }),
        { numRuns: 10 },
      );
    });
  }

  const schedule = warmupCosineDecay({ initValue: 0, peakValue: 0.1, warmupSteps: 2, decaySteps: 10 });
  const FUSED: ReadonlyArray<readonly [string, () => GradientTransformation<unknown>]> = [
    ['adam', () => adam({ learningRate: 0.01 }) as GradientTransformation<unknown>],
    [
      'adam(globalClipNorm, schedule)',
      () => adam({ learningRate: schedule, globalClipNorm: 1 }) as GradientTransformation<unknown>,
    ],
    [
      'chain(scaleByAdam, scaleByLearningRate)',
      () => chain(scaleByAdam({ b1: 0.5 }), scaleByLearningRate(0.3)) as GradientTransformation<unknown>,
    ],
    ['sgd(momentum)', () => sgd({ learningRate: 0.1, momentum: 0.9 }) as GradientTransformation<unknown>],
    [
      'sgd(momentum, nesterov, schedule, clipValue)',
      () =>
        sgd({
          learningRate: schedule,
          momentum: 0.5,
          nesterov: true,
          clipValue: 1,
        }) as GradientTransformation<unknown>,
    ],
  ];
  for (const [name, make] of FUSED) {
    it(`${name}: fused in one pass, the same bits on large float32 and float64 leaves`, () => {
      expect(capability(make(), FUSED_APPLY)).toBeTypeOf('function');
      const params0 = {
        w: tensor(
          Float32Array.from({ length: 33 * 40 }, (_, i) => Math.sin(i)),
          { shape: [33, 40] },
        ),
        b: tensor(Float32Array.from({ length: 700 }, (_, i) => Math.cos(i * 0.1))),
        small: tensor([0.5, -0.25]),
        d: tensor(
          Float64Array.from({ length: 600 }, (_, i) => i / 600),
          { dtype: 'float64' },
        ),
      };
      const grads = [1, 2, 3].map((k) =>
        tree.map(
          (t: Tensor) =>
            tensor(
              Float64Array.from({ length: t.size }, (_, i) => Math.sin(i * k) * k),
              { shape: t.shape, dtype: t.dtype },
            ),
          params0,
        ),
      );
      for (const donating of [false, true]) {
        const [a, b] = both(make, params0, grads, donating);
        expect(b).toBe(a);
      }
    });
  }
});
