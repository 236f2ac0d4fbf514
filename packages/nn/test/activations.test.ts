import {
  abs,
  add,
  cast,
  div,
  erf,
  exp,
  expm1,
  grad,
  greater,
  log1p,
  logSumExp,
  max,
  maximum,
  minimum,
  mul,
  neg,
  sub,
  sum,
  type Tensor,
  TensorError,
  tanh as tanhOp,
  tensor,
  where,
} from '@stepwise/tensor';
import { arb, checkGrads, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  elu,
  gelu,
  hardSigmoid,
  leakyRelu,
  logSoftmax,
  mish,
  relu,
  relu6,
  SELU_ALPHA,
  SELU_SCALE,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  swish,
  tanh,
} from '../src/index.js';
import { erfc as erfcScalar, erf as erfScalar } from '../src/internal/erf.js';
import { fusedUnary } from '../src/internal/fused.js';

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });
const arr = (t: Tensor): number[] => Array.from(t.data());

/** Scalar double-precision definitions (REFERENCE.md §4), for value checks. */
const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const PHI = (x: number): number => 0.5 * erfcScalar(-x / Math.SQRT2); // erfc is checked against tables below

interface Entry {
  readonly name: string;
  readonly fn: (x: Tensor) => Tensor;
  /** The plain composition of public tensor ops that the fused version replaces. */
  readonly composed: (x: Tensor) => Tensor;
  /** Kinks where the derivative jumps (inputs are kept `kinkGap` away from them). */
  readonly kinks: readonly number[];
}

const SQ2PI = Math.sqrt(2 / Math.PI);
const composedSigmoid = (x: Tensor): Tensor => div(1, add(1, exp(neg(x))));
const composedSoftplus = (x: Tensor): Tensor => log1p(exp(x));

/** The registry every property below runs over (`ALL_ACTIVATIONS`). */
const ALL_ACTIVATIONS: readonly Entry[] = [
  { name: 'relu', fn: relu, composed: (x) => maximum(x, 0), kinks: [0] },
  { name: 'relu6', fn: relu6, composed: (x) => minimum(maximum(x, 0), 6), kinks: [0, 6] },
  {
    name: 'leakyRelu(0.2)',
    fn: (x) => leakyRelu(x, 0.2),
    composed: (x) => where(greater(x, 0), x, mul(x, 0.2)),
    kinks: [0],
  },
  {
    name: 'elu(1.5)',
    fn: (x) => elu(x, 1.5),
    composed: (x) => where(greater(x, 0), x, mul(expm1(x), 1.5)),
    kinks: [0],
  },
  {
    name: 'selu',
    fn: selu,
    composed: (x) => mul(where(greater(x, 0), x, mul(expm1(x), SELU_ALPHA)), SELU_SCALE),
    kinks: [0],
  },
  {
    name: 'gelu',
    fn: (x) => gelu(x),
    composed: (x) => mul(mul(x, 0.5), add(1, erf(mul(x, Math.SQRT1_2)))),
    kinks: [],
  },
  {
    name: 'gelu(tanh)',
    fn: (x) => gelu(x, { approximate: true }),
    composed: (x) => mul(mul(x, 0.5), add(1, tanhOp(mul(add(x, mul(mul(mul(x, x), x), 0.044715)), SQ2PI)))),
    kinks: [],
  },
  { name: 'sigmoid', fn: sigmoid, composed: composedSigmoid, kinks: [] },
  {
    name: 'hardSigmoid',
    fn: hardSigmoid,
    composed: (x) => div(minimum(maximum(add(x, 3), 0), 6), 6),
    kinks: [-3, 3],
  },
  { name: 'tanh', fn: tanh, composed: tanhOp, kinks: [] },
  { name: 'softplus', fn: softplus, composed: composedSoftplus, kinks: [] },
  { name: 'softsign', fn: softsign, composed: (x) => div(x, add(1, abs(x))), kinks: [0] },
  { name: 'silu', fn: silu, composed: (x) => mul(x, composedSigmoid(x)), kinks: [] },
  { name: 'mish', fn: mish, composed: (x) => mul(x, tanhOp(composedSoftplus(x))), kinks: [] },
  {
    name: 'softmax',
    fn: (x) => softmax(x),
    composed: (x) => {
      const e = exp(sub(x, max(x, -1, true)));
      return div(e, sum(e, -1, true));
    },
    kinks: [],
  },
  {
    name: 'logSoftmax',
    fn: (x) => logSoftmax(x),
    composed: (x) => sub(x, logSumExp(x, -1, true)),
    kinks: [],
  },
];

