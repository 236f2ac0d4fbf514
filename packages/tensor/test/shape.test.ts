/**
 * Shape ops: values against naive index loops, algebraic round trips, buffer sharing, dtype handling,
 * immutability and errors. Gradients are in `shape-grad.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { arb, fc } from '../../testing/src/index.js';
import {
  arange,
  broadcastTo,
  concat,
  type DType,
  expandDims,
  flatten,
  oneHot,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  type Tensor,
  TensorError,
  take,
  tensor,
  transpose,
  zeros,
} from '../src/index.js';
import { readBuffer } from '../src/kernel.js';

// ---- naive references ------------------------------------------------------------------------------

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function stridesOf(s: readonly number[]): number[] {
  const out = new Array<number>(s.length);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    out[i] = acc;
    acc *= s[i]!;
  }
  return out;
}

/** Every multi-index of `shape`, row-major. */
function* indices(shape: readonly number[]): Generator<number[]> {
  if (sizeOf(shape) === 0) return;
  const idx = new Array<number>(shape.length).fill(0);
  for (;;) {
    yield idx.slice();
    let d = shape.length - 1;
    while (d >= 0) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

const dataCache = new WeakMap<Tensor, ArrayLike<number>>();

/** Element of `x` at a multi-index. */
function at(x: Tensor, idx: readonly number[]): number {
  const s = stridesOf(x.shape);
  let o = 0;
  for (let i = 0; i < idx.length; i++) o += idx[i]! * s[i]!;
  let d = dataCache.get(x);
  if (d === undefined) {
    d = x.data();
    dataCache.set(x, d);
  }
  return d[o]!;
}

/** Builds the expected flat values of shape `shape` from a function of the multi-index. */
function build(shape: readonly number[], f: (idx: number[]) => number): number[] {
  const out: number[] = [];
  for (const idx of indices(shape)) out.push(f(idx));
  return out;
}

const flat = (t: Tensor): number[] => Array.from(t.data());

/** Exact equality of shape, dtype and bits (NaN-safe, −0-safe). */
function expectSame(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const da = a.data();
  const db = b.data();
  expect(new Uint8Array(da.buffer, da.byteOffset, da.byteLength)).toEqual(
    new Uint8Array(db.buffer, db.byteOffset, db.byteLength),
  );
}

/** A snapshot of a tensor's bits, to prove an op left its input untouched. */
const bits = (t: Tensor): Uint8Array => {
  const d = readBuffer(t);
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
};

function expectCode(f: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TensorError);
  const err = caught as TensorError;
  expect(err.code).toBe(code);
  for (const s of fragments) expect(err.message).toContain(s);
}

// ---- arbitraries ----------------------------------------------------------------------------------

const shapeArb = (minRank = 0, maxRank = 4, maxSide = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: maxSide }), { minLength: minRank, maxLength: maxRank });

const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom('float32', 'float64', 'int32', 'bool');

/** Tensors of any dtype and a shape drawn from `shapes`. */
const anyTensor = (shapes: fc.Arbitrary<readonly number[]>): fc.Arbitrary<Tensor> =>
  dtypeArb.chain((dtype) => arb.tensor({ dtype, shape: shapes }));

/** A permutation of `0 … n-1`. */
const permArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );

const inverse = (p: readonly number[]): number[] => {
  const q = new Array<number>(p.length);
  p.forEach((a, i) => {
    q[a] = i;
  });
  return q;
};

// ---- reshape / expandDims / squeeze / flatten -----------------------------------------------------

