/**
 * Lending memory between the stages of an optimizer step: which tensors' memory the caller or a state
 * holds, and donating (`donate`) the step's private intermediates so the next stage can write in place.
 * @internal
 * @module
 */
import { donate, isDonated, isTensor, recycle, type Tensor, tree } from '@stepwise/tensor';
import { readBuffer, withdrawDonation } from '@stepwise/tensor/kernel';

/** Adds the memory (`ArrayBuffer`s) of a tree's live tensors to `into`; tensors already given away are skipped. */
export function addBuffers(t: unknown, into: Set<ArrayBufferLike>): void {
  if (t === undefined) return;
  for (const leaf of leavesOf(t)) {
    if (leaf.size === 0) continue;
    try {
      into.add(readBuffer(leaf).buffer);
    } catch {
      // A donated input whose memory a stage already took: nobody can read it, so it cannot be shared.
    }
  }
}

/** Withdraws the donation of every still-donated tensor of `t` that `chain` made (it leaves the chain). */
export function keepAll(t: unknown, mine: ReadonlySet<Tensor>): void {
  if (mine.size === 0) return;
  for (const leaf of leavesOf(t)) if (mine.has(leaf)) withdrawDonation(leaf);
}

/** The tensor leaves of a tree (none for values that are not pytrees of tensors). */
export function leavesOf(t: unknown): Tensor[] {
  if (isTensor(t)) return [t];
  try {
    return tree.leaves(t as never) as Tensor[];
  } catch {
    return [];
  }
}

/** Recycles the chain's own donations in `lent` that are still donated and do not appear in `result`. */
export function recycleUnused(lent: unknown, result: unknown, mine: ReadonlySet<Tensor>): void {
  if (mine.size === 0) return;
  let passed: Set<Tensor> | undefined;
  for (const leaf of leavesOf(lent)) {
    if (!mine.has(leaf) || !isDonated(leaf)) continue;
    passed ??= new Set(leavesOf(result));
    if (!passed.has(leaf)) recycle(leaf);
  }
}

/** Whether a tree has any tensor leaf (chains over plain numbers or empty trees skip the bookkeeping). */
export const anyTensor = (t: unknown): boolean => leavesOf(t).length > 0;

/**
 * Passes intermediate updates on between stages as donated tensors when nothing else holds their memory (not
 * the caller's updates, params or states, not any stage's new state), so the next stage writes its output
 * into them instead of fresh memory. Returns the (possibly donated) updates.
 */
export function donatePrivate(u: unknown, held: ReadonlySet<ArrayBufferLike>, mine: Set<Tensor>): unknown {
  return tree.map((leaf: Tensor) => {
    if (leaf.size === 0 || isDonated(leaf)) return leaf;
    let buf: ArrayBufferLike;
    try {
      buf = readBuffer(leaf).buffer;
    } catch {
      return leaf;
    }
    if (held.has(buf)) return leaf;
    const d = donate(leaf);
    if (d !== leaf) mine.add(d);
    return d;
  }, u as never);
}

/** `value`'s tensors donated, except those whose memory any of `others` holds. */
export function lendUnshared<T>(value: T, others: readonly unknown[]): T {
  const held = new Set<ArrayBufferLike>();
  for (const o of others) addBuffers(o, held);
  return donatePrivate(value, held, new Set()) as T;
}
