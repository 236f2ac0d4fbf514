/**
 * The standard normal CDF Φ and its inverse Φ⁻¹, in float64. The samplers use them; `@stepwise/nn`
 * initializers rely on them through {@link truncatedNormal}.
 * @internal
 * @module
 */

/**
 * Φ⁻¹(p), the standard normal quantile, by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3),
 * 477–484, 1988): three rational approximations of degree 7, relative accuracy about 1e-16 over (0, 1).
 * Returns −∞ at 0, +∞ at 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * φ(x)·√(2π) = e^{−x²/2} without the error of rounding x² (Cody's splitting: x = h + (x − h) with h a
 * multiple of 1/16, so h² is exact).
 */
function gaussExp(x: number): number {
  const h = Math.trunc(x * 16) / 16;
  const del = (x - h) * (x + h);
  return Math.exp((-h * h) / 2) * Math.exp(-del / 2);
}

/**
 * The upper tail Q(x) = 1 − Φ(x) for x ≥ 0, relative error below ~5e-15 (checked against mpmath): for x < 1 a positive series,
 * Φ(x) − ½ = φ(x)·Σ x^{2n+1}/(1·3·…·(2n+1)); beyond, Laplace's continued fraction for the Mills ratio,
 * Q(x) = φ(x)/(x + 1/(x + 2/(x + 3/(x + …)))), evaluated by the modified Lentz method.
 */
function upperTail(x: number): number {
  if (x < 1) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 500 && term > 1e-17 * sum; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
    }
    return 0.5 - INV_SQRT_2PI * gaussExp(x) * sum;
  }
  if (x > 40) return 0; // Q(40) ≈ 3.7e-350 underflows.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 2000; k++) {
    d = x + k * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + k / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_2PI * gaussExp(x)) / f;
}

/**
 * Φ(x), the standard normal CDF, accurate in relative terms in the lower tail (Φ(−37) ≈ 5.7e-300 keeps all its
 * digits); {@link normalSf} gives the upper tail with the same accuracy.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? upperTail(-x) : 1 - upperTail(x);
}

/** 1 − Φ(x), the standard normal survival function, without cancellation for large x. */
export const normalSf = (x: number): number => normalCdf(-x);