describe('reshape family', () => {
  it('reshape round trip restores the tensor and shares the buffer', () => {
    fc.assert(
      fc.property(anyTensor(shapeArb()), (x) => {
        const before = bits(x);
        const f = reshape(x, [-1]);
        expect(f.shape).toEqual([x.size]);
        const back = reshape(f, x.shape);
        expectSame(back, x);
        expect(readBuffer(f)).toBe(readBuffer(x));
        expect(bits(x)).toEqual(before);
      }),
    );
  });

  it('infers the -1 dimension and keeps row-major order', () => {
    expect(reshape(arange(6), [2, -1]).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(reshape(arange(6), [-1, 1, 2]).shape).toEqual([3, 1, 2]);
    expect(reshape(zeros([0, 3]), [3, 0]).shape).toEqual([3, 0]);
  });

  it('returns x itself for the same shape', () => {
    const x = arange(4);
    expect(reshape(x, [4])).toBe(x);
  });

  it('expandDims then squeeze at the same axis is the identity, without copies', () => {
    fc.assert(
      fc.property(
        anyTensor(shapeArb(0, 4)).chain((x) =>
          fc.tuple(fc.constant(x), fc.integer({ min: -(x.rank + 1), max: x.rank })),
        ),
        ([x, axis]) => {
          const e = expandDims(x, axis);
          const a = axis < 0 ? axis + x.rank + 1 : axis;
          expect(e.shape[a]).toBe(1);
          expect(e.rank).toBe(x.rank + 1);
          expect(readBuffer(e)).toBe(readBuffer(x));
          expectSame(squeeze(e, axis < 0 ? axis : a), x);
        },
      ),
    );
  });

  it('squeeze without axis drops every unit axis', () => {
    expect(squeeze(zeros([1, 3, 1, 2, 1])).shape).toEqual([3, 2]);
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
    expect(squeeze(zeros([1, 3, 1]), [0, -1]).shape).toEqual([3]);
    const x = zeros([2, 3]);
    expect(squeeze(x)).toBe(x);
  });

  it('flatten gives a 1-D view in row-major order', () => {
    fc.assert(
      fc.property(anyTensor(shapeArb()), (x) => {
        const f = flatten(x);
        expect(f.shape).toEqual([x.size]);
        expect(flat(f)).toEqual(flat(x));
        expect(readBuffer(f)).toBe(readBuffer(x));
      }),
    );
  });
});

// ---- transpose -----------------------------------------------------------------------------------

describe('transpose', () => {
  const withPerm = anyTensor(shapeArb(0, 5, 4)).chain((x) => fc.tuple(fc.constant(x), permArb(x.rank)));

  it('matches the naive definition out[i] = x[i permuted back]', () => {
    fc.assert(
      fc.property(withPerm, ([x, p]) => {
        const y = transpose(x, p);
        expect(y.shape).toEqual(p.map((a) => x.shape[a]));
        expect(y.dtype).toBe(x.dtype);
        const q = inverse(p);
        expect(flat(y)).toEqual(
          build(y.shape, (idx) =>
            at(
              x,
              q.map((j) => idx[j]!),
            ),
          ),
        );
      }),
    );
  });

  it('transpose by a permutation then its inverse is the identity', () => {
    fc.assert(
      fc.property(withPerm, ([x, p]) => {
        const before = bits(x);
        expectSame(transpose(transpose(x, p), inverse(p)), x);
        expect(bits(x)).toEqual(before);
      }),
    );
  });

  it('defaults to reversing the axes; reversing twice is the identity', () => {
    fc.assert(
      fc.property(anyTensor(shapeArb(0, 4)), (x) => {
        const y = transpose(x);
        expect(y.shape).toEqual(x.shape.slice().reverse());
        expectSame(transpose(y), x);
      }),
    );
  });

  it('blocked 2-D and batched kernels agree with the naive loop on sizes beyond one tile', () => {
    const cases: ReadonlyArray<{ shape: number[]; perm: number[] }> = [
      { shape: [70, 45], perm: [1, 0] },
      { shape: [33, 1, 65], perm: [2, 1, 0] },
      { shape: [3, 40, 37], perm: [0, 2, 1] },
      { shape: [5, 6, 7, 8], perm: [3, 1, 0, 2] },
      { shape: [2, 3, 4, 5], perm: [0, 1, 3, 2] },
      { shape: [40, 3, 35], perm: [2, 1, 0] },
      { shape: [3, 34, 2, 33], perm: [3, 0, 2, 1] },
      { shape: [2, 33, 3, 34], perm: [0, 2, 3, 1] },
    ];
    for (const { shape, perm } of cases) {
      const x = reshape(arange(sizeOf(shape), undefined, 1, 'float64'), shape);
      const y = transpose(x, perm);
      const q = inverse(perm);
      expect(flat(y)).toEqual(
        build(y.shape, (idx) =>
          at(
            x,
            q.map((j) => idx[j]!),
          ),
        ),
      );
    }
  });

  it('moving only unit axes is a free reshape; the identity returns x', () => {
    const x = arange(6);
    const r = reshape(x, [1, 6, 1]);
    const t = transpose(r, [2, 1, 0]);
    expect(t.shape).toEqual([1, 6, 1]);
    expect(readBuffer(t)).toBe(readBuffer(x));
    expect(transpose(r, [0, 1, 2])).toBe(r);
    expect(transpose(reshape(x, [6, 1])).shape).toEqual([1, 6]);
  });

  it('accepts negative axes in perm', () => {
    expect(transpose(zeros([2, 3, 4]), [-1, 0, 1]).shape).toEqual([4, 2, 3]);
  });
});

// ---- broadcastTo ---------------------------------------------------------------------------------

describe('broadcastTo', () => {
  it('repeats along broadcast axes', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 4, 3).chain((target) =>
          fc.tuple(
            fc.constant(target),
            fc
              .integer({ min: 0, max: target.length })
              .chain((k) => fc.tuple(...target.slice(target.length - k).map((d) => fc.constantFrom(d, 1)))),
          ),
        ),
        ([target, from]) => {
          const x = reshape(arange(sizeOf(from)), from);
          const y = broadcastTo(x, target);
          expect(y.shape).toEqual(target);
          const off = target.length - from.length;
          expect(flat(y)).toEqual(
            build(target, (idx) =>
              at(
                x,
                from.map((d, i) => (d === 1 ? 0 : idx[off + i]!)),
              ),
            ),
          );
        },
      ),
    );
  });

  it('long rows: repeated elements (fills) and repeated rows (block copies)', () => {
    const col = tensor([[1], [2]], { dtype: 'float64' });
    expect(flat(broadcastTo(col, [2, 100]))).toEqual([...new Array(100).fill(1), ...new Array(100).fill(2)]);
    const row = arange(100, undefined, 1, 'float64');
    const rows = Array.from({ length: 100 }, (_, i) => i);
    expect(flat(broadcastTo(row, [3, 100]))).toEqual([...rows, ...rows, ...rows]);
    const y = broadcastTo(tensor(7, { dtype: 'int32' }), [50, 40]);
    expect(y.dtype).toBe('int32');
    expect(flat(y)).toEqual(new Array(2000).fill(7));
    expect(flat(broadcastTo(reshape(arange(4, undefined, 1, 'float64'), [2, 1, 2]), [2, 40, 2]))).toEqual(
      build([2, 40, 2], (i) => 2 * i[0]! + i[2]!),
    );
  });
});

