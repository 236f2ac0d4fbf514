/**
 * Pytrees: flatten/unflatten round trips over random nested trees, key order, static values, rejected nodes,
 * `map` with rest trees, `structureEqual`, immutability of the input.
 */
import { describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { add, scalar, type Tensor, TensorError, tensor, tree } from '../src/index.js';

/** Small tensors with a recognisable value. */
const leafArb: fc.Arbitrary<Tensor> = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: -100, max: 100 }))
  .map(([shape, v]) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v), { shape }));

const staticArb = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
);

const keyArb = fc.oneof(
  fc.constantFrom('a', 'b', 'w', 'bias', '10', '9', 'B', ''),
  fc.string({ maxLength: 3 }),
);

/** Nested plain objects (some with a null prototype) and arrays of small tensors and static values. */
const treeArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    staticArb,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('node'), { maxKeys: 4 }),
    fc
      .dictionary(keyArb, tie('node'), { maxKeys: 3 })
      .map((d) => Object.assign(Object.create(null) as Record<string, unknown>, d)),
  ),
})).node;

/** Deep equality where tensors compare by identity (unflatten must hand back the very leaves it was given). */
function sameTree(a: unknown, b: unknown): boolean {
  if (a instanceof Object && 'dtype' in a) return a === b;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      ka.length === kb.length &&
      ka.every(
        (k, i) =>
          k === kb[i] && sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return Object.is(a, b);
}

function expectError(f: () => unknown, code: string, pattern: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TensorError);
  expect((err as TensorError).code).toBe(code);
  expect((err as TensorError).message).toMatch(pattern);
}

