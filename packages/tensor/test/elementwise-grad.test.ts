/**
 * Gradients of the elementwise ops: `checkGrads` (central differences in float64, reverse and forward
 * mode) on random inputs of random broadcastable shapes away from kinks and poles, second order for the
 * smooth ops, and the documented behaviour at kinks (abs'(0) = 0, ties of maximum/minimum go to the first
 * operand, pow's exponent gradient at a zero base, sqrt'(0) = ∞, clip's closed interval, step functions).
 */
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, fc } from '../../testing/src/index.js';
import {
  abs,
  add,
  ceil,
  clip,
  cos,
  div,
  equal,
  erf,
  exp,
  expm1,
  floor,
  grad,
  greater,
  jvp,
  less,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  valueAndGrad,
  where,
} from '../src/index.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });
const values = (t: Tensor): number[] => Array.from(t.data());
const SHAPES = { maxSide: 3 } as const;

// ---- unary ops -------------------------------------------------------------------------------------------

interface UnaryGrad {
  readonly name: string;
  readonly op: (x: Tensor) => Tensor;
  readonly min: number;
  readonly max: number;
  /** Keeps inputs at least this far from 0 (a kink or a pole there). */
  readonly minMagnitude?: number;
  /** Highest order checked. */
  readonly order: 1 | 2;
}

const UNARY: readonly UnaryGrad[] = [
  { name: 'neg', op: neg, min: -5, max: 5, order: 2 },
  { name: 'abs', op: abs, min: -5, max: 5, minMagnitude: 0.01, order: 2 },
  { name: 'exp', op: exp, min: -3, max: 3, order: 2 },
  { name: 'expm1', op: expm1, min: -3, max: 3, order: 2 },
  { name: 'log', op: log, min: 0.2, max: 5, order: 2 },
  { name: 'log1p', op: log1p, min: -0.8, max: 5, order: 2 },
  { name: 'sqrt', op: sqrt, min: 0.2, max: 5, order: 2 },
  { name: 'rsqrt', op: rsqrt, min: 0.2, max: 5, order: 2 },
  { name: 'square', op: square, min: -5, max: 5, order: 2 },
  { name: 'reciprocal', op: reciprocal, min: -5, max: 5, minMagnitude: 0.3, order: 2 },
  { name: 'sin', op: sin, min: -5, max: 5, order: 2 },
  { name: 'cos', op: cos, min: -5, max: 5, order: 2 },
  { name: 'tanh', op: tanh, min: -4, max: 4, order: 2 },
  { name: 'sigmoid', op: sigmoid, min: -6, max: 6, order: 2 },
  { name: 'erf', op: erf, min: -3, max: 3, order: 2 },
];

describe('unary gradients pass checkGrads (float64, random shapes, orders 1 and 2)', () => {
  for (const c of UNARY) {
    it(c.name, () => {
      fc.assert(
        fc.property(
          arb.tensor({
            dtype: 'float64',
            shape: arb.shape(SHAPES),
            min: c.min,
            max: c.max,
            minMagnitude: c.minMagnitude ?? 0,
          }),
          (x) => {
            checkGrads(c.op, [x], { order: c.order });
          },
        ),
        { numRuns: 15 },
      );
    });
  }
  it('a composite: sum(x·sigmoid(x) + erf(x)·tanh(x)), order 2', () => {
    const f = (x: Tensor) => sum(add(mul(x, sigmoid(x)), mul(erf(x), tanh(x))));
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', shape: arb.shape(SHAPES), min: -3, max: 3 }), (x) => {
        checkGrads(f, [x], { order: 2 });
      }),
      { numRuns: 10 },
    );
  });
});

// ---- binary ops ------------------------------------------------------------------------------------------

interface BinaryGrad {
  readonly name: string;
  readonly op: (a: Tensor, b: Tensor) => Tensor;
  readonly a: { readonly min: number; readonly max: number; readonly minMagnitude?: number };
  readonly b: { readonly min: number; readonly max: number; readonly minMagnitude?: number };
  readonly order: 1 | 2;
  /** Rejects draws too near a kink (e.g. a tie). */
  readonly valid?: (a: Tensor, b: Tensor) => boolean;
}

/** The smallest |a − b| over the broadcast. */
const minGap = (a: Tensor, b: Tensor): number => Math.min(...values(abs(sub(a, b))));