// ---- slice and pad -------------------------------------------------------------------------------

/** A tensor with a box inside it: [x, begin, size]. */
const withBox = anyTensor(shapeArb(1, 4, 5)).chain((x) =>
  fc
    .tuple(...x.shape.map((d) => fc.integer({ min: 0, max: d })))
    .chain((begin) =>
      fc.tuple(
        fc.constant(x),
        fc.constant(begin),
        fc.tuple(
          ...x.shape.map((d, i) => fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: d - begin[i]! }))),
        ),
      ),
    ),
);

describe('slice', () => {
  it('matches a naive index loop', () => {
    fc.assert(
      fc.property(withBox, ([x, begin, size]) => {
        const before = bits(x);
        const y = slice(x, begin, size);
        const resolved = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
        expect(y.shape).toEqual(resolved);
        expect(y.dtype).toBe(x.dtype);
        expect(flat(y)).toEqual(
          build(resolved, (idx) =>
            at(
              x,
              idx.map((v, i) => v + begin[i]!),
            ),
          ),
        );
        expect(bits(x)).toEqual(before);
      }),
    );
  });

  it('takes a number for axis 0 and short lists for leading axes', () => {
    const x = reshape(arange(12), [3, 4]);
    expect(slice(x, 1).toArray()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(slice(x, [1], [1]).toArray()).toEqual([[4, 5, 6, 7]]);
    expect(slice(x, [0, 3]).toArray()).toEqual([[3], [7], [11]]);
    expect(slice(x, [0, 0], [-1, -1])).toBe(x);
  });

  it('slices of leading axes are exact block copies, also for long rows', () => {
    const x = reshape(arange(4 * 100, undefined, 1, 'float64'), [4, 100]);
    expect(flat(slice(x, [1, 0], [2, -1]))).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i));
    expect(flat(slice(x, [1, 10], [2, 50]))).toEqual([
      ...Array.from({ length: 50 }, (_, i) => 110 + i),
      ...Array.from({ length: 50 }, (_, i) => 210 + i),
    ]);
  });
});

