import { describe, expect, it } from 'vitest';
import { ACCUMULATORS, FLOP_PER_ITERATION, simdKernel, simdModuleBytes, UNROLL } from '../src/wasmSimd.js';

describe('the hand-assembled WASM SIMD loop', () => {
  it('validates and computes what it claims: 14 accumulators x ← 0.5·x + 1 converge to 2 each', () => {
    expect(simdModuleBytes().subarray(0, 8)).toEqual(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    const run = simdKernel();
    expect(run).not.toBeNull();
    // After one iteration (UNROLL updates) from 0.01·(i+1): known closed form, summed over lanes 0.
    let expected = 0;
    for (let i = 0; i < ACCUMULATORS; i++) {
      let v = Math.fround(0.01 * (i + 1));
      for (let u = 0; u < UNROLL; u++) v = Math.fround(Math.fround(v * 0.5) + 1);
      expected = Math.fround(expected + v);
    }
    expect(run!(1)).toBeCloseTo(expected, 5);
    expect(run!(1000)).toBe(2 * ACCUMULATORS);
  });

  it('counts unroll × accumulators × 4 lanes × 2 FLOP per iteration', () => {
    expect(FLOP_PER_ITERATION).toBe(UNROLL * ACCUMULATORS * 8);
  });
});
