/**
 * Elementwise ops: values against `Math.*` and naive broadcast references on random inputs, broadcasting
 * laws, the dtype promotion table, comparisons and `where`, rounding, clipping and `allClose`.
 * Gradients are in `elementwise-grad.test.ts`; erf accuracy in `elementwise-erf.test.ts`; immutability and
 * errors in `elementwise-errors.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { arb, fc } from '../../testing/src/index.js';
import {
  abs,
  add,
  allClose,
  cast,
  ceil,
  clip,
  cos,
  DTYPES,
  type DType,
  div,
  equal,
  exp,
  expm1,
  floor,
  greater,
  greaterEqual,
  isFinite as isFiniteOp,
  less,
  lessEqual,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
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
  type Tensor,
  tanh,
  tensor,
  where,
  zeros,
} from '../src/index.js';

// ---- references --------------------------------------------------------------------------------------

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const values = (t: Tensor): number[] => Array.from(t.data());
/** Values with −0 read as +0, for laws that hold numerically (IEEE `−0 + 0` is `+0`). */
const numbers = (t: Tensor): number[] => Array.from(t.data(), (v) => v + 0);

/** Row-major strides of `shape`. */
const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
};

/** Flat index into an operand of shape `from` for the multi-index `idx` of the broadcast shape. */
const sourceIndex = (idx: readonly number[], from: readonly number[]): number => {
  const st = stridesOf(from);
  const off = idx.length - from.length;
  let k = 0;
  for (let d = 0; d < from.length; d++) k += (from[d] === 1 ? 0 : idx[off + d]!) * st[d]!;
  return k;
};

/** Naive broadcast map over any number of operands: one multi-index at a time. */
function naiveBroadcast(
  shape: readonly number[],
  operands: ReadonlyArray<{ data: ArrayLike<number>; shape: readonly number[] }>,
  f: (...v: number[]) => number,
): number[] {
  const size = shape.reduce((a, b) => a * b, 1);
  const st = stridesOf(shape);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const idx = st.map((s, d) => Math.floor(flat / s) % shape[d]!);
    out.push(f(...operands.map((o) => o.data[sourceIndex(idx, o.shape)]!)));
  }
  return out;
}

const asOperand = (t: Tensor) => ({ data: t.data(), shape: t.shape });

/** Same float64 bits (NaN equal to NaN, −0 distinct from 0). */
const sameBits = (a: number, b: number): boolean => Object.is(a, b);

// ---- unary ops against Math.* ---------------------------------------------------------------------------

interface UnaryCase {
  readonly name: string;
  readonly op: (x: Tensor) => Tensor;
  readonly ref: (x: number) => number;
  readonly min: number;
  readonly max: number;
}

const sigmoidRef = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const UNARY: readonly UnaryCase[] = [
  { name: 'neg', op: neg, ref: (x) => -x, min: -1e6, max: 1e6 },
  { name: 'abs', op: abs, ref: Math.abs, min: -1e6, max: 1e6 },
  { name: 'sign', op: sign, ref: Math.sign, min: -1e6, max: 1e6 },
  { name: 'exp', op: exp, ref: Math.exp, min: -50, max: 50 },
  { name: 'expm1', op: expm1, ref: Math.expm1, min: -50, max: 50 },
  { name: 'log', op: log, ref: Math.log, min: 0, max: 1e6 },
  { name: 'log1p', op: log1p, ref: Math.log1p, min: -1, max: 1e6 },
  { name: 'sqrt', op: sqrt, ref: Math.sqrt, min: 0, max: 1e6 },
  { name: 'rsqrt', op: rsqrt, ref: (x) => 1 / Math.sqrt(x), min: 0, max: 1e6 },
  { name: 'square', op: square, ref: (x) => x * x, min: -1e6, max: 1e6 },
  { name: 'reciprocal', op: reciprocal, ref: (x) => 1 / x, min: -1e6, max: 1e6 },
  { name: 'sin', op: sin, ref: Math.sin, min: -100, max: 100 },
  { name: 'cos', op: cos, ref: Math.cos, min: -100, max: 100 },
  { name: 'tanh', op: tanh, ref: Math.tanh, min: -50, max: 50 },
  { name: 'sigmoid', op: sigmoid, ref: sigmoidRef, min: -800, max: 800 },
  { name: 'floor', op: floor, ref: Math.floor, min: -1e6, max: 1e6 },
  { name: 'ceil', op: ceil, ref: Math.ceil, min: -1e6, max: 1e6 },
];