describe('pad', () => {
  const withPads = anyTensor(shapeArb(0, 4, 3)).chain((x) =>
    fc.tuple(
      fc.constant(x),
      fc.tuple(
        ...x.shape.map(() => fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))),
      ),
      fc.integer({ min: -5, max: 5 }),
    ),
  );

  it('matches a naive definition: x inside, value elsewhere', () => {
    fc.assert(
      fc.property(withPads, ([x, pads, value]) => {
        const before = bits(x);
        const y = pad(x, pads, value);
        const shape = x.shape.map((d, i) => pads[i]![0] + d + pads[i]![1]);
        expect(y.shape).toEqual(shape);
        expect(y.dtype).toBe(x.dtype);
        const v = x.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
        expect(flat(y)).toEqual(
          build(shape, (idx) => {
            const src = idx.map((k, i) => k - pads[i]![0]);
            return src.every((k, i) => k >= 0 && k < x.shape[i]!) ? at(x, src) : v;
          }),
        );
        expect(bits(x)).toEqual(before);
      }),
    );
  });

  it('pad then slice is the identity', () => {
    fc.assert(
      fc.property(withPads, ([x, pads, value]) => {
        const y = pad(x, pads, value);
        expectSame(
          slice(
            y,
            pads.map((p) => p[0]),
            x.shape,
          ),
          x,
        );
      }),
    );
  });

  it('pads with -Infinity and returns x for zero padding', () => {
    expect(pad(tensor([1, 2]), [[1, 0]], Number.NEGATIVE_INFINITY).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      1,
      2,
    ]);
    const x = tensor([[1]]);
    expect(
      pad(x, [
        [0, 0],
        [0, 0],
      ]),
    ).toBe(x);
  });
});

// ---- concat / split / stack ----------------------------------------------------------------------

/** Tensors that concatenate along `axis`: same shape except on that axis. */
const concatArgs = shapeArb(1, 4, 3).chain((base) =>
  fc.tuple(
    fc.constant(base),
    fc.integer({ min: 0, max: base.length - 1 }),
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
    dtypeArb,
  ),
);