/** Moves values within `gap` of a kink away from it, so finite differences do not straddle it. */
const awayFromKinks = (x: Tensor, kinks: readonly number[], gap = 1e-2): Tensor =>
  tensor(
    arr(x).map((v) => {
      for (const k of kinks) if (Math.abs(v - k) < gap) return k + (v >= k ? gap : -gap);
      return v;
    }),
    { shape: x.shape, dtype: 'float64' },
  );

const inputs = arb.tensor({
  dtype: 'float64',
  shape: arb.shape({ minRank: 1, maxRank: 2, maxSide: 4 }),
  min: -8,
  max: 8,
});

describe('activations: gradients', () => {
  for (const a of ALL_ACTIVATIONS) {
    it(`${a.name}: first and second derivatives match central differences (float64)`, () => {
      fc.assert(
        fc.property(inputs, (x0) => {
          const x = awayFromKinks(x0, a.kinks);
          checkGrads(a.fn, [x], { order: 2, rtol: 1e-5, atol: 1e-6 });
        }),
        { numRuns: 15 },
      );
    });

    it(`${a.name}: the fused gradient equals autodiff of the plain composition`, () => {
      fc.assert(
        fc.property(inputs, (x0) => {
          const x = awayFromKinks(x0, a.kinks);
          const w = tensor(
            arr(x).map((_, i) => Math.cos(3 * i + 1)),
            { shape: x.shape, dtype: 'float64' },
          );
          const fused = grad((t: Tensor) => sum(mul(a.fn(t), w)))(x);
          const plain = grad((t: Tensor) => sum(mul(a.composed(t), w)))(x);
          expectAllClose(fused, plain, { rtol: 1e-9, atol: 1e-12 });
          expectAllClose(a.fn(x), a.composed(x), { rtol: 1e-9, atol: 1e-12 });
        }),
        { numRuns: 20 },
      );
    });

    it(`${a.name}: finite values and gradients at large |x|, inputs untouched`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const big = tensor([-1e30, -1e4, -1000, -89, -50, 50, 89, 1000, 1e4, 1e30], { dtype });
        const before = big.data();
        const y = a.fn(big);
        expect(arr(y).every(Number.isFinite), `${a.name} ${dtype} values ${arr(y)}`).toBe(true);
        const g = grad((t: Tensor) => sum(a.fn(t)))(big);
        expect(arr(g).every(Number.isFinite), `${a.name} ${dtype} gradient ${arr(g)}`).toBe(true);
        expect(big.data()).toEqual(before);
        expect(y.dtype).toBe(dtype);
      }
    });
  }

  it('the gradient check can fail: a fused softplus with a wrong backward loop is caught', () => {
    const wrong = fusedUnary({
      name: 'wrongSoftplus',
      forward: (out, x, n) => {
        for (let i = 0; i < n; i++) out[i] = Math.log1p(Math.exp(x[i]!));
      },
      // Bug on purpose: tanh instead of sigmoid.
      backward: (out, g, x, _y, n) => {
        for (let i = 0; i < n; i++) out[i] = g[i]! * Math.tanh(x[i]!);
      },
      derivative: (x) => sigmoid(x),
    });
    const x = f64([0.3, -1.2, 2]);
    expect(() => checkGrads(wrong, [x])).toThrow(/disagree/);
    expect(() => checkGrads(softplus, [x])).not.toThrow();
  });
});

