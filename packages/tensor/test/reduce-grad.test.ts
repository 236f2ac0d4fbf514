/**
 * Gradients of the reductions: `checkGrads` (central differences in float64, reverse and forward mode) on
 * random inputs, axes and keepDims, away from kinks and ties; order 2 for the smooth ones. Then the
 * documented behaviour at kinks (ties share, zeros in prod, norm at 0, std of a constant, all −∞ rows).
 */
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, expectAllClose, fc } from '../../testing/src/index.js';
import {
  exp,
  grad,
  logSumExp,
  max,
  mean,
  min,
  mul,
  norm,
  prod,
  std,
  sum,
  type Tensor,
  tensor,
  variance,
} from '../src/index.js';

/** A float64 tensor (rank 1–3, sides 1–4) with a random subset of axes (some negative) and keepDims. */
const withAxes = (values: (n: number) => fc.Arbitrary<number[]>, minSide = 1) =>
  arb.shape({ minRank: 1, maxRank: 3, minSide, maxSide: 4 }).chain((shape) => {
    const n = shape.reduce((p, d) => p * d, 1);
    return fc.tuple(
      values(n).map((v) => tensor(v, { dtype: 'float64', shape })),
      fc
        .subarray(shape.map((_, i) => i))
        .chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - shape.length)))),
      fc.boolean(),
    );
  });

const smooth = (n: number) =>
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

/** Distinct values (gaps >= 0.3, far above the difference step), so max/min have no ties. */
const distinct = (n: number) =>
  fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: n, maxLength: n }),
      fc.boolean(),
    )
    .map(([perm, noise, flip]) => perm.map((p, i) => (flip ? -1 : 1) * (p * 0.5 - n / 4 + noise[i]!)));

/** Values with |x| in [0.5, 1.5] and random signs: away from 0 (prod, norms) and with products near 1. */
const awayFromZero = (n: number) =>
  fc.array(
    fc.tuple(fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.boolean()).map(([v, s]) => (s ? v : -v)),
    { minLength: n, maxLength: n },
  );

/** Distinct magnitudes >= 0.2 apart (for the ±∞ norms), random signs. */
const distinctMagnitudes = (n: number) =>
  fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([perm, signs]) => perm.map((p, i) => (signs[i] ? 1 : -1) * (0.5 + 0.3 * p)));

const RUNS = { numRuns: 25 };