const BINARY: readonly BinaryGrad[] = [
  { name: 'add', op: add, a: { min: -5, max: 5 }, b: { min: -5, max: 5 }, order: 2 },
  { name: 'sub', op: sub, a: { min: -5, max: 5 }, b: { min: -5, max: 5 }, order: 2 },
  { name: 'mul', op: mul, a: { min: -5, max: 5 }, b: { min: -5, max: 5 }, order: 2 },
  { name: 'div', op: div, a: { min: -5, max: 5 }, b: { min: -5, max: 5, minMagnitude: 0.5 }, order: 2 },
  { name: 'pow', op: pow, a: { min: 0.5, max: 3 }, b: { min: -2, max: 2 }, order: 2 },
  {
    name: 'maximum',
    op: maximum,
    a: { min: -5, max: 5 },
    b: { min: -5, max: 5 },
    order: 2,
    valid: (a, b) => minGap(a, b) > 1e-3,
  },
  {
    name: 'minimum',
    op: minimum,
    a: { min: -5, max: 5 },
    b: { min: -5, max: 5 },
    order: 2,
    valid: (a, b) => minGap(a, b) > 1e-3,
  },
];

describe('binary gradients pass checkGrads over random broadcastable shapes (unbroadcasting included)', () => {
  for (const c of BINARY) {
    it(c.name, () => {
      fc.assert(
        fc.property(
          arb
            .broadcastableShapes(2, SHAPES)
            .chain(({ shapes }) =>
              fc.tuple(
                arb.tensor({ dtype: 'float64', shape: shapes[0]!, ...c.a }),
                arb.tensor({ dtype: 'float64', shape: shapes[1]!, ...c.b }),
              ),
            ),
          ([a, b]) => {
            fc.pre(c.valid === undefined || c.valid(a, b));
            checkGrads(c.op, [a, b], { order: c.order });
          },
        ),
        { numRuns: 20 },
      );
    });
  }
  it('a number operand is a constant: gradients flow to the tensor only', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', shape: arb.shape(SHAPES), min: 0.5, max: 3 }), (x) => {
        checkGrads((t: Tensor) => add(mul(pow(t, 3), 2), div(1, t)), [x], { order: 2 });
        checkGrads((t: Tensor) => pow(2, t), [x], { order: 2 });
      }),
      { numRuns: 10 },
    );
  });
});

describe('where and clip gradients', () => {
  it('where: checkGrads over a three-way broadcast (cond is not differentiated), order 2', () => {
    fc.assert(
      fc.property(
        arb
          .broadcastableShapes(3, SHAPES)
          .chain(({ shapes }) =>
            fc.tuple(
              arb.tensor({ dtype: 'bool', shape: shapes[0]! }),
              arb.tensor({ dtype: 'float64', shape: shapes[1]!, min: -3, max: 3 }),
              arb.tensor({ dtype: 'float64', shape: shapes[2]!, min: -3, max: 3 }),
            ),
          ),
        ([c, a, b]) => {
          checkGrads((cc: Tensor, x: Tensor, y: Tensor) => where(cc, square(x), mul(y, exp(y))), [c, a, b], {
            order: 2,
          });
        },
      ),
      { numRuns: 20 },
    );
  });
  it('clip: checkGrads away from the bounds, order 2', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: arb.shape(SHAPES), min: -3, max: 3 }),
        fc.double({ min: -2, max: 0, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (x, lo, w) => {
          const hi = lo + w;
          fc.pre(values(x).every((v) => Math.abs(v - lo) > 1e-3 && Math.abs(v - hi) > 1e-3));
          checkGrads((t: Tensor) => mul(clip(t, lo, hi), t), [x], { order: 2 });
        },
      ),
      { numRuns: 20 },
    );
  });
});

// ---- kinks and non-differentiable ops ----------------------------------------------------------------------

