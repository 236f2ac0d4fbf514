import { mul, sub, type Tensor } from '@stepwise/tensor';
import {
  sigmoidGradKernel,
  sigmoidKernel,
  siluKernel,
  siluWithDerivativeKernel,
  softplusKernel,
  softplusWithDerivativeKernel,
} from '@stepwise/tensor/kernel';
import { backwardOf, constantOf, forwardOf, fusedUnary, withDerivativeOf } from '../internal/fused.js';

/**
 * Logistic sigmoid, `σ(x) = 1 / (1 + e^{−x})`, elementwise; evaluated as `e^{x}/(1 + e^{x})` for
 * negative `x`, so no `exp` overflows and tiny outputs keep their relative precision.
 *
 * Derivative `σ(x)·(1 − σ(x))`, computed from the saved output.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape with values in [0, 1].
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * sigmoid(tensor([0, 1000, -1000])).toArray(); // [0.5, 1, 0]
 * ```
 * @see Keras `keras.activations.sigmoid`, PyTorch `torch.sigmoid`, JAX `jax.nn.sigmoid` (`lax.logistic`).
 * @category activations
 * @since 0.1.0
 */
export const sigmoid: (x: Tensor) => Tensor = fusedUnary({
  name: 'sigmoid',
  forward: forwardOf(sigmoidKernel),
  backward: backwardOf(sigmoidGradKernel, 'y'),
  derivative: (x) => {
    const s = sigmoid(x);
    return mul(s, sub(1, s));
  },
});

/**
 * Hard sigmoid, `relu6(x + 3) / 6 = clip(x/6 + ½, 0, 1)`, elementwise (Keras 3, PyTorch, JAX).
 *
 * Derivative `1/6` on `(−3, 3)`, `0` outside and at both kinks. **TF.js layers differ**: they use
 * `clip(0.2·x + 0.5, 0, 1)`; the Keras `hard_sigmoid` docstring still says so, but Keras computes `x/6 + ½`.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape with values in [0, 1].
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * hardSigmoid(tensor([-4, 0, 1.5, 4])).toArray(); // [0, 0.5, 0.75, 1]
 * ```
 * @see Keras `keras.activations.hard_sigmoid`, PyTorch `torch.nn.Hardsigmoid`, JAX `jax.nn.hard_sigmoid`.
 * @category activations
 * @since 0.1.0
 */
export const hardSigmoid: (x: Tensor) => Tensor = fusedUnary({
  name: 'hardSigmoid',
  forward: (out, x, n) => {
    for (let i = 0; i < n; i++) {
      out[i] = Math.min(Math.max(x[i]! + 3, 0), 6) / 6;
    }
  },
  backward: (out, g, x, _y, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > -3 && v < 3 ? g[i]! / 6 : 0;
    }
  },
  derivative: (x) =>
    constantOf(x, (out, v, n) => {
      for (let i = 0; i < n; i++) out[i] = v[i]! > -3 && v[i]! < 3 ? 1 / 6 : 0;
    }),
});

/**
 * Softplus, `log(1 + eˣ)`, computed stably as `max(x, 0) + log1p(e^{−|x|})` (Keras and JAX
 * `logaddexp(x, 0)`): no overflow for large `x`, no loss of the tiny value `≈ eˣ` for very negative `x`.
 *
 * Derivative `σ(x)`. PyTorch's `Softplus(beta=1, threshold=20)` returns `x` itself above 20 (a difference
 * below 2e-9); TF.js switches formulas at ±13.9.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape, positive.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * softplus(tensor([0, 1000])).toArray(); // [0.6931…, 1000]
 * ```
 * @see Keras `keras.activations.softplus`, PyTorch `torch.nn.Softplus`, JAX `jax.nn.softplus`.
 * @category activations
 * @since 0.1.0
 */
export const softplus: (x: Tensor) => Tensor = fusedUnary({
  name: 'softplus',
  forward: forwardOf(softplusKernel),
  forwardWithDerivative: withDerivativeOf(softplusWithDerivativeKernel),
  derivative: (x) => sigmoid(x),
});

/**
 * SiLU (also called swish), `x·σ(x)`, elementwise, with the stable sigmoid.
 *
 * Derivative `σ(x) + x·σ(x)·(1 − σ(x))`. TF.js's `swish` has an extra `α` (`x·σ(αx)`, α = 1 by default).
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * silu(tensor([0, 1000])).toArray(); // [0, 1000]
 * ```
 * @see Keras `keras.activations.silu`, PyTorch `torch.nn.SiLU`, JAX `jax.nn.silu`.
 * @category activations
 * @since 0.1.0
 */
export const silu: (x: Tensor) => Tensor = fusedUnary({
  name: 'silu',
  forward: forwardOf(siluKernel),
  forwardWithDerivative: withDerivativeOf(siluWithDerivativeKernel),
  derivative: (x) => {
    const s = sigmoid(x);
    return mul(s, sub(1, mul(x, sub(s, 1))));
  },
});

/**
 * Alias of {@link silu} (the Keras and TF name).
 * @example `swish(tensor([1])).item() // 0.7310…`
 * @see Keras `keras.activations.swish`, TF `tf.nn.swish`.
 * @category activations
 * @since 0.1.0
 */
export const swish: (x: Tensor) => Tensor = silu;
