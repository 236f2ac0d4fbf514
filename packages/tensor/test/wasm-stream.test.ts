/**
 * The streaming WebAssembly SIMD kernels (`src/wasm/stream.ts`, `asm/stream.ts`) against the JavaScript
 * loops they replace: relu and its derivative bit for bit (NaN payloads, ±0, ±∞, subnormals included), Adam
 * within its documented bound (`f32x4`) and bit for bit (`f64x2`), the column statistics against
 * `sumKernel`/`varianceKernel`'s JavaScript paths; random lengths around the chunk size, aliasing
 * (in-place use), inputs left unchanged, WASM on and off, float64 arrays, the copy counters, bad arguments.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { mean, sum, TensorError, tensor, variance } from '../src/index.js';
import { sumKernel, varianceKernel } from '../src/kernels/reduce.js';
import { resetWasmCopyStats, setWasmEnabled, wasmCopyStats } from '../src/wasm/runtime.js';
import {
  adamApplyKernel,
  adamKernel,
  axpyKernel,
  momentumApplyKernel,
  reluGradKernel,
  reluKernel,
  scaleKernel,
  setAdamArithmetic,
  setStreamTuning,
  streamAvailable,
} from '../src/wasm/stream.js';

/** A small chunk so that short arrays span several chunks, and every size goes through WASM. */
const CHUNK = 64;

beforeEach(() => setStreamTuning({ chunk: CHUNK, columnChunk: 257, minElements: 0, minColumnElements: 0 }));
afterEach(() => {
  setWasmEnabled(true);
  setAdamArithmetic('f32');
  setStreamTuning();
});

// ---- reference loops (copied verbatim from the kernels they replace) ----------------------------

/** `@stepwise/nn`'s relu forward loop (packages/nn/src/activations/relu.ts). */
function nnRelu(out: Float32Array | Float64Array, x: Float32Array | Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    out[i] = Math.max(x[i]!, 0);
  }
}

/** `@stepwise/nn`'s relu backward loop. */
function nnReluGrad(
  out: Float32Array | Float64Array,
  g: Float32Array | Float64Array,
  x: Float32Array | Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
}

/** `@stepwise/optim`'s `adamLoop` (packages/optim/src/kernels/adam.ts). */
function optimAdam(
  uOut: Float32Array | Float64Array,
  muOut: Float32Array | Float64Array,
  nuOut: Float32Array | Float64Array,
  g: Float32Array | Float64Array,
  mu: Float32Array | Float64Array,
  nu: Float32Array | Float64Array,
  b1: number,
  b2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const n = g.length;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = b1 * mu[i]! + c1 * gi;
    const v = b2 * nu[i]! + c2 * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    uOut[i] = (m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps);
  }
}

// ---- arbitraries --------------------------------------------------------------------------------

/** Lengths: empty, tiny, around multiples of 4 and of the chunk, several chunks. */
const length = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 5, 7, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3, 5 * CHUNK),
  fc.integer({ min: 0, max: 6 * CHUNK + 5 }),
);

/** Special float32 values: ±0, ±∞, NaNs (quiet, signalling, with payloads and signs), subnormals. */
const SPECIAL_BITS = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xffa00000, 0x7fc12345,
  0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff,
];

/** Any float32 bit pattern, with the special ones often. */
const f32Bits = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_BITS) },
  { weight: 3, arbitrary: fc.float().map((v) => new Uint32Array(new Float32Array([v]).buffer)[0]!) },
);

const f32Array = (n: number): fc.Arbitrary<Float32Array> =>
  fc.array(f32Bits, { minLength: n, maxLength: n }).map((b) => new Float32Array(new Uint32Array(b).buffer));

const bitsOf = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Runs `f` with WASM on, then off; returns both results. */
function bothWays<T>(f: () => T): [T, T] {
  setWasmEnabled(true);
  const on = f();
  setWasmEnabled(false);
  const off = f();
  setWasmEnabled(true);
  return [on, off];
}

it('WASM SIMD is available on this engine (else the tests below would only test the fallback)', () => {
  expect(streamAvailable()).toBe(true);
});

// ---- relu ---------------------------------------------------------------------------------------

