/**
 * The WebAssembly SIMD matmul kernel against the reference JavaScript kernel (float64 accumulation): random
 * shapes with odd sizes and block edges, every transpose combination, offsets into larger buffers, an
 * error bound derived from float32 rounding; determinism, immutability, the copy counter, the fallback when
 * WASM is disabled (option and `STEPWISE_WASM=0`), and the public op on both paths.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { cast, matmul, type Tensor, tensor } from '../src/index.js';
import { matmulKernel } from '../src/kernels/matmul.js';
import { wasmMatmulF32 } from '../src/wasm/matmul.js';
import {
  detectFlavor,
  moduleBytes,
  resetWasmCopyStats,
  setWasmEnabled,
  wasmApi,
  wasmAvailable,
  wasmCopyStats,
} from '../src/wasm/runtime.js';

afterEach(() => setWasmEnabled(true));

/** Deterministic values in [-1, 1) from a seed (never all zeros). */
function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = (seed >>> 0) % 2147483646 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return v;
}

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  aOff: number;
  bOff: number;
  cOff: number;
  seed: number;
}

/** Reference `op(A)·op(B)` in float64 and the bound `Σₚ |op(A)ᵢₚ|·|op(B)ₚⱼ|` of each element. */
function reference(a: Float32Array, b: Float32Array, t: Case): { ref: Float64Array; mag: Float64Array } {
  const { m, n, k, transA, transB, aOff, bOff } = t;
  const a64 = Float64Array.from(a.subarray(aOff, aOff + m * k));
  const b64 = Float64Array.from(b.subarray(bOff, bOff + k * n));
  const ref = new Float64Array(m * n);
  const mag = new Float64Array(m * n);
  matmulKernel(a64, 0, b64, 0, ref, 0, m, n, k, transA, transB);
  matmulKernel(a64.map(Math.abs), 0, b64.map(Math.abs), 0, mag, 0, m, n, k, transA, transB);
  return { ref, mag };
}

/** Runs the WASM kernel on a case and checks every element against the float32 rounding bound. */
function checkCase(t: Case): void {
  const { m, n, k, transA, transB, aOff, bOff, cOff, seed } = t;
  const a = values(aOff + m * k + 3, seed);
  const b = values(bOff + k * n + 5, seed + 1);
  const aCopy = a.slice();
  const bCopy = b.slice();
  const c = new Float32Array(cOff + m * n + 2).fill(7);
  expect(wasmMatmulF32(a, aOff, b, bOff, c, cOff, m, n, k, transA, transB)).toBe(true);
  const { ref, mag } = reference(a, b, t);
  // Each product and each of the k sums rounds once in float32 (relative 2⁻²⁴), plus the final rounding.
  const u = 2 ** -24;
  for (let i = 0; i < m * n; i++) {
    const err = Math.abs(c[cOff + i]! - ref[i]!);
    const bound = (k + 2) * u * mag[i]! + u * Math.abs(ref[i]!) + 1e-30;
    if (!(err <= bound)) {
      throw new Error(
        `element ${i} of ${JSON.stringify(t)}: ${c[cOff + i]} vs ${ref[i]} (error ${err} > ${bound})`,
      );
    }
  }
  // Outside the output block, nothing is written; the inputs are bit-identical.
  for (let i = 0; i < cOff; i++) expect(c[i]).toBe(7);
  for (let i = cOff + m * n; i < c.length; i++) expect(c[i]).toBe(7);
  expect(sameBits(a, aCopy)).toBe(true);
  expect(sameBits(b, bCopy)).toBe(true);
}

/** Bitwise equality of two float32 arrays (`toEqual` is slow on large typed arrays). */
function sameBits(x: Float32Array, y: Float32Array): boolean {
  const p = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const q = new Uint32Array(y.buffer, y.byteOffset, y.length);
  return p.length === q.length && p.every((v, i) => v === q[i]);
}

const odd = fc.constantFrom(1, 2, 3, 5, 6, 7, 8, 9, 12, 13, 17, 33, 65, 73);
const caseArb = (dims: fc.Arbitrary<number>): fc.Arbitrary<Case> =>
  fc.record({
    m: dims,
    n: dims,
    k: dims,
    transA: fc.boolean(),
    transB: fc.boolean(),
    aOff: fc.integer({ min: 0, max: 9 }),
    bOff: fc.integer({ min: 0, max: 9 }),
    cOff: fc.integer({ min: 0, max: 9 }),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
  });

const describeWasm = detectFlavor() === null ? describe.skip : describe;

