/**
 * The gradient registry: every function the package exports is classified, and every differentiable op has
 * a `checkGrads` case here (float64, broadcasting where the op broadcasts, second order where the op is
 * smooth). A new export fails the completeness test until it is added to one of the lists, so no op can ship
 * without a verified gradient rule. The per-group files (`elementwise-grad`, `reduce-grad`, `shape-grad`,
 * `linalg`) hold the random-shape properties and the behaviour at kinks.
 */
import { describe, expect, it } from 'vitest';
import { checkGrads } from '../../testing/src/index.js';
import * as api from '../src/index.js';
import {
  abs,
  add,
  broadcastTo,
  cast,
  ceil,
  clip,
  concat,
  cos,
  div,
  dot,
  erf,
  exp,
  expandDims,
  expm1,
  flatten,
  floor,
  grad,
  log,
  log1p,
  logSumExp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  norm,
  outer,
  pad,
  pow,
  prod,
  reciprocal,
  reshape,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  slice,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  type Tensor,
  take,
  tanh,
  tensor,
  transpose,
  variance,
  where,
} from '../src/index.js';

const f64 = (v: number[], shape?: number[]) =>
  tensor(v, shape === undefined ? { dtype: 'float64' } : { dtype: 'float64', shape });
/** Distinct, well separated values (no ties for max/min, away from 0 and from integers). */
const grid = (shape: number[], offset = 0.3) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(
    Array.from({ length: n }, (_, i) => (((i * 7) % n) - n / 2) * 0.37 + offset),
    shape,
  );
};
const positive = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(
    Array.from({ length: n }, (_, i) => 0.5 + ((i * 5) % n) * 0.29),
    shape,
  );
};

type Case = () => void;
const smooth = { order: 2 } as const;

/** One entry per differentiable export. */
const GRAD_CASES: Record<string, Case> = {
  // elementwise, unary
  neg: () => checkGrads(neg, [grid([2, 3])], smooth),
  abs: () => checkGrads(abs, [grid([2, 3])]),
  exp: () => checkGrads(exp, [grid([2, 3])], smooth),
  expm1: () => checkGrads(expm1, [grid([2, 3])], smooth),
  log: () => checkGrads(log, [positive([2, 3])], smooth),
  log1p: () => checkGrads(log1p, [positive([2, 3])], smooth),
  sqrt: () => checkGrads(sqrt, [positive([2, 3])], smooth),
  rsqrt: () => checkGrads(rsqrt, [positive([2, 3])], smooth),
  square: () => checkGrads(square, [grid([2, 3])], smooth),
  reciprocal: () => checkGrads(reciprocal, [positive([2, 3])], smooth),
  sin: () => checkGrads(sin, [grid([2, 3])], smooth),
  cos: () => checkGrads(cos, [grid([2, 3])], smooth),
  tanh: () => checkGrads(tanh, [grid([2, 3])], smooth),
  sigmoid: () => checkGrads(sigmoid, [grid([2, 3])], smooth),
  erf: () => checkGrads(erf, [grid([2, 3])], smooth),
  clip: () => checkGrads((x: Tensor) => clip(x, -0.9, 1.1), [grid([3, 4], 0.05)]),
  cast: () =>
    checkGrads((x: Tensor) => mul(cast(x, 'float32'), cast(x, 'float32')), [grid([3])], {
      rtol: 1e-4,
      atol: 1e-4,
    }),
  // elementwise, binary (with broadcasting)
  add: () => checkGrads(add, [grid([2, 3]), grid([3])], smooth),
  sub: () => checkGrads(sub, [grid([2, 1]), grid([1, 3])], smooth),
  mul: () => checkGrads(mul, [grid([2, 3]), grid([2, 1])], smooth),
  div: () => checkGrads(div, [grid([2, 3]), positive([3])], smooth),
  pow: () => checkGrads(pow, [positive([2, 3]), grid([3])], smooth),
  maximum: () => checkGrads(maximum, [grid([2, 3]), grid([3], 0.1)]),
  minimum: () => checkGrads(minimum, [grid([2, 3]), grid([3], 0.1)]),
  where: () =>
    checkGrads(
      (a: Tensor, b: Tensor) => where(tensor([true, false, true]), a, b),
      [grid([2, 3]), grid([1])],
      smooth,
    ),
  // reductions
  sum: () => checkGrads((x: Tensor) => sum(x, [0, 2], true), [grid([2, 3, 2])], smooth),
  mean: () => checkGrads((x: Tensor) => mean(x, -1), [grid([2, 3])], smooth),
  max: () => checkGrads((x: Tensor) => max(x, 1), [grid([2, 3])]),
  min: () => checkGrads((x: Tensor) => min(x, 0, true), [grid([2, 3])]),
  prod: () => checkGrads((x: Tensor) => prod(x, 1), [grid([2, 3])], smooth),
  variance: () => checkGrads((x: Tensor) => variance(x, 0), [grid([3, 2])], smooth),
  std: () => checkGrads((x: Tensor) => std(x, [0, 1]), [grid([3, 2])], smooth),
  logSumExp: () => checkGrads((x: Tensor) => logSumExp(x, -1), [grid([2, 3])], smooth),
  norm: () => checkGrads((x: Tensor) => norm(x, 2, 1), [grid([2, 3])], smooth),
  // linear algebra
  matmul: () => {
    checkGrads(matmul, [grid([2, 3]), grid([3, 4])], smooth);
    checkGrads(matmul, [grid([2, 1, 2, 3]), grid([3, 3, 2])], { order: 1 });
    checkGrads(matmul, [grid([3]), grid([3, 2])], smooth);
    checkGrads(
      (a: Tensor, b: Tensor) => matmul(a, b, { transposeA: true, transposeB: true }),
      [grid([3, 2]), grid([4, 3])],
    );
  },
  dot: () => checkGrads(dot, [grid([4]), grid([4], 0.1)], smooth),
  outer: () => checkGrads(outer, [grid([2]), grid([3])], smooth),
  // shape ops
  reshape: () => checkGrads((x: Tensor) => mul(reshape(x, [3, -1]), grid([3, 2])), [grid([2, 3])], smooth),
  transpose: () =>
    checkGrads((x: Tensor) => mul(transpose(x, [2, 0, 1]), grid([4, 2, 3])), [grid([2, 3, 4])], smooth),
  expandDims: () => checkGrads((x: Tensor) => mul(expandDims(x, 1), x), [grid([3])], smooth),
  squeeze: () => checkGrads((x: Tensor) => mul(squeeze(x, 1), grid([2, 3])), [grid([2, 1, 3])], smooth),
  flatten: () => checkGrads((x: Tensor) => mul(flatten(x), grid([6])), [grid([2, 3])], smooth),
  broadcastTo: () =>
    checkGrads((x: Tensor) => mul(broadcastTo(x, [2, 2, 3]), grid([2, 2, 3])), [grid([2, 1])], smooth),
  slice: () => checkGrads((x: Tensor) => mul(slice(x, [1, 0], [1, -1]), x), [grid([3, 3])], smooth),
  concat: () =>
    checkGrads((a: Tensor, b: Tensor) => square(concat([a, b, a], 1)), [grid([2, 1]), grid([2, 3])], smooth),
  stack: () =>
    checkGrads(
      (a: Tensor, b: Tensor) => square(stack([a, b], -1)),
      [grid([2, 3]), grid([2, 3], 0.1)],
      smooth,
    ),
  split: () => checkGrads((x: Tensor) => split(x, [1, 2], 1).map((p) => square(p)), [grid([2, 3])], smooth),
  take: () => checkGrads((x: Tensor) => square(take(x, [2, 0, 2], 1)), [grid([2, 3])], smooth),
  pad: () =>
    checkGrads(
      (x: Tensor) =>
        square(
          pad(
            x,
            [
              [1, 0],
              [0, 2],
            ],
            0.5,
          ),
        ),
      [grid([2, 3])],
      smooth,
    ),
};

