import * as fc from 'fast-check';

/** Constraints of {@link shape}. @category arbitraries @since 0.1.0 */
export interface ShapeConstraints {
  /** Smallest rank (number of dimensions); default 0 (scalars included). */
  readonly minRank?: number;
  /** Largest rank; default `max(minRank, 3)`. */
  readonly maxRank?: number;
  /** Smallest size of a dimension; default 1 (use 0 to include empty tensors). */
  readonly minSide?: number;
  /** Largest size of a dimension; default `minSide + 4`. */
  readonly maxSide?: number;
}

/** Resolved constraints, validated. @internal */
export interface ResolvedShapeConstraints {
  readonly minRank: number;
  readonly maxRank: number;
  readonly minSide: number;
  readonly maxSide: number;
}

const checkCount = (op: string, name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 0)
    throw new RangeError(`${op}: ${name} must be a non-negative integer, got ${v}`);
  return v;
};

/** Fills in the defaults of {@link ShapeConstraints} and rejects impossible ones. @internal */
export function resolveShapeConstraints(op: string, c: ShapeConstraints): ResolvedShapeConstraints {
  const minRank = checkCount(op, 'minRank', c.minRank ?? 0);
  const maxRank = checkCount(op, 'maxRank', c.maxRank ?? Math.max(minRank, 3));
  const minSide = checkCount(op, 'minSide', c.minSide ?? 1);
  const maxSide = checkCount(op, 'maxSide', c.maxSide ?? minSide + 4);
  if (maxRank < minRank) throw new RangeError(`${op}: maxRank ${maxRank} < minRank ${minRank}`);
  if (maxSide < minSide) throw new RangeError(`${op}: maxSide ${maxSide} < minSide ${minSide}`);
  return { minRank, maxRank, minSide, maxSide };
}

/**
 * Tensor shapes: arrays of `minRank..maxRank` dimensions, each of size `minSide..maxSide`. Shrinks towards
 * fewer and smaller dimensions (Hypothesis `array_shapes`).
 *
 * @example
 * ```ts
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(fc.property(arb.shape({ minRank: 1, maxRank: 2 }), (s) => s.length >= 1 && s.length <= 2));
 * ```
 * @throws RangeError for negative, fractional or crossed bounds.
 * @see Hypothesis `hypothesis.extra.numpy.array_shapes(min_dims, max_dims, min_side, max_side)`.
 * @category arbitraries
 * @since 0.1.0
 */
export function shape(constraints: ShapeConstraints = {}): fc.Arbitrary<readonly number[]> {
  const { minRank, maxRank, minSide, maxSide } = resolveShapeConstraints('arb.shape', constraints);
  return fc.array(fc.integer({ min: minSide, max: maxSide }), { minLength: minRank, maxLength: maxRank });
}
