import { isTensor, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import type { TreeDef } from './types.js';

const LEAF: TreeDef = Object.freeze({ kind: 'leaf' });

/** True for objects whose prototype is `Object.prototype` or `null`. @internal */
export const isPlainObject = (x: object): boolean => {
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
};

/** A path segment for error messages: `.key` for identifiers, `["my key"]` otherwise; no dot at the root. */
const keySegment = (path: string, k: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(k) ? (path === '' ? k : `${path}.${k}`) : `${path}[${JSON.stringify(k)}]`;

/**
 * Flattens `node` depth first, pushing its tensors to `out`. `open` holds the containers on the current path,
 * to reject cycles (a shared subtree that is not its own ancestor is fine).
 */
function build(op: string, node: unknown, out: Tensor[], path: string, open: Set<object>): TreeDef {
  if (isTensor(node)) {
    out.push(node);
    return LEAF;
  }
  if (
    node === null ||
    node === undefined ||
    typeof node === 'number' ||
    typeof node === 'string' ||
    typeof node === 'boolean'
  ) {
    return { kind: 'static', value: node };
  }
  const isArray = Array.isArray(node);
  if (typeof node === 'object' && (isArray || isPlainObject(node))) {
    if (open.has(node)) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `cycle at ${path || '<root>'}: a pytree cannot contain itself`,
      );
    }
    open.add(node);
    let def: TreeDef;
    if (isArray) {
      // A for loop, not map: holes of sparse arrays become undefined static values.
      const children = new Array<TreeDef>(node.length);
      for (let i = 0; i < node.length; i++) children[i] = build(op, node[i], out, `${path}[${i}]`, open);
      def = { kind: 'array', children };
    } else {
      const keys = Object.keys(node).sort();
      const rec = node as Record<string, unknown>;
      const children = new Array<TreeDef>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        children[i] = build(op, rec[k], out, keySegment(path, k), open);
      }
      def = { kind: 'object', keys, children };
    }
    open.delete(node);
    return def;
  }
  throw new TensorError(
    'INVALID_ARGUMENT',
    op,
    `unsupported node at ${path || '<root>'}: ${Object.prototype.toString.call(node)}; pytrees hold tensors in plain objects and arrays`,
  );
}

/** {@link flatten} reporting errors under the name of the calling function. @internal */
export function flattenAs(op: string, t: unknown): [Tensor[], TreeDef] {
  const out: Tensor[] = [];
  const def = build(op, t, out, '', new Set());
  return [out, def];
}

/**
 * Splits a tree into its tensor leaves and a description of its structure. Leaves are listed depth first:
 * array elements in index order, object keys in sorted order (`Array.prototype.sort`, by UTF-16 code units, so
 * `'1' < '10' < '9' < 'B' < 'a'`), whatever their insertion order. Numbers, strings, booleans, `null` and
 * `undefined` (also holes of sparse arrays) are static values kept in the structure, never leaves.
 *
 * @param t A pytree: tensors in nested plain objects (or null-prototype objects) and arrays.
 * @returns `[leaves, def]`; `unflatten(def, leaves)` rebuilds an equal tree (same leaves, fresh containers).
 * @example
 * ```ts
 * import { tree, scalar } from '@stepwise/tensor';
 * const [leaves, def] = tree.flatten({ b: scalar(2), a: [scalar(1)] });
 * leaves.map((t) => t.item()); // [1, 2]
 * tree.unflatten(def, leaves); // { a: [scalar(1)], b: scalar(2) }
 * ```
 * @throws TensorError `INVALID_ARGUMENT` naming the path (e.g. `tree.flatten: unsupported node at a[1].b:
 * [object Map]…`) for class instances, maps, sets, dates, typed arrays, functions, bigints and symbols, and for
 * cycles. A subtree shared by two parents is fine (it is visited twice).
 * @see JAX `jax.tree_util.tree_flatten` (JAX also sorts dict keys; it treats `None` as an empty node and
 * numbers as leaves, where Stepwise keeps them as static values).
 * @category pytrees
 * @since 0.1.0
 */
