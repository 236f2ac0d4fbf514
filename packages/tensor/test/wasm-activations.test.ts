/**
 * The WebAssembly SIMD activation kernels (`src/wasm/activations.ts`, `asm/activations.ts`) against float64
 * references within their documented bounds: dense sweeps of float32 inputs and fast-check properties
 * over all float32 values (±0, ±∞, subnormals, NaN included); special values; aliasing (`out === x`);
 * lengths 0, 1, 3, odd, and several chunks; inputs left unchanged; WASM on and off (off: the float64
 * JavaScript loops, rounded once); float64 arrays; the copy counters; bad arguments.
 *
 * Bounds (measured over 4.4 million float32 inputs, `scripts/wasm-activations-measure.ts` for speed):
 * max error in float32 ulps of the reference where `|ref| ≥ 1e−3`, and everywhere an absolute error of
 * at most `ABS·max(1, |ref|)` (which covers the zeros of the derivatives, where ulps are meaningless).
 * Measured maxima: sigmoid 2.7, tanh 1.3, elu 0.9, selu 1.7, gelu 5.7, gelu (tanh) 3.3, silu 3.4,
 * softplus 3.0, mish 4.5, sigmoid' 1.9, tanh' 1.9, elu' 1.3, selu' 2.7 ulps; absolute ≤ 2.1e−7. After the
 * faster sigmoid and elu kernels (degree-6/7 polynomials), over 11.6 million inputs
 * (`wasm-activations-measure.ts ulps`; before → after): sigmoid 2.49 → 2.48, elu 0.93 → 0.82, selu 1.65 → 1.76,
 * elu' 1.60 → 1.57, selu' 2.59 → 2.59 ulps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { TensorError } from '../src/index.js';
import { erf } from '../src/kernels/erf.js';
import {
  eluGradKernel,
  eluKernel,
  geluKernel,
  geluWithDerivativeKernel,
  mishKernel,
  mishWithDerivativeKernel,
  setActivationTuning,
  sigmoidGradKernel,
  sigmoidKernel,
  siluKernel,
  siluWithDerivativeKernel,
  softplusKernel,
  softplusWithDerivativeKernel,
  tanhGradKernel,
  tanhKernel,
} from '../src/wasm/activations.js';
import { resetWasmCopyStats, setWasmEnabled, wasmAvailable, wasmCopyStats } from '../src/wasm/runtime.js';

/** A small chunk so that short arrays span several chunks, and every size goes through WASM. */
const CHUNK = 64;

beforeEach(() => setActivationTuning({ chunk: CHUNK, minElements: 0 }));
afterEach(() => {
  setWasmEnabled(true);
  setActivationTuning();
});

type Arr = Float32Array | Float64Array;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** Absolute bound, relative to `max(1, |ref|)`. */
const ABS = 3e-7;

/** A kernel under test: its outputs (value, and derivative when it has one) for inputs `x`. */
interface Case {
  readonly name: string;
  /** Bound in ulps where `|ref| ≥ 1e−3` (value output). */
  readonly ulps: number;
  /** Whether the second output (a derivative) is checked in absolute terms only. */
  readonly run: (x: Arr) => Arr[];
}

const G = 1.5;
const like = (x: Arr): Arr =>
  x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
const grad = (f: (y: Arr, g: Arr, o: Arr) => void, pre: ((x: Arr, o: Arr) => void) | null) => (x: Arr) => {
  // the prepared input (y = f(x)) is computed in float32 for both runs, so they see the same values
  const input = like(x);
  if (pre) {
    const p = new Float32Array(x.length);
    pre(Float32Array.from(x), p);
    input.set(p);
  } else input.set(x);
  const g = input instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  g.fill(G);
  const o = input instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  f(input, g, o);
  return [o];
};
const unary = (f: (x: Arr, o: Arr) => void) => (x: Arr) => {
  const o = like(x);
  f(x, o);
  return [o];
};
const withD = (f: (x: Arr, o: Arr, d: Arr) => void) => (x: Arr) => {
  const o = like(x);
  const d = like(x);
  f(x, o, d);
  return [o, d];
};

