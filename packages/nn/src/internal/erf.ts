/**
 * Scalar error functions in double precision, for the fused GELU kernels (JavaScript has no `Math.erf`).
 *
 * - `|x| < 2.5`: the everywhere-convergent series with positive terms
 *   `erf(x) = 2/√π · e^{−x²} · Σₙ (2x²)ⁿ x / (1·3·…·(2n+1))` (no cancellation; relative error ~1e-16).
 * - `|x| ≥ 2.5`: the Laplace continued fraction
 *   `erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))`, 50 levels (relative error ~1e-16).
 * @internal
 * @module
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;
const SWITCH = 2.5;

/** `1/(2n + 1)`, so the series multiplies instead of dividing. */
const INV_ODD = Float64Array.from({ length: 128 }, (_, n) => 1 / (2 * n + 1));

/** The series part of `erf` for `0 ≤ x < 2.5` (at most ~60 terms there). */
function erfSeries(x: number): number {
  const x2 = x * x;
  const twoX2 = 2 * x2;
  let term = x;
  let sum = x;
  for (let n = 1; n < 128; n++) {
    term *= twoX2 * INV_ODD[n]!;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** The continued-fraction `erfc` for `x ≥ 2.5` (50 levels; 20 suffice from 4 on). */
function erfcFraction(x: number): number {
  if (x > 27.3) return 0; // e^{−x²} underflows
  let f = x;
  for (let k = x < 4 ? 50 : 20; k >= 1; k--) f = x + (0.5 * k) / f;
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** `erf(x)`, odd, in (−1, 1). */
export function erf(x: number): number {
  const a = Math.abs(x);
  const r = a < SWITCH ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -r : r;
}

/** `erfc(x) = 1 − erf(x)`, accurate in relative terms for large positive `x` (no cancellation). */
export function erfc(x: number): number {
  if (x >= SWITCH) return erfcFraction(x);
  if (x > -SWITCH) return 1 - (x < 0 ? -erfSeries(-x) : erfSeries(x));
  return 2 - erfcFraction(-x);
}

/** Standard normal CDF `Φ(x) = ½·erfc(−x/√2)` (relative accuracy kept in the lower tail). */
export const normalCdf = (x: number): number => 0.5 * erfc(-x * Math.SQRT1_2);

/** Standard normal density `φ(x) = e^{−x²/2}/√(2π)`. */
export const normalPdf = (x: number): number => 0.3989422804014327 * Math.exp(-0.5 * x * x);
