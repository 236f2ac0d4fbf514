import { sizeOf } from '../core/shape.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { forEachChunk } from './_bits.js';
import { describe, floatDType, keyWords, sampleShape } from './_checks.js';
import { float32AtLeast, float32AtMost } from './_float.js';
import { normalCdf, normalQuantile } from './_normalCdf.js';
import type { Key, TruncatedNormalOptions } from './types.js';

const OP = 'random.truncatedNormal';
const TWO_32 = 4294967296;
const TWO_M52 = 2 ** -52;

/**
 * Inverse-CDF sampling of N(0, 1) restricted to [lower, upper], given `pa = Φ(lower)`, `qb = 1 − Φ(upper)` and
 * the mass `w = Φ(upper) − Φ(lower)`. `lo`, `hi` are the bounds rounded inwards to the dtype. Below the median it inverts `p = pa + u·w`, above it the complement
 * `q = qb + (1 − u)·w`, so both tails keep full relative precision. Results are clamped to `[lo, hi]`.
 * @internal
 */
export function truncatedNormalLoop(
  out: Float32Array | Float64Array,
  y0: Int32Array,
  y1: Int32Array,
  start: number,
  m: number,
  pa: number,
  qb: number,
  w: number,
  lo: number,
  hi: number,
  round32: boolean,
): void {
  for (let j = 0; j < m; j++) {
    const u = ((y0[j]! >>> 12) * TWO_32 + (y1[j]! >>> 0) + 0.5) * TWO_M52;
    const p = pa + u * w;
    let z = p < 0.5 ? normalQuantile(p) : -normalQuantile(qb + (1 - u) * w);
    // Rounding to float32 must not leave the interval either: lo and hi are representable.
    if (round32) z = Math.fround(z);
    if (z > hi) z = hi;
    else if (z < lo) z = lo;
    out[start + j] = z;
  }
}

/**
 * Samples a standard normal truncated to `[lower, upper]` (bounds in standard deviations) by inversion:
 * `Φ⁻¹(Φ(lower) + u·(Φ(upper) − Φ(lower)))`, computed through the complement above the median so that both
 * tails keep their precision. Every value lies in `[lower, upper]`, also after rounding to float32 (values
 * are clamped to the representable numbers inside the bounds). Scale it yourself: `add(mul(z, std), mean)`.
 *
 * With the defaults (±2) the standard deviation of the result is `0.8796256610342398`, the constant Keras'
 * `VarianceScaling` divides by. Mean: `(φ(a) − φ(b))/Z`; variance: `1 + (aφ(a) − bφ(b))/Z − ((φ(a) − φ(b))/Z)²`
 * with `Z = Φ(b) − Φ(a)`. The tails are exact as far as float64 reaches: only when both bounds lie beyond
 * about ±37.5 on the same side (the mass between them underflows to 0) every sample is the bound nearer 0.
 *
 * @param key The key to draw with (not modified).
 * @param shape Shape of the result (default `[]`).
 * @param options `{ lower = -2, upper = 2, dtype = 'float32' }`; bounds may be infinite, `lower < upper`.
 * @returns A new tensor of `shape` and `dtype`.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key, shape or dtype, a NaN bound, `lower >= upper`, or
 * bounds with no value of the dtype between them.
 * @example
 * ```ts
 * import { random, mul } from '@stepwise/tensor';
 * const z = random.truncatedNormal(random.key(0), [256, 128]); // in [-2, 2]
 * const w = mul(z, 0.05 / 0.8796256610342398); // std 0.05 after truncation (Keras' convention)
 * ```
 * @see JAX `jax.random.truncated_normal(key, lower, upper)` (erfinv-based, same bounds semantics), Keras
 * `keras.random.truncated_normal` (fixed ±2σ), PyTorch `nn.init.trunc_normal_(mean, std, a, b)` whose bounds
 * are absolute values, not standard deviations.
 * @category random
 * @since 0.1.0
 */
export function truncatedNormal(
  key: Key,
  shape: readonly number[] = [],
  options: TruncatedNormalOptions = {},
): Tensor {
  const [k0, k1] = keyWords(OP, key);
  const dims = sampleShape(OP, shape);
  const dtype = floatDType(OP, options.dtype);
  const lower = options.lower ?? -2;
  const upper = options.upper ?? 2;
  for (const [name, v] of [
    ['lower', lower],
    ['upper', upper],
  ] as const) {
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new TensorError('INVALID_ARGUMENT', OP, `${name} must be a number, got ${describe(v)}`);
    }
  }
  if (!(lower < upper)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      OP,
      `lower must be less than upper, got lower ${lower}, upper ${upper}`,
    );
  }
  const lo = dtype === 'float32' ? float32AtLeast(lower) : lower;
  const hi = dtype === 'float32' ? float32AtMost(upper) : upper;
  if (!(lo <= hi) || lo === Infinity || hi === -Infinity) {
    throw new TensorError('INVALID_ARGUMENT', OP, `no finite ${dtype} value lies in [${lower}, ${upper}]`);
  }
  const pa = normalCdf(lower);
  const qb = normalCdf(-upper);
  // The mass between the bounds, from whichever side has no cancellation.
  const w = lower >= 0 ? normalCdf(-lower) - qb : upper <= 0 ? normalCdf(upper) - pa : 1 - pa - qb;
  const n = sizeOf(dims);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  if (w === 0) {
    out.fill(lower >= 0 ? lo : hi);
    return fromBuffer(out, dims, dtype);
  }
  const round32 = dtype === 'float32';
  forEachChunk(k0!, k1!, n, (y0, y1, start, m) =>
    truncatedNormalLoop(out, y0, y1, start, m, pa, qb, w, lo, hi, round32),
  );
  return fromBuffer(out, dims, dtype);
}
