import type { Tensor } from '../core/Tensor.js';

/**
 * A pytree: nested plain objects and arrays whose leaves are tensors. `null` and `undefined` are empty
 * subtrees; numbers, strings and booleans are static values kept in the structure but never visited.
 * Object keys are visited in sorted order.
 * @category pytrees
 * @since 0.1.0
 */
export type Tree =
  | Tensor
  | readonly Tree[]
  | { readonly [key: string]: Tree }
  | null
  | undefined
  | number
  | string
  | boolean;

/**
 * The type of `tree.map(f, t)` where `f` returns `R`: every tensor leaf of `T` becomes `R`, the rest of
 * the structure is kept. `MapTree<{ w: Tensor }, Tensor>` is `{ w: Tensor }`.
 * @category pytrees
 * @since 0.1.0
 */
export type MapTree<T, R> = T extends Tensor
  ? R
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: MapTree<T[K], R> }
    : T extends object
      ? { -readonly [K in keyof T]: MapTree<T[K], R> }
      : T;

/** Opaque description of a tree's structure, as returned by `tree.flatten`. @category pytrees @since 0.1.0 */
export type TreeDef =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'static'; readonly value: null | undefined | number | string | boolean }
  | { readonly kind: 'array'; readonly children: readonly TreeDef[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };
