import { arange, random, reshape, scalar, type Tensor, TensorError, tensor, zeros } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';
import { pipe } from 'fp-ts/function';
import { describe, expect, it } from 'vitest';
import { batch, dataset, epochs, fromEpochs, isDataset, map, shuffle } from '../src/index.js';
import { expectSameBits } from './helpers.js';

/** A source whose row i is [i, i] with label i: batches reveal which rows they hold. */
const rows = (n: number) => ({
  x: reshape(arange(0, 2 * n), [n, 2]),
  y: arange(0, n, 1, 'int32'),
});
const labels = (b: { y: Tensor }): number[] => Array.from(b.y.data());

describe('dataset', () => {
  it('yields the rows in order, every time it is iterated', () => {
    const ds = dataset(rows(3));
    expect(ds.size).toBe(3);
    const first = [...ds];
    expect(first.map((e) => e.x.toArray())).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(first.map((e) => e.y.item())).toEqual([0, 1, 2]);
    expectSameBits([...ds], first);
    expect(isDataset(ds)).toBe(true);
    expect(isDataset([1])).toBe(false);
  });

  it('rejects mismatched or non-tensor sources', () => {
    expect(() => dataset({ x: zeros([3, 2]), y: zeros([4]) })).toThrow(TensorError);
    expect(() => dataset({ x: zeros([3, 2]), y: zeros([4]) })).toThrow(
      /leading dimensions differ: x \[3,2\], y \[4\]/,
    );
    expect(() => dataset({ x: scalar(1) })).toThrow(/rank ≥ 1/);
    expect(() => dataset({})).toThrow(/at least one tensor/);
    expect(() => dataset({ x: zeros([2]) }).epoch(-1)).toThrow(/epoch must be an integer/);
  });
});

