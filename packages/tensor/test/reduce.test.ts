/**
 * Reductions: values against a float64 reference that groups elements by output position (a different
 * algorithm from the kernels), algebraic laws, shapes, dtypes, edge cases, errors and immutability.
 */
import { describe, expect, it } from 'vitest';
import { arb, expectAllClose, fc } from '../../testing/src/index.js';
import {
  argmax,
  argmin,
  logSumExp,
  max,
  mean,
  min,
  norm,
  prod,
  std,
  sum,
  type Tensor,
  TensorError,
  tensor,
  variance,
  zeros,
} from '../src/index.js';

// ---- reference --------------------------------------------------------------------------------------

/** Groups the elements of `x` by output position of a reduction over `axes` (row-major in both). */
function groups(x: Tensor, axes: readonly number[]): { shape: number[]; lists: number[][] } {
  const shape = x.shape;
  const ax = axes.map((a) => (a < 0 ? a + shape.length : a));
  const kept = shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const outShape = kept.map((i) => shape[i]!);
  const outSize = outShape.reduce((p, d) => p * d, 1);
  const lists: number[][] = Array.from({ length: outSize }, () => []);
  const data = x.data();
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < x.size; flat++) {
    let o = 0;
    for (const k of kept) o = o * shape[k]! + idx[k]!;
    lists[o]!.push(data[flat]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape: outShape, lists };
}

const refSum = (v: number[]): number => v.reduce((s, a) => s + a, 0);
const refMean = (v: number[]): number => refSum(v) / v.length;
const refVar =
  (ddof: number) =>
  (v: number[]): number => {
    const m = refMean(v);
    return v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - ddof);
  };
const refLse = (v: number[]): number => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, a) => s + Math.exp(a - m), 0));
};
const refNorm =
  (p: number) =>
  (v: number[]): number => {
    const a = v.map(Math.abs);
    if (p === Number.POSITIVE_INFINITY) return Math.max(0, ...a);
    if (p === Number.NEGATIVE_INFINITY) return Math.min(...a);
    return a.reduce((s, x) => s + x ** p, 0) ** (1 / p);
  };

/** Checks `actual` against the reference reduction `fn` of `x` over `axes`. */
function expectReduction(
  actual: Tensor,
  x: Tensor,
  axes: readonly number[] | undefined,
  fn: (v: number[]) => number,
  tol = { rtol: 1e-12, atol: 1e-12 },
): void {
  const { shape, lists } = groups(x, axes ?? x.shape.map((_, i) => i));
  expect(actual.shape).toEqual(shape);
  expectAllClose(Array.from(actual.data()), lists.map(fn), tol);
}

// ---- arbitraries ------------------------------------------------------------------------------------

/** A float64 tensor with a random subset of its axes (some given negative) and a keepDims flag. */
const withAxes = (opts: { min?: number; max?: number; minSide?: number; minRank?: number } = {}) =>
  arb
    .tensor({
      dtype: 'float64',
      shape: arb.shape({ minRank: opts.minRank ?? 1, maxRank: 4, minSide: opts.minSide ?? 1, maxSide: 4 }),
      min: opts.min ?? -5,
      max: opts.max ?? 5,
    })
    .chain((x) =>
      fc.tuple(
        fc.constant(x),
        fc
          .subarray(x.shape.map((_, i) => i))
          .chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - x.rank)))),
        fc.boolean(),
      ),
    );

const RUNS = { numRuns: 60 };

// ---- values -----------------------------------------------------------------------------------------

