/**
 * Gradients of the shape ops: `checkGrads` (central differences in float64, reverse and forward mode) on
 * random shapes and values. The ops are linear, so order-2 checks compose them with a product, which
 * makes the second derivative depend on each op's VJP rule being differentiable itself (e.g. `take`'s
 * scatter-add whose own rule is `take`).
 */
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, fc } from '../../testing/src/index.js';
import {
  broadcastTo,
  concat,
  expandDims,
  flatten,
  grad,
  mul,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  sum,
  type Tensor,
  take,
  tensor,
  transpose,
} from '../src/index.js';

const shapeArb = (minRank: number, maxRank: number, minSide = 1, maxSide = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: minSide, max: maxSide }), { minLength: minRank, maxLength: maxRank });

const f64 = (shape: fc.Arbitrary<readonly number[]> | readonly number[]): fc.Arbitrary<Tensor> =>
  arb.tensor({ dtype: 'float64', shape, min: -3, max: 3 });

const perm = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );

/** `x ↦ op(x)·op(x)`: a quadratic whose Hessian goes through the op's rule twice. */
const squared =
  (op: (x: Tensor) => Tensor) =>
  (x: Tensor): Tensor => {
    const y = op(x);
    return mul(y, y);
  };

const RUNS = { numRuns: 25 };

