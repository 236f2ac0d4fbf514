import type { Tensor, tree as treeNs } from '@stepwise/tensor';
import * as fc from 'fast-check';
import { shape } from './shape.js';
import { tensor } from './tensor.js';

/** Constraints of {@link tree}. @category arbitraries @since 0.1.0 */
export interface TreeConstraints {
  /** Arbitrary of the tensor leaves; default float32 tensors of rank 0–2 with sides 1–3. */
  readonly leaf?: fc.Arbitrary<Tensor>;
  /** Deepest nesting of arrays and objects; default 2 (0: a single leaf). */
  readonly maxDepth?: number;
  /** Fewest children of an array or object; default 0 (empty containers included). */
  readonly minBreadth?: number;
  /** Most children of an array or object; default 3. */
  readonly maxBreadth?: number;
  /** Object keys to choose from; default `['a', 'b', 'c', 'w', 'bias', 'kernel']`. */
  readonly keys?: readonly string[];
  /** Also place static values (`null`, numbers, strings), which pytree functions keep but never visit. */
  readonly withStatics?: boolean;
}

/**
 * Pytrees: nested plain objects and arrays (depth `0..maxDepth`) with tensor leaves, in the shape
 * `@stepwise/tensor`'s `tree` functions and autodiff transformations accept (`{ w: [t1, t2], b: t3 }`).
 * Shrinks towards a lone leaf.
 *
 * @example
 * ```ts
 * import { tree } from '@stepwise/tensor';
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(
 *   fc.property(arb.tree(), (t) => tree.structureEqual(tree.map((x) => x, t), t)),
 * );
 * ```
 * @throws RangeError for negative or crossed breadth bounds, a negative depth, or an empty key list.
 * @see Hypothesis `recursive(base, extend)` and fast-check `letrec` (the general tools); JAX has no pytree
 * strategy of its own.
 * @category arbitraries
 * @since 0.1.0
 */
export function tree(constraints: TreeConstraints = {}): fc.Arbitrary<treeNs.Tree> {
  const maxDepth = constraints.maxDepth ?? 2;
  const minBreadth = constraints.minBreadth ?? 0;
  const maxBreadth = constraints.maxBreadth ?? 3;
  const keys = constraints.keys ?? ['a', 'b', 'c', 'w', 'bias', 'kernel'];
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(`arb.tree: maxDepth must be a non-negative integer, got ${maxDepth}`);
  }
  if (
    !Number.isInteger(minBreadth) ||
    minBreadth < 0 ||
    !Number.isInteger(maxBreadth) ||
    maxBreadth < minBreadth
  ) {
    throw new RangeError(
      `arb.tree: need integers 0 <= minBreadth <= maxBreadth, got ${minBreadth} and ${maxBreadth}`,
    );
  }
  if (keys.length === 0 || keys.length < minBreadth) {
    throw new RangeError(
      `arb.tree: need at least minBreadth (${minBreadth}) and at least one key, got ${keys.length}`,
    );
  }
  const leaf: fc.Arbitrary<treeNs.Tree> =
    constraints.leaf ?? tensor({ dtype: 'float32', shape: shape({ maxRank: 2, maxSide: 3 }) });
  const leafOrStatic: fc.Arbitrary<treeNs.Tree> =
    constraints.withStatics === true
      ? fc.oneof(
          { arbitrary: leaf, weight: 4 },
          { arbitrary: fc.constantFrom<treeNs.Tree>(null, 0, 1.5, 'relu', true), weight: 1 },
        )
      : leaf;
  const depthIdentifier = fc.createDepthIdentifier();
  const { node } = fc.letrec<{ node: treeNs.Tree; array: treeNs.Tree; object: treeNs.Tree }>((tie) => ({
    node: fc.oneof({ maxDepth, depthIdentifier }, leafOrStatic, tie('array'), tie('object')),
    array: fc.array(tie('node'), { minLength: minBreadth, maxLength: maxBreadth, depthIdentifier }),
    object: fc.dictionary(fc.constantFrom(...keys), tie('node'), {
      minKeys: minBreadth,
      maxKeys: Math.min(maxBreadth, keys.length),
      noNullPrototype: true,
      depthIdentifier,
    }),
  }));
  return node;
}