describe('reductions match a float64 reference', () => {
  it('sum, mean, prod, max, min over random axes', () => {
    fc.assert(
      fc.property(withAxes(), ([x, axes]) => {
        expectReduction(sum(x, axes), x, axes, refSum);
        expectReduction(mean(x, axes), x, axes, refMean);
        expectReduction(prod(x, axes), x, axes, (v) => v.reduce((p, a) => p * a, 1), {
          rtol: 1e-12,
          atol: 0,
        });
        expectReduction(max(x, axes), x, axes, (v) => Math.max(...v));
        expectReduction(min(x, axes), x, axes, (v) => Math.min(...v));
      }),
      RUNS,
    );
  });

  it('variance and std (ddof 0 and 1), logSumExp', () => {
    fc.assert(
      fc.property(withAxes({ minSide: 2 }), fc.constantFrom(0, 1), ([x, axes], ddof) => {
        expectReduction(variance(x, axes, false, { ddof }), x, axes, refVar(ddof), {
          rtol: 1e-10,
          atol: 1e-12,
        });
        expectReduction(std(x, axes, false, { ddof }), x, axes, (v) => Math.sqrt(refVar(ddof)(v)), {
          rtol: 1e-10,
          atol: 1e-12,
        });
        expectReduction(logSumExp(x, axes), x, axes, refLse, { rtol: 1e-12, atol: 1e-12 });
      }),
      RUNS,
    );
  });

  it('norm for ord 1, 2, 3, 1.5, ±Infinity', () => {
    fc.assert(
      fc.property(
        withAxes(),
        fc.constantFrom(1, 2, 3, 1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        ([x, axes], ord) => {
          expectReduction(norm(x, ord, axes), x, axes, refNorm(ord), { rtol: 1e-12, atol: 1e-12 });
        },
      ),
      RUNS,
    );
  });

  it('float32 mean and variance accumulate in float64 (one rounding)', () => {
    fc.assert(
      fc.property(
        arb.tensor({
          dtype: 'float32',
          shape: arb.shape({ minRank: 2, maxRank: 2, minSide: 1, maxSide: 40 }),
        }),
        fc.constantFrom(0, 1),
        (x, axis) => {
          expectReduction(mean(x, axis), x, [axis], refMean, { rtol: 1e-6, atol: 1e-6 });
          expectReduction(variance(x, axis), x, [axis], refVar(0), { rtol: 1e-6, atol: 1e-6 });
        },
      ),
      RUNS,
    );
  });

  it('variance is accurate for a large mean (1e4 + N(0, 1)), unlike E[x²] − E[x]²', () => {
    const n = 4096;
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = 1e4 + Math.sin(i * 12.9898) * 1.7; // deterministic spread
    const x = tensor(v);
    const ref = refVar(0)(Array.from(v));
    expect(Math.abs((variance(x).item() as number) - ref) / ref).toBeLessThan(1e-6);
    // The same along axis 0 of a 2-D array (the batch-norm layout) and along the last axis.
    const x2 = tensor(v, { shape: [256, 16] });
    expectReduction(variance(x2, 0), x2, [0], refVar(0), { rtol: 1e-5, atol: 0 });
    expectReduction(variance(x2, 1), x2, [1], refVar(0), { rtol: 1e-5, atol: 0 });
    // A constant slice has variance exactly 0, never a tiny negative number.
    expect(variance(tensor(new Float32Array(100).fill(1e4 + 0.1))).item()).toBe(0);
  });

  it('non-contiguous axes (the permuting path) agree with the reference', () => {
    const x = tensor(
      Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => Math.cos(i * 0.7) * 3),
      { dtype: 'float64', shape: [2, 3, 4, 5] },
    );
    for (const axes of [
      [0, 2],
      [1, 3],
      [0, 3],
      [0, 1, 3],
    ]) {
      expectReduction(variance(x, axes), x, axes, refVar(0), { rtol: 1e-12, atol: 1e-14 });
      expectReduction(logSumExp(x, axes), x, axes, refLse);
      expectReduction(norm(x, 2, axes), x, axes, refNorm(2));
      expectReduction(max(x, axes), x, axes, (v) => Math.max(...v));
    }
  });
});

// ---- laws and shapes --------------------------------------------------------------------------------

