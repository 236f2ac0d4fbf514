/**
 * `erf` accuracy: against 50-digit reference values, and its mathematical properties on random inputs.
 */
import { describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { erf, tensor } from '../src/index.js';

/**
 * `[x, erf(x)]`, erf correctly rounded to float64. Derivation (mpmath 1.3.0, 50 digits):
 *
 * ```python
 * import mpmath, random
 * mpmath.mp.dps = 50
 * random.seed(20261129)
 * xs = [1e-300, 1e-20, 1e-8, 0.001, 0.0625, 0.1, 0.2, 0.3, 0.46875, 0.5, 0.75, 0.84375, 1, 1.0625, 1.25, 1.5,
 *       1.75, 2, 2.25, 2.5, 2.75, 3, 3.5, 4, 4.5, 5, 5.5, 5.9, 5.96875, 6, 10]
 * xs += [round(random.uniform(0, 6), 6) for _ in range(40)]
 * xs += [float('%.3g' % (random.uniform(1, 10) * 10 ** random.uniform(-12, -1))) for _ in range(10)]
 * for x in xs: print(f"[{x!r}, {float(mpmath.erf(mpmath.mpf(x)))!r}],")
 * ```
 */
const REFERENCE: ReadonlyArray<readonly [number, number]> = [
  [1e-300, 1.1283791670955126e-300],
  [1e-20, 1.1283791670955125e-20],
  [1e-8, 1.1283791670955126e-8],
  [0.001, 0.0011283787909692365],
  [0.0625, 0.07043197772238707],
  [0.1, 0.1124629160182849],
  [0.2, 0.22270258921047847],
  [0.3, 0.3286267594591274],
  [0.46875, 0.49261347321793797],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [0.84375, 0.7672256612323416],
  [1, 0.8427007929497149],
  [1.0625, 0.8670582694349528],
  [1.25, 0.9229001282564583],
  [1.5, 0.9661051464753108],
  [1.75, 0.9866716712191824],
  [2, 0.9953222650189527],
  [2.25, 0.9985372834133188],
  [2.5, 0.999593047982555],
  [2.75, 0.9998993780778803],
  [3, 0.9999779095030014],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [4.5, 0.9999999998033839],
  [5, 0.9999999999984626],
  [5.5, 0.9999999999999927],
  [5.9, 0.9999999999999999],
  [5.96875, 1.0],
  [6, 1.0],
  [10, 1.0],
  [0.140437, 0.15743053445282695],
  [4.031709, 0.999999988137984],
  [0.94277, 0.8175594488608731],
  [5.772073, 0.9999999999999997],
  [2.368659, 0.9991912705866522],
  [4.315678, 0.9999999989609317],
  [4.979975, 0.9999999999981152],
  [1.165984, 0.9008422006393412],
  [0.159669, 0.17864774051121615],
  [2.895296, 0.9999577041669245],
  [0.31878, 0.3478828764401598],
  [2.268513, 0.9986641370241819],
  [3.092842, 0.9999877975568144],
  [4.715997, 0.9999999999743195],
  [3.848588, 0.999999947528482],
  [2.550688, 0.9996905018599993],
  [0.028001, 0.0315874893886349],
  [3.383231, 0.9999982868133966],
  [4.701267, 0.9999999999704097],
  [5.571424, 0.9999999999999967],
  [3.652583, 0.9999997602445301],
  [0.035853, 0.040438450500906685],
  [2.9516, 0.9999700955502923],
  [2.347795, 0.9991007393205216],
  [0.137302, 0.15396063406711008],
  [2.621734, 0.9997908429919365],
  [5.941746, 1.0],
  [0.003974, 0.004484155204421715],
  [2.947736, 0.9999693696048904],
  [3.297601, 0.9999968914203745],
  [3.418054, 0.9999986608809406],
  [3.61212, 0.9999996749453999],
  [4.72096, 0.9999999999755194],
  [3.510149, 0.9999993097973798],
  [4.398625, 0.9999999995047273],
  [2.845011, 0.9999426490009553],
  [2.603278, 0.9997682170191668],
  [3.591848, 0.9999996218495433],
  [0.224882, 0.24953871010363649],
  [5.692646, 0.9999999999999992],
  [3.31e-6, 3.7349350430725066e-6],
  [1.35e-7, 1.5233118755789328e-7],
  [0.00173, 0.0019520940116009866],
  [0.000841, 0.0009489666557986257],
  [0.000355, 0.0004005745874914361],
  [0.089, 0.10016121733428753],
  [1.49e-8, 1.6812849589723136e-8],
  [3.56e-12, 4.017029834860025e-12],
  [0.000146, 0.00016474335722538837],
  [3.85e-10, 4.344259793317724e-10],
];

const ULP_1 = 2 ** -52;

const erf64 = (xs: readonly number[]): number[] => Array.from(erf(tensor(xs, { dtype: 'float64' })).data());

describe('erf in float64', () => {
  it('is within 1e-15 relative (about 2 ulps) of 50-digit references, at x and -x', () => {
    const xs = REFERENCE.map(([x]) => x);
    const got = erf64(xs);
    const gotNeg = erf64(xs.map((x) => -x));
    let worst = 0;
    REFERENCE.forEach(([x, want], i) => {
      const rel = Math.abs(got[i]! - want) / Math.abs(want);
      worst = Math.max(worst, rel);
      if (rel > 1e-15) throw new Error(`erf(${x}) = ${got[i]}, want ${want} (relative error ${rel})`);
      expect(gotNeg[i]).toBe(-got[i]!);
    });
    // Typical accuracy is better than the bound: at most one ulp of 1 relative on this set.
    expect(worst).toBeLessThanOrEqual(ULP_1);
  });

  it('has the exact limits and special values', () => {
    expect(erf64([0, -0, Infinity, -Infinity, 6, -6, 1e300])).toEqual([0, -0, 1, -1, 1, -1, 1]);
    expect(Number.isNaN(erf64([Number.NaN])[0])).toBe(true);
  });

  it('is odd, bounded by 1 and nondecreasing on random inputs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, d) => {
          const [a, b, na] = erf64([x, x + d, -x]);
          expect(na).toBe(-a!);
          expect(Math.abs(a!)).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a!);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with its own derivative: (erf(x + h) − erf(x − h)) / 2h ≈ (2/√π)e^(−x²)', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), (x) => {
        const h = 1e-5;
        const [p, m] = erf64([x + h, x - h]);
        const want = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
        expect(Math.abs((p! - m!) / (2 * h) - want)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('float32 output is the float64 value rounded once', () => {
    const xs = REFERENCE.map(([x]) => Math.fround(x));
    const got = Array.from(erf(tensor(xs, { dtype: 'float32' })).data());
    const want = erf64(xs).map(Math.fround);
    expect(got).toEqual(want);
  });
});
