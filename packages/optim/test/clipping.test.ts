import { tensor, tree } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipByNorm, clipByValue, globalNorm } from '../src/index.js';
import { cosine, flat, gradTreeArb, norm } from './helpers.js';

const maxArb = fc.double({ min: 0, max: 30, noNaN: true });
const clip = (t: ReturnType<typeof clipByGlobalNorm>, g: unknown): unknown => t.update(g, t.init(g))[0];

describe('globalNorm', () => {
  it('is the L2 norm of all elements together (float64 reference)', () => {
    fc.assert(
      fc.property(gradTreeArb(), (g) => {
        const ref = norm(flat(g));
        expect(Math.abs(globalNorm(g) - ref)).toBeLessThanOrEqual(1e-12 * (1 + ref));
      }),
    );
  });

  it('neither overflows nor underflows for float64 extremes, and propagates NaN/Infinity', () => {
    expect(globalNorm({ a: tensor([3e200, 4e200], { dtype: 'float64' }) })).toBeCloseTo(5e200, -190);
    expect(globalNorm({ a: tensor([3e-200, 4e-200], { dtype: 'float64' }) }) / 5e-200).toBeCloseTo(1, 12);
    expect(globalNorm({ a: tensor([1, Number.NaN]) })).toBeNaN();
    expect(globalNorm({ a: tensor([1, Number.POSITIVE_INFINITY]) })).toBe(Number.POSITIVE_INFINITY);
    expect(globalNorm({})).toBe(0);
  });
});

describe('clipByGlobalNorm', () => {
  it('bounds the global norm by max (within float32 rounding)', () => {
    fc.assert(
      fc.property(gradTreeArb(), maxArb, (g, max) => {
        expect(globalNorm(clip(clipByGlobalNorm(max), g))).toBeLessThanOrEqual(max * (1 + 1e-6) + 1e-30);
      }),
    );
  });

  it('is the exact identity (same tensors) when the norm is <= max', () => {
    fc.assert(
      fc.property(gradTreeArb(), fc.double({ min: 1, max: 4, noNaN: true }), (g, k) => {
        const out = clip(clipByGlobalNorm(globalNorm(g) * k), g);
        const a = tree.leaves(g);
        tree.leaves(out).forEach((x, i) => expect(x).toBe(a[i]));
      }),
    );
  });

  it('scales every leaf by the one factor min(1, max/norm): direction kept, cosine 1', () => {
    fc.assert(
      fc.property(gradTreeArb(), maxArb, (g, max) => {
        const n = globalNorm(g);
        fc.pre(n > 1e-30 && max > 1e-30);
        const before = flat(g);
        const after = flat(clip(clipByGlobalNorm(max), g));
        expect(cosine(before, after)).toBeCloseTo(1, 6);
        const f = Math.min(1, max / n);
        // 1e-44 covers float32 results in the subnormal range.
        before.forEach((x, i) =>
          expect(Math.abs(after[i]! - x * f)).toBeLessThanOrEqual(1e-6 * Math.abs(x * f) + 1e-44),
        );
      }),
    );
  });

  // Bounds inside float32's normal range: below 2^-126 a float32 leaf scaled to the bound rounds to a
  // subnormal with a relative error far above 2^-24, the clipped norm can exceed the bound, and a second clip
  // legitimately rescales every leaf (e.g. max 1.66e-43 with a float32 leaf at 2^-126 moves a float64 leaf
  // by 0.4%).
  const normalMaxArb = fc.oneof(fc.constant(0), fc.double({ min: 2 ** -126, max: 30, noNaN: true }));

  it('is idempotent (up to float32 rounding) for bounds in the normal float32 range', () => {
    fc.assert(
      fc.property(gradTreeArb(), normalMaxArb, (g, max) => {
        const once = clip(clipByGlobalNorm(max), g);
        const twice = flat(clip(clipByGlobalNorm(max), once));
        flat(once).forEach((x, i) =>
          expect(Math.abs(twice[i]! - x)).toBeLessThanOrEqual(2e-7 * Math.abs(x) + 1e-300),
        );
      }),
    );
  });

  it('keeps zero gradients zero with max 0 (no NaN), and clips anything else with max 0 to zero', () => {
    fc.assert(
      fc.property(gradTreeArb(), (g) => {
        const zeros = tree.map(
          (x) => tensor(new Array(x.size).fill(0), { shape: x.shape, dtype: x.dtype }),
          g,
        );
        expect(flat(clip(clipByGlobalNorm(0), zeros)).every((x) => x === 0)).toBe(true);
        expect(flat(clip(clipByGlobalNorm(0), g)).every((x) => x === 0)).toBe(true);
      }),
    );
  });

  it('turns every element into NaN when some element is NaN or infinite (never silently zero)', () => {
    fc.assert(
      fc.property(gradTreeArb(), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.nat(), (g, bad, k) => {
        const [leaves, def] = tree.flatten(g);
        const i = k % leaves.length;
        const v = leaves[i]!.data();
        v[k % v.length] = bad;
        leaves[i] = tensor(v, { shape: leaves[i]!.shape });
        const out = flat(clip(clipByGlobalNorm(1), tree.unflatten(def, leaves)));
        expect(out.every(Number.isNaN)).toBe(true);
      }),
    );
  });

  it('clips float64 trees whose squares overflow', () => {
    const g = { a: tensor([3e200, 4e200], { dtype: 'float64' }) };
    const out = flat(clip(clipByGlobalNorm(1), g));
    expect(out[0]).toBeCloseTo(0.6, 14);
    expect(out[1]).toBeCloseTo(0.8, 14);
    const tiny = flat(clip(clipByGlobalNorm(0), { a: tensor([1e-200], { dtype: 'float64' }) }));
    expect(tiny).toEqual([0]);
  });
});