describe('unary ops match Math.* element by element', () => {
  for (const c of UNARY) {
    it(`${c.name}: float64 bit-exact, float32 is the float64 value rounded once`, () => {
      fc.assert(
        fc.property(arb.tensor({ dtype: 'float64', min: c.min, max: c.max }), (x) => {
          const y = c.op(x);
          expect(y.dtype).toBe('float64');
          expect(y.shape).toEqual(x.shape);
          const xs = values(x);
          values(y).forEach((v, i) => {
            if (!sameBits(v, c.ref(xs[i]!)))
              throw new Error(`${c.name}(${xs[i]}) = ${v}, want ${c.ref(xs[i]!)}`);
          });
        }),
        { numRuns: 60 },
      );
      fc.assert(
        fc.property(arb.tensor({ dtype: 'float32', min: c.min, max: c.max }), (x) => {
          const y = c.op(x);
          expect(y.dtype).toBe('float32');
          const xs = values(x);
          values(y).forEach((v, i) => {
            const want = Math.fround(c.ref(xs[i]!));
            if (!sameBits(v, want)) throw new Error(`${c.name}(${xs[i]}) = ${v}, want ${want} (float32)`);
          });
        }),
        { numRuns: 40 },
      );
    });
  }

  it('special values follow IEEE 754', () => {
    const x = f64([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0]);
    for (const c of UNARY) {
      const got = values(c.op(x));
      const want = values(x).map(c.ref);
      got.forEach((v, i) => expect(sameBits(v, want[i]!), `${c.name}(${values(x)[i]})`).toBe(true));
    }
  });

  it('float functions compute int32 and bool in float32; integer-preserving ones keep int32', () => {
    const i = tensor([-3, 0, 4], { dtype: 'int32' });
    const b = tensor([true, false]);
    for (const f of [exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, sin, cos, tanh, sigmoid]) {
      expect(f(i).dtype).toBe('float32');
      expect(f(b).dtype).toBe('float32');
    }
    expect(values(exp(b))).toEqual([Math.fround(Math.E), 1]);
    for (const f of [neg, abs, sign, square, floor, ceil, round]) {
      expect(f(i).dtype).toBe('int32');
      expect(f(b).dtype).toBe('int32');
    }
    expect(values(floor(i))).toEqual([-3, 0, 4]);
    expect(values(square(i))).toEqual([9, 0, 16]);
    expect(values(sign(i))).toEqual([-1, 0, 1]);
    expect(values(neg(b))).toEqual([-1, 0]);
  });

  it('int32 wraps around like NumPy: mul, square, neg, abs of −2³¹', () => {
    const big = tensor([46341, 65536 * 3, -2147483648], { dtype: 'int32' });
    // 46341² = 2147488281 = 2³¹ + 4633 → −2147479015; (3·2¹⁶)² = 9·2³² → 0; (−2³¹)² = 2⁶² → 0.
    expect(values(square(big))).toEqual([-2147479015, 0, 0]);
    expect(values(mul(big, big))).toEqual([-2147479015, 0, 0]);
    expect(values(mul(tensor([123456789], { dtype: 'int32' }), 987654321))).toEqual([
      Number(BigInt.asIntN(32, 123456789n * 987654321n)),
    ]);
    expect(values(neg(tensor([-2147483648], { dtype: 'int32' })))).toEqual([-2147483648]);
    expect(values(abs(tensor([-2147483648], { dtype: 'int32' })))).toEqual([-2147483648]);
    expect(values(add(tensor([2147483647], { dtype: 'int32' }), 1))).toEqual([-2147483648]);
  });
});

