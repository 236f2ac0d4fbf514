/**
 * Buffer donation: a donated tensor's memory is reused by the op that consumes it, results never change,
 * and every tensor that shared the donated memory throws `DONATED` instead of showing overwritten values.
 */
import { describe, expect, it } from 'vitest';
import { arb, fc } from '../../testing/src/index.js';
import {
  add,
  donate,
  exp,
  grad,
  greater,
  isDonated,
  mul,
  neg,
  recycle,
  reshape,
  sum,
  type Tensor,
  TensorError,
  tensor,
  zeros,
} from '../src/index.js';
import { claimDonated, readBuffer, recycledBytes, setRecycleLimit, withdrawDonation } from '../src/kernel.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof TensorError ? e.code : `not a TensorError: ${String(e)}`;
  }
  return undefined;
};

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(new Float32Array(t.data()).buffer));

describe('donate', () => {
  it('keeps the values and consumes the donor and its views', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const view = reshape(x, [4]);
    const d = donate(x);
    expect(isDonated(d)).toBe(true);
    expect(d.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    for (const t of [x, view]) {
      expect(codeOf(() => t.toArray())).toBe('DONATED');
      expect(codeOf(() => t.data())).toBe('DONATED');
      expect(codeOf(() => add(t, 1))).toBe('DONATED');
      expect(String(t)).toContain('<donated>');
    }
    expect(codeOf(() => tensor(5).item())).toBeUndefined();
  });

  it('an elementwise op writes into the donated memory and consumes the donated tensor', () => {
    const d = donate(tensor([1, 2, 3]));
    const before = readBuffer(d).buffer;
    const y = add(d, 1);
    expect(y.toArray()).toEqual([2, 3, 4]);
    expect(before.byteLength).toBe(0); // the memory moved to the output
    expect(codeOf(() => d.toArray())).toBe('DONATED');
    expect(isDonated(y)).toBe(false);
  });

  it('never changes a result: unary and binary ops, either operand donated, broadcasting', () => {
    fc.assert(
      fc.property(
        arb.broadcastableShapes(2),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1 }),
        ({ shapes: [sa, sb] }, which, opIndex) => {
          const n = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);
          const a = tensor(
            Float32Array.from({ length: n(sa!) }, (_, i) => Math.sin(i + 1) * 3),
            { shape: sa! },
          );
          const b = tensor(
            Float32Array.from({ length: n(sb!) }, (_, i) => Math.cos(i) * 2),
            { shape: sb! },
          );
          const op = opIndex === 0 ? add : mul;
          const expected = bits(op(a, b));
          const a2 = tensor(a.data(), { shape: sa! });
          const b2 = tensor(b.data(), { shape: sb! });
          const got =
            which === 0 ? op(donate(a2), b2) : which === 1 ? op(a2, donate(b2)) : op(donate(a2), donate(b2));
          expect(bits(got)).toEqual(expected);
          const u = tensor(a.data(), { shape: sa! });
          expect(bits(exp(donate(u)))).toEqual(bits(exp(a)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is not taken when the output differs in size or dtype, or the same tensor is both operands', () => {
    const col = donate(tensor([[1], [2]]));
    expect(add(col, tensor([[10, 20]])).toArray()).toEqual([
      [11, 21],
      [12, 22],
    ]);
    expect(col.toArray()).toEqual([[1], [2]]);
    const d = donate(tensor([1, -1]));
    expect(greater(d, 0).dtype).toBe('bool');
    expect(d.toArray()).toEqual([1, -1]);
    expect(mul(d, d).toArray()).toEqual([1, 1]);
    expect(d.toArray()).toEqual([1, -1]);
  });

  it('is ignored while tracing: recorded inputs stay readable for the backward pass', () => {
    const c = donate(tensor([2, 3]));
    const g = grad((p: Tensor) => sum(mul(p, c)))(tensor([1, 1]));
    expect(g.toArray()).toEqual([2, 3]);
    expect(c.toArray()).toEqual([2, 3]);
    const inner = grad((p: Tensor) => {
      const q = donate(p);
      expect(q).toBe(p);
      return sum(mul(q, q));
    })(tensor([1, 2]));
    expect(inner.toArray()).toEqual([2, 4]);
  });

  it('donates every tensor of a pytree and leaves other leaves as they are', () => {
    const tree = { w: tensor([1, 2]), layers: [tensor([3]), { b: tensor([4, 5]) }] };
    const d = donate(tree);
    expect(isDonated(d.w) && isDonated(d.layers[0] as Tensor)).toBe(true);
    expect((d.layers[1] as { b: Tensor }).b.toArray()).toEqual([4, 5]);
    expect(codeOf(() => tree.w.toArray())).toBe('DONATED');
  });

  it('leaves leaves that share memory undonated and valid', () => {
    const a = tensor([1, 2, 3, 4]);
    const d = donate({ a, again: a, view: reshape(a, [2, 2]), b: tensor([5]) });
    expect(isDonated(d.a) || isDonated(d.again) || isDonated(d.view)).toBe(false);
    expect(isDonated(d.b)).toBe(true);
    expect(a.toArray()).toEqual([1, 2, 3, 4]);
  });

  it('leaves empty tensors and views of a larger buffer undonated and valid', () => {
    const e = tensor([]);
    expect(isDonated(donate(e))).toBe(false);
    expect(e.toArray()).toEqual([]);
  });

  it('claimDonated hands a kernel writable memory; withdrawDonation keeps a tensor valid', () => {
    const x = donate(tensor([1, 2, 3]));
    const taken = claimDonated(x)!;
    expect(Array.from(taken)).toEqual([1, 2, 3]);
    expect(codeOf(() => x.toArray())).toBe('DONATED');
    expect(claimDonated(tensor([1]))).toBeUndefined();
    const kept = withdrawDonation(donate(tensor([7])));
    expect(isDonated(kept)).toBe(false);
    expect(neg(kept).toArray()).toEqual([-7]);
    expect(kept.toArray()).toEqual([7]);
  });
});

describe('recycle', () => {
  const N = 1 << 15; // 128 KiB of float32: above the pool's 64 KiB floor

  it('detaches the tensors and keeps their memory for the next allocation of that size', () => {
    const x = tensor(new Float32Array(N).fill(Number.NaN));
    const v = reshape(x, [N / 2, 2]);
    const before = recycledBytes();
    recycle({ a: x, again: x, view: v });
    expect(recycledBytes() - before).toBe(4 * N);
    expect(codeOf(() => x.toArray())).toBe('DONATED');
    expect(codeOf(() => v.data())).toBe('DONATED');
    // The recycled memory held NaNs: a zero-filled allocation is zero, an op's output is fully written.
    const z = zeros([N]);
    expect(recycledBytes()).toBe(before);
    expect((z.data() as Float32Array).every((e) => e === 0)).toBe(true);
    recycle(z);
    const y = add(tensor(new Float32Array(N).fill(1)), 2);
    expect((y.data() as Float32Array).every((e) => e === 3)).toBe(true);
  });

  it('never changes a result: ops on recycled memory give the same bits as on fresh memory', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true }), (k, c) => {
        const n = k * N;
        const a = tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i) * c));
        const fresh = bits(exp(a));
        recycle(tensor(new Float32Array(n).fill(Number.POSITIVE_INFINITY)));
        expect(bits(exp(a))).toEqual(fresh);
      }),
      { numRuns: 10 },
    );
  });

  it('keeps nothing when the limit is 0, small buffers, or inside a trace', () => {
    const old = setRecycleLimit(0);
    try {
      recycle(tensor(new Float32Array(N)));
      expect(recycledBytes()).toBe(0);
    } finally {
      setRecycleLimit(old);
    }
    const small = tensor([1, 2]);
    recycle(small);
    expect(codeOf(() => small.toArray())).toBe('DONATED');
    const c = tensor(new Float32Array(N).fill(2));
    const g = grad((p: Tensor) => {
      recycle(c);
      return sum(mul(p, c));
    })(tensor(new Float32Array(N).fill(1)));
    expect((g.data() as Float32Array)[0]).toBe(2);
    expect(c.size).toBe(N);
    expect((c.data() as Float32Array)[0]).toBe(2);
  });
});
