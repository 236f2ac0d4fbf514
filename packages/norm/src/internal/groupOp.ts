/**
 * The differentiable fused normalization over the `[N, S, G, K]` view (see `kernels/group.ts`) shared by
 * `layerNormalize`, `groupNormalize` and `rmsNormalize`: one kernel for the statistics, one for `y`, and the
 * closed-form backward as one fused kernel registered with `customVjp`. When the backward pass is itself
 * differentiated, it is expressed with tensor ops on the original inputs instead.
 * @internal
 * @module
 */
import {
  add,
  cast,
  customVjp,
  mean,
  mul,
  reshape,
  rsqrt,
  square,
  sub,
  sum,
  type Tensor,
} from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';
import type { FloatArray } from '../kernels/channel.js';
import { type GroupLayout, groupApply, groupBackward, groupMoments } from '../kernels/group.js';
import { fromFloat64 } from './channelLayout.js';

/** What the fused op needs besides its tensors. */
export interface GroupSpec {
  readonly layout: GroupLayout;
  /** Subtract the mean (layer/group norm) or not (RMS norm). */
  readonly centered: boolean;
  readonly epsilon: number;
}

interface Residual {
  readonly x: Tensor;
  readonly gamma: Tensor;
  readonly mean: Float64Array;
  readonly rstd: Float64Array;
}

function forwardPlain(x: Tensor, gamma: Tensor, beta: Tensor, spec: GroupSpec): [Tensor, Residual] {
  const { layout, centered, epsilon } = spec;
  const groups = layout.N * layout.G;
  const m = new Float64Array(groups);
  const r = new Float64Array(groups);
  const xb = readBuffer(x) as FloatArray;
  groupMoments(xb, layout, centered, epsilon, m, r);
  const y = allocateBuffer(x.dtype, x.size) as FloatArray;
  groupApply(y, xb, layout, m, r, readBuffer(gamma) as FloatArray, readBuffer(beta) as FloatArray);
  return [adoptBuffer(y, x.shape, x.dtype), { x, gamma, mean: m, rstd: r }];
}

function backwardFused(res: Residual, g: Tensor, spec: GroupSpec): Tensor[] {
  const { x, gamma, mean: m, rstd } = res;
  const { layout, centered } = spec;
  const C = layout.G * layout.K;
  const cy = g.dtype === x.dtype ? g : cast(g, x.dtype);
  const dx = allocateBuffer(x.dtype, x.size) as FloatArray;
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  groupBackward(
    dx,
    readBuffer(cy) as FloatArray,
    readBuffer(x) as FloatArray,
    layout,
    centered,
    m,
    rstd,
    readBuffer(gamma) as FloatArray,
    dgamma,
    dbeta,
    new Float64Array(layout.G),
    new Float64Array(layout.G),
  );
  return [
    adoptBuffer(dx, x.shape, x.dtype),
    fromFloat64(dgamma, gamma.shape, x.dtype),
    fromFloat64(dbeta, gamma.shape, x.dtype),
  ];
}

/** The closed-form backward with differentiable ops (for derivatives of order ≥ 2). */
function backwardOps(x: Tensor, gamma: Tensor, beta: Tensor, dy: Tensor, spec: GroupSpec): Tensor[] {
  const { layout, centered, epsilon } = spec;
  const { N, S, G, K } = layout;
  const view = [N, S, G, K];
  const R = [1, 3];
  const xr = reshape(x, view);
  const xc = centered ? sub(xr, mean(xr, R, true)) : xr;
  const r = rsqrt(add(mean(square(xc), R, true), epsilon));
  const xh = mul(xc, r);
  const dyr = reshape(dy, view);
  const gg = mul(dyr, reshape(gamma, [1, 1, G, K]));
  let inner = sub(gg, mul(xh, mean(mul(gg, xh), R, true)));
  if (centered) inner = sub(inner, mean(gg, R, true));
  return [
    reshape(mul(r, inner), x.shape),
    reshape(sum(mul(dyr, xh), [0, 1]), gamma.shape),
    reshape(sum(dyr, [0, 1]), beta.shape),
  ];
}

/**
 * `y = (x − μ)/√(σ² + ε)·γ + β` with statistics per (n, g) of the `[N, S, G, K]` view of `x`; `gamma` and
 * `beta` hold `G·K` values (any shape) in `x`'s dtype.
 */
export function groupNormOp(x: Tensor, gamma: Tensor, beta: Tensor, spec: GroupSpec): Tensor {
  if (!isAnyTraced([x, gamma, beta])) return forwardPlain(x, gamma, beta, spec)[0];
  const f = customVjp((xx: Tensor, gg: Tensor, bb: Tensor) => forwardPlain(xx, gg, bb, spec)[0], {
    forward: (xx, gg, bb) => forwardPlain(xx, gg, bb, spec),
    backward: (res: Residual, g: Tensor) =>
      isAnyTraced([x, gamma, beta, g]) ? backwardOps(x, gamma, beta, g, spec) : backwardFused(res, g, spec),
  });
  return f(x, gamma, beta);
}