describe('sigmoid is stable at large |x|', () => {
  it('has exact limits, no NaN, and stays in [0, 1] and monotone', () => {
    const x = f64([-1e308, -1000, -745.2, -40, 0, 40, 1000, 1e308, -Infinity, Infinity]);
    const y = values(sigmoid(x));
    expect(y[0]).toBe(0);
    expect(y[1]).toBe(0);
    expect(y[4]).toBe(0.5);
    expect(y[6]).toBe(1);
    expect(y[7]).toBe(1);
    expect(y[8]).toBe(0);
    expect(y[9]).toBe(1);
    expect(y.every((v) => !Number.isNaN(v))).toBe(true);
    const f32 = values(sigmoid(tensor([-1000, -88, 88, 1000])));
    expect(f32).toEqual([0, Math.fround(sigmoidRef(-88)), 1, 1]);
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, d) => {
          const [s, t] = values(sigmoid(f64([a, a + d])));
          return s! >= 0 && t! <= 1 && s! <= t!;
        },
      ),
    );
  });
  it('keeps relative precision for negative x (σ(−30) ≈ e⁻³⁰)', () => {
    const v = sigmoid(f64([-30])).item() as number;
    expect(Math.abs(v - Math.exp(-30) / (1 + Math.exp(-30))) / v).toBeLessThan(1e-15);
  });
});

describe('round is half to even', () => {
  it('rounds ties to the even neighbour, as NumPy', () => {
    const x = f64([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5, 0.49999999999999994, 2 ** 52 + 1, 1e300, -0]);
    // np.round([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5, 0.49999999999999994, 2**52+1, 1e300, -0.])
    const want = [0, 2, 2, 4, -0, -2, -2, -4, 0, 2 ** 52 + 1, 1e300, -0];
    values(round(x)).forEach((v, i) => expect(sameBits(v, want[i]!), `round(${values(x)[i]})`).toBe(true));
    expect(values(round(tensor([0.5, 1.5, 2.5, -2.5])))).toEqual([0, 2, 2, -2]);
  });
  it('property: integer result within ½, and a tie always lands on an even integer', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.integer({ min: -1e6, max: 1e6 }).map((k) => k + 0.5),
        ),
        (v) => {
          const r = round(f64([v])).item() as number;
          expect(Number.isInteger(r)).toBe(true);
          expect(Math.abs(r - v)).toBeLessThanOrEqual(0.5);
          if (Math.abs(r - v) === 0.5) expect(Math.abs(r % 2)).toBe(0);
          else expect(r).toBe(Math.round(v));
        },
      ),
    );
  });
});

describe('isFinite', () => {
  it('is false exactly for NaN and ±Infinity, bool output, true for integers', () => {
    const y = isFiniteOp(f64([1, Number.NaN, Infinity, -Infinity, -0, 1e308]));
    expect(y.dtype).toBe('bool');
    expect(y.toArray()).toEqual([true, false, false, false, true, true]);
    expect(isFiniteOp(tensor([1, 2], { dtype: 'int32' })).toArray()).toEqual([true, true]);
    expect(isFiniteOp(tensor([Infinity], { dtype: 'float32' })).toArray()).toEqual([false]);
  });
});

// ---- binary ops ---------------------------------------------------------------------------------------

type Binary = (a: Tensor | number, b: Tensor | number) => Tensor;

const BINARY: ReadonlyArray<readonly [string, Binary, (a: number, b: number) => number]> = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
  ['pow', pow, Math.pow],
  ['maximum', maximum, (a, b) => (a >= b || Number.isNaN(a) ? a : b)],
  ['minimum', minimum, (a, b) => (a <= b || Number.isNaN(a) ? a : b)],
];

const COMPARE: ReadonlyArray<readonly [string, Binary, (a: number, b: number) => boolean]> = [
  ['equal', equal, (a, b) => a === b],
  ['notEqual', notEqual, (a, b) => a !== b],
  ['less', less, (a, b) => a < b],
  ['lessEqual', lessEqual, (a, b) => a <= b],
  ['greater', greater, (a, b) => a > b],
  ['greaterEqual', greaterEqual, (a, b) => a >= b],
];

/** Two float64 tensors of broadcastable shapes (values from a small set, so ties and equality happen). */
const pairOf = (elements: { min: number; max: number }) =>
  arb
    .broadcastableShapes(2)
    .chain(({ shapes, result }) =>
      fc.tuple(
        arb.tensor({ dtype: 'float64', shape: shapes[0]!, ...elements }),
        arb.tensor({ dtype: 'float64', shape: shapes[1]!, ...elements }),
        fc.constant(result),
      ),
    );

