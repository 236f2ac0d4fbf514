import { sizeOf } from '../core/shape.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { forEachChunk } from './_bits.js';
import { describe, keyWords, sampleShape } from './_checks.js';
import type { Key } from './types.js';

const OP = 'random.bernoulli';

/** `out[i] = (y0 ^ y1) < threshold` as unsigned 32-bit words: true with probability `threshold / 2³²`. @internal */
export function bernoulliLoop(
  out: Uint8Array,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  threshold: number,
): void {
  for (let j = 0; j < m; j++) out[start + j] = (y0[j]! ^ y1[j]!) >>> 0 < threshold ? 1 : 0;
}

/**
 * Samples independent booleans that are `true` with probability `p`: element `i` is `w < p·2³²` for its 32-bit
 * word `w`, so the probability is exact for multiples of 2⁻³² (and within 2⁻³² otherwise); `p = 0` never and
 * `p = 1` always gives `true`.
 *
 * @param key The key to draw with (not modified).
 * @param p Probability of `true`, a number in `[0, 1]`.
 * @param shape Shape of the result (default `[]`).
 * @returns A new `bool` tensor of `shape`.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key or shape, or `p` outside `[0, 1]` or NaN.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const keep = random.bernoulli(random.key(0), 0.9, [32, 128]); // a dropout mask
 * ```
 * @see JAX `jax.random.bernoulli(key, p, shape)` (`uniform < p` on the same bit stream, so the same mask
 * except where `p` falls between two 23-bit grid points), PyTorch `torch.bernoulli`.
 * @category random
 * @since 0.1.0
 */
export function bernoulli(key: Key, p: number, shape: readonly number[] = []): Tensor {
  const [k0, k1] = keyWords(OP, key);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new TensorError('INVALID_ARGUMENT', OP, `p must be a probability in [0, 1], got ${describe(p)}`);
  }
  const dims = sampleShape(OP, shape);
  const n = sizeOf(dims);
  const out = new Uint8Array(n);
  const threshold = p * 4294967296;
  forEachChunk(k0!, k1!, n, (y0, y1, start, m) => bernoulliLoop(out, y0, y1, start, m, threshold));
  return fromBuffer(out, dims, 'bool');
}
