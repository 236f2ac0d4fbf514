/**
 * The bit stream behind every sampler. Element `i` of a sample drawn with key `(k0, k1)` comes from the
 * Threefry block of counter `(0, i)`: 32-bit draws use `y0 ^ y1` (JAX's partitionable Threefry scheme, so
 * the bits equal `jax.random.bits(key, shape)`), 52/53-bit draws use `y0` as the high and `y1` as the low
 * word. Rejection samplers draw their `a`-th retry for element `i` from counter `(a, i)`. Because an element
 * depends only on the key and its flat index, a sample of shape `[m]` is a prefix of one of shape `[n ≥ m]`.
 * @internal
 * @module
 */
import { threefry2x32, threefry2x32Range } from '../kernels/threefry.js';

/** Elements per chunk: bounds the scratch memory and keeps it in cache. */
export const CHUNK = 4096;

/** A consumer of one chunk: block words `y0[j], y1[j]` of elements `start + j` for `j < m`. */
export type ChunkLoop = (y0: Int32Array, y1: Int32Array, start: number, m: number) => void;

/** Runs `consume` over the blocks of counters `(0, 0) … (0, n − 1)` under key `(k0, k1)`, chunk by chunk. */
export function forEachChunk(k0: number, k1: number, n: number, consume: ChunkLoop): void {
  const m0 = Math.min(n, CHUNK);
  const y0 = new Int32Array(m0);
  const y1 = new Int32Array(m0);
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    threefry2x32Range(k0, k1, 0, start, m, y0, y1);
    consume(y0, y1, start, m);
  }
}

const scratch = new Int32Array(2);

/** The 32-bit draw (unsigned) for element `i`, retry `attempt` (`attempt` 0 is the main stream). */
export function word32(k0: number, k1: number, attempt: number, i: number): number {
  threefry2x32(k0, k1, attempt, i, scratch, 0, scratch, 1);
  return (scratch[0]! ^ scratch[1]!) >>> 0;
}

/**
 * An unbiased integer in `[0, span)` for element `i` (`1 ≤ span ≤ 2³²`), given its main-stream word `w`:
 * words below `2³² mod span` are rejected and replaced by the retries `(1, i), (2, i), …` (each rejection
 * has probability < 1/2), so every value has exactly the same number of accepted words.
 */
export function boundedInt(k0: number, k1: number, i: number, w: number, span: number): number {
  const threshold = mod(4294967296, span);
  let attempt = 0;
  let x = w;
  while (x < threshold) x = word32(k0, k1, ++attempt, i);
  return mod(x, span);
}

/**
 * `x mod span` for integers `0 ≤ x ≤ 2³²`, `1 ≤ span ≤ 2³²`, faster than `%` on doubles. Exact: the quotient
 * `x / span` is within `x·2⁻⁵³ < 1/span` of its true value, so its floor is never off by one.
 */
export const mod = (x: number, span: number): number => x - Math.floor(x / span) * span;
