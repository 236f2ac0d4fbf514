import { add, div, mul, sub, type Tensor } from '@stepwise/tensor';
import { mishKernel, mishWithDerivativeKernel, tanhGradKernel, tanhKernel } from '@stepwise/tensor/kernel';
import { backwardOf, constantOf, forwardOf, fusedUnary, withDerivativeOf } from '../internal/fused.js';
import { sigmoid, softplus } from './sigmoid.js';

/**
 * Hyperbolic tangent, elementwise (`Math.tanh`, which saturates at ±1 without overflow).
 *
 * Derivative `1 − tanh²(x)`, computed from the saved output.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape with values in [−1, 1].
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * tanh(tensor([0, 1000])).toArray(); // [0, 1]
 * ```
 * @see Keras `keras.activations.tanh`, PyTorch `torch.tanh`, JAX `jax.numpy.tanh`; the same values as
 * `tanh` of `@stepwise/tensor`, with a fused gradient.
 * @category activations
 * @since 0.1.0
 */
export const tanh: (x: Tensor) => Tensor = fusedUnary({
  name: 'tanh',
  forward: forwardOf(tanhKernel),
  backward: backwardOf(tanhGradKernel, 'y'),
  derivative: (x) => {
    const t = tanh(x);
    return sub(1, mul(t, t));
  },
});

/**
 * Softsign, `x / (1 + |x|)`, elementwise.
 *
 * Derivative `1 / (1 + |x|)²` (smooth at 0, where it is 1).
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape with values in (−1, 1).
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * softsign(tensor([-1, 0, 3])).toArray(); // [-0.5, 0, 0.75]
 * ```
 * @see Keras `keras.activations.softsign`, PyTorch `torch.nn.Softsign`, JAX `jax.nn.soft_sign`.
 * @category activations
 * @since 0.1.0
 */
export const softsign: (x: Tensor) => Tensor = fusedUnary({
  name: 'softsign',
  forward: (out, x, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v / (1 + Math.abs(v));
    }
  },
  backward: (out, g, x, _y, n) => {
    for (let i = 0; i < n; i++) {
      const d = 1 + Math.abs(x[i]!);
      out[i] = g[i]! / (d * d);
    }
  },
  derivative: (x) => {
    // |x| = x·sign(x) with sign(x) a constant, so d = 1 + |x| is differentiable away from 0.
    const sign = constantOf(x, (out, v, n) => {
      for (let i = 0; i < n; i++) out[i] = v[i]! > 0 ? 1 : v[i]! < 0 ? -1 : 0;
    });
    const d = add(1, mul(x, sign));
    return div(1, mul(d, d));
  },
});

/**
 * Mish, `x·tanh(softplus(x))` (Misra 2019), elementwise. With `a = e^{−|x|}` (never overflows),
 * `tanh(softplus x) = (1 + 2a)/(1 + 2a + 2a²)` for `x > 0` and `a(2 + a)/(2 + 2a + a²)` otherwise, and
 * `sech²(softplus x)` has a similar cancellation-free form: one exponential per element, forward and backward.
 *
 * Derivative `tanh(sp) + x·(1 − tanh²(sp))·σ(x)` with `sp = softplus(x)`.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * mish(tensor([0, 1000])).toArray(); // [0, 1000]
 * ```
 * @see Keras `keras.activations.mish`, PyTorch `torch.nn.Mish` (JAX has none).
 * @category activations
 * @since 0.1.0
 */
export const mish: (x: Tensor) => Tensor = fusedUnary({
  name: 'mish',
  forward: forwardOf(mishKernel),
  forwardWithDerivative: withDerivativeOf(mishWithDerivativeKernel),
  derivative: (x) => {
    const t = tanh(softplus(x));
    return add(t, mul(mul(x, sub(1, mul(t, t))), sigmoid(x)));
  },
});
