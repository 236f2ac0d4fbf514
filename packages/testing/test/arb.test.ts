import { test as fcTest } from '@fast-check/vitest';
import { add, isTensor, random, type Tensor, tree, zeros } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { arb, fc } from '../src/index.js';

const sample = <T>(a: fc.Arbitrary<T>, seed: number, numRuns = 30): T[] => fc.sample(a, { seed, numRuns });

/** Reference NumPy broadcast, written independently of the arbitrary's own helper. */
function numpyBroadcast(shapes: ReadonlyArray<readonly number[]>): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 1; k <= rank; k++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - k] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) return null;
      d = v;
    }
    out.unshift(d);
  }
  return out;
}

describe('arb.shape', () => {
  it('honours rank and side bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (minRank, extraRank, minSide, extraSide, seed) => {
          const c = { minRank, maxRank: minRank + extraRank, minSide, maxSide: minSide + extraSide };
          for (const s of sample(arb.shape(c), seed, 10)) {
            expect(s.length).toBeGreaterThanOrEqual(c.minRank);
            expect(s.length).toBeLessThanOrEqual(c.maxRank);
            for (const d of s) {
              expect(Number.isInteger(d)).toBe(true);
              expect(d).toBeGreaterThanOrEqual(c.minSide);
              expect(d).toBeLessThanOrEqual(c.maxSide);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });
  it('is deterministic for a seed', () => {
    expect(sample(arb.shape(), 42)).toEqual(sample(arb.shape(), 42));
    expect(sample(arb.shape(), 42)).not.toEqual(sample(arb.shape(), 43));
  });
  it('rejects impossible constraints', () => {
    expect(() => arb.shape({ minRank: 3, maxRank: 2 })).toThrow('maxRank 2 < minRank 3');
    expect(() => arb.shape({ minSide: -1 })).toThrow('minSide must be a non-negative integer');
  });
});

describe('arb.broadcastableShapes', () => {
  it('gives shapes that broadcast to the stated result (NumPy rules and the add op agree)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1_000_000 }), (n, seed) => {
        for (const { shapes, result } of sample(arb.broadcastableShapes(n, { minSide: 0 }), seed, 10)) {
          expect(shapes).toHaveLength(n);
          expect(numpyBroadcast(shapes)).toEqual(result);
          const sum = shapes.reduce<Tensor>((acc, s) => add(acc, zeros(s)), zeros([]));
          expect(sum.shape).toEqual(result);
        }
      }),
      { numRuns: 40 },
    );
  });
  it('produces real broadcasting (size-1 axes and missing leading axes), not only equal shapes', () => {
    const all = sample(arb.broadcastableShapes(2, { minRank: 1, minSide: 2 }), 7, 300);
    expect(all.some(({ shapes: [a, b] }) => a!.length !== b!.length)).toBe(true);
    expect(all.some(({ shapes }) => shapes.some((s) => s.includes(1)))).toBe(true);
    expect(all.some(({ shapes: [a, b] }) => a!.join() === b!.join())).toBe(true);
  });
  it('honours the rank bounds on every operand', () => {
    for (const { shapes, result } of sample(arb.broadcastableShapes(3, { minRank: 1, maxRank: 2 }), 3, 100)) {
      for (const s of shapes) expect(s.length >= 1 && s.length <= 2).toBe(true);
      expect(result.length).toBeLessThanOrEqual(2);
    }
  });
  it('is deterministic and validates n', () => {
    expect(sample(arb.broadcastableShapes(3), 9)).toEqual(sample(arb.broadcastableShapes(3), 9));
    expect(() => arb.broadcastableShapes(0)).toThrow('n must be a positive integer');
  });
});