describe('binary ops match a naive broadcast reference', () => {
  for (const [name, op, ref] of BINARY) {
    it(`${name}: bit-exact in float64 over random broadcastable shapes`, () => {
      fc.assert(
        fc.property(pairOf({ min: -4, max: 4 }), ([a, b, shape]) => {
          const y = op(a, b);
          expect(y.shape).toEqual(shape);
          expect(y.dtype).toBe('float64');
          const want = naiveBroadcast(shape, [asOperand(a), asOperand(b)], ref);
          values(y).forEach((v, i) => expect(sameBits(v, want[i]!), `${name} element ${i}`).toBe(true));
        }),
        { numRuns: 80 },
      );
    });
  }
  for (const [name, op, ref] of COMPARE) {
    it(`${name}: bool result of the broadcast, NaN compares as IEEE 754`, () => {
      fc.assert(
        fc.property(
          arb.broadcastableShapes(2).chain(({ shapes, result }) =>
            fc.tuple(
              arb
                .tensor({ dtype: 'int32', shape: shapes[0]!, min: -2, max: 2 })
                .map((t) => cast(t, 'float64')),
              arb.tensor({ dtype: 'float64', shape: shapes[1]!, min: -2, max: 2, allowNaN: true }).map(round),
              fc.constant(result),
            ),
          ),
          ([a, b, shape]) => {
            const y = op(a, b);
            expect(y.dtype).toBe('bool');
            const want = naiveBroadcast(shape, [asOperand(a), asOperand(b)], (u, v) => (ref(u, v) ? 1 : 0));
            expect(values(y)).toEqual(want);
          },
        ),
        { numRuns: 80 },
      );
    });
  }

  it('maximum/minimum propagate NaN from either side and keep bool', () => {
    expect(values(maximum(f64([Number.NaN, 1]), f64([1, Number.NaN])))).toEqual([Number.NaN, Number.NaN]);
    expect(values(minimum(f64([Number.NaN, 1]), f64([1, Number.NaN])))).toEqual([Number.NaN, Number.NaN]);
    const t = tensor([true, true, false, false]);
    const u = tensor([true, false, true, false]);
    expect(maximum(t, u).dtype).toBe('bool');
    expect(maximum(t, u).toArray()).toEqual([true, true, true, false]);
    expect(minimum(t, u).toArray()).toEqual([true, false, false, false]);
  });

  it('pow: special cases, int32 powers, number exponents keep the dtype', () => {
    expect(values(pow(f64([0, 0, -8, 2, -2]), f64([0, -1, 1 / 3, 0.5, 3])))).toEqual([
      1,
      Infinity,
      Number.NaN,
      Math.SQRT2,
      -8,
    ]);
    const i = pow(tensor([2, 3, -2], { dtype: 'int32' }), 3);
    expect(i.dtype).toBe('int32');
    expect(values(i)).toEqual([8, 27, -8]);
    expect(pow(tensor([2, 3], { dtype: 'int32' }), 0.5).dtype).toBe('float32');
    expect(pow(tensor([2, 3]), 2).dtype).toBe('float32');
    expect(values(pow(2, tensor([1, 2, 3])))).toEqual([2, 4, 8]);
  });

  it('div: integer operands divide as float32; division by zero is IEEE 754', () => {
    const y = div(tensor([1, -1, 0, 7], { dtype: 'int32' }), tensor([0, 0, 0, 2], { dtype: 'int32' }));
    expect(y.dtype).toBe('float32');
    expect(values(y)).toEqual([Infinity, -Infinity, Number.NaN, 3.5]);
  });
});

