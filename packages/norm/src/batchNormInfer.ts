import { add, isTensor, mul, neg, rsqrt, sub, type Tensor, TensorError } from '@stepwise/tensor';
import { affineByFeature } from './internal/channelAffine.js';
import { channelLayout } from './internal/channelLayout.js';
import { checkEpsilon, featureParam, floatInput, fmt, resolveAxis } from './internal/validate.js';

/** Options of {@link batchNormInfer}. @category batch normalization @since 0.1.0 */
export interface BatchNormInferOptions {
  /** The feature axis (default `-1`); `1` for channels-first `[N, C, H, W]`. */
  readonly axis?: number;
  /** Added to the variance inside the square root; must be `> 0` (default `1e-3`, as Keras). */
  readonly epsilon?: number;
}

/**
 * Batch normalization in inference mode: normalizes with given statistics (usually the moving averages
 * kept in a {@link batchNorm} layer's state), `y = γ·(x − mean)/√(variance + ε) + β` per feature.
 *
 * One fused pass `y = x·a + b` over the input, with `a = γ/√(variance + ε)` and `b = β − mean·a` built
 * from the `[C]` tensors by ordinary ops, so the result is differentiable with respect to every argument
 * (`dx = dy·a`, as PyTorch's eval-mode backward).
 *
 * @param x - Input of rank ≥ 1 (float; integers are cast to float32); computed in its dtype.
 * @param gamma - Scale `[C]`, or `null` for none.
 * @param beta - Offset `[C]`, or `null` for none.
 * @param mean - Mean per feature, `[C]`.
 * @param variance - Variance per feature, `[C]`.
 * @param options - {@link BatchNormInferOptions}: `axis` (default −1), `epsilon` (default 1e-3).
 * @returns The normalized tensor, shape and dtype of `x`.
 * @throws TensorError `SHAPE_MISMATCH` when a `[C]` argument has another shape; `INVALID_AXIS` for a bad
 * axis; `INVALID_ARGUMENT` for `epsilon ≤ 0` or a missing statistic; `DTYPE_MISMATCH` for integer statistics.
 * @example
 * ```ts
 * const y = batchNormInfer(tensor([[2, 20]]), null, null, tensor([1, 10]), tensor([1, 4]), { epsilon: 1e-5 });
 * y.toArray(); // ≈ [[1.0000, 5.0000]]
 * ```
 * @see Keras `keras.ops.batch_normalization(x, mean, variance, axis, offset, scale, epsilon)`; PyTorch
 * `torch.nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training=False)` (axis 1).
 * @category batch normalization
 * @since 0.1.0
 */
export function batchNormInfer(
  x: Tensor,
  gamma: Tensor | null,
  beta: Tensor | null,
  mean: Tensor,
  variance: Tensor,
  options: BatchNormInferOptions = {},
): Tensor {
  const op = 'batchNormInfer';
  const t = floatInput(op, x, 1, '[…, features]');
  const axis = resolveAxis(op, options.axis ?? -1, t.rank);
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-3);
  const L = channelLayout(t.shape, axis);
  const ctx = `one per feature along axis ${axis} of x ${fmt(t.shape)}`;
  for (const [name, v] of [
    ['mean', mean],
    ['variance', variance],
  ] as const) {
    if (!isTensor(v)) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `${name} must be a Tensor of shape [${L.C}], got ${String(v)}`,
      );
    }
  }
  const mu = featureParam(op, 'mean', mean, [L.C], t.dtype, ctx)!;
  const v = featureParam(op, 'variance', variance, [L.C], t.dtype, ctx)!;
  const g = featureParam(op, 'gamma', gamma, [L.C], t.dtype, ctx);
  const b = featureParam(op, 'beta', beta, [L.C], t.dtype, ctx);
  const r = rsqrt(add(v, epsilon));
  const a = g === null ? r : mul(g, r);
  const shift = b === null ? neg(mul(mu, a)) : sub(b, mul(mu, a));
  return affineByFeature(t, a, shift, L);
}