const CASES: readonly Case[] = [
  { name: 'sigmoid', ulps: 3, run: unary(sigmoidKernel) },
  { name: 'tanh', ulps: 2, run: unary(tanhKernel) },
  { name: 'elu', ulps: 2, run: unary((x, o) => eluKernel(x, o)) },
  { name: 'elu α=0.5', ulps: 2, run: unary((x, o) => eluKernel(x, o, 0.5)) },
  { name: 'selu', ulps: 2, run: unary((x, o) => eluKernel(x, o, SELU_ALPHA, SELU_SCALE)) },
  { name: 'gelu', ulps: 6, run: withD((x, o, d) => geluWithDerivativeKernel(x, o, d)) },
  { name: 'gelu fwd', ulps: 6, run: unary((x, o) => geluKernel(x, o)) },
  { name: 'gelu tanh', ulps: 4, run: withD((x, o, d) => geluWithDerivativeKernel(x, o, d, true)) },
  { name: 'gelu tanh fwd', ulps: 4, run: unary((x, o) => geluKernel(x, o, true)) },
  { name: 'silu', ulps: 4, run: withD(siluWithDerivativeKernel) },
  { name: 'silu fwd', ulps: 4, run: unary(siluKernel) },
  { name: 'softplus', ulps: 4, run: withD(softplusWithDerivativeKernel) },
  { name: 'softplus fwd', ulps: 4, run: unary(softplusKernel) },
  { name: 'mish', ulps: 5, run: withD(mishWithDerivativeKernel) },
  { name: 'mish fwd', ulps: 5, run: unary(mishKernel) },
  { name: 'sigmoid grad', ulps: 3, run: grad(sigmoidGradKernel, sigmoidKernel) },
  { name: 'tanh grad', ulps: 3, run: grad(tanhGradKernel, tanhKernel) },
  { name: 'elu grad', ulps: 3, run: grad((x, g, o) => eluGradKernel(x, g, o), null) },
  {
    name: 'selu grad',
    ulps: 3,
    run: grad((x, g, o) => eluGradKernel(x, g, o, SELU_ALPHA, SELU_SCALE), null),
  },
];

