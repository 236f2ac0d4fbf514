import { isTensor, random, type Tensor, tensor, tree } from '@stepwise/tensor';
import { expect } from 'vitest';

/** The bytes of a tensor's elements (a copy). */
export const bytesOf = (t: Tensor): Uint8Array => {
  const d = t.data();
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
};

/**
 * A deep snapshot of a value where every tensor is replaced by `{ dtype, shape, bytes }`, so that
 * `expect(snapshot(a)).toEqual(snapshot(b))` compares trees bit for bit (NaN, −0 included).
 */
export function snapshot(v: unknown): unknown {
  if (isTensor(v)) return { dtype: v.dtype, shape: [...v.shape], bytes: [...bytesOf(v)] };
  if (Array.isArray(v)) return v.map(snapshot);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.keys(v).map((k) => [k, snapshot((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** Expects two trees to be bit-identical (structure, dtypes, shapes and bytes). */
export function expectSameBits(a: unknown, b: unknown): void {
  expect(snapshot(a)).toEqual(snapshot(b));
}

/** True when two trees differ in at least one bit. */
export const differ = (a: unknown, b: unknown): boolean =>
  JSON.stringify(snapshot(a)) !== JSON.stringify(snapshot(b));

/**
 * A linearly separable two-class problem with a margin: x uniform in [-2, 2]^features, label
 * [w·x + 0.3 > 0] with w = (1, -0.5, 1, -0.5, …); points within 0.1 of the boundary are dropped.
 */
export function separable(key: Tensor, n: number, features: number): { x: Tensor; y: Tensor } {
  const all = random.uniform(key, [4 * n, features], { min: -2, max: 2 }).data();
  const xs = new Float32Array(n * features);
  const ys = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < 4 * n && m < n; i++) {
    let z = 0.3;
    for (let j = 0; j < features; j++) z += (j % 2 === 0 ? 1 : -0.5) * all[i * features + j]!;
    if (Math.abs(z) < 0.1) continue;
    for (let j = 0; j < features; j++) xs[m * features + j] = all[i * features + j]!;
    ys[m++] = z > 0 ? 1 : 0;
  }
  return {
    x: tensor(xs, { shape: [n, features] }),
    y: tensor(ys, { shape: [n], dtype: 'int32' }),
  };
}

/** Number of tensor leaves. */
export const leafCount = (t: unknown): number => tree.leaves(t).length;