describe('gradients of reductions (checkGrads, float64)', () => {
  it('sum and mean, order 2', () => {
    fc.assert(
      fc.property(withAxes(smooth), ([x, axes, keep]) => {
        // Composed with exp so the second derivative is not identically zero.
        checkGrads((t: Tensor) => sum(exp(t), axes, keep), [x], { order: 2 });
        checkGrads((t: Tensor) => mean(mul(t, t), axes, keep), [x], { order: 2 });
      }),
      RUNS,
    );
  });

  it('max and min (no ties)', () => {
    fc.assert(
      fc.property(withAxes(distinct), ([x, axes, keep]) => {
        checkGrads((t: Tensor) => max(t, axes, keep), [x]);
        checkGrads((t: Tensor) => min(exp(t), axes, keep), [x]);
      }),
      RUNS,
    );
  });

  it('prod, order 2 (no zeros)', () => {
    fc.assert(
      fc.property(withAxes(awayFromZero), ([x, axes, keep]) => {
        checkGrads((t: Tensor) => prod(t, axes, keep), [x], { order: 2 });
      }),
      RUNS,
    );
  });

  it('variance and std (ddof 0 and 1), order 2 for variance', () => {
    fc.assert(
      fc.property(withAxes(smooth, 2), fc.constantFrom(0, 1), ([x, axes, keep], ddof0) => {
        const ddof = axes.length === 0 ? 0 : ddof0; // N = 1 with ddof 1 is NaN by definition
        checkGrads((t: Tensor) => variance(t, axes, keep, { ddof }), [x], { order: 2 });
      }),
      RUNS,
    );
    // std has a kink where a slice is constant: keep the values apart.
    fc.assert(
      fc.property(withAxes(distinct, 2), fc.constantFrom(0, 1), ([x, axes, keep], ddof) => {
        if (axes.length > 0) checkGrads((t: Tensor) => std(t, axes, keep, { ddof }), [x], { order: 2 });
      }),
      RUNS,
    );
  });

  it('logSumExp, order 2', () => {
    fc.assert(
      fc.property(withAxes(smooth), ([x, axes, keep]) => {
        checkGrads((t: Tensor) => logSumExp(t, axes, keep), [x], { order: 2 });
      }),
      RUNS,
    );
  });

  it('norm for ord 1, 2, 3, 1.5 (order 2 for 2 and 3) and ±Infinity', () => {
    fc.assert(
      fc.property(withAxes(awayFromZero), fc.constantFrom(1, 2, 3, 1.5), ([x, axes, keep], ord) => {
        checkGrads((t: Tensor) => norm(t, ord, axes, keep), [x], { order: ord === 2 || ord === 3 ? 2 : 1 });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        withAxes(distinctMagnitudes),
        fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        ([x, axes, keep], ord) => {
          checkGrads((t: Tensor) => norm(t, ord, axes, keep), [x]);
        },
      ),
      RUNS,
    );
  });
});

describe('gradients at kinks, as documented', () => {
  const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

  it('max/min share the gradient equally among ties', () => {
    expect(grad((t: Tensor) => max(t))(f64([1, 4, 4, 2])).toArray()).toEqual([0, 0.5, 0.5, 0]);
    expect(grad((t: Tensor) => min(t))(f64([1, 1, 1, 2])).toArray()).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    const rows = tensor(
      [
        [3, 3],
        [1, 2],
      ],
      { dtype: 'float64' },
    );
    expect(grad((t: Tensor) => sum(max(t, 1)))(rows).toArray()).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
    // The ±∞ norms share among tied magnitudes, with the sign of each element.
    expect(grad((t: Tensor) => norm(t, Number.POSITIVE_INFINITY))(f64([-3, 3, 1])).toArray()).toEqual([
      -0.5, 0.5, 0,
    ]);
  });

  it('prod: the product of the others, exact with zeros', () => {
    const g = (v: number[]) => grad((t: Tensor) => prod(t))(f64(v)).toArray();
    expect(g([2, 3, 4])).toEqual([12, 8, 6]);
    expect(g([2, 0, 4])).toEqual([0, 8, 0]);
    expect(g([0, 0, 4])).toEqual([0, 0, 0]);
    // Along an axis, zero and non-zero slices side by side.
    const x = tensor(
      [
        [0, 5],
        [3, 2],
        [0, 0],
      ],
      { dtype: 'float64' },
    );
    expect(grad((t: Tensor) => sum(prod(t, 1)))(x).toArray()).toEqual([
      [5, 0],
      [2, 3],
      [0, 0],
    ]);
    expect(grad((t: Tensor) => sum(prod(t, 0)))(x).toArray()).toEqual([
      [0, 0],
      [0, 0],
      [0, 10],
    ]);
  });

  it('prod: second derivatives are exact with one zero in the slice', () => {
    // ∂²prod/∂x₁∂xⱼ at x = [2, 0, 3]: row 1 of the Hessian is [3, 0, 2].
    const pick = f64([0, 1, 0]);
    const row1 = grad((t: Tensor) => sum(mul(grad((u: Tensor) => prod(u))(t), pick)))(f64([2, 0, 3]));
    expect(row1.toArray()).toEqual([3, 0, 2]);
    // Row 0: ∂²prod/∂x₀∂xⱼ = [0, 3, 0].
    const pick0 = f64([1, 0, 0]);
    const row0 = grad((t: Tensor) => sum(mul(grad((u: Tensor) => prod(u))(t), pick0)))(f64([2, 0, 3]));
    expect(row0.toArray()).toEqual([0, 3, 0]);
  });

  it('norm (ord 2) has gradient 0 at 0; ord 1 gives sign(x)', () => {
    expect(grad((t: Tensor) => norm(t))(f64([0, 0, 0])).toArray()).toEqual([0, 0, 0]);
    expect(grad((t: Tensor) => norm(t, 1))(f64([-2, 0, 3])).toArray()).toEqual([-1, 0, 1]);
    expect(grad((t: Tensor) => norm(t))(f64([3, -4])).toArray()).toEqual([0.6, -0.8]);
  });

  it('std of a constant slice has gradient 0 (not NaN)', () => {
    expect(grad((t: Tensor) => std(t))(f64([2, 2, 2])).toArray()).toEqual([0, 0, 0]);
  });

  it('logSumExp: gradient is softmax, and 0 for an all −∞ slice', () => {
    const x = f64([1, 2, 3]);
    const e = [1, 2, 3].map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    expectAllClose(
      grad((t: Tensor) => logSumExp(t))(x),
      e.map((v) => v / s),
      { rtol: 1e-14 },
    );
    const ninf = Number.NEGATIVE_INFINITY;
    expect(grad((t: Tensor) => logSumExp(t))(f64([ninf, ninf])).toArray()).toEqual([0, 0]);
    expect(grad((t: Tensor) => logSumExp(t))(f64([ninf, 0])).toArray()).toEqual([0, 1]);
    // Stable at large magnitudes.
    expectAllClose(grad((t: Tensor) => logSumExp(t))(f64([1e4, 1e4])), [0.5, 0.5]);
  });
});
