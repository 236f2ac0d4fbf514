import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveMatmul } from '../src/cases/matmul.js';
import { compareOutputs, DisagreementError } from '../src/check.js';
import { nowOf } from '../src/clock.js';
import { runCase, SMOKE_BUDGET } from '../src/harness.js';
import type { BenchCase } from '../src/types.js';

describe('compareOutputs', () => {
  const ref = { y: Float32Array.of(1, -2, 3), loss: 0.5 };

  it('accepts identical outputs and reports zero error', () => {
    const a = compareOutputs('stepwise', { y: Float32Array.of(1, -2, 3), loss: 0.5 }, ref, 1e-6);
    expect(a).toMatchObject({ ok: true, maxAbsError: 0, scaledError: 0 });
  });

  it('scales the error by max(1, max |reference|) per output and names the worst output', () => {
    const a = compareOutputs('tfjs-cpu', { y: Float32Array.of(1, -2, 3.03), loss: 0.5 }, ref, 1e-2);
    expect(a.maxAbsError).toBeCloseTo(0.03, 6);
    expect(a.scaledError).toBeCloseTo(0.01, 6);
    expect(a.worstOutput).toBe('y');
    expect(compareOutputs('tfjs-cpu', { y: Float32Array.of(1, -2, 3.03), loss: 0.5 }, ref, 9e-3).ok).toBe(
      false,
    );
  });

  it('fails on NaN, a missing output or a length mismatch', () => {
    expect(compareOutputs('naive-js', { y: Float32Array.of(1, Number.NaN, 3), loss: 0.5 }, ref, 1).ok).toBe(
      false,
    );
    expect(compareOutputs('naive-js', { y: Float32Array.of(1, -2, 3) }, ref, 1).ok).toBe(false);
    expect(compareOutputs('naive-js', { y: Float32Array.of(1, -2), loss: 0.5 }, ref, 1).ok).toBe(false);
  });

  it('applies per-output tolerances', () => {
    const got = { y: Float32Array.of(1, -2, 3.5), loss: 0.5 };
    expect(compareOutputs('stepwise', got, ref, { y: 0.2, loss: 1e-9 }).ok).toBe(true);
    expect(compareOutputs('stepwise', got, ref, { y: 0.1, loss: 1e-9 }).ok).toBe(false);
  });
});

describe('runCase', () => {
  const fakeCase = (wrong: boolean): BenchCase => ({
    kernel: 'double',
    shape: '4',
    work: { bytes: 32 },
    tolerance: 1e-6,
    prepare: () => ({
      impls: {
        stepwise: { run: () => Float32Array.of(2, 4, 6, 8), read: (r) => ({ y: r as Float32Array }) },
        'naive-js': {
          run: () => Float32Array.of(2, 4, 6, wrong ? 9 : 8),
          read: (r) => ({ y: r as Float32Array }),
        },
      },
      skipped: { 'tfjs-cpu': 'not in this test' },
      dispose: () => {},
    }),
  });

  it('throws a DisagreementError naming the case and the output before timing anything', async () => {
    await expect(runCase(fakeCase(true), { tfjs: null }, SMOKE_BUDGET)).rejects.toThrow(DisagreementError);
    await expect(runCase(fakeCase(true), { tfjs: null }, SMOKE_BUDGET)).rejects.toThrow(
      /double 4: .*stepwise vs naive-js: y/,
    );
  });

  it('times agreeing implementations and reports throughput and skipped ones', async () => {
    const r = await runCase(
      fakeCase(false),
      { tfjs: null },
      { rounds: 2, roundMs: 1, warmupMs: 1, slowMs: 1e9, reuseCheckMs: 1e9 },
    );
    expect(r.reference).toBe('naive-js');
    expect(r.timings.map((t) => t.impl)).toEqual(['stepwise', 'naive-js']);
    for (const t of r.timings) {
      expect(t.samples).toBeGreaterThanOrEqual(2);
      expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
      expect(t.medianMs).toBeLessThanOrEqual(t.maxMs);
      expect(t.gbps).toBeCloseTo(32 / t.medianMs / 1e6, 9);
      expect(t.gflops).toBeUndefined();
    }
    expect(r.skipped).toEqual({ 'tfjs-cpu': 'not in this test' });
  });

  it('skips a peer that throws, naming the error; a throwing Stepwise fails the case', async () => {
    const throwing = (who: 'stepwise' | 'tfjs-wasm'): BenchCase => ({
      ...fakeCase(false),
      prepare: () => {
        const base = fakeCase(false).prepare({ tfjs: null });
        const bad = {
          run: () => {
            throw new Error('kernel not registered');
          },
          read: () => ({}),
        };
        return { ...base, impls: { ...base.impls, [who]: bad }, skipped: {} };
      },
    });
    const r = await runCase(throwing('tfjs-wasm'), { tfjs: null }, SMOKE_BUDGET);
    expect(r.skipped).toEqual({ 'tfjs-wasm': 'threw kernel not registered' });
    expect(r.timings.map((t) => t.impl)).toEqual(['stepwise', 'naive-js']);
    await expect(runCase(throwing('stepwise'), { tfjs: null }, SMOKE_BUDGET)).rejects.toThrow(
      'kernel not registered',
    );
  });

  it('times by process CPU time with the cpu clock', async () => {
    const r = await runCase(fakeCase(false), { tfjs: null }, SMOKE_BUDGET, 'cpu');
    for (const t of r.timings) expect(t.medianMs).toBeGreaterThanOrEqual(0);
    const now = nowOf('cpu');
    const t0 = now();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(now()).toBeGreaterThan(t0);
  });

  it('runs a stateful case checkRuns times before comparing', async () => {
    let calls = 0;
    const c: BenchCase = {
      ...fakeCase(false),
      checkRuns: 3,
      prepare: () => ({
        impls: { 'naive-js': { run: () => ++calls, read: (r) => ({ n: r as number }) } },
        skipped: {},
        dispose: () => {},
      }),
    };
    await runCase(
      c,
      { tfjs: null },
      { rounds: 0, roundMs: 0, warmupMs: 0, slowMs: 0, reuseCheckMs: 1e9 },
    ).catch(() => {});
    expect(calls).toBeGreaterThanOrEqual(3);
  });
});

describe('naiveMatmul (the reference loops)', () => {
  it('matches the definition for every transpose combination', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, k, n, ta, tb, seed) => {
          const a = Float32Array.from({ length: m * k }, (_, i) => Math.fround(Math.sin(seed + i)));
          const b = Float32Array.from({ length: k * n }, (_, i) => Math.fround(Math.cos(seed - i)));
          const at = (i: number, p: number): number => (ta ? a[p * m + i]! : a[i * k + p]!);
          const bt = (p: number, j: number): number => (tb ? b[j * k + p]! : b[p * n + j]!);
          const c = naiveMatmul(a, b, m, k, n, ta, tb);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
              expect(c[i * n + j]).toBeCloseTo(s, 5);
            }
          }
        },
      ),
    );
  });
});