describe('activations: values and stability', () => {
  it('match the scalar definitions of REFERENCE.md §4', () => {
    const xs = [-20, -3.5, -1, -0.25, 0, 0.25, 1, 3.5, 20];
    const x = f64(xs);
    const close = (t: Tensor, f: (v: number) => number, atol = 1e-300): void =>
      expectAllClose(t, f64(xs.map(f)), { rtol: 1e-12, atol });
    close(relu(x), (v) => Math.max(v, 0));
    close(relu6(x), (v) => Math.min(Math.max(v, 0), 6));
    close(leakyRelu(x), (v) => (v > 0 ? v : 0.01 * v));
    close(elu(x), (v) => (v > 0 ? v : Math.expm1(v)));
    close(selu(x), (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * Math.expm1(v)));
    close(gelu(x), (v) => v * PHI(v));
    // The textbook form cancels to 0 at −20 (ours keeps 3.4e-261), hence the absolute tolerance.
    close(
      gelu(x, { approximate: true }),
      (v) => 0.5 * v * (1 + Math.tanh(SQ2PI * (v + 0.044715 * v ** 3))),
      1e-15,
    );
    close(sigmoid(x), sig);
    close(hardSigmoid(x), (v) => Math.min(Math.max(v / 6 + 0.5, 0), 1));
    close(tanh(x), Math.tanh);
    close(softplus(x), (v) => Math.log1p(Math.exp(v)));
    close(softsign(x), (v) => v / (1 + Math.abs(v)));
    close(silu(x), (v) => v * sig(v));
    close(mish(x), (v) => v * Math.tanh(Math.log1p(Math.exp(v))));
    expect(swish).toBe(silu);
  });

  it('keep tiny tails accurate where naive formulas round to 0 or overflow', () => {
    // softplus(-745) ≈ e^-745 = 4.9e-324 (the smallest subnormal); log(1 + e^x) would give 0.
    expect(softplus(f64([-700])).item()).toBeCloseTo(Math.exp(-700) / 1e-300, 0);
    expect((softplus(f64([-700])).item() as number) / Math.exp(-700)).toBeCloseTo(1, 12);
    expect(softplus(f64([1000])).item()).toBe(1000);
    // sigmoid(-700) keeps its relative precision.
    expect((sigmoid(f64([-700])).item() as number) / Math.exp(-700)).toBeCloseTo(1, 12);
    // exact GELU of −10: x·Φ(x) with Φ(−10) = 7.6198530241605e-24.
    expect((gelu(f64([-10])).item() as number) / (-10 * 7.619853024160527e-24)).toBeCloseTo(1, 10);
    // logSoftmax of widely spread logits: no −Infinity.
    expect(arr(logSoftmax(f64([0, -1000, 1000])))).toEqual([-1000, -2000, 0]);
    expect(arr(softmax(f64([1000, 1000, -1000])))).toEqual([0.5, 0.5, 0]);
  });

  it('erf and erfc match tabulated values to ~1e-15', () => {
    const table: Array<[number, number]> = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of table) {
      expect(Math.abs(erfScalar(x) - v)).toBeLessThan(2e-16 * 4);
      expect(Math.abs(erfScalar(-x) + v)).toBeLessThan(2e-16 * 4);
    }
    const tails: Array<[number, number]> = [
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, v] of tails) expect(Math.abs(erfcScalar(x) / v - 1)).toBeLessThan(1e-13);
    expect(erfcScalar(-1)).toBeCloseTo(1.8427007929497148, 15);
  });

  it('documents the kinks: relu′(0) = 0, leakyRelu′(0) = slope, relu6′ and hardSigmoid′ are 0 at their kinks', () => {
    const g = (f: (x: Tensor) => Tensor, v: number): number =>
      grad((t: Tensor) => sum(f(t)))(f64([v])).item() as number;
    expect(g(relu, 0)).toBe(0);
    expect(g((t) => leakyRelu(t, 0.2), 0)).toBeCloseTo(0.2, 15);
    expect(g(relu6, 0)).toBe(0);
    expect(g(relu6, 6)).toBe(0);
    expect(g(hardSigmoid, -3)).toBe(0);
    expect(g(hardSigmoid, 3)).toBe(0);
    expect(g((t) => elu(t, 2), 0)).toBe(2);
    expect(g(softsign, 0)).toBe(1);
  });

  it('softmax: slices sum to 1, shift invariance, VJP orthogonal to 1, any axis', () => {
    const x3 = arb.tensor({ dtype: 'float64', shape: [2, 3, 4], min: -30, max: 30 });
    fc.assert(
      fc.property(
        x3,
        fc.integer({ min: -3, max: 2 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (x, axis, c) => {
          const s = softmax(x, axis);
          expectAllClose(
            sum(s, axis),
            tensor(new Float64Array(s.size / x.shape[(axis + 3) % 3]!).fill(1), {
              shape: x.shape.filter((_, i) => i !== (axis + 3) % 3),
            }),
            { rtol: 1e-12, atol: 1e-12, checkDType: false },
          );
          expectAllClose(softmax(add(x, c), axis), s, { rtol: 1e-9, atol: 1e-15 });
          expectAllClose(exp(logSoftmax(x, axis)), s, { rtol: 1e-9, atol: 1e-15 });
          const w = tensor(
            arr(x).map((_, i) => Math.sin(i)),
            { shape: x.shape, dtype: 'float64' },
          );
          const g = grad((t: Tensor) => sum(mul(softmax(t, axis), w)))(x);
          const worst = arr(sum(g, axis)).reduce((p, v) => Math.max(p, Math.abs(v)), 0);
          expect(worst).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('float32 results are the float64 results rounded (within a few float32 ulps)', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float32', shape: [16], min: -30, max: 30 }), (x32) => {
        const x64 = cast(x32, 'float64');
        for (const a of ALL_ACTIVATIONS) {
          const y32 = a.fn(x32);
          expect(y32.dtype).toBe('float32');
          expectAllClose(y32, cast(a.fn(x64), 'float32'), { rtol: 4e-7, atol: 1e-30 });
        }
      }),
      { numRuns: 30 },
    );
  });

  it("large float32 tensors (WebAssembly SIMD kernels) stay within the kernels' bounds, values and gradients", () => {
    // 200 elements go through @stepwise/tensor/kernel's WASM kernels where available: float32 arithmetic,
    // within 6 ulps where |y| ≥ 1e-3 and 3e-7·max(1, |y|) absolutely (not bit-equal to a float64 loop).
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float32', shape: [200], min: -30, max: 30 }), (x32) => {
        const x64 = cast(x32, 'float64');
        for (const a of ALL_ACTIVATIONS) {
          const y32 = a.fn(x32);
          expectAllClose(y32, cast(a.fn(x64), 'float32'), { rtol: 8e-7, atol: 3e-7 });
          const g32 = grad((t: Tensor) => sum(a.fn(t)))(x32);
          const g64 = grad((t: Tensor) => sum(a.fn(t)))(x64);
          expectAllClose(g32, cast(g64, 'float32'), { rtol: 1e-6, atol: 4e-7 });
        }
      }),
      { numRuns: 10 },
    );
  });

  it('int32 inputs compute in float32; inputs are never mutated', () => {
    const xi = tensor([-2, 0, 3], { dtype: 'int32' });
    expect(relu(xi).dtype).toBe('float32');
    expect(arr(relu(xi))).toEqual([0, 0, 3]);
    const x = tensor([0.5, -0.5, 2]);
    const before = x.data();
    for (const a of ALL_ACTIVATIONS) {
      a.fn(x);
      grad((t: Tensor) => sum(a.fn(t)))(x);
    }
    expect(x.data()).toEqual(before);
  });

  it('bad input gives clear typed errors', () => {
    expect(() => relu(3 as unknown as Tensor)).toThrow(TensorError);
    expect(() => relu(3 as unknown as Tensor)).toThrow(/relu: x must be a Tensor/);
    expect(() => softmax(tensor([1, 2]), 1)).toThrow(
      /softmax: axis 1 is out of range for a tensor of rank 1/,
    );
    expect(() => logSoftmax(tensor(1))).toThrow(/rank ≥ 1/);
    expect(() => leakyRelu(tensor([1]), Number.NaN)).toThrow(/negativeSlope must be a finite number/);
    expect(() => elu(tensor([1]), Number.POSITIVE_INFINITY)).toThrow(/alpha must be a finite number/);
    expect(() => gelu(tensor([1]), { approximate: 'yes' as unknown as boolean })).toThrow(
      /approximate must be a boolean/,
    );
    try {
      softmax(tensor([1, 2]), 5);
    } catch (e) {
      expect((e as TensorError).code).toBe('INVALID_AXIS');
    }
  });
});
