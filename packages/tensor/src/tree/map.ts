import type { Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { defEqual, flattenAs, unflatten } from './flatten.js';
import type { MapTree } from './types.js';

/**
 * Applies `f` to every tensor leaf of `t` (and the leaves at the same positions of `rest`, which must
 * have the same structure), keeping the structure: `map(f, t, u)` is `unflatten(def, leaves(t).map((x, i) =>
 * f(x, leaves(u)[i])))`. Static values (numbers, strings…) of `t` are kept as they are. The result is a new
 * tree; `t` and `rest` are not modified. Its type maps the structure: over `{ w: Tensor; b: [Tensor] }` it is
 * `{ w: R; b: [R] }` (see {@link MapTree}).
 *
 * @param f Called once per leaf, in {@link flatten} order, with the leaf and the matching leaves of `rest`.
 * @param t The tree to map.
 * @param rest Trees with the same structure as `t` (same keys, array lengths and leaf positions).
 * @returns A tree of the same structure holding the results of `f`.
 * @example
 * ```ts
 * import { tree, tensor, mul, sub } from '@stepwise/tensor';
 * const params = { w: tensor([1, 2]), b: tensor([3]) };
 * const doubled = tree.map((x) => mul(x, 2), params); // { w: [2, 4], b: [6] }
 * const sgd = tree.map((p, g) => sub(p, mul(g!, 0.1)), params, doubled); // p − 0.1·g, leaf by leaf
 * const sizes = tree.map((x) => x.size, params); // { w: 2, b: 1 }
 * ```
 * @throws TensorError `SHAPE_MISMATCH` when a tree in `rest` has another structure; `INVALID_ARGUMENT` for
 * unsupported nodes or cycles (see {@link flatten}).
 * @see JAX `jax.tree_util.tree_map(f, tree, *rest)`, Optax's use of it for updates.
 * @category pytrees
 * @since 0.1.0
 */
export function map<T, R = Tensor>(
  f: (leaf: Tensor, ...rest: Tensor[]) => R,
  t: T,
  ...rest: readonly T[]
): MapTree<T, R> {
  const [leaves, def] = flattenAs('tree.map', t);
  if (rest.length === 0)
    return unflatten(
      def,
      leaves.map((x) => f(x)),
    );
  const others = rest.map((r, i) => {
    const [l, d] = flattenAs('tree.map', r);
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
 * True when two trees have the same structure: the same keys, array lengths and positions of tensor leaves,
 * and static values of the same type (`null` and `undefined` count as types). Tensor shapes and dtypes and
 * the values of statics are not compared. This is the condition under which {@link map} accepts `b` as a
 * rest tree of `a`.
 *
 * @example
 * ```ts
 * import { tree, scalar, zeros } from '@stepwise/tensor';
 * tree.structureEqual({ w: scalar(1) }, { w: zeros([3, 3]) }); // true
 * tree.structureEqual({ w: scalar(1) }, { w: [scalar(1)] }); // false
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for unsupported nodes or cycles (see {@link flatten}).
 * @see JAX `treedef_a == treedef_b` after `jax.tree_util.tree_structure`.
 * @category pytrees
 * @since 0.1.0
 */
export function structureEqual(a: unknown, b: unknown): boolean {
  return defEqual(flattenAs('tree.structureEqual', a)[1], flattenAs('tree.structureEqual', b)[1]);
}
