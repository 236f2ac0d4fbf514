/**
 * Applies a per-leaf function to a tree of float updates, keeping the structure.
 * @internal
 * @module
 */
import { type Tensor, tree } from '@stepwise/tensor';
import { flattenFloat } from './leaves.js';

/** `tree.map` over float leaves, with the leaf index; the result has the type of `updates`. */
export function mapUpdates<U>(op: string, updates: U, f: (g: Tensor, i: number) => Tensor): U {
  const [leaves, def] = flattenFloat(op, 'updates', updates);
  return tree.unflatten<U>(def, leaves.map(f));
}