describe('tree.flatten / tree.unflatten', () => {
  it('round-trips random nested trees, returning the same leaves', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const [leaves, def] = tree.flatten(t);
        const back = tree.unflatten(def, leaves);
        expect(sameTree(back, t)).toBe(true);
        expect(tree.leaves(back)).toEqual(leaves);
        expect(tree.numLeaves(def)).toBe(leaves.length);
      }),
      { numRuns: 300 },
    );
  });

  it('does not mutate its input (deep copy before and after is equal; frozen input is fine)', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const snapshot = structuredCloneTree(t);
        tree.map((x) => add(x, 1), t);
        tree.flatten(t);
        expect(sameTreeDeep(t, snapshot)).toBe(true);
      }),
    );
    const frozen = Object.freeze({ a: Object.freeze([scalar(1)]) });
    expect(tree.leaves(frozen)).toHaveLength(1);
  });

  it('visits object keys in sorted order, arrays in index order, depth first', () => {
    const t = { b: scalar(2), a: [scalar(0), { z: scalar(1), y: [] }], c: { d: scalar(3) } };
    expect(tree.leaves(t).map((x) => x.item())).toEqual([0, 1, 2, 3]);
    // Sorting is by UTF-16 code units ('1' < '10' < '9' < 'B' < 'a'), independent of insertion order.
    const o = { a: scalar(4), B: scalar(3), '9': scalar(2), '10': scalar(1), '1': scalar(0) };
    expect(tree.leaves(o).map((x) => x.item())).toEqual([0, 1, 2, 3, 4]);
    fc.assert(
      fc.property(fc.dictionary(keyArb, leafArb, { maxKeys: 6 }), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        const l1 = tree.leaves(d);
        const l2 = tree.leaves(reversed);
        return l1.length === l2.length && l1.every((x, i) => x === l2[i]);
      }),
    );
  });

  it('keeps static values (numbers, strings, booleans, null, undefined) in the structure, not as leaves', () => {
    const t = { n: 3, s: 'relu', b: true, z: null, u: undefined, w: scalar(1), list: [1, 'x', scalar(2)] };
    const [leaves, def] = tree.flatten(t);
    expect(leaves.map((x) => x.item())).toEqual([2, 1]);
    const back = tree.unflatten<typeof t>(def, [scalar(5), scalar(6)]);
    expect(back.n).toBe(3);
    expect(back.s).toBe('relu');
    expect(back.b).toBe(true);
    expect(back.z).toBeNull();
    expect('u' in back && back.u === undefined).toBe(true);
    expect(back.list[0]).toBe(1);
    expect((back.list[2] as Tensor).item()).toBe(5);
    expect(back.w.item()).toBe(6);
    expect(tree.map((x) => add(x, 1), t).s).toBe('relu');
  });

  it('treats holes of sparse arrays as undefined', () => {
    // biome-ignore lint/suspicious/noSparseArray: testing a sparse array on purpose
    const sparse = [scalar(1), , scalar(2)];
    const [leaves, def] = tree.flatten(sparse);
    expect(leaves).toHaveLength(2);
    const back = tree.unflatten<unknown[]>(def, leaves);
    expect(back).toHaveLength(3);
    expect(1 in back).toBe(true);
    expect(back[1]).toBeUndefined();
  });

  it.each([
    ['a Map', new Map(), /\[object Map\]/],
    ['a Set', new Set([1]), /\[object Set\]/],
    ['a Date', new Date(0), /\[object Date\]/],
    ['a class instance', new (class Foo {})(), /\[object Object\]/],
    ['a function', () => 1, /\[object Function\]/],
    ['a typed array', new Float32Array(2), /\[object Float32Array\]/],
    ['a bigint', 1n, /\[object BigInt\]/],
    ['a symbol', Symbol('s'), /\[object Symbol\]/],
  ])('rejects %s with INVALID_ARGUMENT naming its path', (_, bad, what) => {
    expectError(
      () => tree.flatten({ a: [scalar(1), { b: bad }] }),
      'INVALID_ARGUMENT',
      /^tree.flatten: unsupported node at a\[1\].b: /,
    );
    expectError(() => tree.flatten(bad), 'INVALID_ARGUMENT', what);
    expectError(
      () => tree.map((x) => x, { w: bad }),
      'INVALID_ARGUMENT',
      /^tree.map: unsupported node at w:/,
    );
  });

  it('quotes keys that are not identifiers in paths', () => {
    expectError(
      () => tree.leaves({ 'my key': [new Map()] }),
      'INVALID_ARGUMENT',
      /^tree\.leaves: unsupported node at \["my key"\]\[0\]: /,
    );
    expectError(() => tree.leaves([{ '': 1n }]), 'INVALID_ARGUMENT', /at \[0\]\[""\]: \[object BigInt\]/);
  });

  it('rejects cycles with INVALID_ARGUMENT instead of overflowing the stack', () => {
    const a: Record<string, unknown> = { w: scalar(1) };
    a.self = a;
    expectError(() => tree.flatten(a), 'INVALID_ARGUMENT', /^tree.flatten: cycle at self/);
    const arr: unknown[] = [scalar(1)];
    arr.push({ x: arr });
    expectError(() => tree.leaves(arr), 'INVALID_ARGUMENT', /cycle at \[1\]\.x/);
    // A shared (non-cyclic) subtree is fine and visited at each place it occurs.
    const shared = { t: scalar(2) };
    expect(tree.leaves({ a: shared, b: shared })).toHaveLength(2);
  });

  it('unflatten rejects a wrong number of leaves', () => {
    const [, def] = tree.flatten({ a: scalar(1), b: [scalar(2)] });
    expectError(
      () => tree.unflatten(def, [scalar(1)]),
      'INVALID_ARGUMENT',
      /^tree\.unflatten: structure needs 2 leaves, got 1/,
    );
    expectError(
      () => tree.unflatten(def, [scalar(1), scalar(2), scalar(3)]),
      'INVALID_ARGUMENT',
      /^tree\.unflatten: structure needs 2 leaves, got 3/,
    );
  });
});

