import { fc, test } from '@fast-check/vitest';
import { tensor } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { TOLERANCE, withinTolerance } from '../src/experiments/clipping.js';
import { mean, sampleStd, spread } from '../src/stats.js';

describe('withinTolerance', () => {
  test.prop([
    fc.array(
      fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
      { minLength: 1, maxLength: 40 },
    ),
  ])('is the share of predictions strictly within the tolerance (in float32)', (pairs) => {
    const p = Float32Array.from(pairs.map(([a]) => a));
    const t = Float32Array.from(pairs.map(([, b]) => b));
    const expected =
      pairs.filter((_, i) => Math.abs(Math.fround(p[i]! - t[i]!)) < Math.fround(TOLERANCE)).length /
      pairs.length;
    const got = Number(
      withinTolerance(tensor(p, { shape: [p.length, 1] }), tensor(t, { shape: [t.length, 1] })).item(),
    );
    expect(got).toBeCloseTo(expected, 6);
  });

  it('counts 0.05 off as correct and 0.2 off as wrong', () => {
    expect(Number(withinTolerance(tensor([[1.05], [1.2]]), tensor([[1], [1]])).item())).toBe(0.5);
  });
});

describe('stats', () => {
  const xs = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 20 });

  test.prop([xs, fc.double({ min: -1e3, max: 1e3, noNaN: true })])(
    'shifting moves the mean and keeps the std',
    (v, c) => {
      const shifted = v.map((x) => x + c);
      expect(mean(shifted)).toBeCloseTo(mean(v) + c, 6);
      expect(sampleStd(shifted)).toBeCloseTo(sampleStd(v), 6);
    },
  );

  it('small cases', () => {
    expect(spread([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: Math.sqrt(32 / 7), n: 8 });
    expect(sampleStd([3])).toBe(0);
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(Number.isNaN(sampleStd([]))).toBe(true);
  });
});
