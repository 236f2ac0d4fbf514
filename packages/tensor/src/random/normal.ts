import { sizeOf } from '../core/shape.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { forEachChunk } from './_bits.js';
import { finite, floatDType, keyWords, sampleShape } from './_checks.js';
import { normalQuantile } from './_normalCdf.js';
import type { Key, NormalOptions } from './types.js';

const OP = 'random.normal';
const TWO_32 = 4294967296;
const TWO_M52 = 2 ** -52;

/**
 * `out[i] = mean + std·Φ⁻¹(u)` with the open-interval 52-bit uniform `u = (k + ½)·2⁻⁵²`,
 * `k = (y0 >>> 12)·2³² + y1`, so `u ∈ [2⁻⁵³, 1 − 2⁻⁵³]` is symmetric about ½ and never 0 or 1.
 * @internal
 */
export function normalLoop(
  out: Float32Array | Float64Array,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  mean: number,
  std: number,
): void {
  for (let j = 0; j < m; j++) {
    const u = ((y0[j]! >>> 12) * TWO_32 + (y1[j]! >>> 0) + 0.5) * TWO_M52;
    out[start + j] = mean + std * normalQuantile(u);
  }
}

/**
 * Samples a normal distribution `N(mean, std²)` by inversion: `mean + std·Φ⁻¹(u)` where `u` is uniform on a
 * 2⁻⁵² grid of the open interval (0, 1) and Φ⁻¹ is Wichura's AS 241 (relative error ~1e-16). Inversion uses
 * one 64-bit Threefry block per element (so element `i` depends only on the key and `i`), is exact in the
 * tails to |z| ≈ 8.2 for both dtypes, and is monotone in the random bits.
 *
 * @param key The key to draw with (not modified).
 * @param shape Shape of the result (default `[]`).
 * @param options `{ mean = 0, std = 1, dtype = 'float32' }`; `std` must be finite and ≥ 0.
 * @returns A new tensor of `shape` and `dtype`.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key, shape or dtype, a non-finite mean or std, or std < 0.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const z = random.normal(random.key(0), [1000]); // standard normal, float32
 * const w = random.normal(random.key(1), [3, 3], { std: 0.02 });
 * ```
 * @see JAX `jax.random.normal` (√2·erfinv of a 23-bit uniform in float32: the same key gives different
 * values here), Keras `keras.random.normal(shape, mean, stddev)`, PyTorch `torch.randn` / `Tensor.normal_`.
 * @category random
 * @since 0.1.0
 */
export function normal(key: Key, shape: readonly number[] = [], options: NormalOptions = {}): Tensor {
  const [k0, k1] = keyWords(OP, key);
  const dims = sampleShape(OP, shape);
  const dtype = floatDType(OP, options.dtype);
  const mean = finite(OP, 'mean', options.mean ?? 0);
  const std = finite(OP, 'std', options.std ?? 1);
  if (std < 0) throw new TensorError('INVALID_ARGUMENT', OP, `std must be >= 0, got ${std}`);
  const n = sizeOf(dims);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  forEachChunk(k0!, k1!, n, (y0, y1, start, m) => normalLoop(out, y0, y1, start, m, mean, std));
  return fromBuffer(out, dims, dtype);
}