describe('concat, split, stack', () => {
  it('concat matches a naive definition and split inverts it', () => {
    fc.assert(
      fc.property(concatArgs, ([base, axis, sizes, dtype]) => {
        const xs = sizes.map((s, k) => {
          const shape = base.slice();
          shape[axis] = s;
          return tensor(
            Array.from({ length: sizeOf(shape) }, (_, i) => (dtype === 'bool' ? (i + k) % 2 : 100 * k + i)),
            { shape, dtype },
          );
        });
        const snapshots = xs.map(bits);
        const y = concat(xs, axis);
        const shape = base.slice();
        shape[axis] = sizes.reduce((a, b) => a + b, 0);
        expect(y.shape).toEqual(shape);
        expect(y.dtype).toBe(dtype);
        const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
        expect(flat(y)).toEqual(
          build(shape, (idx) => {
            let k = 0;
            while (k + 1 < sizes.length && idx[axis]! >= starts[k + 1]!) k++;
            // skip empty pieces that start at the same offset
            while (sizes[k] === 0) k++;
            const src = idx.slice();
            src[axis] = idx[axis]! - starts[k]!;
            return at(xs[k]!, src);
          }),
        );
        const back = split(y, sizes, axis);
        expect(back.length).toBe(xs.length);
        back.forEach((b, k) => {
          expectSame(b, xs[k]!);
        });
        xs.forEach((x, k) => {
          expect(bits(x)).toEqual(snapshots[k]);
        });
      }),
    );
  });

  it('concat(split(x, n, axis), axis) is x', () => {
    fc.assert(
      fc.property(
        anyTensor(shapeArb(1, 4, 6)).chain((x) =>
          fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.rank - 1 })),
        ),
        fc.constantFrom(1, 2, 3),
        ([x, axis], n) => {
          const d = x.shape[axis]!;
          const sections = d % n === 0 && d > 0 ? n : 1;
          const parts = split(x, sections, axis);
          expect(parts.length).toBe(sections);
          expectSame(concat(parts, axis - x.rank), x);
        },
      ),
    );
  });

  it('stack equals expandDims then concat', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 3, 3).chain((s) =>
          fc.tuple(
            fc.array(arb.tensor({ dtype: 'float64', shape: s }), { minLength: 1, maxLength: 4 }),
            fc.integer({ min: -(s.length + 1), max: s.length }),
          ),
        ),
        ([xs, axis]) => {
          const y = stack(xs, axis);
          const a = axis < 0 ? axis + xs[0]!.rank + 1 : axis;
          expect(y.shape[a]).toBe(xs.length);
          expectSame(
            y,
            concat(
              xs.map((x) => expandDims(x, axis)),
              a,
            ),
          );
        },
      ),
    );
  });

  it('promotes dtypes like the binary ops', () => {
    const y = concat([tensor([1, 2], { dtype: 'int32' }), tensor([0.5]), tensor([true], { dtype: 'bool' })]);
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([1, 2, 0.5, 1]);
    expect(concat([tensor([1], { dtype: 'float32' }), tensor([2], { dtype: 'float64' })]).dtype).toBe(
      'float64',
    );
    expect(stack([tensor(1, { dtype: 'int32' }), tensor(2, { dtype: 'int32' })]).dtype).toBe('int32');
    expect(concat([tensor([true]), tensor([false])]).dtype).toBe('bool');
  });

  it('concat along axis 0 of long blocks copies them in order', () => {
    const a = arange(1000, undefined, 1, 'float64');
    const b = arange(1000, 1500, 1, 'float64');
    expect(flat(concat([a, b]))).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    const m = reshape(arange(200, undefined, 1, 'float64'), [2, 100]);
    expect(flat(concat([m, m], 1))).toEqual([
      ...Array.from({ length: 100 }, (_, i) => i),
      ...Array.from({ length: 100 }, (_, i) => i),
      ...Array.from({ length: 100 }, (_, i) => 100 + i),
      ...Array.from({ length: 100 }, (_, i) => 100 + i),
    ]);
  });

  it('split takes sizes with one -1 and allows empty pieces', () => {
    const parts = split(arange(5), [2, -1, 0]);
    expect(parts.map((p) => p.toArray())).toEqual([[0, 1], [2, 3, 4], []]);
    expect(split(zeros([2, 6]), 3, -1).map((p) => p.shape)).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
  });
});

// ---- take and oneHot -----------------------------------------------------------------------------

describe('take', () => {
  const withIndices = anyTensor(shapeArb(1, 3, 4).filter((s) => s.length > 0)).chain((x) =>
    fc.integer({ min: -x.rank, max: x.rank - 1 }).chain((axis) => {
      const d = x.shape[axis < 0 ? axis + x.rank : axis]!;
      const idx =
        d === 0
          ? fc.constant([] as number[])
          : fc.array(fc.integer({ min: -d, max: d - 1 }), { maxLength: 6 });
      return fc.tuple(fc.constant(x), fc.constant(axis), idx, fc.boolean());
    }),
  );

  it('matches a manual gather (negative indices count from the end)', () => {
    fc.assert(
      fc.property(withIndices, ([x, axis, idx, asTensor]) => {
        const before = bits(x);
        const a = axis < 0 ? axis + x.rank : axis;
        const d = x.shape[a]!;
        const y = take(x, asTensor ? tensor(idx, { dtype: 'int32' }) : idx, axis);
        const shape = [...x.shape.slice(0, a), idx.length, ...x.shape.slice(a + 1)];
        expect(y.shape).toEqual(shape);
        expect(y.dtype).toBe(x.dtype);
        expect(flat(y)).toEqual(
          build(shape, (k) => {
            const src = k.slice();
            const j = idx[k[a]!]!;
            src[a] = j < 0 ? j + d : j;
            return at(x, src);
          }),
        );
        expect(bits(x)).toEqual(before);
      }),
    );
  });

  it('puts a multi-dimensional index shape in place of the axis', () => {
    const x = reshape(arange(12), [3, 4]);
    const idx = tensor(
      [
        [0, 3],
        [1, 1],
      ],
      { dtype: 'int32' },
    );
    const y = take(x, idx, 1);
    expect(y.shape).toEqual([3, 2, 2]);
    expect(y.toArray()).toEqual([
      [
        [0, 3],
        [1, 1],
      ],
      [
        [4, 7],
        [5, 5],
      ],
      [
        [8, 11],
        [9, 9],
      ],
    ]);
    expect(take(x, tensor(2, { dtype: 'int32' })).toArray()).toEqual([8, 9, 10, 11]);
  });

  it('gathers long rows (embedding lookup)', () => {
    const table = reshape(arange(5 * 64, undefined, 1, 'float64'), [5, 64]);
    const y = take(table, [4, 0, 4]);
    expect(flat(y)).toEqual([
      ...Array.from({ length: 64 }, (_, i) => 256 + i),
      ...Array.from({ length: 64 }, (_, i) => i),
      ...Array.from({ length: 64 }, (_, i) => 256 + i),
    ]);
  });
});