describe('tree.map', () => {
  it('applies f to every leaf and keeps the structure', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const doubled = tree.map((x) => add(x, x), t);
        expect(tree.structureEqual(doubled, t)).toBe(true);
        const a = tree.leaves(t);
        const b = tree.leaves(doubled);
        expect(b.map((x) => Array.from(x.data()))).toEqual(a.map((x) => Array.from(x.data(), (v) => 2 * v)));
      }),
    );
  });

  it('passes the leaves of rest trees at the same positions', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const u = tree.map((x) => add(x, 1), t);
        const v = tree.map((x) => add(x, 2), t);
        const seen: number[][] = [];
        tree.map(
          (x, y, z) => {
            seen.push([x.data()[0] ?? 0, y!.data()[0] ?? 0, z!.data()[0] ?? 0]);
            return x;
          },
          t,
          u,
          v,
        );
        expect(seen.every(([x, y, z]) => y === x! + 1 && z === x! + 2)).toBe(true);
        const sum = tree.map((x, y) => add(x, y!), u, v);
        expect(tree.leaves(sum).map((x) => x.data()[0])).toEqual(
          tree.leaves(t).map((x) => 2 * x.data()[0]! + 3),
        );
      }),
    );
  });

  it('can return non-tensors (numbers) and keeps static values', () => {
    const params = { w: tensor([1, 2, 3]), b: [tensor([1])], name: 'dense' };
    expect(tree.map((x) => x.size, params)).toEqual({ w: 3, b: [1], name: 'dense' });
  });

  it('rejects rest trees of another structure with SHAPE_MISMATCH', () => {
    const t = { a: scalar(1), b: [scalar(2)] };
    expectError(
      () => tree.map((x) => x, t, { a: scalar(1), b: [scalar(2), scalar(3)] }),
      'SHAPE_MISMATCH',
      /^tree\.map: tree 1 of rest/,
    );
    expectError(
      () => tree.map((x) => x, t, t, { a: scalar(1), c: [scalar(2)] } as unknown as typeof t),
      'SHAPE_MISMATCH',
      /tree 2 of rest/,
    );
    expectError(
      () => tree.map((x) => x, t, { a: scalar(1), b: [null] } as unknown as typeof t),
      'SHAPE_MISMATCH',
      /tree 1/,
    );
  });
});

describe('tree.structureEqual', () => {
  it('is reflexive and symmetric, and holds between a tree and any map of it', () => {
    fc.assert(
      fc.property(treeArb, treeArb, (a, b) => {
        expect(tree.structureEqual(a, a)).toBe(true);
        expect(tree.structureEqual(a, b)).toBe(tree.structureEqual(b, a));
        expect(
          tree.structureEqual(
            a,
            tree.map((x) => add(x, 1), a),
          ),
        ).toBe(true);
      }),
    );
  });

  it('compares keys, lengths and leaf positions, not tensor shapes', () => {
    expect(tree.structureEqual({ a: scalar(1) }, { a: tensor([[1, 2]]) })).toBe(true);
    expect(tree.structureEqual({ a: scalar(1) }, { b: scalar(1) })).toBe(false);
    expect(tree.structureEqual([scalar(1)], [scalar(1), scalar(2)])).toBe(false);
    expect(tree.structureEqual([scalar(1)], { 0: scalar(1) })).toBe(false);
    expect(tree.structureEqual({ a: scalar(1) }, { a: 1 })).toBe(false);
    expect(tree.structureEqual({ a: null }, { a: undefined })).toBe(false);
    // Static values are compared by type only.
    expect(tree.structureEqual({ a: 1 }, { a: 2 })).toBe(true);
    expect(tree.structureEqual({ a: 1 }, { a: '1' })).toBe(false);
  });
});

/** A structural copy of a tree (tensors kept by identity). */
function structuredCloneTree(t: unknown): unknown {
  if (Array.isArray(t)) return Array.from(t, structuredCloneTree);
  if (t !== null && typeof t === 'object' && !('dtype' in t)) {
    return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, structuredCloneTree(v)]));
  }
  return t;
}

/** Deep equality that also compares tensor contents bit for bit. */
function sameTreeDeep(a: unknown, b: unknown): boolean {
  if (!sameTree(a, b)) return false;
  return tree.leaves(a).every((x, i) => {
    const y = tree.leaves(b)[i]!;
    return x.dtype === y.dtype && Array.from(x.data()).join() === Array.from(y.data()).join();
  });
}