describe('laws and shapes', () => {
  it('sum over all axes equals summing the axes one at a time', () => {
    fc.assert(
      fc.property(withAxes(), ([x, axes]) => {
        const sorted = axes.map((a) => (a < 0 ? a + x.rank : a)).sort((a, b) => b - a);
        let y = x;
        for (const a of sorted) y = sum(y, a);
        expectAllClose(y, sum(x, axes), { rtol: 1e-12, atol: 1e-12 });
        // int32 sums are exact, whatever the order.
        const xi = tensor(
          Array.from(x.data(), (v) => Math.round(v * 10)),
          { dtype: 'int32', shape: x.shape },
        );
        let yi = xi;
        for (const a of sorted) yi = sum(yi, a);
        expect(yi.toArray()).toEqual(sum(xi, axes).toArray());
      }),
      RUNS,
    );
  });

  it('keepDims keeps reduced axes as 1 and holds the same values', () => {
    const ops = [sum, mean, max, min, prod, variance, std, logSumExp] as const;
    fc.assert(
      fc.property(withAxes({ minSide: 1 }), ([x, axes]) => {
        const norm01 = axes.map((a) => (a < 0 ? a + x.rank : a));
        const keepShape = x.shape.map((d, i) => (norm01.includes(i) ? 1 : d));
        for (const op of ops) {
          const k = op(x, axes, true);
          expect(k.shape).toEqual(keepShape);
          expect(Array.from(k.data())).toEqual(Array.from(op(x, axes, false).data()));
        }
        expect(norm(x, 2, axes, true).shape).toEqual(keepShape);
      }),
      RUNS,
    );
  });

  it('argmax/argmin pick an extremum, the first on ties', () => {
    // Small integers make ties frequent.
    const data = arb
      .tensor({ dtype: 'float64', shape: arb.shape({ minRank: 1, maxRank: 3, maxSide: 5 }), min: 0, max: 3 })
      .map((t) => tensor(Array.from(t.data(), Math.round), { dtype: 'float64', shape: t.shape }));
    fc.assert(
      fc.property(
        data.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.rank, max: x.rank - 1 }))),
        ([x, axis]) => {
          const flat = Array.from(x.data());
          const iMax = argmax(x).item() as number;
          const iMin = argmin(x).item() as number;
          expect(flat[iMax]).toBe(Math.max(...flat));
          expect(iMax).toBe(flat.indexOf(Math.max(...flat)));
          expect(iMin).toBe(flat.indexOf(Math.min(...flat)));
          const a = argmax(x, axis);
          expect(a.dtype).toBe('int32');
          const { shape, lists } = groups(x, [axis]);
          expect(a.shape).toEqual(shape);
          expect(Array.from(a.data())).toEqual(lists.map((v) => v.indexOf(Math.max(...v))));
          expect(Array.from(argmin(x, axis).data())).toEqual(lists.map((v) => v.indexOf(Math.min(...v))));
          expect(argmax(x, axis, true).shape).toEqual(
            x.shape.map((d, i) => (i === (axis + x.rank) % x.rank ? 1 : d)),
          );
          expect(argmax(x, undefined, true).shape).toEqual(x.shape.map(() => 1));
        },
      ),
      RUNS,
    );
  });

  it('argmax treats NaN as the extremum (first NaN), max propagates NaN', () => {
    const x = tensor([1, Number.NaN, 5, Number.NaN], { dtype: 'float64' });
    expect(argmax(x).item()).toBe(1);
    expect(argmin(x).item()).toBe(1);
    expect(max(x).item()).toBeNaN();
    expect(min(x).item()).toBeNaN();
    const x2 = tensor(
      [
        [1, 2],
        [Number.NaN, 0],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    expect(argmax(x2, 0).toArray()).toEqual([1, 2]);
    expect(max(x2, 0).toArray()).toEqual([Number.NaN, 4]);
  });

  it('logSumExp is stable at ±1e4 and gives −∞ for an all −∞ slice', () => {
    fc.assert(
      fc.property(
        arb.tensor({
          dtype: 'float64',
          shape: arb.shape({ minRank: 1, maxRank: 2, maxSide: 6 }),
          min: -3,
          max: 3,
        }),
        fc.constantFrom(1e4, -1e4, 700, -745),
        (x, c) => {
          const shifted = tensor(
            Array.from(x.data(), (v) => v + c),
            { dtype: 'float64', shape: x.shape },
          );
          const y = logSumExp(shifted, -1).data();
          const ref = logSumExp(x, -1).data();
          for (let i = 0; i < y.length; i++) {
            expect(Number.isFinite(y[i]!)).toBe(true);
            expect(y[i]!).toBeCloseTo(ref[i]! + c, 8);
          }
        },
      ),
      RUNS,
    );
    const ninf = Number.NEGATIVE_INFINITY;
    expect(
      logSumExp(
        tensor([
          [ninf, ninf],
          [ninf, 0],
        ]),
        1,
      ).toArray(),
    ).toEqual([ninf, 0]);
    expect(logSumExp(tensor([1, Number.POSITIVE_INFINITY])).item()).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp(tensor([1e4, 1e4])).item()).toBeCloseTo(1e4 + Math.LN2, 2);
    expect(logSumExp(tensor([-1e4, -1e4], { dtype: 'float64' })).item()).toBeCloseTo(-1e4 + Math.LN2, 10);
    // Axis 0 of a 2-D array (the row-accumulating path) handles −∞ columns the same way.
    expect(
      logSumExp(
        tensor([
          [ninf, 1e4],
          [ninf, 1e4],
        ]),
        0,
      ).toArray(),
    ).toEqual([ninf, Math.fround(1e4 + Math.LN2)]);
  });

  it('norm rescales instead of overflowing or underflowing', () => {
    const big = tensor([3e200, 4e200], { dtype: 'float64' });
    expect(norm(big).item()).toBeCloseTo(5e200, -190);
    expect(norm(big, 3).item() as number).toBeCloseTo((27 + 64) ** (1 / 3) * 1e200, -190);
    const small = tensor([3e-200, 4e-200], { dtype: 'float64' });
    expect((norm(small).item() as number) / 5e-200).toBeCloseTo(1, 12);
  });
});