describe('oneHot', () => {
  it('rows sum to 1 for indices in range and 0 outside; the hot column is the index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: -8, max: 8 }), { maxLength: 10 }),
        (depth, idx) => {
          const y = oneHot(idx, depth);
          expect(y.dtype).toBe('float32');
          expect(y.shape).toEqual([idx.length, depth]);
          const rows = y.toArray() as number[][];
          rows.forEach((row, j) => {
            const inRange = idx[j]! >= 0 && idx[j]! < depth;
            expect(row.reduce((a, b) => a + b, 0)).toBe(inRange ? 1 : 0);
            if (inRange) expect(row[idx[j]!]).toBe(1);
          });
        },
      ),
    );
  });

  it('keeps the indices shape', () => {
    const y = oneHot(tensor([[0], [2]], { dtype: 'int32' }), 3);
    expect(y.shape).toEqual([2, 1, 3]);
    expect(y.toArray()).toEqual([[[1, 0, 0]], [[0, 0, 1]]]);
  });
});

// ---- immutability of every op --------------------------------------------------------------------

describe('immutability', () => {
  it('no shape op writes to its input (all dtypes, random shapes)', () => {
    fc.assert(
      fc.property(anyTensor(shapeArb(1, 4, 3).filter((s) => s[0]! > 0)), (x) => {
        const before = bits(x);
        const i32 = take(x, [0, 0], 0);
        const calls: Array<() => unknown> = [
          () => reshape(x, [-1]),
          () => transpose(x),
          () => expandDims(x, 0),
          () => squeeze(expandDims(x, 0), 0),
          () => flatten(x),
          () => broadcastTo(x, [2, ...x.shape]),
          () => slice(x, [0], [1]),
          () =>
            pad(
              x,
              x.shape.map(() => [1, 1] as const),
              1,
            ),
          () => concat([x, x], 0),
          () => stack([x, x], -1),
          () => split(x, [1, -1], 0),
          () => take(x, [0, -1, 0], 0),
          () => concat([x, i32], 0),
        ];
        for (const call of calls) {
          const first = call();
          expect(bits(x)).toEqual(before);
          // Deterministic: a second call gives the same shapes, dtypes and bits.
          const again = call();
          const a = Array.isArray(first) ? first : [first];
          const b = Array.isArray(again) ? again : [again];
          expect(b.length).toBe(a.length);
          a.forEach((t, i) => {
            expectSame(b[i] as Tensor, t as Tensor);
          });
        }
      }),
    );
    const idx = tensor([0, 5, -1], { dtype: 'int32' });
    const snap = bits(idx);
    oneHot(idx, 3);
    take(arange(6), idx);
    expect(bits(idx)).toEqual(snap);
  });

  it('results are deterministic: the same call gives the same bits', () => {
    fc.assert(
      fc.property(anyTensor(shapeArb(2, 4, 4)), (x) => {
        expectSame(transpose(x), transpose(x));
        expectSame(
          pad(x, [[1, 0], ...x.shape.slice(1).map(() => [0, 2] as const)]),
          pad(x, [[1, 0], ...x.shape.slice(1).map(() => [0, 2] as const)]),
        );
      }),
    );
  });
});

// ---- errors --------------------------------------------------------------------------------------