/** One float32 ulp at `v` (the spacing of float32 values around it; the subnormal spacing at least). */
function ulp(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * The worst violation of the bounds of `got` (float32, WASM) against `ref` (float64 loop on the same
 * float32 inputs), or null. NaN must match NaN; infinities must match exactly.
 */
function violation(x: Float32Array, got: Arr, ref: Arr, ulps: number | null): string | null {
  for (let i = 0; i < x.length; i++) {
    const g = got[i]!;
    const r = ref[i]!;
    if (Number.isNaN(r) || Number.isNaN(g)) {
      if (Number.isNaN(r) !== Number.isNaN(g)) return `x=${x[i]}: got ${g}, want ${r}`;
      continue;
    }
    if (!Number.isFinite(r) || !Number.isFinite(g)) {
      if (Math.fround(r) !== g) return `x=${x[i]}: got ${g}, want ${r}`;
      continue;
    }
    const e = Math.abs(g - r);
    if (e > ABS * Math.max(1, Math.abs(r))) return `x=${x[i]}: got ${g}, want ${r} (abs error ${e})`;
    if (ulps !== null && Math.abs(r) >= 1e-3 && e > ulps * ulp(r)) {
      return `x=${x[i]}: got ${g}, want ${r} (${(e / ulp(r)).toFixed(2)} ulps > ${ulps})`;
    }
  }
  return null;
}

/** Checks every output of `c` on float32 inputs `x` against the float64 loops on the same values. */
function expectWithinBounds(c: Case, x: Float32Array): void {
  const got = c.run(x);
  const ref = c.run(Float64Array.from(x));
  for (let k = 0; k < got.length; k++) {
    expect(violation(x, got[k]!, ref[k]!, k === 0 ? c.ulps : null), `${c.name} output ${k}`).toBeNull();
  }
}

/** A dense sweep: `count` evenly spaced values in [lo, hi]. */
function sweep(lo: number, hi: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + ((hi - lo) * i) / (count - 1);
  return out;
}

/** Every 65521st float32 bit pattern: all magnitudes and both signs, NaNs and subnormals included. */
function bitPatterns(): Float32Array {
  const u = new Uint32Array(Math.floor(2 ** 32 / 65521));
  for (let i = 0; i < u.length; i++) u[i] = i * 65521;
  return new Float32Array(u.buffer);
}

const SPECIAL = new Float32Array([
  0,
  -0,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  2 ** -149,
  -(2 ** -149),
  2 ** -126,
  -(2 ** -126),
  3.4028234663852886e38,
  -3.4028234663852886e38,
  88.72,
  -88.72,
  89,
  -104,
  -110,
  0.625,
  -0.625,
  0.75,
  -0.75,
  14,
  -14,
  12,
  -12,
  1e-8,
  -1e-8,
]);

describe.skipIf(!wasmAvailable())('WASM activation kernels vs float64 references', () => {
  for (const c of CASES) {
    it(`${c.name}: dense sweeps, every magnitude and the special values within the bound`, () => {
      expectWithinBounds(c, sweep(-20, 20, 40001));
      expectWithinBounds(c, sweep(-1, 1, 20001));
      expectWithinBounds(c, bitPatterns());
      expectWithinBounds(c, SPECIAL);
    });

    it(`${c.name}: any float32 values (property)`, () => {
      fc.assert(
        fc.property(fc.float32Array({ maxLength: 300 }), (x) => {
          expectWithinBounds(c, x);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('special values', () => {
  const f = (run: (x: Arr) => Arr[], v: readonly number[], k = 0): number[] =>
    Array.from(run(Float32Array.from(v))[k]!);
  for (const wasm of [true, false]) {
    it(`limits and signed zeros (WASM ${wasm ? 'on' : 'off'})`, () => {
      setWasmEnabled(wasm);
      const inf = Number.POSITIVE_INFINITY;
      expect(f(unary(sigmoidKernel), [inf, -inf, 0, Number.NaN])).toEqual([1, 0, 0.5, Number.NaN]);
      expect(f(unary(tanhKernel), [inf, -inf, -0, Number.NaN])).toEqual([1, -1, -0, Number.NaN]);
      expect(
        f(
          unary((x, o) => eluKernel(x, o, 2)),
          [-inf, -0, inf],
        ),
      ).toEqual([-2, -0, inf]);
      // zeros keep the sign of λα·expm1(±0): α > 0 runs WASM, other α the float64 loop
      expect(
        f(
          unary((x, o) => eluKernel(x, o, SELU_ALPHA, SELU_SCALE)),
          [-0, 0],
        ),
      ).toEqual([-0, 0]);
      expect(
        f(
          unary((x, o) => eluKernel(x, o, -0.5)),
          [-0, 0, 2, -inf],
        ),
      ).toEqual([0, -0, 2, 0.5]);
      expect(
        f(
          unary((x, o) => geluKernel(x, o)),
          [inf, -0, 0, -inf],
        ),
      ).toEqual([inf, -0, 0, Number.NaN]);
      expect(
        f(
          unary((x, o) => geluKernel(x, o, true)),
          [inf, -0, -1e30],
        ),
      ).toEqual([inf, -0, -0]);
      expect(f(unary(siluKernel), [inf, -0])).toEqual([inf, -0]);
      expect(f(unary(softplusKernel), [inf, -inf, 1000])).toEqual([inf, 0, 1000]);
      expect(f(unary(mishKernel), [inf, -0, 1000])).toEqual([inf, -0, 1000]);
      expect(f(withD(softplusWithDerivativeKernel), [inf, -inf], 1)).toEqual([1, 0]);
      expect(
        f(
          withD((x, o, d) => geluWithDerivativeKernel(x, o, d)),
          [40, -40, 0],
          1,
        ),
      ).toEqual([1, 0, 0.5]);
      expect(
        f(
          withD((x, o, d) => geluWithDerivativeKernel(x, o, d, true)),
          [40, -40, 1e30, inf, -inf],
          1,
        ),
      ).toEqual([1, 0, 1, 1, 0]);
      expect(
        f(
          grad((x, g, o) => eluGradKernel(x, g, o, 2), null),
          [0, 1, -inf],
        ),
      ).toEqual([2 * G, G, 0]);
    });
  }

  it('the float64 loops agree with independent formulas', () => {
    const x = Float64Array.from([-7, -2.5, -1, -0.3, 0.2, 1, 3, 9]);
    const y = new Float64Array(x.length);
    geluKernel(x, y);
    x.forEach((v, i) => {
      expect(y[i]).toBeCloseTo(0.5 * v * (1 + erf(v / Math.SQRT2)), 14);
    });
    sigmoidKernel(x, y);
    x.forEach((v, i) => {
      expect(y[i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 15);
    });
    mishKernel(x, y);
    x.forEach((v, i) => {
      expect(y[i]).toBeCloseTo(v * Math.tanh(Math.log1p(Math.exp(v))), 14);
    });
  });
});

describe('lengths, aliasing, immutability, WASM on and off', () => {
  const lengths = [0, 1, 3, 4, 5, 63, 64, 65, 257, 1000];
  const rand = (n: number, seed: number): Float32Array => {
    let s = seed;
    return Float32Array.from({ length: n }, () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s / 2147483648 - 0.5) * 16;
    });
  };

  for (const c of CASES) {
    it(`${c.name}: every length; inputs unchanged; WASM off is the float64 loop rounded once`, () => {
      for (const n of lengths) {
        const x = rand(n, n + 1);
        const copy = x.slice();
        const on = c.run(x);
        expect(x).toEqual(copy);
        expect(violation(x, on[0]!, c.run(Float64Array.from(x))[0]!, c.ulps)).toBeNull();
        setWasmEnabled(false);
        const off = c.run(x);
        const ref = c.run(Float64Array.from(x));
        for (let k = 0; k < off.length; k++)
          expect(Array.from(off[k]!)).toEqual(Array.from(ref[k]!, Math.fround));
        setWasmEnabled(true);
      }
    });
  }

  it('in place: out === x (and out === dy) gives the same values', () => {
    const n = 300;
    const x = rand(n, 5);
    const kernels: Array<[(x: Arr, o: Arr) => void, string]> = [
      [sigmoidKernel, 'sigmoid'],
      [tanhKernel, 'tanh'],
      [(a, o) => eluKernel(a, o, 1.5), 'elu'],
      [(a, o) => geluKernel(a, o), 'gelu'],
      [(a, o) => geluKernel(a, o, true), 'gelu tanh'],
      [siluKernel, 'silu'],
      [softplusKernel, 'softplus'],
      [mishKernel, 'mish'],
      [(a, o) => geluWithDerivativeKernel(a, o, new Float32Array(a.length)), 'gelu+d'],
      [(a, o) => siluWithDerivativeKernel(a, o, new Float32Array(a.length)), 'silu+d'],
      [(a, o) => softplusWithDerivativeKernel(a, o, new Float32Array(a.length)), 'softplus+d'],
      [(a, o) => mishWithDerivativeKernel(a, o, new Float32Array(a.length)), 'mish+d'],
      [(a, o) => eluGradKernel(a, a, o), 'eluGrad x=dy'],
    ];
    for (const [k, name] of kernels) {
      const fresh = new Float32Array(n);
      k(x, fresh);
      const inPlace = x.slice();
      k(inPlace, inPlace);
      expect(Array.from(inPlace), name).toEqual(Array.from(fresh));
    }
    const y = x.map((v) => 1 / (1 + Math.exp(-v)));
    const g = rand(n, 9);
    const want = new Float32Array(n);
    sigmoidGradKernel(y, g, want);
    const gInPlace = g.slice();
    sigmoidGradKernel(y, gInPlace, gInPlace);
    expect(gInPlace).toEqual(want);
    const yInPlace = y.slice();
    tanhGradKernel(yInPlace, g, yInPlace);
    const want2 = new Float32Array(n);
    tanhGradKernel(y, g, want2);
    expect(yInPlace).toEqual(want2);
  });

  it('deterministic: the same input gives bit-identical outputs, whatever the chunk size', () => {
    const x = rand(1000, 3);
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    geluKernel(x, a);
    setActivationTuning({ chunk: 4, minElements: 0 });
    geluKernel(x, b);
    expect(b).toEqual(a);
  });

  it.skipIf(!wasmAvailable())('counts the bytes copied in and out', () => {
    resetWasmCopyStats();
    const x = rand(100, 1);
    sigmoidKernel(x, new Float32Array(100));
    sigmoidGradKernel(x, x, new Float32Array(100));
    geluWithDerivativeKernel(x, new Float32Array(100), new Float32Array(100));
    expect(wasmCopyStats()).toEqual({ bytesIn: 400 + 800 + 400, bytesOut: 400 + 400 + 800, calls: 3 });
    setActivationTuning({ chunk: CHUNK, minElements: 101 });
    resetWasmCopyStats();
    sigmoidKernel(x, new Float32Array(100));
    sigmoidKernel(Float64Array.from(x), new Float64Array(100));
    expect(wasmCopyStats().calls).toBe(0);
  });

  it('float64 and mixed arrays run the float64 loops', () => {
    const x = rand(50, 2);
    const o64 = new Float64Array(50);
    softplusKernel(Float64Array.from(x), o64);
    const mixed = new Float32Array(50);
    softplusKernel(Float64Array.from(x), mixed);
    expect(Array.from(mixed)).toEqual(Array.from(o64, Math.fround));
    x.forEach((v, i) => {
      expect(o64[i]).toBe(Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    });
  });
});

describe('bad arguments', () => {
  const code = (f: () => void): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TensorError);
      return `${(e as TensorError).code}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  it('names the kernel, the argument and the problem', () => {
    const a = new Float32Array(3);
    expect(code(() => sigmoidKernel([1, 2, 3] as unknown as Float32Array, a))).toBe(
      'DTYPE_MISMATCH: sigmoidKernel: x must be a Float32Array or Float64Array, got Array',
    );
    expect(code(() => tanhKernel(a, new Float32Array(2)))).toBe(
      'SHAPE_MISMATCH: tanhKernel: out has 2 elements but x has 3',
    );
    expect(code(() => eluKernel(a, a, Number.NaN))).toBe(
      'INVALID_ARGUMENT: eluKernel: alpha must be a finite number, got NaN',
    );
    expect(code(() => geluWithDerivativeKernel(a, a, a))).toBe(
      'INVALID_ARGUMENT: geluWithDerivativeKernel: d must not be the same memory as out',
    );
    expect(code(() => sigmoidGradKernel(a, new Int32Array(3) as unknown as Float32Array, a))).toBe(
      'DTYPE_MISMATCH: sigmoidGradKernel: dy must be a Float32Array or Float64Array, got Int32Array',
    );
  });
});