describe('reluKernel', () => {
  it('equals nn’s relu loop bit for bit, WASM on and off, for any bits and length', () => {
    fc.assert(
      fc.property(
        length.chain((n) => f32Array(n)),
        (x) => {
          const before = bitsOf(x);
          const ref = new Float32Array(x.length);
          nnRelu(ref, x, x.length);
          const [on, off] = bothWays(() => {
            const out = new Float32Array(x.length);
            reluKernel(x, out);
            return out;
          });
          expect(bitsOf(on)).toEqual(bitsOf(ref));
          expect(bitsOf(off)).toEqual(bitsOf(ref));
          expect(bitsOf(x)).toEqual(before); // input unchanged
        },
      ),
      { numRuns: 200 },
    );
  });

  it('in place (out === x) gives the same bits, WASM on and off', () => {
    fc.assert(
      fc.property(
        length.chain((n) => f32Array(n)),
        (x) => {
          const ref = new Float32Array(x.length);
          nnRelu(ref, x, x.length);
          const [on, off] = bothWays(() => {
            const y = x.slice();
            reluKernel(y, y);
            return y;
          });
          expect(bitsOf(on)).toEqual(bitsOf(ref));
          expect(bitsOf(off)).toEqual(bitsOf(ref));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the special values one by one: −0, −∞ → +0; +∞ stays; every NaN → NaN', () => {
    const x = new Float32Array([-0, 0, -Infinity, Infinity, Number.NaN, -1e-45, 1e-45, -3, 3]);
    const [on, off] = bothWays(() => {
      const out = new Float32Array(x.length);
      reluKernel(x, out);
      return out;
    });
    for (const out of [on, off]) {
      expect(Array.from(out).slice(0, 4)).toEqual([0, 0, 0, Infinity]);
      expect(Object.is(out[0], 0) && Object.is(out[1], 0) && Object.is(out[2], 0)).toBe(true);
      expect(Number.isNaN(out[4])).toBe(true);
      expect(Array.from(out).slice(5)).toEqual([0, Math.fround(1e-45), 0, 3]);
    }
  });

  it('float64 and mixed arrays run the JavaScript loop (same values as nn’s loop)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 3 * CHUNK }), (v) => {
        const x = Float64Array.from(v);
        const ref = new Float64Array(x.length);
        nnRelu(ref, x, x.length);
        const out = new Float64Array(x.length);
        reluKernel(x, out);
        expect(Array.from(out)).toEqual(Array.from(ref));
        const mixed = new Float32Array(x.length);
        reluKernel(x, mixed);
        expect(Array.from(mixed)).toEqual(Array.from(Float32Array.from(ref)));
      }),
      { numRuns: 50 },
    );
  });
});

// ---- relu derivative ----------------------------------------------------------------------------