describe('broadcasting laws', () => {
  it('add and mul commute bit for bit', () => {
    fc.assert(
      fc.property(pairOf({ min: -100, max: 100 }), ([a, b]) => {
        expect(add(a, b).data()).toEqual(add(b, a).data());
        expect(mul(a, b).data()).toEqual(mul(b, a).data());
        expect(add(a, b).shape).toEqual(add(b, a).shape);
      }),
    );
  });
  it('add and mul associate within float tolerance', () => {
    fc.assert(
      fc.property(
        arb
          .broadcastableShapes(3)
          .chain(({ shapes }) =>
            fc.tuple(...shapes.map((s) => arb.tensor({ dtype: 'float64', shape: s, min: -10, max: 10 }))),
          ),
        ([a, b, c]) => {
          const l = add(add(a!, b!), c!);
          const r = add(a!, add(b!, c!));
          expect(l.shape).toEqual(r.shape);
          expect(allClose(l, r, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
          expect(allClose(mul(mul(a!, b!), c!), mul(a!, mul(b!, c!)), { rtol: 1e-12, atol: 1e-300 })).toBe(
            true,
          );
        },
      ),
    );
  });
  it('add(x, zeros) is x and mul(x, 1) is x, bit for bit, in every float dtype', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DType>('float32', 'float64'),
        arb.shape(),
        fc.infiniteStream(fc.double({ noNaN: true, min: -1e30, max: 1e30 })),
        (dtype, shape, stream) => {
          const size = shape.reduce((p, d) => p * d, 1);
          const x = tensor(Float64Array.from(stream.take(size)), { dtype, shape });
          // Bit for bit except that −0 + 0 is +0 (IEEE 754, as NumPy).
          expect(values(add(x, zeros(shape, dtype)))).toEqual(numbers(x));
          expect(values(add(x, 0))).toEqual(numbers(x));
          expect(mul(x, 1).data()).toEqual(x.data());
          expect(sub(x, 0).data()).toEqual(x.data());
        },
      ),
    );
  });
  it('a scalar operand broadcasts like a full tensor of its value', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64' }), fc.double({ min: -5, max: 5, noNaN: true }), (x, v) => {
        const full = tensor(new Float64Array(x.size).fill(v), { dtype: 'float64', shape: x.shape });
        for (const [name, op] of [...BINARY, ...COMPARE]) {
          expect(op(x, v).data(), `${name}(x, v)`).toEqual(op(x, full).data());
          expect(op(v, x).data(), `${name}(v, x)`).toEqual(op(full, x).data());
        }
      }),
      { numRuns: 30 },
    );
  });
});

// ---- dtypes ------------------------------------------------------------------------------------------

describe('dtype promotion', () => {
  const sample = (d: DType): Tensor => tensor([1, 0], { dtype: d });
  // NumPy-style table (bool < int32 < float32 < float64); arithmetic on two bools computes in int32.
  const ARITH: Record<DType, Record<DType, DType>> = {
    bool: { bool: 'int32', int32: 'int32', float32: 'float32', float64: 'float64' },
    int32: { bool: 'int32', int32: 'int32', float32: 'float32', float64: 'float64' },
    float32: { bool: 'float32', int32: 'float32', float32: 'float32', float64: 'float64' },
    float64: { bool: 'float64', int32: 'float64', float32: 'float64', float64: 'float64' },
  };
  it('follows the table for add, sub, mul, pow; div gives float32 for integers', () => {
    for (const a of DTYPES) {
      for (const b of DTYPES) {
        for (const op of [add, sub, mul, pow])
          expect(op(sample(a), sample(b)).dtype, `${a}·${b}`).toBe(ARITH[a][b]);
        const d = ARITH[a][b];
        expect(div(sample(a), sample(b)).dtype).toBe(d === 'int32' ? 'float32' : d);
        const m = a === 'bool' && b === 'bool' ? 'bool' : d;
        expect(maximum(sample(a), sample(b)).dtype).toBe(m);
        for (const [, cmp] of COMPARE) expect(cmp(sample(a), sample(b)).dtype).toBe('bool');
      }
    }
  });
  it('a plain number never promotes float32 to float64 (or int32 to float, when it is an integer)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        for (const [, op] of BINARY) {
          expect(op(sample('float32'), v).dtype).toBe('float32');
          expect(op(v, sample('float32')).dtype).toBe('float32');
          expect(op(sample('float64'), v).dtype).toBe('float64');
        }
        expect(where(tensor([true]), sample('float32'), v).dtype).toBe('float32');
      }),
      { numRuns: 50 },
    );
    expect(add(sample('int32'), 3).dtype).toBe('int32');
    expect(add(sample('int32'), 0.5).dtype).toBe('float32');
    expect(add(sample('bool'), 2).dtype).toBe('int32');
    // A number meeting bool is an int32 (or float32) value, never a bool: [true] + 2 is [3], as NumPy.
    expect(values(add(tensor([true, false]), 2))).toEqual([3, 2]);
    expect(equal(tensor([true, true]), tensor([1, 2], { dtype: 'int32' })).toArray()).toEqual([true, false]);
    expect(equal(tensor([true]), 2).toArray()).toEqual([false]);
    expect(equal(tensor([true]), 1).toArray()).toEqual([true]);
    expect(values(maximum(tensor([true, false]), 0.5))).toEqual([1, 0.5]);
    // An integer beyond int32 does not wrap silently: it meets int32 as float32.
    expect(add(sample('int32'), 2147483647).dtype).toBe('int32');
    expect(add(sample('int32'), 3e9).dtype).toBe('float32');
    expect(values(add(tensor([1], { dtype: 'int32' }), 3e9))).toEqual([Math.fround(3e9 + 1)]);
    expect(less(sample('int32'), Infinity).toArray()).toEqual([true, true]);
    expect(values(add(tensor([1], { dtype: 'float32' }), 0.1))).toEqual([Math.fround(1 + Math.fround(0.1))]);
    // A number meets a float32 tensor as float32: 0.1 compares equal to its float32 rounding.
    expect(equal(tensor([0.1]), 0.1).item()).toBe(true);
  });
});

