import { sizeOf } from '../core/shape.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { forEachChunk } from './_bits.js';
import { finite, floatDType, keyWords, sampleShape } from './_checks.js';
import { float32AtLeast, float32Below, prevDouble } from './_float.js';
import type { Key, UniformOptions } from './types.js';

const OP = 'random.uniform';
const TWO_M24 = 2 ** -24;
const TWO_M53 = 2 ** -53;
const TWO_32 = 4294967296;

/**
 * `out[i] = clamp(s·(base + u·width), lo, hi)` for 24-bit `u = (y0 ^ y1 >>> 8)·2⁻²⁴` (float32), rounded to float32.
 * @internal
 */
export function uniformLoop32(
  out: Float32Array,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  s: number,
  base: number,
  width: number,
  lo: number,
  hi: number,
): void {
  for (let j = 0; j < m; j++) {
    const u = ((y0[j]! ^ y1[j]!) >>> 8) * TWO_M24;
    let v = Math.fround(s * (base + u * width));
    if (v > hi) v = hi;
    else if (v < lo) v = lo;
    out[start + j] = v;
  }
}

/** The float64 version: 53-bit `u = ((y0 >>> 11)·2³² + y1)·2⁻⁵³`. @internal */
export function uniformLoop64(
  out: Float64Array,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  s: number,
  base: number,
  width: number,
  lo: number,
  hi: number,
): void {
  for (let j = 0; j < m; j++) {
    const u = ((y0[j]! >>> 11) * TWO_32 + (y1[j]! >>> 0)) * TWO_M53;
    let v = s * (base + u * width);
    if (v > hi) v = hi;
    else if (v < lo) v = lo;
    out[start + j] = v;
  }
}

/**
 * Samples uniformly from `[min, max)`: `min + u·(max − min)` with `u` a multiple of 2⁻²⁴ (float32, 24 random
 * bits) or 2⁻⁵³ (float64, 53 bits) in `[0, 1)`. The result never equals `max`, also after rounding to the
 * dtype: values that would round up to `max` are clamped to the largest representable number below it
 * (and to the smallest representable number at least `min`).
 *
 * @param key The key to draw with (not modified).
 * @param shape Shape of the result (default `[]`, a scalar).
 * @param options `{ min = 0, max = 1, dtype = 'float32' }`.
 * @returns A new tensor of `shape` and `dtype`.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key, shape or dtype, a non-finite bound, `min >= max`, or
 * bounds with no value of the dtype between them.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * const k = random.key(0);
 * const u = random.uniform(k, [2, 3]); // float32 in [0, 1)
 * const w = random.uniform(k, [4], { min: -0.5, max: 0.5, dtype: 'float64' });
 * ```
 * @see JAX `jax.random.uniform(key, shape, dtype, minval, maxval)`: the same bit stream (float32 results agree
 * with JAX's to 2⁻²³, as JAX keeps 23 bits). Keras `keras.random.uniform`, PyTorch `torch.rand` /
 * `Tensor.uniform_` (stateful generators).
 * @category random
 * @since 0.1.0
 */
export function uniform(key: Key, shape: readonly number[] = [], options: UniformOptions = {}): Tensor {
  const [k0, k1] = keyWords(OP, key);
  const dims = sampleShape(OP, shape);
  const dtype = floatDType(OP, options.dtype);
  const min = finite(OP, 'min', options.min ?? 0);
  const max = finite(OP, 'max', options.max ?? 1);
  if (!(min < max)) {
    throw new TensorError('INVALID_ARGUMENT', OP, `min must be less than max, got min ${min}, max ${max}`);
  }
  const lo = dtype === 'float32' ? float32AtLeast(min) : min;
  const hi = dtype === 'float32' ? float32Below(max) : prevDouble(max);
  if (!(lo <= hi)) {
    throw new TensorError('INVALID_ARGUMENT', OP, `no ${dtype} value lies in [${min}, ${max})`);
  }
  // Halve everything when max − min overflows, so that the width stays finite; s·(…) is exact.
  const s = Number.isFinite(max - min) ? 1 : 2;
  const base = min / s;
  const width = max / s - min / s;
  const n = sizeOf(dims);
  if (dtype === 'float32') {
    const out = new Float32Array(n);
    forEachChunk(k0!, k1!, n, (y0, y1, start, m) =>
      uniformLoop32(out, y0, y1, start, m, s, base, width, lo, hi),
    );
    return fromBuffer(out, dims, dtype);
  }
  const out = new Float64Array(n);
  forEachChunk(k0!, k1!, n, (y0, y1, start, m) =>
    uniformLoop64(out, y0, y1, start, m, s, base, width, lo, hi),
  );
  return fromBuffer(out, dims, dtype);
}