describe('clipByNorm (per leaf)', () => {
  it('bounds each leaf norm by max and leaves small leaves exactly unchanged', () => {
    fc.assert(
      fc.property(gradTreeArb(), maxArb, (g, max) => {
        const inLeaves = tree.leaves(g);
        tree.leaves(clip(clipByNorm(max), g)).forEach((x, i) => {
          const n0 = norm(flat(inLeaves[i]));
          expect(norm(flat(x))).toBeLessThanOrEqual(max * (1 + 1e-6) + 1e-30);
          if (n0 <= max * (1 - 1e-9)) expect(x).toBe(inLeaves[i]);
          else if (n0 > 1e-30 && max > 1e-30) expect(cosine(flat(inLeaves[i]), flat(x))).toBeCloseTo(1, 6);
        });
      }),
    );
  });

  it('differs from the global clip: each leaf gets its own factor; one leaf = global', () => {
    const g = { a: tensor([3, 4]), b: tensor([0.6, 0.8]) };
    expect(flat(clip(clipByNorm(1), g))).toEqual(flat({ a: tensor([0.6, 0.8]), b: tensor([0.6, 0.8]) }));
    const global = flat(clip(clipByGlobalNorm(1), g));
    const n = Math.sqrt(26);
    global.forEach((x, i) => expect(x).toBeCloseTo(flat(g)[i]! / n, 6));
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float32', shape: [5] }), maxArb, (x, max) => {
        expect(flat(clip(clipByNorm(max), x))).toEqual(flat(clip(clipByGlobalNorm(max), x)));
      }),
    );
  });

  it('turns only the leaf holding NaN/Infinity into NaN; zeros with max 0 stay zero', () => {
    const out = clip(clipByNorm(1), { a: tensor([3, 4]), b: tensor([Infinity, 0]) }) as Record<string, never>;
    expect(flat(out['a'])).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(flat(out['b']).every(Number.isNaN)).toBe(true);
    expect(flat(clip(clipByNorm(0), { a: tensor([0, 0]) }))).toEqual([0, 0]);
  });
});

describe('clipByValue', () => {
  it('bounds every element, keeps elements within range, and is idempotent', () => {
    fc.assert(
      fc.property(gradTreeArb(), maxArb, (g, max) => {
        const once = clip(clipByValue(max), g);
        const a = flat(g);
        flat(once).forEach((x, i) => {
          expect(Math.abs(x)).toBeLessThanOrEqual(Math.max(max, Math.fround(max)));
          if (Math.abs(a[i]!) <= max) expect(x).toBe(a[i]);
        });
        expect(flat(clip(clipByValue(max), once))).toEqual(flat(once));
      }),
    );
  });

  it('keeps NaN (so applyIfFinite sees it) and maps ±Infinity to ±max', () => {
    expect(flat(clip(clipByValue(2), tensor([Number.NaN, Infinity, -Infinity])))).toEqual([
      Number.NaN,
      2,
      -2,
    ]);
    const g = { a: tensor([5, -5]) };
    expect(tree.leaves(clip(clipByValue(Infinity), g))[0]).toBe(g.a);
  });
});
