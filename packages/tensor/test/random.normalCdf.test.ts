/**
 * The float64 normal CDF Φ and quantile Φ⁻¹ behind `random.normal` and `random.truncatedNormal`.
 *
 * Reference values were computed with mpmath 1.3 at 60 significant digits (`mp.ncdf(x)` for Φ; for Φ⁻¹(p)
 * `mp.findroot(lambda x: log(ncdf(x)) - log(p), scipy.special.ndtri(p))`, with `p` the exact double of the
 * literal) and rounded to 17 digits.
 */
import { describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { normalCdf, normalQuantile, normalSf } from '../src/random/_normalCdf.js';

const quantiles: [number, number][] = [
  [1e-300, -37.047096299361199],
  [1e-100, -21.273453560965324],
  [1e-20, -9.2623400897984076],
  [1e-10, -6.3613409024040562],
  [1e-5, -4.2648907939228246],
  [0.001, -3.0902323061678135],
  [0.01, -2.3263478740408411],
  [0.025, -1.9599639845400542],
  [0.075, -1.4395314709384559],
  [0.1, -1.2815515655446004],
  [0.3, -0.52440051270804082],
  [0.425, -0.18911842627279252],
  [0.5, 0],
  [0.7, 0.52440051270804066],
  [0.925, 1.4395314709384562],
  [0.975, 1.9599639845400539],
  [0.99, 2.3263478740408408],
  [0.999999, 4.7534243088170878],
];

const cdf: [number, number][] = [
  [-37, 5.7255712225245768e-300],
  [-20, 2.7536241186062337e-89],
  [-10, 7.6198530241605261e-24],
  [-5, 2.8665157187919391e-7],
  [-3, 0.0013498980316300945],
  [-2, 0.022750131948179207],
  [-1.5, 0.066807201268858066],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [-0.1, 0.46017216272297102],
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1, 0.84134474606854295],
  [2, 0.97724986805182079],
  [5, 0.99999971334842812],
];

const relErr = (a: number, b: number): number => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('normalQuantile (Wichura AS 241)', () => {
  it.each(quantiles)('Φ⁻¹(%s) = %s to 1e-15 relative', (p, z) => {
    expect(relErr(normalQuantile(p), z)).toBeLessThan(1e-15);
  });

  it('is ±∞ at 0 and 1, NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('is odd: Φ⁻¹(1 − p) = −Φ⁻¹(p) whenever 1 − p is exact', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, maxExcluded: true, noNaN: true }), (p) => {
        // For p in [1/2, 1], 1 − p is exact (Sterbenz).
        return normalQuantile(1 - p) === -normalQuantile(p);
      }),
    );
  });

  it('is monotone', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1, noNaN: true }),
        fc.double({ min: 1e-300, max: 1, noNaN: true }),
        (a, b) => {
          const [p, q] = a <= b ? [a, b] : [b, a];
          return normalQuantile(p) <= normalQuantile(q);
        },
      ),
    );
  });

  it('inverts Φ in the lower half: Φ⁻¹(Φ(x)) = x to 1e-13', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 0, noNaN: true }), (x) => {
        const back = normalQuantile(normalCdf(x));
        return Math.abs(back - x) <= 1e-13 * Math.max(1, Math.abs(x));
      }),
    );
  });
});

describe('normalCdf', () => {
  it.each(cdf)('Φ(%s) = %s to 5e-15 relative', (x, p) => {
    expect(relErr(normalCdf(x), p)).toBeLessThan(5e-15);
  });

  it('Φ(x) + Φ(−x) = 1 and the survival function is Φ(−x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        return Math.abs(normalCdf(x) + normalCdf(-x) - 1) < 4e-16 && normalSf(x) === normalCdf(-x);
      }),
    );
  });

  it('is 0 and 1 at the infinities, NaN at NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
