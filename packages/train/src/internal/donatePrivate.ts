/**
 * Donation of a step's own temporaries (gradients, updates) when nothing else holds their memory.
 * @internal
 * @module
 */
import { donate, isTensor, type Tensor, tree } from '@stepwise/tensor';
import { readBuffer, withdrawDonation } from '@stepwise/tensor/kernel';

/** The tensor leaves of a value (none for values that are not pytrees of tensors). */
function leavesOf(t: unknown): Tensor[] {
  if (isTensor(t)) return [t];
  try {
    return tree.leaves(t as never) as Tensor[];
  } catch {
    return [];
  }
}

/** The memory (`ArrayBuffer`s) of the live tensors of `values`. */
function buffersOf(values: readonly unknown[]): Set<ArrayBufferLike> {
  const out = new Set<ArrayBufferLike>();
  for (const v of values) {
    for (const leaf of leavesOf(v)) {
      if (leaf.size === 0) continue;
      try {
        out.add(readBuffer(leaf).buffer);
      } catch {
        // Already given away: cannot be shared with anything live.
      }
    }
  }
  return out;
}

/**
 * `value` with its tensors donated, except those whose memory any of `others` holds (a gradient that is
 * a batch tensor, an update that is also optimizer state): the ops that consume the result may then write
 * into it. `value` must be the caller's own temporary.
 */
export function donatePrivate<T>(value: T, others: readonly unknown[]): T {
  const held = buffersOf(others);
  if (held.size === 0) return donate(value);
  return tree.map((leaf: Tensor) => {
    if (leaf.size === 0) return leaf;
    return held.has(readBuffer(leaf).buffer) ? leaf : donate(leaf);
  }, value as never) as unknown as T;
}

/** Withdraws the donation of every tensor of `value` (handing back a donated input unchanged). */
export function keepDonated<T>(value: T): T {
  for (const leaf of leavesOf(value)) withdrawDonation(leaf);
  return value;
}
