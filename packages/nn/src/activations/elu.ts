import { add, type Tensor } from '@stepwise/tensor';
import { eluGradKernel, eluKernel } from '@stepwise/tensor/kernel';
import { backwardOf, constantOf, forwardOf, fusedUnary, positiveMask, select } from '../internal/fused.js';
import { finiteParam } from '../internal/params.js';

/**
 * Exponential linear unit: `x` for `x > 0`, `α·(eˣ − 1)` otherwise (computed with `expm1`, so it is
 * exact near 0 and saturates at `−α` without overflow).
 *
 * Derivative `1` for `x > 0`, `α·eˣ = elu(x) + α` for `x ≤ 0` (at `0`: `α`, the left derivative).
 *
 * @param x - Input tensor.
 * @param alpha - Saturation value for negative inputs (default `1`, as Keras, PyTorch, JAX and TF.js).
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor or `alpha` is not finite.
 * @example
 * ```ts
 * elu(tensor([-1000, 0, 2])).toArray(); // [-1, 0, 2]
 * ```
 * @see Keras `keras.activations.elu`, PyTorch `torch.nn.ELU`, JAX `jax.nn.elu`.
 * @category activations
 * @since 0.1.0
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  const a = finiteParam('elu', 'alpha', alpha);
  return scaledElu('elu', 1, a)(x);
}

/**
 * SELU's `α` (Klambauer et al. 2017).
 * @example `elu(x, SELU_ALPHA)` is `selu(x) / SELU_SCALE`
 * @see PyTorch `torch.nn.SELU` docs, JAX `jax.nn.selu` (same constant).
 * @category activations
 * @since 0.1.0
 */
export const SELU_ALPHA = 1.6732632423543772;
/**
 * SELU's `λ` (Klambauer et al. 2017).
 * @example `selu(tensor([1])).item() // SELU_SCALE`
 * @see PyTorch `torch.nn.SELU` docs, JAX `jax.nn.selu` (same constant).
 * @category activations
 * @since 0.1.0
 */
export const SELU_SCALE = 1.0507009873554805;

/**
 * Scaled exponential linear unit, `selu(x) = λ·elu(x, α)` with `α ≈ 1.6733`, `λ ≈ 1.0507`
 * ({@link SELU_ALPHA}, {@link SELU_SCALE}), the self-normalizing constants. Pair it with
 * `lecunNormal()` weights.
 *
 * Derivative `λ` for `x > 0`, `λα·eˣ` otherwise.
 *
 * @param x - Input tensor.
 * @returns A tensor of `x`'s shape.
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @example
 * ```ts
 * selu(tensor([1])).item(); // 1.0507…
 * ```
 * @see Keras `keras.activations.selu`, PyTorch `torch.nn.SELU`, JAX `jax.nn.selu` (same constants).
 * @category activations
 * @since 0.1.0
 */
export function selu(x: Tensor): Tensor {
  return seluFn(x);
}

/** `λ·(x > 0 ? x : α·expm1(x))` as a fused activation. */
function scaledElu(name: string, lambda: number, alpha: number): (x: Tensor) => Tensor {
  const la = lambda * alpha;
  const self: (x: Tensor) => Tensor = fusedUnary({
    name,
    forward: forwardOf((x, out) => eluKernel(x, out, alpha, lambda)),
    backward: backwardOf((x, dy, out) => eluGradKernel(x, dy, out, alpha, lambda), 'x'),
    // f'(x) = λ for x > 0, f(x) + λα otherwise.
    derivative: (x) => select(constantOf(x, positiveMask), lambda, add(self(x), la)),
  });
  return self;
}

const seluFn = scaledElu('selu', SELU_SCALE, SELU_ALPHA);
