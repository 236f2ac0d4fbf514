import { customVjp, exp, mul, sub, sum, type Tensor, TensorError } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';
import { normalizeAxis, splitAtAxis } from '../internal/axis.js';
import { type FloatArray, floatInput } from '../internal/fused.js';

/** Softmax (or log-softmax) of every slice along the middle axis of an `[outer, n, inner]` layout. */
function softmaxKernel(
  out: FloatArray,
  x: FloatArray,
  outer: number,
  n: number,
  inner: number,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < inner; j++) {
      const start = base + j;
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0, p = start; k < n; k++, p += inner) {
        const v = x[p]!;
        if (v > m || Number.isNaN(v)) m = v;
      }
      if (m === Number.NEGATIVE_INFINITY) m = 0;
      let s = 0;
      for (let k = 0, p = start; k < n; k++, p += inner) s += Math.exp(x[p]! - m);
      if (log) {
        const lse = m + Math.log(s);
        for (let k = 0, p = start; k < n; k++, p += inner) out[p] = x[p]! - lse;
      } else {
        const inv = 1 / s;
        for (let k = 0, p = start; k < n; k++, p += inner) out[p] = Math.exp(x[p]! - m) * inv;
      }
    }
  }
}

/**
 * VJP of softmax (`y ⊙ (g − ⟨g, y⟩)`) or log-softmax (`g − eʸ·Σg`) from the saved output `y`.
 */
function softmaxVjpKernel(
  out: FloatArray,
  g: FloatArray,
  y: FloatArray,
  outer: number,
  n: number,
  inner: number,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < inner; j++) {
      const start = base + j;
      let dot = 0;
      if (log) {
        for (let k = 0, p = start; k < n; k++, p += inner) dot += g[p]!;
        for (let k = 0, p = start; k < n; k++, p += inner) out[p] = g[p]! - Math.exp(y[p]!) * dot;
      } else {
        for (let k = 0, p = start; k < n; k++, p += inner) dot += g[p]! * y[p]!;
        for (let k = 0, p = start; k < n; k++, p += inner) out[p] = y[p]! * (g[p]! - dot);
      }
    }
  }
}

function axisSoftmax(op: string, log: boolean): (x: Tensor, axis?: number) => Tensor {
  const self = (x: Tensor, axis = -1): Tensor => {
    const t = floatInput(op, x);
    if (t.rank === 0) {
      throw new TensorError('INVALID_ARGUMENT', op, 'expected a tensor of rank ≥ 1, got a scalar');
    }
    const ax = normalizeAxis(op, axis, t.rank);
    const [outer, n, inner] = splitAtAxis(t.shape, ax);
    const plain = (xd: Tensor): Tensor => {
      const out = allocateBuffer(xd.dtype, xd.size) as FloatArray;
      softmaxKernel(out, readBuffer(xd) as FloatArray, outer, n, inner, log);
      return adoptBuffer(out, xd.shape, xd.dtype);
    };
    if (!isAnyTraced([t])) return plain(t);
    return customVjp(plain, {
      forward: (xd: Tensor) => {
        const y = plain(xd);
        return [y, y] as const;
      },
      backward: (y, g: Tensor) => {
        if (isAnyTraced([t, g])) {
          // Differentiable form, so that the backward pass can itself be differentiated.
          const yt = self(t, ax);
          return log
            ? [sub(g, mul(exp(yt), sum(g, ax, true)))]
            : [mul(yt, sub(g, sum(mul(g, yt), ax, true)))];
        }
        const out = allocateBuffer(t.dtype, t.size) as FloatArray;
        softmaxVjpKernel(out, readBuffer(g) as FloatArray, readBuffer(y) as FloatArray, outer, n, inner, log);
        return [adoptBuffer(out, t.shape, t.dtype)];
      },
    })(t);
  };
  return self;
}

/**
 * Softmax along `axis`: `softmax(x)ᵢ = e^{xᵢ − m} / Σⱼ e^{xⱼ − m}` with `m = max x` (subtracting the max
 * makes it overflow-free; the result is unchanged). Each slice along `axis` sums to 1.
 *
 * VJP `s ⊙ (g − ⟨g, s⟩)`, fused. A slice of all `−∞` gives NaN (0/0), as JAX and NumPy.
 *
 * @param x - Input tensor of rank ≥ 1.
 * @param axis - Axis to normalize over (default `-1`; negative counts from the end).
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_AXIS` for an out-of-range axis; `INVALID_ARGUMENT` for a scalar or a non-tensor.
 * @example
 * ```ts
 * softmax(tensor([1, 1000, 1000])).toArray(); // [0, 0.5, 0.5]
 * ```
 * @see Keras `keras.activations.softmax(x, axis=-1)`, PyTorch `torch.softmax(x, dim)` (no default dim),
 * JAX `jax.nn.softmax(x, axis=-1)`.
 * @category activations
 * @since 0.1.0
 */
export const softmax: (x: Tensor, axis?: number) => Tensor = axisSoftmax('softmax', false);

/**
 * Log-softmax along `axis`: `xᵢ − m − log Σⱼ e^{xⱼ − m}` with `m = max x`; stable for any magnitude
 * (no `log(0)` for very negative logits).
 *
 * VJP `g − softmax(x)·Σg`, fused.
 *
 * @param x - Input tensor of rank ≥ 1.
 * @param axis - Axis to normalize over (default `-1`).
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_AXIS` for an out-of-range axis; `INVALID_ARGUMENT` for a scalar or a non-tensor.
 * @example
 * ```ts
 * logSoftmax(tensor([0, -1000])).toArray(); // [0, -1000]
 * ```
 * @see Keras `keras.activations.log_softmax`, PyTorch `torch.log_softmax`, JAX `jax.nn.log_softmax`.
 * @category activations
 * @since 0.1.0
 */
export const logSoftmax: (x: Tensor, axis?: number) => Tensor = axisSoftmax('logSoftmax', true);
