import { add, exp, mul, sub, type Tensor, TensorError } from '@stepwise/tensor';
import { geluKernel, geluWithDerivativeKernel } from '@stepwise/tensor/kernel';
import { normalCdf, normalPdf } from '../internal/erf.js';
import { forwardOf, fusedUnary, withDerivativeOf } from '../internal/fused.js';
import { sigmoid } from './sigmoid.js';

const SQRT_2_OVER_PI = 0.7978845608028654;
const INV_SQRT_2PI = 0.3989422804014327;
const C = 0.044715;

/** Options of {@link gelu}. @category activations @since 0.1.0 */
export interface GeluOptions {
  /** Use the tanh approximation instead of the exact erf form (default `false`). */
  readonly approximate?: boolean;
}

/** `Φ(x)`, the standard normal CDF, as a differentiable fused op (`Φ' = φ`). */
const phi: (x: Tensor) => Tensor = fusedUnary({
  name: 'gelu',
  forward: (out, x, n) => {
    for (let i = 0; i < n; i++) out[i] = normalCdf(x[i]!);
  },
  backward: (out, g, x, _y, n) => {
    for (let i = 0; i < n; i++) out[i] = g[i]! * normalPdf(x[i]!);
  },
  derivative: (x) => mul(exp(mul(mul(x, x), -0.5)), INV_SQRT_2PI),
});

const geluExact: (x: Tensor) => Tensor = fusedUnary({
  name: 'gelu',
  forward: forwardOf((x, out) => geluKernel(x, out)),
  forwardWithDerivative: withDerivativeOf((x, out, d) => geluWithDerivativeKernel(x, out, d)),
  // Φ(x) + x·φ(x)
  derivative: (x) => add(phi(x), mul(x, mul(exp(mul(mul(x, x), -0.5)), INV_SQRT_2PI))),
});

const geluTanh: (x: Tensor) => Tensor = fusedUnary({
  name: 'gelu',
  forward: forwardOf((x, out) => geluKernel(x, out, true)),
  forwardWithDerivative: withDerivativeOf((x, out, d) => geluWithDerivativeKernel(x, out, d, true)),
  derivative: (x) => {
    const x2 = mul(x, x);
    const s = sigmoid(mul(mul(x, add(1, mul(x2, C))), 2 * SQRT_2_OVER_PI));
    const du = mul(add(1, mul(x2, 3 * C)), 2 * SQRT_2_OVER_PI);
    return add(s, mul(mul(x, mul(s, sub(1, s))), du));
  },
});

/**
 * Gaussian error linear unit (Hendrycks & Gimpel 2016), elementwise.
 *
 * - exact (default): `x·Φ(x) = ½x·erfc(−x/√2)`; derivative `Φ(x) + x·φ(x)`. The `erfc` form keeps the
 *   tiny negative tail accurate. Large float32 tensors run `geluKernel` of `@stepwise/tensor/kernel`
 *   (WebAssembly SIMD, float32 arithmetic: within 6 ulps where `|y| ≥ 1e−3`, `3e−7·max(1, |y|)` absolutely);
 *   float64 and small tensors evaluate erf in double precision (series / continued fraction).
 * - `approximate: true`: `½x(1 + tanh u)`, `u = √(2/π)(x + 0.044715x³)`, evaluated as `x·σ(2u)` so it
 *   neither overflows nor cancels.
 *
 * **Defaults differ by library**: `keras.activations.gelu` (so `activation="gelu"`), PyTorch
 * `GELU(approximate='none')` and TF.js `'gelu'` are exact; `keras.ops.gelu` and `jax.nn.gelu` default to
 * the tanh form. Ours follows Keras activations and PyTorch.
 *
 * @param x - Input tensor.
 * @param options - `{ approximate }`.
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor or `approximate` is not a boolean.
 * @example
 * ```ts
 * gelu(tensor([1])).item(); // 0.8413…
 * gelu(tensor([1]), { approximate: true }).item(); // 0.8411…
 * ```
 * @see Keras `keras.activations.gelu`, PyTorch `torch.nn.GELU`, JAX `jax.nn.gelu`.
 * @category activations
 * @since 0.1.0
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? false;
  if (typeof approximate !== 'boolean') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'gelu',
      `approximate must be a boolean, got ${String(approximate)}`,
    );
  }
  return approximate ? geluTanh(x) : geluExact(x);
}
