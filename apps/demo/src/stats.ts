/** Summary statistics of a few numbers (seed spreads), in float64. */

/** Arithmetic mean (NaN for no values). */
export const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample standard deviation (n − 1 in the denominator; 0 for one value, NaN for none). */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  if (xs.length === 1) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Mean and sample standard deviation. */
export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

/** {@link mean} and {@link sampleStd} of `xs`. */
export const spread = (xs: readonly number[]): Spread => ({
  mean: mean(xs),
  std: sampleStd(xs),
  n: xs.length,
});