describe('documented behaviour at kinks', () => {
  const gradOf = (f: (x: Tensor) => Tensor) => grad((x: Tensor) => sum(f(x)));

  it("abs'(0) = 0 (and ±1 elsewhere)", () => {
    expect(values(gradOf(abs)(f64([0, -0, 2, -3]))).map((v) => v + 0)).toEqual([0, 0, 1, -1]);
  });

  it('sign, floor, ceil and round have zero gradient, and stop it from flowing', () => {
    for (const f of [sign, floor, ceil, round]) {
      expect(values(gradOf(f)(f64([-1.5, 0, 0.3, 2.5])))).toEqual([0, 0, 0, 0]);
      // d/dx [f(x)·x] = f(x): the step function is treated as a constant.
      const x = f64([-1.5, 0.3, 2.7]);
      expect(values(gradOf((t) => mul(f(t), t))(x))).toEqual(values(f(x)));
    }
  });

  it('maximum and minimum send a tie to the first operand', () => {
    const a = f64([1, 2, 3]);
    const b = f64([1, 5, 0]);
    const ga = grad((x: Tensor) => sum(maximum(x, b)))(a);
    const gb = grad((y: Tensor) => sum(maximum(a, y)))(b);
    expect(values(ga)).toEqual([1, 0, 1]);
    expect(values(gb)).toEqual([0, 1, 0]);
    const ma = grad((x: Tensor) => sum(minimum(x, b)))(a);
    const mb = grad((y: Tensor) => sum(minimum(a, y)))(b);
    expect(values(ma)).toEqual([1, 1, 0]);
    expect(values(mb)).toEqual([0, 0, 1]);
    // maximum(x, x) is x: the whole gradient, once.
    expect(values(gradOf((x) => maximum(x, x))(a))).toEqual([1, 1, 1]);
    // Ties with a broadcast scalar: relu'(0) = 0 written as maximum(x, 0) would be 1 (first operand);
    // written as maximum(0, x) it is 0.
    expect(values(gradOf((x) => maximum(x, 0))(f64([0])))).toEqual([1]);
    expect(values(gradOf((x) => maximum(0, x))(f64([0])))).toEqual([0]);
  });

  it('pow: d/db is 0 where a = 0 (not NaN), to second order; d/da at 0 follows b·0^(b−1)', () => {
    const a = f64([0, 0, 2]);
    const b = f64([2, 0.5, 3]);
    const gb = grad((y: Tensor) => sum(pow(a, y)))(b);
    expect(values(gb)).toEqual([0, 0, 8 * Math.log(2)]);
    const gbb = grad((y: Tensor) => sum(grad((z: Tensor) => sum(pow(a, z)))(y)))(b);
    expect(values(gbb)[0]).toBe(0);
    expect(values(gbb)[2]).toBeCloseTo(8 * Math.log(2) ** 2, 12);
    const ga = grad((x: Tensor) => sum(pow(x, b)))(a);
    expect(values(ga)).toEqual([0, Infinity, 12]);
  });

  it("sqrt'(0) = Infinity", () => {
    expect(values(gradOf(sqrt)(f64([0, 4])))).toEqual([Infinity, 0.25]);
  });

  it('clip passes the gradient on the closed interval [min, max] and blocks it outside', () => {
    expect(values(gradOf((x) => clip(x, -1, 1))(f64([-2, -1, 0, 1, 2])))).toEqual([0, 1, 1, 1, 0]);
    // float32 bounds are rounded like the input, so the boundary test is consistent.
    expect(values(gradOf((x) => clip(x, 0.1, 0.2))(tensor([0.1, 0.2, 0.3])))).toEqual([1, 1, 0]);
  });

  it('where: the gradient goes to a where cond holds, to b elsewhere, summed over broadcasting', () => {
    const c = tensor([true, false, true]);
    const [ga, gb] = grad(([x, y]: [Tensor, Tensor]) => sum(where(c, x, y)))([f64([1, 2, 3]), f64([7])]);
    expect(values(ga)).toEqual([1, 0, 1]);
    expect(values(gb)).toEqual([1]);
    // The "double where" trick keeps a NaN of the unselected branch out of the gradient.
    const x = f64([-1, 4]);
    const safe = (t: Tensor) => {
      const pos = greater(t, 0);
      return where(pos, sqrt(where(pos, t, 1)), 0);
    };
    expect(values(gradOf(safe)(x))).toEqual([0, 0.25]);
  });

  it('comparisons and isFinite-style masks carry no gradient; integer inputs get none', () => {
    const f = (x: Tensor) => sum(mul(where(less(x, 0), 1, 0), x));
    expect(values(grad(f)(f64([-2, 3])))).toEqual([1, 0]);
    const gi = grad((x: Tensor) => sum(exp(x)))(tensor([1, 2], { dtype: 'int32' }));
    expect(gi.dtype).toBe('int32');
    expect(values(gi)).toEqual([0, 0]);
    const [v] = valueAndGrad((x: Tensor) => sum(mul(x, equal(x, 1))))(f64([1, 2]));
    expect(v.item()).toBe(1);
  });

  it('float32 gradients stay float32 and match float64 within float32 precision', () => {
    const f = (x: Tensor) => sum(mul(sigmoid(x), erf(x)));
    const g32 = grad(f)(tensor([-1, 0.5, 2]));
    const g64 = grad(f)(f64([-1, 0.5, 2]));
    expect(g32.dtype).toBe('float32');
    values(g32).forEach((v, i) => expect(Math.abs(v - values(g64)[i]!)).toBeLessThan(1e-6));
  });

  it('forward mode (jvp) of the unary ops equals f′(x)·v', () => {
    const x = f64([0.3, 1.2]);
    const v = f64([1, -2]);
    const [, t] = jvp((u: Tensor) => tanh(u), x, v);
    const want = values(x).map((xi, i) => (1 - Math.tanh(xi) ** 2) * values(v)[i]!);
    values(t).forEach((ti, i) => expect(ti).toBeCloseTo(want[i]!, 14));
  });
});
