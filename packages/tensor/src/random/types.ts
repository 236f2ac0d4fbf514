import type { Tensor } from '../core/Tensor.js';

/**
 * A PRNG key: an immutable `int32` tensor of shape `[2]` holding two 32-bit words (read them as unsigned
 * 32-bit patterns, like JAX's raw `uint32[2]` keys). Keys are plain values: they live in pytrees, train state
 * and checkpoints, and the same key always gives the same numbers, on every run and platform. Make one with
 * {@link key}, derive new ones with {@link split} or {@link foldIn}; never reuse a key for two different draws.
 *
 * Every `random` function checks its key and throws `TensorError` `INVALID_ARGUMENT` for anything but an
 * `int32` tensor of shape `[2]`.
 *
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const k: random.Key = random.key(42);
 * const [k1, k2] = random.split(k);
 * ```
 * @see JAX `jax.random.PRNGKey` (the same words: `random.key(s)` equals `jax.random.PRNGKey(s)`).
 * @category random
 * @since 0.1.0
 */
export type Key = Tensor;

/** Floating-point dtypes a sampler can return. @category random @since 0.1.0 */
export type FloatDType = 'float32' | 'float64';

/** Options of {@link uniform}. @category random @since 0.1.0 */
export interface UniformOptions {
  /** Inclusive lower bound (default 0). */
  readonly min?: number;
  /** Exclusive upper bound (default 1); never returned, also after rounding to the dtype. */
  readonly max?: number;
  /** Result dtype (default `float32`). */
  readonly dtype?: FloatDType;
}

/** Options of {@link normal}. @category random @since 0.1.0 */
export interface NormalOptions {
  /** Mean (default 0). */
  readonly mean?: number;
  /** Standard deviation, ≥ 0 (default 1). */
  readonly std?: number;
  /** Result dtype (default `float32`). */
  readonly dtype?: FloatDType;
}

/** Options of {@link truncatedNormal}. @category random @since 0.1.0 */
export interface TruncatedNormalOptions {
  /** Lower truncation bound, in standard deviations (default −2); may be `-Infinity`. */
  readonly lower?: number;
  /** Upper truncation bound, in standard deviations (default 2); may be `Infinity`. */
  readonly upper?: number;
  /** Result dtype (default `float32`). */
  readonly dtype?: FloatDType;
}
