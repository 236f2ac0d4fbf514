import { threefry2x32 } from '../kernels/threefry.js';
import { integerIn, keyWords } from './_checks.js';
import { makeKey } from './key.js';
import type { Key } from './types.js';

/**
 * Splits a key into `n` new, independent keys: child `i` is the Threefry-2x32 block of counter `(0, i)`
 * under `key`. Use each child for one purpose and drop the parent.
 *
 * @param key The key to split (not modified; it stays valid but should not be used again for sampling).
 * @param n Number of children, an integer in `[0, 2³²)` (default 2).
 * @returns `n` fresh keys, pairwise distinct (Threefry is a bijection of counters for a fixed key).
 * @throws TensorError `INVALID_ARGUMENT` for a bad key or count.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const [initKey, dropoutKey] = random.split(random.key(0));
 * const keys = random.split(random.key(1), 4); // four keys
 * ```
 * @see JAX `jax.random.split(key, num)`: bit-identical to JAX's default (partitionable) Threefry, e.g.
 * `split(key(0))` is `[[1797259609, 2579123966], [928981903, 3453687069]]` as uint32. `split(key, n)[i]` equals
 * `foldIn(key, i)`: derive the children of one parent key with one or the other, not both.
 * @category random
 * @since 0.1.0
 */
export function split(key: Key, n = 2): Key[] {
  const [k0, k1] = keyWords('random.split', key);
  integerIn('random.split', 'n', n, 0, 4294967295);
  const out: Key[] = new Array<Key>(n);
  for (let i = 0; i < n; i++) {
    const d = new Int32Array(2);
    threefry2x32(k0!, k1!, 0, i, d, 0, d, 1);
    out[i] = makeKey(d[0]!, d[1]!);
  }
  return out;
}
