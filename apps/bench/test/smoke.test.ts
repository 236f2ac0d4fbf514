import { beforeAll, describe, expect, it } from 'vitest';
import { allCases } from '../src/cases/index.js';
import { runCase, SMOKE_BUDGET } from '../src/harness.js';
import { loadTfPeers, type TfPeers } from '../src/peers/tfjs.js';
import { IMPLS } from '../src/types.js';

// Every kernel once at one tiny size, every implementation, outputs compared. Never timings.
let tfjs: TfPeers;
beforeAll(async () => {
  tfjs = await loadTfPeers();
});

describe('smoke: every kernel, every implementation, outputs agree', () => {
  it('has a tiny size for every kernel of the full profile', () => {
    const kernels = (p: 'full' | 'quick' | 'smoke'): string[] =>
      [...new Set(allCases(p).map((c) => c.kernel))].sort();
    expect(kernels('smoke')).toEqual(kernels('full'));
    expect(kernels('quick')).toEqual(kernels('full'));
  });

  for (const c of allCases('smoke')) {
    it(`${c.kernel} ${c.shape}`, async () => {
      const r = await runCase(c, { tfjs }, SMOKE_BUDGET);
      expect(r.skipped).toEqual({});
      expect(r.timings.map((t) => t.impl)).toEqual([...IMPLS]);
      expect(r.reference).toBe('naive-js');
      expect(r.agreements).toHaveLength(IMPLS.length - 1);
      for (const a of r.agreements) expect(a.ok, `${a.impl}: ${a.worstOutput} ${a.scaledError}`).toBe(true);
    });
  }
});
