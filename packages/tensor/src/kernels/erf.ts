/**
 * The error function in float64, accurate to about one ulp (the test suite checks it against 50-digit
 * mpmath values on random points of the whole line).
 *
 * Method: a Taylor expansion around the nearest anchor `x₀ = k/8` (0 ≤ k ≤ 48, so |h| = |x − x₀| ≤ 1/16):
 *
 *   erf(x₀ + h) = erf(x₀) + (2/√π)·e^(−x₀²) · Σₙ (−1)ⁿ·Hₙ(x₀)·h^(n+1)/(n+1)!
 *
 * because the n-th derivative of e^(−x²) is (−1)ⁿ·Hₙ(x)·e^(−x²) (Hₙ the physicists' Hermite polynomials,
 * H₀ = 1, H₁ = 2x, Hₙ₊₁ = 2x·Hₙ − 2n·Hₙ₋₁). Thirteen terms (n < 13) bring the relative truncation error
 * below 1e−19 for every anchor.
 * The anchor values erf(x₀) and (2/√π)·e^(−x₀²) are correctly rounded doubles computed once with mpmath at 50
 * digits (`mpmath.erf(mpf(k)/8)`, `2/sqrt(pi)*exp(-(mpf(k)/8)**2)`), so the only rounding errors are those of
 * the small correction term. For |x| ≥ 6, erf(x) = ±1 exactly (erfc(6) ≈ 2.2e−17 is below half an ulp of 1).
 * @internal
 * @module
 */
import type { UnaryLoop } from './elementwise.js';

/** erf(k/8), k = 0…48. */
const ERF_AT = new Float64Array([
  0.0, 0.1403162048013338, 0.27632639016823696, 0.4041169094348223, 0.5204998778130465, 0.623240882188418,
  0.7111556336535151, 0.7840750610598597, 0.8427007929497149, 0.8883882317017078, 0.9229001282564583,
  0.9481700727820903, 0.9661051464753108, 0.9784437332399837, 0.9866716712191824, 0.9919900576701199,
  0.9953222650189527, 0.9973459706405177, 0.9985372834133188, 0.9992170617821089, 0.999593047982555,
  0.9997946242638588, 0.9998993780778803, 0.9999521451602562, 0.9999779095030014, 0.9999901032653747,
  0.9999956972205363, 0.9999981847185726, 0.9999992569016276, 0.9999997048598075, 0.9999998862727434,
  0.999999957486056, 0.9999999845827421, 0.9999999945765992, 0.9999999981494259, 0.9999999993875167,
  0.9999999998033839, 0.9999999999387839, 0.9999999999815149, 0.9999999999945866, 0.9999999999984626,
  0.9999999999995766, 0.9999999999998869, 0.9999999999999707, 0.9999999999999927, 0.9999999999999982,
  0.9999999999999996, 0.9999999999999999, 1.0,
]);

/** (2/√π)·e^(−(k/8)²), k = 0…48: the derivative of erf at the anchors. */
const SLOPE_AT = new Float64Array([
  1.1283791670955126, 1.1108852695966625, 1.0600141293761143, 0.9803528095459079, 0.8787825789354448,
  0.7634995357606049, 0.6429310691952074, 0.5247450452901482, 0.4151074974205947, 0.3182739585007693,
  0.2365211224472908, 0.1703597736875156, 0.11893028922362937, 0.08047225902251116, 0.05277499593015037,
  0.03354582842421607, 0.020666985354092053, 0.012340820614333696, 0.007142319022017983, 0.004006477861670219,
  0.0021782842303527095, 0.001147875125882675, 0.0005862772470937923, 0.00029022828286249803,
  0.00013925305194674786, 6.475868323471298e-5, 2.9189025383581702e-5, 1.2751740799765088e-5,
  5.399426777384783e-6, 2.2159202846331124e-6, 8.814321912318039e-7, 3.398223817809154e-7,
  1.2698234671866558e-7, 4.598995828846052e-8, 1.6143993719507412e-8, 5.492717228853464e-9,
  1.81130589590869e-9, 5.789281366587474e-10, 1.7934357034341337e-10, 5.384870492099458e-11,
  1.5670866531017336e-11, 4.4201708693385726e-12, 1.2084074716006755e-12, 3.2019610382476225e-13,
  8.223316045262922e-14, 2.046945208423793e-14, 4.938485140964219e-15, 1.154807464350253e-15,
  2.617301239249265e-16,
]);

const TERMS = 13;

/** 2/√π − 1: near 0, `s + EFX·s` rounds better than `(2/√π)·s` (the leading `s` is exact). */
const EFX = 0.1283791670955126;

/**
 * The error function `erf(x) = (2/√π)∫₀ˣ e^(−t²) dt` in float64 (odd, ±1 at ±∞, NaN stays NaN).
 * @internal
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 6)) return ax >= 6 ? (x < 0 ? -1 : 1) : Number.NaN;
  const k = Math.round(ax * 8);
  const x0 = k / 8;
  const h = ax - x0;
  // Σ (−1)ⁿ·Hₙ(x₀)·h^(n+1)/(n+1)! = h + t, with p carrying (−1)ⁿ·h^(n+1)/(n+1)!. The tail t (n ≥ 1) is
  // summed apart and added to h last, so the sum is rounded once at the scale of the result.
  const twoX0 = 2 * x0;
  let hPrev = 0;
  let hCur = 1;
  let p = h;
  let t = 0;
  for (let n = 1; n < TERMS; n++) {
    const hNext = twoX0 * hCur - 2 * (n - 1) * hPrev;
    hPrev = hCur;
    hCur = hNext;
    p *= -h / (n + 1);
    t += hCur * p;
  }
  const r = k === 0 ? h + (t + EFX * (h + t)) : ERF_AT[k]! + SLOPE_AT[k]! * (h + t);
  // erf is odd; at ±0 it returns x itself, keeping the sign of zero.
  return x < 0 ? -r : x > 0 ? r : x;
}

export const erfLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = erf(x[i]!);
};
