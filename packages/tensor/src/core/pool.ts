/**
 * The recycling pool: memory given back with `recycle` (or consumed by an op that was handed a donated
 * tensor it did not write into), kept by byte length and handed to the next allocation of that length.
 * Fresh memory costs page faults the first time it is written (about 0.6 ms per MB on our machines, more than
 * an elementwise pass over it), so a training loop that recycles last step's buffers runs on memory that is
 * already mapped. Values never leak: the tensors that owned recycled memory are detached (they throw
 * `DONATED` when read), zero-filled allocations are zeroed again, and output allocations are only used by
 * kernels that write every element.
 *
 * The pool is bounded ({@link setRecycleLimit}; 256 MiB by default) and only keeps buffers of at least
 * 64 KiB: small allocations are cheap and are left to the engine.
 * @internal
 * @module
 */

/** Smallest buffer worth keeping. */
const MIN_BYTES = 1 << 16;

const free = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;
let limitBytes = 256 * 1024 * 1024;

/** Keeps `buf` for reuse when it is large enough and fits under the limit; otherwise drops it. */
export function giveBuffer(buf: ArrayBuffer): void {
  const n = buf.byteLength;
  if (n < MIN_BYTES || pooledBytes + n > limitBytes) return;
  const list = free.get(n);
  if (list === undefined) free.set(n, [buf]);
  else list.push(buf);
  pooledBytes += n;
}

/** A pooled buffer of exactly `bytes` bytes (contents unspecified), or `undefined`. */
export function takeBuffer(bytes: number): ArrayBuffer | undefined {
  if (bytes < MIN_BYTES || pooledBytes === 0) return undefined;
  const buf = free.get(bytes)?.pop();
  if (buf !== undefined) pooledBytes -= bytes;
  return buf;
}

/** Sets the most memory the pool keeps, in bytes (0 turns recycling off and empties the pool). Returns the old limit. */
export function setRecycleLimit(bytes: number): number {
  const old = limitBytes;
  limitBytes = Math.max(0, bytes);
  if (pooledBytes > limitBytes) {
    free.clear();
    pooledBytes = 0;
  }
  return old;
}

/** Bytes the pool holds now. */
export const recycledBytes = (): number => pooledBytes;
