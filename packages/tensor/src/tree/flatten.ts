import { isTensor, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import type { TreeDef } from './types.js';

const LEAF: TreeDef = Object.freeze({ kind: 'leaf' });

/** True for objects whose prototype is `Object.prototype` or `null`. @internal */
export const isPlainObject = (x: object): boolean => {
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
};

function build(node: unknown, out: Tensor[], path: string): TreeDef {
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
  if (Array.isArray(node)) {
    return { kind: 'array', children: node.map((c, i) => build(c, out, `${path}[${i}]`)) };
  }
  if (typeof node === 'object' && isPlainObject(node)) {
    const keys = Object.keys(node).sort();
    const rec = node as Record<string, unknown>;
    return { kind: 'object', keys, children: keys.map((k) => build(rec[k], out, `${path}.${k}`)) };
  }
  throw new TensorError(
    'INVALID_ARGUMENT',
    'tree',
    `unsupported node at ${path || '<root>'}: ${Object.prototype.toString.call(node)}; pytrees hold tensors in plain objects and arrays`,
  );
}

/**
 * Splits a tree into its tensor leaves (depth first, object keys sorted) and a structure description.
 *
 * @example
 * ```ts
 * import { tree, scalar } from '@stepwise/tensor';
 * const [leaves, def] = tree.flatten({ b: scalar(2), a: [scalar(1)] });
 * leaves.map((t) => t.item()); // [1, 2]
 * tree.unflatten(def, leaves); // { a: [scalar(1)], b: scalar(2) }
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for class instances, functions, maps and other non-plain nodes.
 * @category pytrees
 * @since 0.1.0
 */
export function flatten(t: unknown): [Tensor[], TreeDef] {
  const out: Tensor[] = [];
  const def = build(t, out, '');
  return [out, def];
}

/** The tensor leaves of a tree, in `flatten` order. @category pytrees @since 0.1.0 */
export function leaves(t: unknown): Tensor[] {
  return flatten(t)[0];
}

/**
 * Rebuilds a tree from a structure and leaves (the inverse of {@link flatten}).
 * @throws TensorError `INVALID_ARGUMENT` if the number of leaves does not match the structure.
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
            `structure needs more than ${leaves.length} leaves`,
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
      `structure has ${pos} leaves, got ${leaves.length}`,
    );
  }
  return result as T;
}

/** Number of leaves a structure holds. @category pytrees @since 0.1.0 */
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
