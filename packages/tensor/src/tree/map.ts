import type { Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { defEqual, flatten, unflatten } from './flatten.js';
import type { MapTree } from './types.js';

/**
 * Applies `f` to every tensor leaf of `t` (and the leaves at the same positions of `rest`, which must
 * have the same structure), keeping the structure. Static values (numbers, strings…) are kept as they are.
 *
 * @example
 * ```ts
 * import { tree, tensor, mul } from '@stepwise/tensor';
 * const params = { w: tensor([1, 2]), b: tensor([3]) };
 * const doubled = tree.map((x) => mul(x, 2), params); // { w: [2, 4], b: [6] }
 * ```
 * @throws TensorError `SHAPE_MISMATCH` when a tree in `rest` has another structure.
 * @category pytrees
 * @since 0.1.0
 */
export function map<T, R = Tensor>(
  f: (leaf: Tensor, ...rest: Tensor[]) => R,
  t: T,
  ...rest: readonly T[]
): MapTree<T, R> {
  const [leaves, def] = flatten(t);
  if (rest.length === 0)
    return unflatten(
      def,
      leaves.map((x) => f(x)),
    );
  const others = rest.map((r, i) => {
    const [l, d] = flatten(r);
    if (!defEqual(def, d)) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        'tree.map',
        `tree ${i + 1} of rest has a different structure from the first tree`,
      );
    }
    return l;
  });
  return unflatten(
    def,
    leaves.map((x, i) => f(x, ...others.map((o) => o[i]!))),
  );
}

/**
 * True when two trees have the same structure: the same keys, array lengths and positions of tensor
 * leaves (tensor shapes and static values are not compared).
 * @category pytrees
 * @since 0.1.0
 */
export function structureEqual(a: unknown, b: unknown): boolean {
  return defEqual(flatten(a)[1], flatten(b)[1]);
}
