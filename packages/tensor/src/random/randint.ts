import { sizeOf } from '../core/shape.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { boundedInt, forEachChunk, mod } from './_bits.js';
import { integerIn, keyWords, sampleShape } from './_checks.js';
import type { Key } from './types.js';

const OP = 'random.randint';
const INT32_MIN = -2147483648;
const INT32_END = 2147483648;

/** `out[i] = min + (unbiased integer in [0, span))`, rejecting low words (see `boundedInt`). @internal */
export function randintLoop(
  out: Int32Array,
  k0: number,
  k1: number,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  min: number,
  span: number,
): void {
  const threshold = mod(4294967296, span);
  for (let j = 0; j < m; j++) {
    const w = (y0[j]! ^ y1[j]!) >>> 0;
    const r = w >= threshold ? mod(w, span) : boundedInt(k0, k1, start + j, w, span);
    out[start + j] = min + r;
  }
}

/**
 * Samples integers uniformly from `[min, max)` as `int32`, without modulo bias for any range: a 32-bit word
 * `w` is accepted when `w ≥ 2³² mod (max − min)` and mapped to `min + w mod (max − min)`; a rejected element
 * (probability below ½, zero for power-of-two ranges) draws again from its own retry counters, so each element
 * still depends only on the key and its index.
 *
 * @param key The key to draw with (not modified).
 * @param shape Shape of the result.
 * @param min Inclusive lower bound, an integer ≥ −2³¹.
 * @param max Exclusive upper bound, an integer ≤ 2³¹ with `min < max`.
 * @returns A new `int32` tensor of `shape`.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key or shape, non-integer or out-of-range bounds, or
 * `min >= max`.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const labels = random.randint(random.key(0), [8], 0, 10); // int32 in [0, 10)
 * ```
 * @see JAX `jax.random.randint(key, shape, minval, maxval)` (another reduction, so other values), PyTorch
 * `torch.randint(low, high, size)`.
 * @category random
 * @since 0.1.0
 */
export function randint(key: Key, shape: readonly number[], min: number, max: number): Tensor {
  const [k0, k1] = keyWords(OP, key);
  const dims = sampleShape(OP, shape);
  integerIn(OP, 'min', min, INT32_MIN, INT32_END - 1);
  integerIn(OP, 'max', max, INT32_MIN + 1, INT32_END);
  if (!(min < max)) {
    throw new TensorError('INVALID_ARGUMENT', OP, `min must be less than max, got min ${min}, max ${max}`);
  }
  const n = sizeOf(dims);
  const out = new Int32Array(n);
  const span = max - min;
  forEachChunk(k0!, k1!, n, (y0, y1, start, m) => randintLoop(out, k0!, k1!, y0, y1, start, m, min, span));
  return fromBuffer(out, dims, 'int32');
}
