import * as fc from 'fast-check';
import { resolveShapeConstraints, type ShapeConstraints } from './shape.js';

/** Shapes that broadcast together, and the shape they broadcast to. @category arbitraries @since 0.1.0 */
export interface BroadcastableShapes {
  /** The operand shapes, one per requested operand. */
  readonly shapes: ReadonlyArray<readonly number[]>;
  /** Their NumPy broadcast: aligned from the right, each dimension the non-1 size (or 1). */
  readonly result: readonly number[];
}

/** NumPy broadcast of shapes already known to be compatible. */
function broadcastAll(shapes: ReadonlyArray<readonly number[]>): number[] {
  const rank = shapes.reduce((r, s) => Math.max(r, s.length), 0);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const lead = rank - s.length;
    for (let i = 0; i < s.length; i++) if (s[i] !== 1) out[lead + i] = s[i]!;
  }
  return out;
}

/**
 * `n` shapes that broadcast together (NumPy rules), with their broadcast `result`. A base shape is drawn
 * with `constraints`; each operand keeps a trailing part of it (rank `minRank..rank of the base`) with some
 * dimensions replaced by 1, so leading-axis and size-1 broadcasting both occur. Shrinks towards equal,
 * smaller shapes.
 *
 * @param n number of operand shapes (at least 1).
 * @param constraints rank and side bounds of the base shape, as for {@link shape}.
 * @example
 * ```ts
 * import { add, zeros } from '@stepwise/tensor';
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(
 *   fc.property(arb.broadcastableShapes(2), ({ shapes: [a, b], result }) => {
 *     return add(zeros(a!), zeros(b!)).shape.join() === result.join();
 *   }),
 * );
 * ```
 * @throws RangeError when `n` is not a positive integer or the constraints are impossible.
 * @see Hypothesis `mutually_broadcastable_shapes(num_shapes=n)` (returns `input_shapes`, `result_shape`).
 * @category arbitraries
 * @since 0.1.0
 */
export function broadcastableShapes(
  n: number,
  constraints: ShapeConstraints = {},
): fc.Arbitrary<BroadcastableShapes> {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`arb.broadcastableShapes: n must be a positive integer, got ${n}`);
  }
  const c = resolveShapeConstraints('arb.broadcastableShapes', constraints);
  const base = fc.array(fc.integer({ min: c.minSide, max: c.maxSide }), {
    minLength: c.minRank,
    maxLength: c.maxRank,
  });
  const operand = (b: readonly number[]): fc.Arbitrary<number[]> =>
    fc
      .integer({ min: c.minRank, max: b.length })
      .map((r) => b.length - r)
      .chain((drop) =>
        fc
          .array(fc.boolean(), { minLength: b.length - drop, maxLength: b.length - drop })
          .map((ones) => b.slice(drop).map((d, i) => (ones[i] ? 1 : d))),
      );
  return base.chain((b) =>
    fc
      .tuple(...Array.from({ length: n }, () => operand(b)))
      .map((shapes): BroadcastableShapes => ({ shapes, result: broadcastAll(shapes) })),
  );
}
