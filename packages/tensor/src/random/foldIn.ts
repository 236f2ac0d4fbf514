import { threefry2x32 } from '../kernels/threefry.js';
import { keyWords, words64 } from './_checks.js';
import { makeKey } from './key.js';
import type { Key } from './types.js';

/**
 * Derives a new key from a key and an integer, e.g. a step number or a layer index: the Threefry-2x32 block
 * of counter `(hi, lo)` (the 64-bit words of `data`) under `key`. Different `data` give different keys.
 *
 * @param key The parent key (not modified).
 * @param data An integer-valued number or a bigint in `[-2⁶³, 2⁶⁴)`.
 * @returns A fresh key.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key or a non-integer `data`.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const root = random.key(0);
 * const stepKey = random.foldIn(root, 1000); // a key for step 1000
 * ```
 * @see JAX `jax.random.fold_in(key, data)`, which hashes the same counter (`threefry_seed(data)`, i.e.
 * `(0, data)` for `0 ≤ data < 2³²`); the block function and `split` are checked against recorded JAX output,
 * `foldIn` itself only by construction. `foldIn(key, i)` equals `split(key, n)[i]` (as in JAX's partitionable
 * scheme): derive the children of one parent key with one or the other, not both.
 * @category random
 * @since 0.1.0
 */
export function foldIn(key: Key, data: number | bigint): Key {
  const [k0, k1] = keyWords('random.foldIn', key);
  const [hi, lo] = words64('random.foldIn', 'data', data);
  const d = new Int32Array(2);
  threefry2x32(k0!, k1!, hi, lo, d, 0, d, 1);
  return makeKey(d[0]!, d[1]!);
}