// ---- where ---------------------------------------------------------------------------------------------

describe('where', () => {
  it('selects elementwise over a three-way broadcast, as a naive reference', () => {
    fc.assert(
      fc.property(
        arb
          .broadcastableShapes(3)
          .chain(({ shapes, result }) =>
            fc.tuple(
              arb.tensor({ dtype: 'bool', shape: shapes[0]! }),
              arb.tensor({ dtype: 'float64', shape: shapes[1]! }),
              arb.tensor({ dtype: 'float32', shape: shapes[2]! }),
              fc.constant(result),
            ),
          ),
        ([c, a, b, shape]) => {
          const y = where(c, a, b);
          expect(y.shape).toEqual(shape);
          expect(y.dtype).toBe('float64');
          const want = naiveBroadcast(shape, [asOperand(c), asOperand(a), asOperand(b)], (s, u, v) =>
            s ? u : v,
          );
          expect(values(y)).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('accepts numbers (both numbers give float32) and keeps bool operands bool', () => {
    const c = tensor([true, false, true]);
    expect(where(c, 1, 2).dtype).toBe('float32');
    expect(values(where(c, 1, 2))).toEqual([1, 2, 1]);
    expect(values(where(c, f64([5, 6, 7]), -1))).toEqual([5, -1, 7]);
    expect(where(c, 0, tensor([1, 2, 3], { dtype: 'int32' })).dtype).toBe('int32');
    expect(where(c, tensor([false, false, false]), tensor([true, true, true])).toArray()).toEqual([
      false,
      true,
      false,
    ]);
  });
  it('where(c, a, b) and where(!c, b, a) agree', () => {
    fc.assert(
      fc.property(pairOf({ min: -3, max: 3 }), ([a, b]) => {
        const c = greater(a, b);
        expect(where(c, a, b).data()).toEqual(where(lessEqual(a, b), b, a).data());
        // maximum keeps `a` on ties, where(a > b, a, b) takes `b`: they differ only on the sign of a zero.
        expect(numbers(where(c, a, b))).toEqual(numbers(maximum(a, b)));
      }),
    );
  });
});

// ---- clip ---------------------------------------------------------------------------------------------

describe('clip', () => {
  it('stays within the bounds, is the identity inside them, and equals min(max(x, lo), hi)', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', allowNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (x, lo, w) => {
          const hi = lo + w;
          const y = values(clip(x, lo, hi));
          values(x).forEach((v, i) => {
            if (Number.isNaN(v)) expect(y[i]).toBeNaN();
            else {
              expect(y[i]).toBeGreaterThanOrEqual(lo);
              expect(y[i]).toBeLessThanOrEqual(hi);
              if (v >= lo && v <= hi) expect(y[i]).toBe(v);
              expect(y[i]! + 0).toBe(Math.min(Math.max(v, lo), hi) + 0);
            }
          });
        },
      ),
    );
  });
  it('supports one-sided clips, float32 bounds, and int32 (fractional bounds clip in float32)', () => {
    expect(values(clip(f64([-5, 5]), -Infinity, 1))).toEqual([-5, 1]);
    expect(values(clip(tensor([0, 1]), 0.1, 0.9))).toEqual([Math.fround(0.1), Math.fround(0.9)]);
    const i = clip(tensor([-5, 2, 9], { dtype: 'int32' }), 0, 4);
    expect(i.dtype).toBe('int32');
    expect(values(i)).toEqual([0, 2, 4]);
    const j = clip(tensor([-5, 2, 9], { dtype: 'int32' }), 0.5, 4);
    expect(j.dtype).toBe('float32');
    expect(values(j)).toEqual([0.5, 2, 4]);
    expect(values(clip(f64([3]), 2, 2))).toEqual([2]);
  });
});

// ---- allClose ------------------------------------------------------------------------------------------

describe('allClose (NumPy semantics)', () => {
  it('uses |a − b| <= atol + rtol·|b| with NumPy defaults', () => {
    expect(allClose(f64([1e10, 1e-7]), f64([1.00001e10, 1e-8]))).toBe(false);
    expect(allClose(f64([1e10, 1e-8]), f64([1.00001e10, 1e-9]))).toBe(true);
    expect(allClose(f64([1e10, 1e-8]), f64([1.0001e10, 1e-9]))).toBe(false);
    // asymmetric: b is the reference (|1 − 2| <= 0.5·2, but not <= 0.5·1)
    expect(allClose(f64([1]), f64([2]), { rtol: 0.5, atol: 0 })).toBe(true);
    expect(allClose(f64([2]), f64([1]), { rtol: 0.5, atol: 0 })).toBe(false);
    // the bound itself is close (<=): exact binary fractions, no rounding
    expect(allClose(f64([1.25]), f64([1]), { rtol: 0.25, atol: 0 })).toBe(true);
    expect(allClose(f64([1]), f64([0.75]), { rtol: 0.25, atol: 0 })).toBe(false);
    expect(allClose(f64([1.5]), f64([1]), { rtol: 0.25, atol: 0.25 })).toBe(true);
  });
  it('treats infinities and NaN as NumPy does', () => {
    expect(allClose(f64([Infinity, -Infinity]), f64([Infinity, -Infinity]))).toBe(true);
    expect(allClose(f64([Infinity]), f64([-Infinity]))).toBe(false);
    expect(allClose(f64([1e308]), f64([Infinity]), { rtol: 1 })).toBe(false);
    expect(allClose(f64([Infinity]), f64([1e308]), { rtol: 1 })).toBe(false);
    expect(allClose(f64([Number.NaN]), f64([Number.NaN]))).toBe(false);
    expect(allClose(f64([Number.NaN]), f64([Number.NaN]), { equalNan: true })).toBe(true);
    expect(allClose(f64([Number.NaN]), f64([1]), { equalNan: true })).toBe(false);
  });
  it('broadcasts, accepts numbers, and compares across dtypes in float64', () => {
    expect(
      allClose(
        f64([
          [1, 1],
          [1, 1],
        ]),
        1,
      ),
    ).toBe(true);
    expect(
      allClose(
        f64([
          [1, 1],
          [1, 2],
        ]),
        f64([1, 1]),
      ),
    ).toBe(false);
    expect(allClose(tensor([0.1]), f64([0.1]))).toBe(true);
    expect(allClose(tensor([0.1]), f64([0.1]), { rtol: 0, atol: 0 })).toBe(false);
    expect(allClose(tensor([1, 0], { dtype: 'int32' }), tensor([true, false]))).toBe(true);
  });
  it('property: x is close to itself, and far from x + (atol + rtol·|x|)·3', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', shape: arb.shape({ minSide: 1, minRank: 1 }) }), (x) => {
        expect(allClose(x, x)).toBe(true);
        const far = add(x, add(mul(abs(x), 3e-5), 3e-8));
        expect(allClose(far, x)).toBe(false);
      }),
    );
  });
});
