/**
 * Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011; the `threefry2x32_20` of Random123, and the generator behind JAX's default PRNG).
 *
 * A keyed bijection of 64-bit blocks: `(x0, x1) = threefry(key = (k0, k1), counter = (c0, c1))`. Random bits are
 * the images of consecutive counters under a fixed key, so any element can be computed independently.
 *
 * Words are 32-bit patterns held in `Int32Array`s (read them with `>>> 0` for the unsigned value). Additions wrap
 * with `| 0`, rotations use `<<` and `>>>`; no multiplication is involved, so results are bit-identical on every
 * platform. The loops know nothing of `Tensor`.
 * @internal
 * @module
 */

/** Skein key-schedule parity constant. */
const PARITY = 0x1bd11bda;

/**
 * One block: `(out0[i0], out1[i1]) = threefry2x32_20((k0, k1), (c0, c1))`. Arguments are 32-bit patterns
 * (any integers; only the low 32 bits count).
 */
export function threefry2x32(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out0: Int32Array,
  i0: number,
  out1: Int32Array,
  i1: number,
): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = ks0 ^ ks1 ^ PARITY;
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  // Rounds 1–4 (rotations 13, 15, 26, 6).
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + ks1) | 0;
  x1 = (x1 + ks2 + 1) | 0;
  // Rounds 5–8 (rotations 17, 29, 16, 24).
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + ks2) | 0;
  x1 = (x1 + ks0 + 2) | 0;
  // Rounds 9–12.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + ks0) | 0;
  x1 = (x1 + ks1 + 3) | 0;
  // Rounds 13–16.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + ks1) | 0;
  x1 = (x1 + ks2 + 4) | 0;
  // Rounds 17–20.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  out0[i0] = (x0 + ks2) | 0;
  out1[i1] = (x1 + ks0 + 5) | 0;
}

/**
 * Blocks for consecutive counters: for `i < n`, `(out0[i], out1[i]) = threefry2x32_20((k0, k1), (hi, start + i))`.
 * `start + n` must not exceed 2³².
 */
export function threefry2x32Range(
  k0: number,
  k1: number,
  hi: number,
  start: number,
  n: number,
  out0: Int32Array,
  out1: Int32Array,
): void {
  for (let i = 0; i < n; i++) threefry2x32(k0, k1, hi, start + i, out0, i, out1, i);
}