export function flatten(t: unknown): [Tensor[], TreeDef] {
  return flattenAs('tree.flatten', t);
}

/**
 * The tensor leaves of a tree, in {@link flatten} order (depth first, object keys sorted).
 *
 * @example
 * ```ts
 * import { tree, scalar } from '@stepwise/tensor';
 * tree.leaves({ w: scalar(1), b: [scalar(2), 'static'] }).length; // 2 (b's leaf comes first)
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for unsupported nodes and cycles, as {@link flatten}.
 * @see JAX `jax.tree_util.tree_leaves`.
 * @category pytrees
 * @since 0.1.0
 */
export function leaves(t: unknown): Tensor[] {
  return flattenAs('tree.leaves', t)[0];
}

/**
 * Rebuilds a tree from a structure and leaves, the inverse of {@link flatten}: leaves are placed in `flatten`
 * order and static values restored. The leaves may be anything (e.g. numbers), not only tensors.
 *
 * @param def A structure returned by {@link flatten}.
 * @param leaves As many values as `def` has leaves.
 * @returns A new tree of fresh plain objects and arrays.
 * @example
 * ```ts
 * import { tree, scalar } from '@stepwise/tensor';
 * const [, def] = tree.flatten({ w: scalar(1), b: scalar(2) });
 * tree.unflatten(def, [scalar(3), scalar(4)]); // { b: scalar(3), w: scalar(4) }
 * ```
 * @throws TensorError `INVALID_ARGUMENT` (`tree.unflatten: structure needs 2 leaves, got 3`) when the number of
 * leaves does not match the structure.
 * @see JAX `jax.tree_util.tree_unflatten`.
 * @category pytrees
 * @since 0.1.0
 */
export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  let pos = 0;
  const rebuild = (d: TreeDef): unknown => {
    switch (d.kind) {
      case 'leaf':
        if (pos >= leaves.length) {
          throw new TensorError(
            'INVALID_ARGUMENT',
            'tree.unflatten',
            `structure needs ${numLeaves(def)} leaves, got ${leaves.length}`,
          );
        }
        return leaves[pos++];
      case 'static':
        return d.value;
      case 'array':
        return d.children.map(rebuild);
      case 'object': {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < d.keys.length; i++) o[d.keys[i]!] = rebuild(d.children[i]!);
        return o;
      }
    }
  };
  const result = rebuild(def);
  if (pos !== leaves.length) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'tree.unflatten',
      `structure needs ${pos} leaves, got ${leaves.length}`,
    );
  }
  return result as T;
}

/**
 * Number of leaves a structure holds (`numLeaves(flatten(t)[1]) === leaves(t).length`).
 * @example
 * ```ts
 * import { tree, scalar } from '@stepwise/tensor';
 * tree.numLeaves(tree.flatten([scalar(1), { a: scalar(2), n: 3 }])[1]); // 2
 * ```
 * @category pytrees
 * @since 0.1.0
 */
export function numLeaves(def: TreeDef): number {
  switch (def.kind) {
    case 'leaf':
      return 1;
    case 'static':
      return 0;
    default:
      return def.children.reduce((s, c) => s + numLeaves(c), 0);
  }
}

/** True when two structure descriptions are the same (static values compared by kind only). @internal */
export function defEqual(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'leaf':
      return true;
    case 'static':
      return (
        b.kind === 'static' &&
        (a.value === null || a.value === undefined ? a.value === b.value : typeof a.value === typeof b.value)
      );
    case 'array': {
      const bc = (b as typeof a).children;
      return a.children.length === bc.length && a.children.every((c, i) => defEqual(c, bc[i]!));
    }
    case 'object': {
      const bo = b as typeof a;
      return (
        a.keys.length === bo.keys.length &&
        a.keys.every((k, i) => k === bo.keys[i]) &&
        a.children.every((c, i) => defEqual(c, bo.children[i]!))
      );
    }
  }
}