describe('errors', () => {
  const x = zeros([2, 3]);

  it('reshape: size mismatch, two -1, bad entries', () => {
    expectCode(() => reshape(x, [4, 2]), 'SHAPE_MISMATCH', 'reshape:', '[2,3]', '[4,2]');
    expectCode(() => reshape(x, [-1, -1]), 'INVALID_ARGUMENT', 'reshape:', 'only one -1');
    expectCode(() => reshape(x, [Number.NaN, 6]), 'INVALID_ARGUMENT', 'reshape:');
    expectCode(() => reshape(x, [1.5, 4]), 'INVALID_ARGUMENT', 'reshape:');
    expectCode(() => reshape(x, [-1, 4]), 'SHAPE_MISMATCH', 'reshape:');
  });

  it('transpose: bad perm', () => {
    expectCode(() => transpose(x, [0]), 'INVALID_AXIS', 'transpose:', '[2,3]');
    expectCode(() => transpose(x, [0, 0]), 'INVALID_AXIS', 'transpose:', 'repeats axis 0');
    expectCode(() => transpose(x, [0, 2]), 'INVALID_AXIS', 'transpose:', 'invalid axis 2');
    expectCode(() => transpose(x, [0, 1.5]), 'INVALID_AXIS', 'transpose:');
  });

  it('expandDims / squeeze: bad axes and non-unit squeeze', () => {
    expectCode(() => expandDims(x, 3), 'INVALID_AXIS', 'expandDims:', '[2,3]');
    expectCode(() => expandDims(x, -4), 'INVALID_AXIS', 'expandDims:');
    expectCode(() => squeeze(x, 0), 'INVALID_ARGUMENT', 'squeeze:', 'axis 0 of size 2', '[2,3]');
    expectCode(() => squeeze(zeros([1, 1]), [0, 0]), 'INVALID_AXIS', 'squeeze:');
    expectCode(() => squeeze(x, 2), 'INVALID_AXIS', 'squeeze:');
  });

  it('broadcastTo: incompatible shapes', () => {
    expectCode(() => broadcastTo(x, [3, 3]), 'SHAPE_MISMATCH', 'broadcastTo:', '[2,3]', '[3,3]');
    expectCode(() => broadcastTo(x, [3]), 'SHAPE_MISMATCH', 'broadcastTo:');
  });

  it('slice: out-of-range boxes and malformed arguments', () => {
    expectCode(() => slice(x, [0, 4]), 'INVALID_ARGUMENT', 'slice:', 'axis 1', '[2,3]');
    expectCode(() => slice(x, [1, 0], [2, 1]), 'INVALID_ARGUMENT', 'slice:', 'exceeds axis 0');
    expectCode(() => slice(x, [-1, 0]), 'INVALID_ARGUMENT', 'slice:');
    expectCode(() => slice(x, [0, 0, 0]), 'INVALID_ARGUMENT', 'slice:');
    expectCode(() => slice(x, [0, 0], [1, -2]), 'INVALID_ARGUMENT', 'slice:');
    expectCode(() => slice(x, [0.5]), 'INVALID_ARGUMENT', 'slice:');
  });

  it('pad: wrong number of pairs, negative widths, bad values', () => {
    expectCode(() => pad(x, [[1, 1]]), 'INVALID_ARGUMENT', 'pad:', '[2,3]');
    expectCode(
      () =>
        pad(x, [
          [1, 1],
          [-1, 0],
        ]),
      'INVALID_ARGUMENT',
      'pad:',
      'entry 1',
    );
    expectCode(
      () => pad(tensor([1], { dtype: 'int32' }), [[1, 1]], 0.5),
      'INVALID_ARGUMENT',
      'pad:',
      'int32',
    );
  });

  it('concat / stack: mismatched shapes, bad axes, empty lists', () => {
    expectCode(() => concat([x, zeros([2, 4])], 0), 'SHAPE_MISMATCH', 'concat:', '[2,3], [2,4]', 'axis 1');
    expectCode(() => concat([x, zeros([2])], 0), 'SHAPE_MISMATCH', 'concat:', 'rank');
    expectCode(() => concat([x, x], 2), 'INVALID_AXIS', 'concat:');
    expectCode(() => concat([]), 'INVALID_ARGUMENT', 'concat:');
    expectCode(() => concat([tensor(1), tensor(2)]), 'INVALID_ARGUMENT', 'concat:', 'rank-0');
    expectCode(() => concat([x, 3 as unknown as Tensor]), 'INVALID_ARGUMENT', 'concat:', 'xs[1]');
    expectCode(() => stack([x, zeros([3, 2])]), 'SHAPE_MISMATCH', 'stack:', '[2,3], [3,2]');
    expectCode(() => stack([x, x], 3), 'INVALID_AXIS', 'stack:');
  });

  it('split: indivisible sections and sizes that do not add up', () => {
    expectCode(() => split(x, 4, 1), 'INVALID_ARGUMENT', 'split:', 'axis 1 (size 3)', '[2,3]');
    expectCode(() => split(x, [1, 1], 1), 'INVALID_ARGUMENT', 'split:', 'do not add up');
    expectCode(() => split(x, [-1, -1], 1), 'INVALID_ARGUMENT', 'split:');
    expectCode(() => split(x, [4, -1], 1), 'INVALID_ARGUMENT', 'split:');
    expectCode(() => split(x, 0), 'INVALID_ARGUMENT', 'split:');
    expectCode(() => split(x, 1, 2), 'INVALID_AXIS', 'split:');
  });

  it('take: out-of-range indices named, wrong index dtype, bad axis', () => {
    expectCode(() => take(x, [0, 2]), 'INVALID_ARGUMENT', 'take:', 'index 2 at position 1', 'size 2');
    expectCode(() => take(x, [-4], 1), 'INVALID_ARGUMENT', 'take:', 'index -4');
    expectCode(() => take(x, tensor([0])), 'DTYPE_MISMATCH', 'take:', 'float32');
    expectCode(() => take(x, [0.5]), 'INVALID_ARGUMENT', 'take:', 'indices[0]');
    expectCode(() => take(x, [0], 2), 'INVALID_AXIS', 'take:');
    expectCode(() => take(tensor(1), [0]), 'INVALID_AXIS', 'take:');
  });

  it('oneHot: bad depth, wrong index dtype', () => {
    expectCode(() => oneHot([0], -1), 'INVALID_ARGUMENT', 'oneHot:', 'depth');
    expectCode(() => oneHot([0], 2.5), 'INVALID_ARGUMENT', 'oneHot:');
    expectCode(() => oneHot(tensor([0]), 2), 'DTYPE_MISMATCH', 'oneHot:');
  });

  it('NaN where an integer is expected is a typed error, never a wrong answer', () => {
    const nan = Number.NaN;
    expectCode(() => slice(x, [nan, 0]), 'INVALID_ARGUMENT', 'slice:', 'NaN');
    expectCode(() => slice(x, [0, 0], [1, nan]), 'INVALID_ARGUMENT', 'slice:', 'NaN');
    expectCode(
      () =>
        pad(x, [
          [0, nan],
          [0, 0],
        ]),
      'INVALID_ARGUMENT',
      'pad:',
    );
    expectCode(() => concat([x, x], nan), 'INVALID_AXIS', 'concat:', 'NaN');
    expectCode(() => stack([x, x], nan), 'INVALID_AXIS', 'stack:', 'NaN');
    expectCode(() => expandDims(x, nan), 'INVALID_AXIS', 'expandDims:', 'NaN');
    expectCode(() => squeeze(x, nan), 'INVALID_AXIS', 'squeeze:', 'NaN');
    expectCode(() => transpose(x, [nan, 0]), 'INVALID_AXIS', 'transpose:', 'NaN');
    expectCode(() => split(x, nan), 'INVALID_ARGUMENT', 'split:', 'NaN');
    expectCode(() => split(x, [nan, 2]), 'INVALID_ARGUMENT', 'split:', 'NaN');
    expectCode(() => take(x, [nan]), 'INVALID_ARGUMENT', 'take:', 'NaN');
    expectCode(() => take(x, [0], nan), 'INVALID_AXIS', 'take:', 'NaN');
    expectCode(() => oneHot([nan], 2), 'INVALID_ARGUMENT', 'oneHot:', 'NaN');
    expectCode(() => oneHot([0], nan), 'INVALID_ARGUMENT', 'oneHot:', 'NaN');
  });

  it('every op rejects a non-tensor input with INVALID_ARGUMENT', () => {
    const bad = [1, 2] as unknown as Tensor;
    for (const f of [
      () => reshape(bad, [2]),
      () => transpose(bad),
      () => expandDims(bad, 0),
      () => squeeze(bad),
      () => flatten(bad),
      () => broadcastTo(bad, [2]),
      () => slice(bad, [0]),
      () => pad(bad, [[0, 0]]),
      () => split(bad, 2),
      () => take(bad, [0]),
    ]) {
      expectCode(f, 'INVALID_ARGUMENT');
    }
  });
});
