import {
  add,
  cast,
  customVjp,
  type DType,
  div,
  mean as meanOp,
  mul,
  ones,
  reshape,
  rsqrt,
  sub,
  sum,
  type Tensor,
  TensorError,
  zeros,
} from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';
import {
  asFeature,
  type ChannelLayout,
  channelLayout,
  fromFloat64,
  toFloat64,
} from './internal/channelLayout.js';
import { checkEpsilon, featureParam, floatInput, fmt, resolveAxis } from './internal/validate.js';
import {
  channelAffine,
  channelGradInput,
  channelGradSums,
  channelMoments,
  type FloatArray,
} from './kernels/channel.js';

/** Options of {@link batchNormTrain}. @category batch normalization @since 0.1.0 */
export interface BatchNormTrainOptions {
  /** The feature axis (default `-1`: `[N, C]`, `[N, H, W, C]`); `1` for channels-first `[N, C, H, W]`. */
  readonly axis?: number;
  /** Added to the variance inside the square root; must be `> 0` (default `1e-3`, as Keras). */
  readonly epsilon?: number;
}

/** What {@link batchNormTrain} returns. @category batch normalization @since 0.1.0 */
export interface BatchNormTrainResult {
  /** The normalized, scaled and shifted batch, shape and dtype of `x`. */
  readonly y: Tensor;
  /** Batch mean per feature, shape `[C]`. */
  readonly mean: Tensor;
  /** Biased (population, ÷N) batch variance per feature, shape `[C]`. */
  readonly variance: Tensor;
}

interface Residual {
  readonly x: Tensor;
  readonly mean: Float64Array;
  readonly rstd: Float64Array;
  readonly gamma: Float64Array;
}

/** The fused forward: statistics in two passes, then one affine pass. */
function forwardPlain(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  L: ChannelLayout,
  epsilon: number,
): [BatchNormTrainResult, Residual] {
  const { outer, C, inner } = L;
  const m = new Float64Array(C);
  const v = new Float64Array(C);
  const xb = readBuffer(x) as FloatArray;
  channelMoments(xb, outer, C, inner, m, v);
  const g = toFloat64(gamma);
  const b = readBuffer(beta) as FloatArray;
  const rstd = new Float64Array(C);
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    rstd[c] = 1 / Math.sqrt(v[c]! + epsilon);
    scale[c] = g[c]! * rstd[c]!;
    shift[c] = b[c]! - m[c]! * scale[c]!;
  }
  const y = allocateBuffer(x.dtype, x.size) as FloatArray;
  channelAffine(y, xb, outer, C, inner, scale, shift);
  const dtype: DType = x.dtype;
  return [
    {
      y: adoptBuffer(y, x.shape, dtype),
      mean: fromFloat64(m, [C], dtype),
      variance: fromFloat64(v, [C], dtype),
    },
    { x, mean: m, rstd, gamma: g },
  ];
}

/**
 * The fused closed-form backward (REFERENCE §1.2), plus the terms of cotangents on the returned `mean`
 * (`∂μ/∂x = 1/N`) and `variance` (`∂σ²/∂x = 2(x − μ)/N`):
 * `dx = γσ⁻¹·dy + (2·dσ² /N − γσ⁻³·Σ dy·(x−μ)/N)·(x − μ) + dμ/N − γσ⁻¹·Σdy/N`, `dγ = Σ dy·x̂`, `dβ = Σ dy`.
 */
function backwardFused(res: Residual, ct: BatchNormTrainResult, L: ChannelLayout): Tensor[] {
  const { x, mean: m, rstd, gamma: g } = res;
  const { outer, C, inner, n } = L;
  const cy = ct.y.dtype === x.dtype ? ct.y : cast(ct.y, x.dtype);
  const dy = readBuffer(cy) as FloatArray;
  const xb = readBuffer(x) as FloatArray;
  const dm = readBuffer(ct.mean) as FloatArray;
  const dv = readBuffer(ct.variance) as FloatArray;
  const s1 = new Float64Array(C);
  const s2 = new Float64Array(C);
  channelGradSums(dy, xb, outer, C, inner, m, s1, s2);
  const A = new Float64Array(C);
  const B = new Float64Array(C);
  const D = new Float64Array(C);
  const dgamma = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const r = rstd[c]!;
    const gr = g[c]! * r;
    A[c] = gr;
    B[c] = (-gr * r * r * s2[c]! + 2 * dv[c]!) / n;
    const cc = (dm[c]! - gr * s1[c]!) / n;
    D[c] = cc - B[c]! * m[c]!;
    dgamma[c] = s2[c]! * r;
  }
  const dx = allocateBuffer(x.dtype, x.size) as FloatArray;
  channelGradInput(dx, dy, xb, outer, C, inner, A, B, D);
  return [
    adoptBuffer(dx, x.shape, x.dtype),
    fromFloat64(dgamma, [C], x.dtype),
    fromFloat64(s1, [C], x.dtype),
  ];
}

/**
 * The same backward written with differentiable ops on the original inputs, used when the backward pass
 * is itself being differentiated (grad of grad).
 */
