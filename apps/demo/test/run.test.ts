import { fc, test } from '@fast-check/vitest';
import { activation, dense, relu, sequential } from '@stepwise/nn';
import { sgd } from '@stepwise/optim';
import { random } from '@stepwise/tensor';
import { describe, expect } from 'vitest';
import { batches, classification } from '../src/experiments/common.js';
import { trainRun } from '../src/run.js';

// trainRun: fit over whole epochs, a record per step, evaluations at 0, every k steps and at the end.

const tiny = (seed: number, steps: number, evalEvery: number, size: number) => {
  const x = random.normal(random.key(seed), [10, 3]);
  const y = random.randint(random.key(seed + 1), [10], 0, 3);
  const { data, perEpoch } = batches({ x, y }, size, random.key(seed + 2));
  const run = () =>
    trainRun({
      model: sequential(dense(4), activation(relu), dense(3)),
      optimizer: sgd({ learningRate: 0.1 }),
      ...classification,
      key: random.key(seed + 3),
      inputShape: [size, 3],
      data,
      batchesPerEpoch: perEpoch,
      steps,
      evalEvery,
      evalSets: { train: { x, y } },
    });
  return { x, y, perEpoch, run };
};

describe('trainRun', () => {
  test.prop(
    [
      fc.nat(1000),
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 10 }),
    ],
    {
      numRuns: 12,
    },
  )(
    'rounds steps up to whole epochs, evaluates at 0, every k and at the end, and is deterministic',
    (seed, steps, k, size) => {
      const { x, perEpoch, run } = tiny(seed, steps, k, size);
      const xBefore = x.data();
      const r = run();
      const total = Math.ceil(steps / perEpoch) * perEpoch;
      expect(r.steps.map((s) => s.step)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const evalSteps = r.evals.map((e) => e.step);
      const expected = [
        0,
        ...Array.from({ length: total }, (_, i) => i + 1).filter((s) => s % k === 0 || s === total),
      ];
      expect(evalSteps).toEqual(expected);
      for (const e of r.evals) expect(Object.keys(e.sets.train!).sort()).toEqual(['accuracy', 'loss']);
      expect(r.state.step).toBe(total);
      expect(r.nonFinite).toBe(0);
      expect(run().hash).toBe(r.hash); // same options, same final parameters
      expect(x.data()).toEqual(xBefore); // inputs untouched
    },
  );
});
