/**
 * Reproducibility fingerprints: the SHA-256 of a pytree's tensors, bytes and all. Two trainings that end
 * with bit-identical parameters (and model state) have the same hash; one flipped bit changes it.
 */
import { createHash } from 'node:crypto';
import { tree } from '@stepwise/tensor';

/**
 * SHA-256 (hex) of every leaf of a pytree in `tree.leaves` order: for each leaf its dtype, shape and raw
 * little-endian bytes.
 */
export function hashTree(value: unknown): string {
  const h = createHash('sha256');
  for (const leaf of tree.leaves(value)) {
    const data = leaf.data();
    h.update(`${leaf.dtype}[${leaf.shape.join(',')}]`);
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return h.digest('hex');
}

/** SHA-256 (hex) of a list of hex hashes, in order: one fingerprint of several runs. */
export function combineHashes(hashes: readonly string[]): string {
  const h = createHash('sha256');
  for (const x of hashes) h.update(x);
  return h.digest('hex');
}