describe('arb.tensor', () => {
  it('float32 values are finite, within bounds and exactly representable', () => {
    const a = arb.tensor({ dtype: 'float32', min: -0.1, max: 3.3 });
    for (const t of sample(a, 5, 100)) {
      expect(t.dtype).toBe('float32');
      for (const v of t.data()) {
        expect(Number.isFinite(v)).toBe(true);
        expect(Math.fround(v)).toBe(v);
        expect(v).toBeGreaterThanOrEqual(-0.1);
        expect(v).toBeLessThanOrEqual(3.3);
      }
    }
  });
  it('float64 uses the full double precision and the default bounds [-10, 10]', () => {
    const vals = sample(arb.tensor({ dtype: 'float64' }), 11, 100).flatMap((t) => Array.from(t.data()));
    expect(vals.every((v) => Number.isFinite(v) && v >= -10 && v <= 10)).toBe(true);
    expect(vals.some((v) => Math.fround(v) !== v)).toBe(true);
  });
  it('int32 and bool tensors hold integers and booleans', () => {
    for (const t of sample(arb.tensor({ dtype: 'int32', min: -3, max: 4 }), 1, 50)) {
      expect(t.dtype).toBe('int32');
      for (const v of t.data()) expect(v >= -3 && v <= 4 && Number.isInteger(v)).toBe(true);
    }
    for (const t of sample(arb.tensor({ dtype: 'bool' }), 1, 50)) {
      expect(t.dtype).toBe('bool');
      for (const v of t.data()) expect(v === 0 || v === 1).toBe(true);
    }
  });
  it('takes a fixed shape or an arbitrary of shapes', () => {
    for (const t of sample(arb.tensor({ shape: [2, 3] }), 2, 20)) expect(t.shape).toEqual([2, 3]);
    for (const t of sample(arb.tensor({ shape: arb.shape({ minRank: 2, maxRank: 2, maxSide: 2 }) }), 2, 20)) {
      expect(t.rank).toBe(2);
      expect(t.shape.every((d) => d <= 2)).toBe(true);
    }
  });
  it('minMagnitude keeps values away from zero; subnormals are flushed unless allowed', () => {
    for (const t of sample(arb.tensor({ dtype: 'float64', minMagnitude: 0.5, min: -2, max: 2 }), 4, 100)) {
      for (const v of t.data()) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.5);
    }
    const tiny = (v: number) => v !== 0 && Math.abs(v) < 1.1754943508222875e-38;
    const flushed = sample(arb.tensor({ dtype: 'float32' }), 6, 300).flatMap((t) => Array.from(t.data()));
    expect(flushed.some(tiny)).toBe(false);
    const kept = sample(arb.tensor({ dtype: 'float32', allowSubnormal: true }), 6, 300).flatMap((t) =>
      Array.from(t.data()),
    );
    expect(kept.some(tiny)).toBe(true);
  });
  it('draws NaN and infinities only when asked', () => {
    const plain = sample(arb.tensor({ dtype: 'float32', shape: [8] }), 8, 200).flatMap((t) =>
      Array.from(t.data()),
    );
    expect(plain.every(Number.isFinite)).toBe(true);
    const wild = sample(
      arb.tensor({ dtype: 'float32', shape: [8], allowNaN: true, allowInfinity: true }),
      8,
      200,
    ).flatMap((t) => Array.from(t.data()));
    expect(wild.some(Number.isNaN)).toBe(true);
    expect(wild.some((v) => v === Number.POSITIVE_INFINITY)).toBe(true);
    expect(wild.some((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
  });
  it('is deterministic for a seed (bit-identical values)', () => {
    const a = sample(arb.tensor({ dtype: 'float64' }), 123).map((t) => Array.from(t.data()));
    const b = sample(arb.tensor({ dtype: 'float64' }), 123).map((t) => Array.from(t.data()));
    expect(a).toEqual(b);
  });
  it('rejects bad bounds', () => {
    expect(() => arb.tensor({ min: 2, max: 1 })).toThrow('need min <= max');
    expect(() => arb.tensor({ min: -1, max: 1, minMagnitude: 2 })).toThrow('minMagnitude');
  });
});

describe('arb.tree', () => {
  const depth = (t: unknown): number =>
    isTensor(t) || t === null || typeof t !== 'object'
      ? 0
      : 1 + Math.max(0, ...Object.values(t as Record<string, unknown>).map(depth));
  it('gives pytrees the tree functions accept, within the depth and breadth bounds', () => {
    for (const t of sample(arb.tree({ maxDepth: 3, maxBreadth: 2 }), 13, 100)) {
      expect(depth(t)).toBeLessThanOrEqual(3);
      const [leaves, def] = tree.flatten(t);
      expect(leaves.every(isTensor)).toBe(true);
      expect(tree.structureEqual(tree.unflatten(def, leaves), t)).toBe(true);
    }
  });
  it('maxDepth 0 gives a lone leaf; leaf arbitrary and statics are honoured', () => {
    for (const t of sample(arb.tree({ maxDepth: 0 }), 1, 20)) expect(isTensor(t)).toBe(true);
    const leaf = arb.tensor({ dtype: 'int32', shape: [2] });
    for (const t of sample(arb.tree({ leaf }), 1, 50)) {
      for (const l of tree.leaves(t)) expect(l.dtype === 'int32' && l.shape.join() === '2').toBe(true);
    }
    const withStatics = sample(arb.tree({ withStatics: true, minBreadth: 1 }), 3, 200);
    const hasStatic = (t: unknown): boolean =>
      !isTensor(t) && (t === null || typeof t !== 'object' || Object.values(t as object).some(hasStatic));
    expect(withStatics.some(hasStatic)).toBe(true);
    expect(sample(arb.tree(), 3, 200).some(hasStatic)).toBe(false);
  });
  it('is deterministic for a seed', () => {
    const show = (t: unknown) => fc.stringify(t);
    expect(sample(arb.tree(), 5).map(show)).toEqual(sample(arb.tree(), 5).map(show));
  });
});

describe('arb.key', () => {
  it('gives int32[2] keys made by random.key, deterministic for a seed, shrinking to key(0)', () => {
    const keys = sample(arb.key(), 17, 50);
    for (const k of keys) {
      expect(k.dtype).toBe('int32');
      expect(k.shape).toEqual([2]);
    }
    expect(new Set(keys.map((k) => Array.from(k.data()).join())).size).toBeGreaterThan(1);
    expect(sample(arb.key(), 17, 50).map((k) => k.toArray())).toEqual(keys.map((k) => k.toArray()));
    const r = fc.check(
      fc.property(arb.key(), () => false),
      { seed: 1 },
    );
    expect(r.failed).toBe(true);
    expect((r.counterexample as [Tensor])[0].toArray()).toEqual(random.key(0).toArray());
  });
});

describe('works with @fast-check/vitest', () => {
  fcTest.prop([arb.broadcastableShapes(2)])(
    'add broadcasts to the stated result',
    ({ shapes: [a, b], result }) => {
      expect(add(zeros(a!), zeros(b!)).shape).toEqual(result);
    },
  );
});