// ---- dtypes, empty axes, errors, immutability ------------------------------------------------------

describe('dtypes and edge cases', () => {
  it('result dtypes', () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    const b = tensor([true, false, true], { dtype: 'bool' });
    expect(sum(i).dtype).toBe('int32');
    expect(sum(b).dtype).toBe('int32');
    expect(sum(b).item()).toBe(2);
    expect(prod(b).dtype).toBe('int32');
    expect(mean(i).dtype).toBe('float32');
    expect(mean(i).item()).toBe(2);
    expect(variance(i).dtype).toBe('float32');
    expect(max(i).dtype).toBe('int32');
    expect(argmax(i).dtype).toBe('int32');
    expect(norm(i).dtype).toBe('float32');
    expect(logSumExp(i).dtype).toBe('float32');
    expect(sum(tensor([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(prod(tensor([65536, 65536], { dtype: 'int32' })).item()).toBe(0); // wraps modulo 2³²
  });

  it('empty reductions: sum 0, prod 1, mean NaN, max/min/argmax throw', () => {
    const e = zeros([0, 3]);
    expect(sum(e, 0).toArray()).toEqual([0, 0, 0]);
    expect(prod(e, 0).toArray()).toEqual([1, 1, 1]);
    expect(mean(e, 0).toArray()).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(sum(e).item()).toBe(0);
    expect(Number.isNaN(mean(e).item())).toBe(true);
    expect(norm(e).item()).toBe(0);
    expect(() => max(e, 0)).toThrow(TensorError);
    expect(() => min(e)).toThrow(/min: cannot reduce an empty axis/);
    expect(() => argmax(e)).toThrow(/argmax: cannot take the argmax of an empty tensor/);
    try {
      max(e, 0);
    } catch (err) {
      expect((err as TensorError).code).toBe('INVALID_ARGUMENT');
    }
    // Reducing a non-empty axis of an empty tensor is fine (nothing is reduced over nothing).
    expect(max(e, 1).shape).toEqual([0]);
    expect(argmax(e, 1).shape).toEqual([0]);
  });

  it('bad axes and options give typed errors naming the op', () => {
    const x = zeros([2, 3]);
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => sum(x, 2), 'INVALID_AXIS', /^sum: axis 2 is out of range for rank 2$/],
      [() => mean(x, -3), 'INVALID_AXIS', /^mean: axis -3 is out of range/],
      [() => max(x, [0, -2]), 'INVALID_AXIS', /^max: axis 0 is repeated in \[0,-2\]$/],
      [() => variance(x, 0.5), 'INVALID_AXIS', /^variance: axis 0.5/],
      [() => logSumExp(x, [1, 1]), 'INVALID_AXIS', /^logSumExp: axis 1 is repeated/],
      [() => argmax(x, [0] as unknown as number), 'INVALID_AXIS', /^argmax: takes one axis/],
      [() => argmin(x, 5), 'INVALID_AXIS', /^argmin: axis 5 is out of range/],
      [() => norm(x, 0.5), 'INVALID_ARGUMENT', /^norm: ord must be/],
      [() => norm(x, Number.NaN), 'INVALID_ARGUMENT', /^norm: ord must be/],
      [() => variance(x, 0, false, { ddof: -1 }), 'INVALID_ARGUMENT', /^variance: ddof must be/],
      [() => std(x, 0, false, { ddof: Number.NaN }), 'INVALID_ARGUMENT', /^std: ddof must be/],
      [() => prod([1, 2] as unknown as Tensor), 'INVALID_ARGUMENT', /^prod: x must be a Tensor/],
    ];
    for (const [f, code, msg] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TensorError);
      expect((err as TensorError).code).toBe(code);
      expect((err as TensorError).message).toMatch(msg);
    }
  });

  it('ddof >= N gives NaN; variance of a single element is 0', () => {
    expect(variance(tensor([3]), 0, false, { ddof: 1 }).item()).toBeNaN();
    expect(variance(tensor([3])).item()).toBe(0);
  });
});

