import { random } from '@stepwise/tensor';
import * as fc from 'fast-check';

/**
 * PRNG keys, made with `random.key(seed)` from `@stepwise/tensor` for a seed in `[0, 2⁵³)` (an `int32`
 * tensor of shape `[2]`). Shrinks towards `random.key(0)`. Use it to make a property range over the
 * randomness of the code under test (initializers, dropout, shuffling) while staying reproducible.
 *
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(
 *   fc.property(arb.key(), (k) => {
 *     const u = random.uniform(k, [100]).data();
 *     return u.every((v) => v >= 0 && v < 1);
 *   }),
 * );
 * ```
 * @see JAX `jax.random.PRNGKey(seed)`.
 * @category arbitraries
 * @since 0.1.0
 */
export function key(): fc.Arbitrary<random.Key> {
  return fc.maxSafeNat().map((seed) => random.key(seed));
}