function backwardOps(
  x: Tensor,
  gamma: Tensor,
  ct: BatchNormTrainResult,
  L: ChannelLayout,
  epsilon: number,
): Tensor[] {
  const R = L.reduceAxes;
  const mu = meanOp(x, R, true);
  const xc = sub(x, mu);
  const r = rsqrt(add(meanOp(mul(xc, xc), R, true), epsilon));
  const xh = mul(xc, r);
  const dy = ct.y;
  const s1 = sum(dy, R, true);
  const s2 = sum(mul(dy, xh), R, true);
  const core = sub(sub(mul(dy, L.n), s1), mul(xh, s2));
  const dxNorm = mul(div(mul(asFeature(gamma, L), r), L.n), core);
  const dxStats = add(div(asFeature(ct.mean, L), L.n), mul(div(mul(asFeature(ct.variance, L), 2), L.n), xc));
  return [add(dxNorm, dxStats), reshape(s2, [L.C]), reshape(s1, [L.C])];
}

/**
 * Batch normalization in training mode, as a function: per feature `c` (statistics over every axis but
 * `axis`), `μ = mean(x)`, `σ² = mean((x − μ)²)` (biased), `y = γ·(x − μ)/√(σ² + ε) + β`.
 * Returns `y` and the batch statistics (to update moving averages, see {@link batchNorm}).
 *
 * The forward pass is fused (two passes over `x` for the statistics, accurate for |μ| ≫ σ, then one pass
 * for `y`, all arithmetic in float64); its gradient is the closed form
 * `dx = γ/(Nσ)·[N·dy − Σdy − x̂·Σ(dy·x̂)]`, `dγ = Σ dy·x̂`, `dβ = Σ dy`, one fused kernel registered with
 * `customVjp` (gradients flowing into the returned `mean`/`variance` are included too). Derivatives of
 * any order work: when the backward pass is itself differentiated it is expressed with tensor ops.
 *
 * Edge cases: a batch of one (or a constant feature) has `σ² = 0`, so `x̂ = 0` and `y = β` exactly, finite
 * since `ε > 0`. An input with no elements per feature is an error.
 *
 * @param x - Input batch of rank ≥ 2, float32 or float64 (integers are cast to float32); computed in its dtype.
 * @param gamma - Scale `[C]`, or `null` for none (γ = 1). Cast to `x`'s dtype.
 * @param beta - Offset `[C]`, or `null` for none (β = 0). Cast to `x`'s dtype.
 * @param options - {@link BatchNormTrainOptions}: `axis` (default −1), `epsilon` (default 1e-3).
 * @returns `{ y, mean, variance }`, `mean`/`variance` of shape `[C]` in `x`'s dtype.
 * @throws TensorError `INVALID_AXIS` for an axis out of range; `SHAPE_MISMATCH` for a rank below 2 or a
 * `gamma`/`beta` not of shape `[C]`; `INVALID_ARGUMENT` for `epsilon ≤ 0` or no elements per feature;
 * `DTYPE_MISMATCH` for integer `gamma`/`beta`.
 * @example
 * ```ts
 * const x = tensor([[1, 10], [3, 30]]);
 * const out = batchNormTrain(x, ones([2]), zeros([2]), { epsilon: 1e-5 }); // { y, mean, variance }
 * out.mean.toArray(); // [2, 20]
 * out.variance.toArray(); // [1, 100]
 * out.y.toArray(); // ≈ [[-0.99999, -1.00000], [0.99999, 1.00000]]
 * ```
 * @see Keras `keras.ops.moments` + `keras.ops.batch_normalization` (what `BatchNormalization` does in
 * training); PyTorch `torch.nn.functional.batch_norm(x, None, None, weight, bias, training=True)` (feature
 * axis fixed at 1, default eps 1e-5).
 * @category batch normalization
 * @since 0.1.0
 */
export function batchNormTrain(
  x: Tensor,
  gamma: Tensor | null,
  beta: Tensor | null,
  options: BatchNormTrainOptions = {},
): BatchNormTrainResult {
  const op = 'batchNormTrain';
  const t = floatInput(op, x, 2, '[batch, …, features]');
  const axis = resolveAxis(op, options.axis ?? -1, t.rank);
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-3);
  const L = channelLayout(t.shape, axis);
  if (L.n === 0 && L.C > 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `x of shape ${fmt(t.shape)} has no elements per feature (axis ${axis}): batch statistics are undefined`,
    );
  }
  const ctx = `one per feature along axis ${axis} of x ${fmt(t.shape)}`;
  const g = featureParam(op, 'gamma', gamma, [L.C], t.dtype, ctx) ?? ones([L.C], t.dtype);
  const b = featureParam(op, 'beta', beta, [L.C], t.dtype, ctx) ?? zeros([L.C], t.dtype);
  if (!isAnyTraced([t, g, b])) return forwardPlain(t, g, b, L, epsilon)[0];
  const f = customVjp((xx: Tensor, gg: Tensor, bb: Tensor) => forwardPlain(xx, gg, bb, L, epsilon)[0], {
    forward: (xx, gg, bb) => forwardPlain(xx, gg, bb, L, epsilon),
    backward: (res: Residual, ct: BatchNormTrainResult) =>
      isAnyTraced([t, g, b, ct.y, ct.mean, ct.variance])
        ? backwardOps(t, g, ct, L, epsilon)
        : backwardFused(res, ct, L),
  });
  return f(t, g, b);
}