describe('gradients of shape ops (checkGrads, float64)', () => {
  it('transpose', () => {
    fc.assert(
      fc.property(
        f64(shapeArb(1, 4)).chain((x) => fc.tuple(fc.constant(x), perm(x.rank))),
        ([x, p]) => {
          checkGrads((t: Tensor) => transpose(t, p), [x]);
          checkGrads(
            squared((t) => transpose(t, p)),
            [x],
            { order: 2 },
          );
        },
      ),
      RUNS,
    );
  });

  it('reshape, expandDims, squeeze, flatten', () => {
    fc.assert(
      fc.property(f64(shapeArb(1, 3)), (x) => {
        checkGrads((t: Tensor) => reshape(t, [-1, 1]), [x]);
        checkGrads((t: Tensor) => squeeze(expandDims(t, 0), 0), [x]);
        checkGrads(squared(flatten), [x], { order: 2 });
      }),
      RUNS,
    );
  });

  it('broadcastTo', () => {
    fc.assert(
      fc.property(
        shapeArb(1, 3).chain((target) =>
          fc.tuple(
            fc.constant(target),
            fc.tuple(...target.map((d) => fc.constantFrom(d, 1))).chain((s) => f64(s.slice(1))),
          ),
        ),
        ([target, x]) => {
          checkGrads((t: Tensor) => broadcastTo(t, [2, ...target]), [x]);
          checkGrads(
            squared((t) => broadcastTo(t, [2, ...target])),
            [x],
            { order: 2 },
          );
        },
      ),
      RUNS,
    );
  });

  it('slice (the rule pads with zeros)', () => {
    const withBox = f64(shapeArb(1, 3)).chain((x) =>
      fc
        .tuple(...x.shape.map((d) => fc.integer({ min: 0, max: d - 1 })))
        .chain((begin) =>
          fc.tuple(
            fc.constant(x),
            fc.constant(begin),
            fc.tuple(...x.shape.map((d, i) => fc.integer({ min: 1, max: d - begin[i]! }))),
          ),
        ),
    );
    fc.assert(
      fc.property(withBox, ([x, begin, size]) => {
        checkGrads((t: Tensor) => slice(t, begin, size), [x]);
        checkGrads(
          squared((t) => slice(t, begin, size)),
          [x],
          { order: 2 },
        );
      }),
      RUNS,
    );
  });

  it('pad (the rule slices)', () => {
    const withPads = f64(shapeArb(1, 3)).chain((x) =>
      fc.tuple(
        fc.constant(x),
        fc.tuple(
          ...x.shape.map(() => fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }))),
        ),
        fc.integer({ min: -2, max: 2 }),
      ),
    );
    fc.assert(
      fc.property(withPads, ([x, pads, value]) => {
        checkGrads((t: Tensor) => pad(t, pads, value), [x]);
        checkGrads(
          squared((t) => pad(t, pads, value)),
          [x],
          { order: 2 },
        );
      }),
      RUNS,
    );
  });

  it('concat of several inputs along any axis (the rule slices)', () => {
    const args = shapeArb(1, 3).chain((base) =>
      fc.integer({ min: 0, max: base.length - 1 }).chain((axis) =>
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }).chain((sizes) =>
          fc.tuple(
            fc.constant(axis),
            fc.tuple(
              ...sizes.map((s) => {
                const shape = base.slice();
                shape[axis] = s;
                return f64(shape);
              }),
            ),
          ),
        ),
      ),
    );
    fc.assert(
      fc.property(args, ([axis, xs]) => {
        checkGrads((...ts: Tensor[]) => concat(ts, axis), xs);
        checkGrads((...ts: Tensor[]) => squared((c) => c)(concat(ts, axis)), xs, { order: 2 });
      }),
      RUNS,
    );
  });

  it('stack', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 2).chain((s) =>
          fc.tuple(fc.tuple(f64(s), f64(s), f64(s)), fc.integer({ min: -(s.length + 1), max: s.length })),
        ),
        ([xs, axis]) => {
          checkGrads((...ts: Tensor[]) => stack(ts, axis), xs);
          checkGrads((...ts: Tensor[]) => squared((c) => c)(stack(ts, axis)), xs, { order: 2 });
        },
      ),
      RUNS,
    );
  });

  it('split (every piece used, cotangents padded back and summed)', () => {
    fc.assert(
      fc.property(
        f64(shapeArb(1, 3, 2, 5)).chain((x) =>
          fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.rank - 1 })),
        ),
        ([x, axis]) => {
          const d = x.shape[axis]!;
          const sizes = [1, -1];
          // Weight the pieces differently so a swapped piece would show.
          const f = (t: Tensor): Tensor => {
            const [a, b] = split(t, sizes, axis);
            return concat([mul(a!, 2), mul(b!, b!)], axis);
          };
          expect(d).toBeGreaterThanOrEqual(2);
          checkGrads(f, [x], { order: 2 });
          checkGrads((t: Tensor) => split(t, d, axis), [x]);
        },
      ),
      RUNS,
    );
  });

  it('split with unused pieces: their cotangent is zero', () => {
    fc.assert(
      fc.property(
        f64(shapeArb(1, 3, 2, 5)).chain((x) =>
          fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.rank - 1 })),
        ),
        ([x, axis]) => {
          checkGrads(
            squared((t) => split(t, [1, -1], axis)[1]!),
            [x],
            { order: 2 },
          );
          checkGrads((t: Tensor) => split(t, [1, -1], axis)[0]!, [x]);
        },
      ),
      RUNS,
    );
    const g = grad((t: Tensor) => {
      const [, b] = split(t, 3);
      return sum(mul(b!, b!));
    })(tensor([1, 2, 3, 4, 5, 6], { dtype: 'float64' }));
    expect(g.toArray()).toEqual([0, 0, 6, 8, 0, 0]);
  });

  it('take with repeated and negative indices (scatter-add rule, grad of grad)', () => {
    const args = f64(shapeArb(1, 3)).chain((x) =>
      fc.integer({ min: 0, max: x.rank - 1 }).chain((axis) => {
        const d = x.shape[axis]!;
        return fc.tuple(
          fc.constant(x),
          fc.constant(axis),
          fc.array(fc.integer({ min: -d, max: d - 1 }), { minLength: 1, maxLength: 6 }),
        );
      }),
    );
    fc.assert(
      fc.property(args, ([x, axis, idx]) => {
        checkGrads((t: Tensor) => take(t, idx, axis), [x]);
        checkGrads(
          squared((t) => take(t, idx, axis)),
          [x],
          { order: 2 },
        );
      }),
      RUNS,
    );
  });

  it('take accumulates the gradient of repeated indices exactly', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64' });
    const g = grad((t: Tensor) => sum(take(t, [0, 2, 0, -3])))(w);
    expect(g.toArray()).toEqual([3, 0, 1]);
    // d²/dw² of Σ take(w, idx)² = 2·count(idx = i) on the diagonal; its Hessian-vector product with 1:
    const hv = grad((t: Tensor) =>
      sum(grad((u: Tensor) => sum(mul(take(u, [0, 0, 1]), take(u, [0, 0, 1]))))(t)),
    )(w);
    expect(hv.toArray()).toEqual([4, 2, 0]);
  });

  it('float32 inputs keep a float32 gradient; int32 pieces of a concat get none', () => {
    const x = tensor([1, 2], { dtype: 'float32' });
    const g = grad((t: Tensor) => sum(mul(concat([t, tensor([5], { dtype: 'int32' })]), 3)))(x);
    expect(g.dtype).toBe('float32');
    expect(g.toArray()).toEqual([3, 3]);
    const mixed = grad((t: Tensor) => sum(concat([t, tensor([1], { dtype: 'float64' })])))(x);
    expect(mixed.dtype).toBe('float32');
    expect(mixed.toArray()).toEqual([1, 1]);
  });
});