describe('purity', () => {
  it('inputs are bit-identical after every reduction; results are deterministic', () => {
    const ops: Array<(x: Tensor, axes: number[]) => Tensor> = [
      (x, a) => sum(x, a),
      (x, a) => mean(x, a),
      (x, a) => max(x, a),
      (x, a) => min(x, a),
      (x, a) => prod(x, a),
      (x, a) => variance(x, a),
      (x, a) => std(x, a, true, { ddof: 1 }),
      (x, a) => logSumExp(x, a),
      (x, a) => norm(x, 3, a),
      (x, a) => argmax(x, a[0]),
      (x, a) => argmin(x, a[0]),
    ];
    fc.assert(
      fc.property(
        withAxes({ minSide: 2 }).filter(([, axes]) => axes.length > 0),
        fc.constantFrom('float32', 'float64', 'int32') as fc.Arbitrary<'float32' | 'float64' | 'int32'>,
        ([x64, axes], dtype) => {
          const x = tensor(
            Array.from(x64.data(), (v) => (dtype === 'int32' ? Math.round(v) : v)),
            { dtype, shape: x64.shape },
          );
          const before = new Uint8Array(x.data().buffer.slice(0));
          for (const op of ops) {
            const y1 = op(x, axes);
            const y2 = op(x, axes);
            expect(new Uint8Array(y1.data().buffer)).toEqual(new Uint8Array(y2.data().buffer));
          }
          expect(new Uint8Array(x.data().buffer)).toEqual(before);
        },
      ),
      { numRuns: 30 },
    );
  });
});
