import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ADDING_BASELINE_MSE } from '../src/data/adding.js';
import { bnInputVerdict } from '../src/experiments/bnInput.js';
import { beyondSpread, regularizerVerdict } from '../src/experiments/bnRegularizer.js';
import { clippingVerdict } from '../src/experiments/clipping.js';
import { vanishingVerdict } from '../src/experiments/vanishing.js';
import { spread } from '../src/stats.js';

// Verdicts are computed from the numbers: these properties pin down when each one may say "supported".

const acc = fc.double({ min: 0, max: 1, noNaN: true });
const names = ['sigmoid', 'relu', 'elu', 'elu+bn'];

describe('vanishingVerdict', () => {
  test.prop([
    fc.double({ min: 1e-30, max: 1e-4, noNaN: true }),
    fc.array(fc.double({ min: 0.05, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
    acc,
  ])(
    'supported when the sigmoid net vanishes, the others keep ≥100× more gradient and beat it by > 2 examples',
    (sigRatio, others, sigAcc) => {
      const accuracies = [sigAcc, ...others.map(() => Math.min(1, sigAcc + 0.05))];
      const v = vanishingVerdict(names, [sigRatio, ...others], accuracies, 100);
      expect(v.supported).toBe(sigAcc + 0.05 <= 1 && accuracies.slice(1).every((a) => a > sigAcc + 0.02));
    },
  );

  test.prop([
    fc.array(fc.double({ min: 1e-2, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
    fc.array(acc, { minLength: 4, maxLength: 4 }),
  ])('never supported without vanishing (first-layer ratio ≥ 1 %)', (ratios, accuracies) => {
    expect(vanishingVerdict(names, ratios, accuracies, 100).supported).toBe(false);
  });

  it('not supported when one fix does not beat the sigmoid net by more than two examples', () => {
    const v = vanishingVerdict(names, [1e-20, 0.5, 0.5, 0.5], [0.44, 0.98, 0.455, 0.97], 100);
    expect(v.supported).toBe(false);
    expect(v.text).toContain('elu does not');
  });
});

describe('bnInputVerdict', () => {
  test.prop([acc, acc, acc])('the three outcomes follow the stated margins', (unscaled, standardized, bn) => {
    const v = bnInputVerdict({ unscaled, standardized, batchNorm: bn }, 100);
    if (!(standardized > unscaled + 0.02)) expect(v.supported).toBeNull();
    else expect(v.supported).toBe(bn >= standardized - 0.02);
    expect(v.text).toContain('Held-out accuracy');
  });
});

describe('clippingVerdict', () => {
  const outcome = (name: string, nonFinite: number, heldOutMse: number, initialMse = 3) => ({
    name,
    nonFinite,
    initialMse,
    heldOutMse,
  });

  it('supported when the unclipped run blows up and every clipped run stays finite and better', () => {
    const v = clippingVerdict(outcome('none', 50, Number.POSITIVE_INFINITY), [
      outcome('value', 0, 0.17),
      outcome('norm', 0, 0.2),
    ]);
    expect(v.supported).toBe(true);
    expect(v.text).toContain('No run got below the predict-1 baseline');
  });

  it('not supported when a clipped run does not improve on its initial loss', () => {
    const v = clippingVerdict(outcome('none', 50, Number.POSITIVE_INFINITY), [
      outcome('value', 0, 0.17),
      outcome('norm', 0, 0.5, 0.4),
    ]);
    expect(v.supported).toBe(false);
    expect(v.text).toContain(
      'norm: 0 non-finite steps, held-out MSE 0.4 → 0.5: not finite, not improving or not better.',
    );
  });

  it('not supported when a clipped run has a non-finite step', () => {
    const v = clippingVerdict(outcome('none', 50, Number.NaN), [outcome('value', 1, 0.17)]);
    expect(v.supported).toBe(false);
  });

  test.prop([
    fc.double({ min: 0, max: 10 * ADDING_BASELINE_MSE, noNaN: true, maxExcluded: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])('inconclusive when nothing exploded', (mse, clippedMse) => {
    const v = clippingVerdict(outcome('none', 0, mse), [outcome('value', 0, clippedMse)]);
    expect(v.supported).toBeNull();
  });
});

describe('regularizerVerdict', () => {
  const gapsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 5 });

  test.prop([gapsArb, gapsArb])(
    'beyondSpread is never true both ways, and never for identical samples',
    (a, b) => {
      const sa = spread(a);
      const sb = spread(b);
      expect(beyondSpread(sa, sb) && beyondSpread(sb, sa)).toBe(false);
      expect(beyondSpread(sa, sa)).toBe(false);
    },
  );

  test.prop([gapsArb, fc.double({ min: -0.05, max: 0.05, noNaN: true }), gapsArb, gapsArb])(
    'not supported when batch norm only shifts the gaps by less than the seed spread',
    (none, shift, drop, big) => {
      const spreadSum = 2 * spread(none).std;
      fc.pre(Math.abs(shift) <= spreadSum);
      const bn = none.map((g) => g - shift);
      const v = regularizerVerdict({
        batchSizes: [6, 36],
        variants: ['none', 'dropout', 'bn', 'bn+dropout'],
        gaps: [
          [none, drop, bn, big],
          [none, drop, bn, big],
        ],
      });
      expect(v.supported).toBe(false);
    },
  );

  it('supported when batch norm lowers the gap well beyond the spread; reports whether it shrinks with the batch', () => {
    const base = {
      batchSizes: [6, 36],
      variants: ['none', 'dropout', 'bn', 'bn+dropout'],
    };
    const shrinking = regularizerVerdict({
      ...base,
      gaps: [
        [
          [0.5, 0.52, 0.48],
          [0.3, 0.3, 0.3],
          [0.1, 0.12, 0.08],
          [0.1, 0.1, 0.1],
        ],
        [
          [0.5, 0.52, 0.48],
          [0.3, 0.3, 0.3],
          [0.45, 0.47, 0.43],
          [0.1, 0.1, 0.1],
        ],
      ],
    });
    expect(shrinking.supported).toBe(true);
    expect(shrinking.text).toContain('consistent with the regularizing noise shrinking');
    const flat = regularizerVerdict({
      ...base,
      gaps: [
        [
          [0.5, 0.52, 0.48],
          [0.3, 0.3, 0.3],
          [0.1, 0.12, 0.08],
          [0.1, 0.1, 0.1],
        ],
        [
          [0.5, 0.52, 0.48],
          [0.3, 0.3, 0.3],
          [0.1, 0.12, 0.08],
          [0.1, 0.1, 0.1],
        ],
      ],
    });
    expect(flat.supported).toBe(true);
    expect(flat.text).toContain('does not show the noise explanation');
  });
});
