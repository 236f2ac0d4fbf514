import type { Tensor } from '@stepwise/tensor';
import { reluGradKernel, reluKernel } from '@stepwise/tensor/kernel';
import { backwardOf, constantOf, forwardOf, fusedUnary, positiveMask } from '../internal/fused.js';
import { finiteParam } from '../internal/params.js';

/**
 * Rectified linear unit, `relu(x) = max(x, 0)`, elementwise.
 *
 * Derivative `1[x > 0]`; at the kink **`relu'(0) = 0`** (as JAX and PyTorch). Integer and boolean inputs
 * are computed in float32. Fused forward and backward loops.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape (and float dtype).
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * import { relu } from '@stepwise/nn';
 * relu(tensor([-1, 0, 2])).toArray(); // [0, 0, 2]
 * ```
 * @see Keras `keras.activations.relu`, PyTorch `torch.nn.functional.relu`, JAX `jax.nn.relu` (same values).
 * @category activations
 * @since 0.1.0
 */
export const relu: (x: Tensor) => Tensor = fusedUnary({
  name: 'relu',
  forward: forwardOf(reluKernel),
  backward: backwardOf(reluGradKernel, 'x'),
  derivative: (x) => constantOf(x, positiveMask),
});

/**
 * ReLU capped at 6, `relu6(x) = min(max(x, 0), 6)`, elementwise.
 *
 * Derivative `1[0 < x < 6]`: `0` at both kinks (as PyTorch's `hardtanh` backward).
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * relu6(tensor([-1, 3, 9])).toArray(); // [0, 3, 6]
 * ```
 * @see Keras `keras.activations.relu6`, PyTorch `torch.nn.ReLU6`, JAX `jax.nn.relu6`.
 * @category activations
 * @since 0.1.0
 */
export const relu6: (x: Tensor) => Tensor = fusedUnary({
  name: 'relu6',
  forward: (out, x, n) => {
    for (let i = 0; i < n; i++) {
      out[i] = Math.min(Math.max(x[i]!, 0), 6);
    }
  },
  backward: (out, g, x, _y, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 && v < 6 ? g[i]! : 0;
    }
  },
  derivative: (x) =>
    constantOf(x, (out, v, n) => {
      for (let i = 0; i < n; i++) out[i] = v[i]! > 0 && v[i]! < 6 ? 1 : 0;
    }),
});

/**
 * Leaky ReLU, `x` for `x > 0` and `negativeSlope · x` otherwise, elementwise.
 *
 * Derivative `1` for `x > 0`, `negativeSlope` for `x ≤ 0` (so at `0` it is `negativeSlope`, consistent
 * with `relu'(0) = 0`; PyTorch does the same, JAX uses `1`).
 *
 * Default slope `0.01` as PyTorch and JAX. **Keras differs**: the `LeakyReLU` layer defaults to `0.3`,
 * `keras.activations.leaky_relu` to `0.2`; TF.js `leakyRelu` to `0.2`.
 *
 * @param x - Input tensor.
 * @param negativeSlope - Slope for negative inputs (finite; default `0.01`).
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor or the slope is not finite.
 * @example
 * ```ts
 * leakyRelu(tensor([-10, 5])).toArray(); // [-0.1, 5]
 * ```
 * @see PyTorch `torch.nn.LeakyReLU(negative_slope=0.01)`, JAX `jax.nn.leaky_relu`, Keras `LeakyReLU`.
 * @category activations
 * @since 0.1.0
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const s = finiteParam('leakyRelu', 'negativeSlope', negativeSlope);
  return fusedUnary({
    name: 'leakyRelu',
    forward: (out, v, n) => {
      for (let i = 0; i < n; i++) {
        const a = v[i]!;
        out[i] = a > 0 ? a : s * a;
      }
    },
    backward: (out, g, v, _y, n) => {
      for (let i = 0; i < n; i++) out[i] = v[i]! > 0 ? g[i]! : s * g[i]!;
    },
    derivative: (t) =>
      constantOf(t, (out, v, n) => {
        for (let i = 0; i < n; i++) out[i] = v[i]! > 0 ? 1 : s;
      }),
  })(x);
}