describe('reluGradKernel', () => {
  const pair = length.chain((n) => fc.tuple(f32Array(n), f32Array(n)));

  it('equals nn’s relu backward loop bit for bit, WASM on and off', () => {
    fc.assert(
      fc.property(pair, ([x, dy]) => {
        const bx = bitsOf(x);
        const bdy = bitsOf(dy);
        const ref = new Float32Array(x.length);
        nnReluGrad(ref, dy, x, x.length);
        const [on, off] = bothWays(() => {
          const out = new Float32Array(x.length);
          reluGradKernel(x, dy, out);
          return out;
        });
        expect(bitsOf(on)).toEqual(bitsOf(ref));
        expect(bitsOf(off)).toEqual(bitsOf(ref));
        expect(bitsOf(x)).toEqual(bx);
        expect(bitsOf(dy)).toEqual(bdy);
      }),
      { numRuns: 200 },
    );
  });

  it('out may be x or dy itself', () => {
    fc.assert(
      fc.property(pair, ([x, dy]) => {
        const ref = new Float32Array(x.length);
        nnReluGrad(ref, dy, x, x.length);
        for (const on of [true, false]) {
          setWasmEnabled(on);
          const x1 = x.slice();
          reluGradKernel(x1, dy, x1);
          expect(bitsOf(x1)).toEqual(bitsOf(ref));
          const dy1 = dy.slice();
          reluGradKernel(x, dy1, dy1);
          expect(bitsOf(dy1)).toEqual(bitsOf(ref));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('float64 arrays: same values as nn’s loop; 0 at the kink and for a NaN input', () => {
    const x = new Float64Array([-1, 0, -0, Number.NaN, 2, Infinity]);
    const dy = new Float64Array([5, 6, 7, 8, 9, 10]);
    const out = new Float64Array(6);
    reluGradKernel(x, dy, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 9, 10]);
  });
});

// ---- Adam ---------------------------------------------------------------------------------------

/** Finite float32 values over many magnitudes, and the zeros and subnormals. */
const finite = (maxExp: number) =>
  fc.oneof(
    fc.float({
      noNaN: true,
      noDefaultInfinity: true,
      min: Math.fround(-(10 ** maxExp)),
      max: Math.fround(10 ** maxExp),
    }),
    fc.constantFrom(0, -0, 1e-45, -1e-45, 1e-40, 1.2e-38),
  );

interface AdamCase {
  g: Float32Array;
  mu: Float32Array;
  nu: Float32Array;
  t: number;
}

const adamCase: fc.Arbitrary<AdamCase> = length.chain((n) =>
  fc.record({
    g: fc.array(finite(15), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    mu: fc.array(finite(15), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    nu: fc
      .array(finite(30), { minLength: n, maxLength: n })
      .map((a) => Float32Array.from(a, (v) => Math.abs(v))),
    t: fc.integer({ min: 1, max: 100000 }),
  }),
);

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

function runAdam(c: AdamCase, kernel: typeof adamKernel = adamKernel): Float32Array[] {
  const n = c.g.length;
  const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const s1 = 1 / (1 - B1 ** c.t);
  const s2 = 1 / (1 - B2 ** c.t);
  kernel(out[0]!, out[1]!, out[2]!, c.g, c.mu, c.nu, B1, B2, EPS, 0, s1, s2);
  return out;
}

describe('adamKernel', () => {
  it('f32x4 (default): within the documented bound of optim’s float64 loop', () => {
    // Bound (measured max over 5·2²⁰ random elements: 2.0, 3 ulps and 2.98 for m, v, u; asserted with margin):
    // |Δm| ≤ 2·2⁻²⁴·(b1|mu| + c1|g|), |Δv| ≤ 3 ulps, |Δu| ≤ 3·2⁻²⁴·(|u| + (b1|mu| + c1|g|)·s1/den),
    // plus a few float32 subnormal steps absolute.
    const E = 2 ** -24;
    const TINY = 2 ** -147;
    fc.assert(
      fc.property(adamCase, (c) => {
        const ref = runAdam(c, optimAdam as typeof adamKernel);
        const [u, m, v] = runAdam(c);
        const s1 = 1 / (1 - B1 ** c.t);
        const s2 = 1 / (1 - B2 ** c.t);
        for (let i = 0; i < c.g.length; i++) {
          const mag = B1 * Math.abs(c.mu[i]!) + (1 - B1) * Math.abs(c.g[i]!);
          const den = Math.sqrt(ref[2]![i]! * s2) + EPS;
          const dm = Math.abs(m![i]! - ref[1]![i]!);
          const dv = Math.abs(v![i]! - ref[2]![i]!);
          const du = Math.abs(u![i]! - ref[0]![i]!);
          expect(dm).toBeLessThanOrEqual(2.5 * E * mag + TINY);
          expect(dv).toBeLessThanOrEqual(4 * E * ref[2]![i]! + TINY);
          expect(du).toBeLessThanOrEqual(
            4 * E * (Math.abs(ref[0]![i]!) + (mag * s1) / den) + TINY * (1 + s1 / den),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('f64x2 and the JavaScript fallback equal optim’s loop bit for bit', () => {
    fc.assert(
      fc.property(adamCase, (c) => {
        const ref = runAdam(c, optimAdam as typeof adamKernel);
        setAdamArithmetic('f64');
        const [on, off] = bothWays(() => runAdam(c));
        for (let k = 0; k < 3; k++) {
          expect(bitsOf(on[k]!)).toEqual(bitsOf(ref[k]!));
          expect(bitsOf(off[k]!)).toEqual(bitsOf(ref[k]!));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('in place (u === g, muOut === mu, nuOut === nu) gives the same results; inputs unchanged otherwise', () => {
    fc.assert(
      fc.property(adamCase, fc.constantFrom<'f32' | 'f64'>('f32', 'f64'), fc.boolean(), (c, arith, on) => {
        setAdamArithmetic(arith);
        setWasmEnabled(on);
        const before = [bitsOf(c.g), bitsOf(c.mu), bitsOf(c.nu)];
        const ref = runAdam(c);
        expect([bitsOf(c.g), bitsOf(c.mu), bitsOf(c.nu)]).toEqual(before);
        const g = c.g.slice();
        const mu = c.mu.slice();
        const nu = c.nu.slice();
        adamKernel(g, mu, nu, g, mu, nu, B1, B2, EPS, 0, 1 / (1 - B1 ** c.t), 1 / (1 - B2 ** c.t));
        expect([bitsOf(g), bitsOf(mu), bitsOf(nu)]).toEqual(ref.map(bitsOf));
      }),
      { numRuns: 100 },
    );
  });

  it('NaN and ±∞ gradients give NaN/∞ where the float64 loop does', () => {
    const g = new Float32Array([Number.NaN, Infinity, -Infinity, 1]);
    const z = new Float32Array(4);
    const c: AdamCase = { g, mu: z, nu: z, t: 1 };
    const ref = runAdam(c, optimAdam as typeof adamKernel);
    const [u, m, v] = runAdam(c);
    for (const [a, b] of [
      [u!, ref[0]!],
      [m!, ref[1]!],
      [v!, ref[2]!],
    ] as const) {
      for (let i = 0; i < 3; i++) expect(Number.isNaN(a[i]!)).toBe(Number.isNaN(b[i]!));
    }
    expect(m![1]).toBe(Infinity);
    expect(v![1]).toBe(Infinity);
  });

  it('float64 arrays run the JavaScript loop (equal to optim’s loop)', () => {
    const n = 3 * CHUNK + 1;
    const g = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
    const mu = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const nu = Float64Array.from({ length: n }, (_, i) => 1 + Math.sin(2 * i));
    const out = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const ref = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    adamKernel(out[0]!, out[1]!, out[2]!, g, mu, nu, B1, B2, EPS, 1e-12, 2, 3);
    optimAdam(ref[0]!, ref[1]!, ref[2]!, g, mu, nu, B1, B2, EPS, 1e-12, 2, 3);
    expect(out.map((a) => Array.from(a))).toEqual(ref.map((a) => Array.from(a)));
  });
});

// ---- copy counters, thresholds, errors ----------------------------------------------------------

// ---- scale and axpy (optim's scale, applyUpdates, addDecayedWeights) ----------------------------

/** `@stepwise/optim`'s `scaleLoop` and `axpyLoop` (packages/optim/src/kernels/elementwise.ts). */
function optimScale(out: Float32Array, x: Float32Array, s: number): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! * s;
}
function optimAxpy(out: Float32Array, y: Float32Array, a: number, x: Float32Array): void {
  if (a === 1) for (let i = 0; i < out.length; i++) out[i] = y[i]! + x[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = y[i]! + a * x[i]!;
}

/** Factors: 1 exactly (applyUpdates), negative learning rates, tiny, huge, non-finite. */
const factor = fc.oneof(
  fc.constantFrom(1, -1, 0, -0, 1e-3, -0.1, 1 / 3, 1e30, -1e-40, Number.POSITIVE_INFINITY, Number.NaN),
  fc.double({ noNaN: false }),
);

describe('scaleKernel and axpyKernel', () => {
  it('equal optim’s float64 loops bit for bit (any NaN for a NaN), WASM on and off, in place too', () => {
    // NaN payloads and signs are not specified by WebAssembly arithmetic; every NaN compares as one.
    const canon = (a: Float32Array): number[] =>
      bitsOf(a).map((b) => ((b & 0x7fffffff) > 0x7f800000 ? -1 : b));
    fc.assert(
      fc.property(
        length.chain((n) => fc.tuple(f32Array(n), f32Array(n))),
        factor,
        ([x, y], a) => {
          const n = x.length;
          const refS = new Float32Array(n);
          optimScale(refS, x, a);
          const refA = new Float32Array(n);
          optimAxpy(refA, y, a, x);
          const [on, off] = bothWays(() => {
            const s = new Float32Array(n);
            scaleKernel(x, a, s);
            const p = new Float32Array(n);
            axpyKernel(y, a, x, p);
            const inPlace = y.slice();
            axpyKernel(inPlace, a, x, inPlace);
            const xs = x.slice();
            scaleKernel(xs, a, xs);
            return [s, p, inPlace, xs].map(canon);
          });
          for (const r of [on, off]) {
            expect(r[0]).toEqual(canon(refS));
            expect(r[1]).toEqual(canon(refA));
            expect(r[2]).toEqual(canon(refA));
            expect(r[3]).toEqual(canon(refS));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('float64 arrays run the JavaScript loop; lengths must match', () => {
    const out = new Float64Array(2);
    axpyKernel(new Float64Array([1, 2]), 0.5, new Float64Array([2, 4]), out);
    expect(Array.from(out)).toEqual([2, 4]);
    scaleKernel(out, 0.25, out);
    expect(Array.from(out)).toEqual([0.5, 1]);
    expect(() => scaleKernel(new Float32Array(2), 1, new Float32Array(3))).toThrow(TensorError);
  });
});

describe('adamApplyKernel', () => {
  it('gives the same bits as adamKernel, scaleKernel and axpyKernel one after the other (WASM on and off, f32 and f64 arithmetic, in place)', () => {
    const canon = (a: Float32Array): number[] =>
      bitsOf(a).map((b) => ((b & 0x7fffffff) > 0x7f800000 ? -1 : b));
    fc.assert(
      fc.property(
        length,
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.constantFrom<'f32' | 'f64'>('f32', 'f64'),
        (n, b1, b2, t, scale, arithmetic) => {
          setAdamArithmetic(arithmetic);
          const g = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.9) * 3);
          const mu = Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 0.5);
          const nu = Float32Array.from({ length: n }, (_, i) => 1 + Math.sin(i * 0.3));
          const p = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 2.1) * 4);
          const s1 = 1 / (1 - b1 ** t);
          const s2 = 1 / (1 - b2 ** t);
          const [on, off] = bothWays(() => {
            const [u, m, v, q] = [
              new Float32Array(n),
              new Float32Array(n),
              new Float32Array(n),
              new Float32Array(n),
            ];
            adamKernel(u, m, v, g, mu, nu, b1, b2, 1e-8, 0, s1, s2);
            scaleKernel(u, scale, u);
            axpyKernel(p, 1, u, q);
            const [fm, fv] = [mu.slice(), nu.slice()];
            const fp = p.slice();
            adamApplyKernel(fp, fm, fv, fp, g, fm, fv, b1, b2, 1e-8, 0, s1, s2, scale);
            return [[q, m, v].map(canon), [fp, fm, fv].map(canon)];
          });
          for (const [unfused, fused] of [on, off]) expect(fused).toEqual(unfused);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('float64 arrays: the float64 formula', () => {
    const p = new Float64Array([1]);
    const m = new Float64Array([0]);
    const v = new Float64Array([0]);
    adamApplyKernel(p, m, v, p, new Float64Array([2]), m, v, 0.5, 0.5, 0, 0, 2, 2, -0.1);
    // m = 1, v = 2, u = (1·2)/√(2·2) = 1, p = 1 − 0.1
    expect([p[0], m[0], v[0]]).toEqual([0.9, 1, 2]);
  });
});

describe('momentumApplyKernel', () => {
  it('gives the same bits as optim’s trace (or Nesterov) loop, scaleKernel and axpyKernel one after the other', () => {
    const canon = (a: Float32Array): number[] =>
      bitsOf(a).map((b) => ((b & 0x7fffffff) > 0x7f800000 ? -1 : b));
    fc.assert(
      fc.property(
        length,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.boolean(),
        (n, decay, scale, nesterov) => {
          const g = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.9) * 3);
          const t = Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 0.5);
          const p = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 2.1) * 4);
          // The unfused reference: optim's trace/nesterov loops (float64, rounded on store), then the kernels.
          const tRef = new Float32Array(n);
          const u = new Float32Array(n);
          for (let i = 0; i < n; i++) {
            const ti = g[i]! + decay * t[i]!;
            tRef[i] = ti;
            u[i] = nesterov ? g[i]! + decay * ti : tRef[i]!;
          }
          const pRef = new Float32Array(n);
          scaleKernel(u, scale, u);
          axpyKernel(p, 1, u, pRef);
          const [on, off] = bothWays(() => {
            const [fp, ft] = [p.slice(), t.slice()];
            momentumApplyKernel(fp, ft, fp, g, ft, decay, scale, nesterov);
            return [canon(fp), canon(ft)];
          });
          for (const r of [on, off]) expect(r).toEqual([canon(pRef), canon(tRef)]);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('copies and dispatch', () => {
  it('counts the bytes each kernel copies in and out, one call per kernel call; none when off or small', () => {
    const n = 1000;
    const x = new Float32Array(n);
    resetWasmCopyStats();
    reluKernel(x, x);
    expect(wasmCopyStats()).toEqual({ bytesIn: 4 * n, bytesOut: 4 * n, calls: 1 });
    resetWasmCopyStats();
    reluGradKernel(x, x, new Float32Array(n));
    expect(wasmCopyStats()).toEqual({ bytesIn: 8 * n, bytesOut: 4 * n, calls: 1 });
    resetWasmCopyStats();
    adamKernel(x, x.slice(), x.slice(), x.slice(), x.slice(), x.slice(), B1, B2, EPS, 0, 1, 1);
    expect(wasmCopyStats()).toEqual({ bytesIn: 12 * n, bytesOut: 12 * n, calls: 1 });
    resetWasmCopyStats();
    sumKernel(x, 1, 10, 100, new Float32Array(100));
    expect(wasmCopyStats()).toEqual({ bytesIn: 4 * n, bytesOut: 8 * 100, calls: 1 });
    resetWasmCopyStats();
    varianceKernel(x, 1, 10, 100, 0, new Float32Array(100), false);
    expect(wasmCopyStats()).toEqual({ bytesIn: 4 * n, bytesOut: 16 * 100, calls: 1 });
    // Off, float64, or below the size threshold: the JavaScript loops, no copies.
    resetWasmCopyStats();
    setWasmEnabled(false);
    reluKernel(x, x);
    sumKernel(x, 1, 10, 100, new Float32Array(100));
    setWasmEnabled(true);
    reluKernel(new Float64Array(n), new Float64Array(n));
    setStreamTuning({ minElements: n + 1, minColumnElements: n + 1 });
    reluKernel(x, x);
    varianceKernel(x, 1, 10, 100, 0, new Float32Array(100), false);
    expect(wasmCopyStats().calls).toBe(0);
  });

  it('rejects arrays of different lengths and non-float arrays with a TensorError naming the problem', () => {
    const f = new Float32Array(3);
    expect(() => reluKernel(f, new Float32Array(4))).toThrow(TensorError);
    expect(() => reluKernel(f, new Float32Array(4))).toThrow(/reluKernel: out has 4 elements but x has 3/);
    expect(() => reluGradKernel(f, f, new Int32Array(3) as unknown as Float32Array)).toThrow(
      /reluGradKernel: out must be a Float32Array or Float64Array, got Int32Array/,
    );
    expect(() => adamKernel(f, f, f, f, new Float32Array(2), f, B1, B2, EPS, 0, 1, 1)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => reluKernel([1, 2] as unknown as Float32Array, f)).toThrow(
      expect.objectContaining({ code: 'DTYPE_MISMATCH' }),
    );
  });
});

// ---- column statistics --------------------------------------------------------------------------

describe('column statistics (axis 0 of float32 [outer, rows, cols])', () => {
  const dims = fc.record({
    outer: fc.integer({ min: 1, max: 3 }),
    rows: fc.integer({ min: 0, max: 70 }),
    cols: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(4095, 4096, 4097, 8200)),
    offset: fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    scale: fc.constantFrom(1e-3, 1, 1e3),
    seed: fc.integer(),
  });

  const data = (d: {
    outer: number;
    rows: number;
    cols: number;
    offset: number;
    scale: number;
    seed: number;
  }) => {
    const n = d.outer * d.rows * d.cols;
    const x = new Float32Array(n);
    let s = d.seed >>> 0 || 1;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i] = d.offset + (s / 2 ** 32 - 0.5) * d.scale;
    }
    return x;
  };

  it('column sums equal the JavaScript float64 sums to float64 rounding', () => {
    fc.assert(
      fc.property(dims, (d) => {
        if (d.outer * d.rows * d.cols > 400_000) return;
        const x = data(d);
        const before = bitsOf(x);
        const [on, off] = bothWays(() => {
          const out = new Float64Array(d.outer * d.cols);
          sumKernel(x, d.outer, d.rows, d.cols, out);
          return out;
        });
        for (let i = 0; i < on.length; i++) {
          const bound = 1e-13 * d.rows * (Math.abs(d.offset) + d.scale);
          expect(Math.abs(on[i]! - off[i]!)).toBeLessThanOrEqual(bound);
        }
        expect(bitsOf(x)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('variances (ddof 0 and 1, and std) equal the two-pass JavaScript kernel far below float32 rounding, even at mean 1e9', () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(0, 1), fc.boolean(), (d, ddof, root) => {
        if (d.outer * d.rows * d.cols > 400_000) return;
        const x = data(d);
        const [on, off] = bothWays(() => {
          const out = new Float64Array(d.outer * d.cols);
          varianceKernel(x, d.outer, d.rows, d.cols, ddof, out, root);
          return out;
        });
        for (let i = 0; i < on.length; i++) {
          if (Number.isNaN(off[i]!)) expect(on[i]).toBeNaN();
          // float32 data of spread `scale` around `offset`: both results carry a float64 rounding error of
          // about rows · 2⁻⁵³ · (spread² + ulp(offset)²); float32 rounding is 2⁻²⁴ relative.
          else expect(Math.abs(on[i]! - off[i]!)).toBeLessThanOrEqual(2 ** -30 * off[i]! + 1e-300);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rows in sorted order (the first chunk’s mean far from the mean) still agree far below float32 rounding', () => {
    setStreamTuning();
    const rows = 20000;
    const cols = 784; // 125 rows per chunk: the shift is the mean of the 125 smallest rows
    const x = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) x[r * cols + c] = 1e6 + r * (1 + c / cols);
    const [on, off] = bothWays(() => {
      const out = new Float64Array(cols);
      varianceKernel(x, 1, rows, cols, 0, out, false);
      return out;
    });
    for (let c = 0; c < cols; c++) expect(Math.abs(on[c]! - off[c]!)).toBeLessThanOrEqual(2 ** -30 * off[c]!);
  });

  it('a constant column has variance exactly 0, WASM on and off', () => {
    const x = new Float32Array(300 * 8).fill(1e4 + 0.1);
    const [on, off] = bothWays(() => variance(tensor(x, { shape: [300, 8] }), 0).toArray());
    expect(on).toEqual(new Array(8).fill(0));
    expect(off).toEqual(on);
  });

  it('the public ops agree within float32 rounding, WASM on and off (mean 1e9 included)', () => {
    setStreamTuning();
    for (const [rows, cols, offset] of [
      [256, 64, 0],
      [256, 64, 1e9],
      [3000, 5, 1e4],
      [64, 4100, -7],
    ] as const) {
      const v = new Float32Array(rows * cols);
      for (let i = 0; i < v.length; i++) v[i] = offset + Math.sin(i * 12.9898) * 1.7;
      const x = tensor(v, { shape: [rows, cols] });
      resetWasmCopyStats();
      const [on, off] = bothWays(() =>
        [sum(x, 0), mean(x, 0), variance(x, 0)].map((t) => t.toArray() as number[]),
      );
      expect(wasmCopyStats().calls).toBe(3);
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < cols; i++) {
          const a = on[k]![i]!;
          const b = off[k]![i]!;
          expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 2 ** -23);
        }
      }
    }
  });
});