describeWasm('wasm matmul kernel vs the JavaScript reference', () => {
  it('odd sizes, every transpose combination, offsets (property)', () => {
    fc.assert(fc.property(caseArb(odd), checkCase), { numRuns: 150 });
  });

  it('random sizes up to 100 (property)', () => {
    fc.assert(fc.property(caseArb(fc.integer({ min: 1, max: 100 })), checkCase), { numRuns: 60 });
  });

  it('block edges: depth over KC = 256, rows over MC = 72, columns over NC = 512, all combinations', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        checkCase({ m: 79, n: 523, k: 517, transA, transB, aOff: 1, bOff: 2, cOff: 3, seed: 11 });
        checkCase({ m: 145, n: 17, k: 257, transA, transB, aOff: 0, bOff: 0, cOff: 0, seed: 12 });
      }
    }
  });

  it('is deterministic (bit-identical on repeated calls)', () => {
    const a = values(61 * 300, 3);
    const b = values(300 * 47, 4);
    const c1 = new Float32Array(61 * 47);
    const c2 = new Float32Array(61 * 47);
    wasmMatmulF32(a, 0, b, 0, c1, 0, 61, 47, 300, true, false);
    wasmMatmulF32(a, 0, b, 0, c2, 0, 61, 47, 300, true, false);
    expect(sameBits(c1, c2)).toBe(true);
  });

  it('counts the bytes copied in and out', () => {
    resetWasmCopyStats();
    const c = new Float32Array(10 * 30);
    wasmMatmulF32(values(10 * 20, 1), 0, values(20 * 30, 2), 0, c, 0, 10, 30, 20, false, false);
    expect(wasmCopyStats()).toEqual({ bytesIn: (10 * 20 + 20 * 30) * 4, bytesOut: 10 * 30 * 4, calls: 1 });
    resetWasmCopyStats();
    expect(wasmCopyStats()).toEqual({ bytesIn: 0, bytesOut: 0, calls: 0 });
  });

  it('detects relaxed SIMD by validating the relaxed binary, and falls back to plain SIMD', () => {
    const relaxed = wasmApi()!.validate(moduleBytes('relaxed'));
    expect(detectFlavor()).toBe(relaxed ? 'relaxed' : 'simd');
    expect(wasmApi()!.validate(moduleBytes('simd'))).toBe(true);
  });
});

describe('fallback to the JavaScript kernel', () => {
  it('setWasmEnabled(false): the WASM kernel declines and writes nothing; matmul still agrees', () => {
    const a = values(40 * 50, 5);
    const b = values(50 * 30, 6);
    const fast = matmul(tensor(a, { shape: [40, 50] }), tensor(b, { shape: [30, 50] }), { transposeB: true });
    setWasmEnabled(false);
    expect(wasmAvailable()).toBe(false);
    const c = new Float32Array(40 * 30).fill(3);
    expect(wasmMatmulF32(a, 0, b, 0, c, 0, 40, 30, 50, false, true)).toBe(false);
    expect(c.every((v) => v === 3)).toBe(true);
    resetWasmCopyStats();
    const slow = matmul(tensor(a, { shape: [40, 50] }), tensor(b, { shape: [30, 50] }), { transposeB: true });
    expect(wasmCopyStats().calls).toBe(0);
    const f = fast.data() as Float32Array;
    const s = slow.data() as Float32Array;
    for (let i = 0; i < f.length; i++) expect(Math.abs(f[i]! - s[i]!)).toBeLessThan(1e-5);
  });

  it('STEPWISE_WASM=0 in the environment disables the WASM kernels', async () => {
    vi.stubEnv('STEPWISE_WASM', '0');
    vi.resetModules();
    try {
      const rt = await import('../src/wasm/runtime.js');
      expect(rt.wasmAvailable()).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describeWasm('matmul op on the WASM path', () => {
  const t = (v: Float32Array, shape: number[]): Tensor => tensor(v, { shape });
  it('float32 products use the WASM kernel and agree with float64 in every transpose combination', () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      const a = t(values(37 * 41, 8), transposeA ? [41, 37] : [37, 41]);
      const b = t(values(41 * 29, 9), transposeB ? [29, 41] : [41, 29]);
      resetWasmCopyStats();
      const y = matmul(a, b, { transposeA, transposeB });
      expect(wasmCopyStats().calls).toBe(1);
      const y64 = matmul(cast(a, 'float64'), cast(b, 'float64'), { transposeA, transposeB });
      const d32 = y.data();
      const d64 = y64.data();
      for (let i = 0; i < d32.length; i++) expect(Math.abs(d32[i]! - d64[i]!)).toBeLessThan(2e-5);
    }
  });

  it('batched float32 products with broadcast batch axes', () => {
    const a = t(values(2 * 3 * 9 * 31, 10), [2, 3, 9, 31]);
    const b = t(values(3 * 31 * 23, 11), [3, 31, 23]);
    resetWasmCopyStats();
    const y = matmul(a, b).data();
    expect(wasmCopyStats().calls).toBe(6);
    const y64 = matmul(cast(a, 'float64'), cast(b, 'float64')).data();
    for (let i = 0; i < y.length; i++) expect(Math.abs(y[i]! - y64[i]!)).toBeLessThan(2e-5);
  });
});