describe('shuffle', () => {
  it('yields a permutation of the rows in every epoch', () => {
    fc.assert(
      fc.property(arb.key(), fc.integer({ min: 0, max: 40 }), fc.nat(1000), (key, n, e) => {
        const ds = pipe(dataset(rows(n)), shuffle(key));
        const seen = [...ds.epoch(e)].map((ex) => Number(ex.y.item()));
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        // Rows stay whole: x of the example labelled i is [2i, 2i + 1].
        for (const ex of ds.epoch(e)) {
          const i = Number(ex.y.item());
          expect(ex.x.toArray()).toEqual([2 * i, 2 * i + 1]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('differs between epochs and is reproducible from the key (random.foldIn(key, epoch))', () => {
    const key = random.key(42);
    const ds = pipe(dataset(rows(50)), shuffle(key), batch(50));
    const orders = [0, 1, 2, 3].map((e) => labels([...ds.epoch(e)][0]!));
    for (let a = 0; a < orders.length; a++) {
      for (let b = a + 1; b < orders.length; b++) expect(orders[a]).not.toEqual(orders[b]);
    }
    // The same key, rebuilt from scratch, gives the same orders; epoch 3 does not need epochs 0–2.
    const again = pipe(dataset(rows(50)), shuffle(random.key(42)), batch(50));
    expect(labels([...again.epoch(3)][0]!)).toEqual(orders[3]);
    expect(orders[2]).toEqual(Array.from(random.permutation(random.foldIn(key, 2), 50).data()));
    // A different key, a different order.
    const other = pipe(dataset(rows(50)), shuffle(random.key(43)), batch(50));
    expect(labels([...other.epoch(0)][0]!)).not.toEqual(orders[0]);
  });

  it('any two epochs differ, for any key (property)', () => {
    fc.assert(
      fc.property(arb.key(), fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), (key, e, d) => {
        const ds = pipe(dataset(rows(40)), shuffle(key), batch(40));
        expect(labels([...ds.epoch(e)][0]!)).not.toEqual(labels([...ds.epoch(e + d)][0]!));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a bad key at once', () => {
    expect(() => shuffle(tensor([1, 2, 3]) as never)).toThrow(TensorError);
  });

  it('iterating twice gives the same batches', () => {
    const ds = pipe(dataset(rows(10)), shuffle(random.key(1)), batch(3));
    expectSameBits([...ds], [...ds]);
    expectSameBits([...ds.epoch(5)], [...ds.epoch(5)]);
  });

  it('shuffles any dataset (here: batches), and composes with another shuffle', () => {
    const ds = pipe(dataset(rows(12)), batch(3), shuffle(random.key(3)));
    const firsts = [...ds].map((b) => labels(b)[0]);
    expect([...firsts].sort((a, b) => a! - b!)).toEqual([0, 3, 6, 9]);
    const twice = pipe(dataset(rows(12)), shuffle(random.key(1)), shuffle(random.key(2)));
    const seen = [...twice].map((e) => Number(e.y.item()));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});

describe('batch', () => {
  it('groups rows; keeps or drops the remainder', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (n, size, drop) => {
          const ds = pipe(dataset(rows(n)), batch(size, { dropRemainder: drop }));
          const bs = [...ds];
          expect(bs.length).toBe(ds.size);
          expect(bs.length).toBe(drop ? Math.floor(n / size) : Math.ceil(n / size));
          bs.forEach((b, i) => {
            const expected = Array.from({ length: Math.min(size, n - i * size) }, (_, k) => i * size + k);
            expect(labels(b)).toEqual(expected);
            expect(b.x.shape).toEqual([expected.length, 2]);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('stacks pytree elements of a generic dataset leaf by leaf', () => {
    const ds = fromEpochs(() => [0, 1, 2, 3, 4].map((i) => ({ a: scalar(i), b: [tensor([i, -i])] })), 5);
    const bs = [...pipe(ds, batch(2))];
    expect(bs.map((b) => b.a.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(bs[1]!.b[0]!.toArray()).toEqual([
      [2, -2],
      [3, -3],
    ]);
    expect(pipe(ds, batch(2, { dropRemainder: true })).size).toBe(2);
    expect(() => [
      ...pipe(
        fromEpochs(() => [1, 2]),
        batch(2),
      ),
    ]).toThrow(/pytrees with tensor leaves/);
  });

  it('rejects a bad size at once', () => {
    expect(() => batch(0)).toThrow(/size must be a positive integer, got 0/);
    expect(() => batch(1.5)).toThrow(TensorError);
  });
});

describe('map and epochs', () => {
  it('map applies f per element with the epoch number, lazily', () => {
    let calls = 0;
    const ds = pipe(
      dataset(rows(4)),
      batch(2),
      map((b, e) => {
        calls++;
        return { x: b.x, y: b.y, epoch: e };
      }),
    );
    expect(calls).toBe(0);
    expect([...ds.epoch(3)].map((b) => b.epoch)).toEqual([3, 3]);
    expect(calls).toBe(2);
    expect(ds.size).toBe(2);
  });

  it('epochs(n) concatenates n differently shuffled epochs; epoch e of it is epochs n·e … n·e + n − 1', () => {
    const base = pipe(dataset(rows(6)), shuffle(random.key(9)), batch(6));
    const run = pipe(base, epochs(3));
    expect(run.size).toBe(3);
    const all = [...run].map(labels);
    expect(all).toEqual([0, 1, 2].map((e) => labels([...base.epoch(e)][0]!)));
    expect([...run.epoch(1)].map(labels)).toEqual([3, 4, 5].map((e) => labels([...base.epoch(e)][0]!)));
    expect([...pipe(base, epochs(0))]).toEqual([]);
    expect(() => epochs(-1)).toThrow(/non-negative integer/);
  });

  it('a whole run is a fold over the batches', () => {
    const run = pipe(dataset(rows(10)), shuffle(random.key(0)), batch(4), epochs(2));
    const seen = [...run].reduce((acc, b) => acc + b.y.shape[0]!, 0);
    expect(seen).toBe(20);
  });
});
