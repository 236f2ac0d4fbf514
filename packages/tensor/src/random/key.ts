import { fromBuffer } from '../core/Tensor.js';
import { words64 } from './_checks.js';
import type { Key } from './types.js';

/** Wraps two 32-bit words as a key tensor. @internal */
export function makeKey(hi: number, lo: number): Key {
  const d = new Int32Array(2);
  d[0] = hi;
  d[1] = lo;
  return fromBuffer(d, [2], 'int32');
}

/**
 * A PRNG key from an integer seed: the words `[hi, lo]` of the seed as a 64-bit two's-complement integer,
 * so `0 ≤ seed < 2³²` gives `[0, seed]` (seed 0 gives `[0, 0]`, a key like any other) and seeds beyond 32 bits,
 * or negative ones, fold their high word in. Seeds are read modulo 2⁶⁴, so distinct seeds in `[-2⁶³, 2⁶³)` (or
 * in `[0, 2⁶⁴)`) give distinct keys.
 *
 * @param seed An integer-valued number or a bigint in `[-2⁶³, 2⁶⁴)`.
 * @returns A fresh {@link Key}.
 * @throws TensorError `INVALID_ARGUMENT` for a non-integer, NaN, infinite or out-of-range seed.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * random.key(0).toArray(); // [0, 0]
 * random.key(2 ** 32 + 5).toArray(); // [1, 5]
 * random.key(-1).toArray(); // [-1, -1] (the words 0xffffffff, 0xffffffff)
 * ```
 * @see JAX `jax.random.PRNGKey(seed)`: the same words for seeds in `[0, 2³²)`, and for every 64-bit seed with
 * `jax_enable_x64` (without it JAX maps a negative seed `s` to `[0, s mod 2³²]`).
 * @category random
 * @since 0.1.0
 */
export function key(seed: number | bigint): Key {
  const [hi, lo] = words64('random.key', 'seed', seed);
  return makeKey(hi, lo);
}