/** Exports with no gradient: integer/boolean results, or piecewise-constant functions (gradient zero). */
const ZERO_GRADIENT = { sign, floor, ceil, round } as const;
const NO_GRADIENT = new Set([
  'equal',
  'notEqual',
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
  'isFinite',
  'argmax',
  'argmin',
  'oneHot',
  'allClose',
]);
/** Exports that are not ops: creation, transformations, namespaces, types and predicates. */
const NOT_OPS = new Set([
  'tensor',
  'scalar',
  'zeros',
  'ones',
  'full',
  'zerosLike',
  'onesLike',
  'arange',
  'linspace',
  'eye',
  'grad',
  'valueAndGrad',
  'vjp',
  'jvp',
  'stopGradient',
  'customVjp',
  'isTensor',
  'donate',
  'isDonated',
  'recycle',
  'isFloat',
  'promoteTypes',
  'Tensor',
  'TensorError',
  'DTYPES',
  'random',
  'tree',
]);

describe('gradient registry', () => {
  it('classifies every export exactly once (a new op needs a gradient case or a reason)', () => {
    const lists = [Object.keys(GRAD_CASES), Object.keys(ZERO_GRADIENT), [...NO_GRADIENT], [...NOT_OPS]];
    const classified = lists.flat();
    expect(new Set(classified).size).toBe(classified.length);
    const exported = Object.keys(api).sort();
    expect(exported.filter((k) => !classified.includes(k))).toEqual([]);
    expect(classified.filter((k) => !exported.includes(k))).toEqual([]);
  });
  for (const [name, run] of Object.entries(GRAD_CASES)) {
    it(`${name}: checkGrads passes`, () => run());
  }
  for (const [name, op] of Object.entries(ZERO_GRADIENT)) {
    it(`${name}: gradient is zero (piecewise constant)`, () => {
      const g = grad((x: Tensor) => sum(mul(op(x), x)))(grid([5]));
      // d/dx [op(x)·x] = op(x) when op' = 0.
      expect(Array.from(g.data())).toEqual(Array.from(op(grid([5])).data()));
    });
  }
});
