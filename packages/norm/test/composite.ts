/**
 * Reference compositions of the normalizations, written with plain tensor ops (no fused kernel), for the
 * tests: the fused forms must agree with these in value and, through autodiff, in gradient.
 */
import { add, div, mean, mul, reshape, sqrt, square, sub, type Tensor, transpose } from '@stepwise/tensor';

const allBut = (rank: number, axis: number): number[] =>
  Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis);

const featureShape = (shape: readonly number[], axis: number): number[] =>
  shape.map((d, i) => (i === axis ? d : 1));

/** Batch norm, training mode: statistics over every axis but `axis` (normalized, non-negative). */
export function bnComposite(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  axis: number,
  epsilon: number,
): { y: Tensor; mean: Tensor; variance: Tensor } {
  const R = allBut(x.rank, axis);
  const mu = mean(x, R, true);
  const xc = sub(x, mu);
  const v = mean(square(xc), R, true);
  const fs = featureShape(x.shape, axis);
  const y = add(mul(div(xc, sqrt(add(v, epsilon))), reshape(gamma, fs)), reshape(beta, fs));
  const C = x.shape[axis]!;
  return { y, mean: reshape(mu, [C]), variance: reshape(v, [C]) };
}

/** Layer norm over the trailing axes counted by `gamma.rank`. */
export function lnComposite(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  const axes = Array.from({ length: gamma.rank }, (_, i) => x.rank - gamma.rank + i);
  const xc = sub(x, mean(x, axes, true));
  const v = mean(square(xc), axes, true);
  return add(mul(div(xc, sqrt(add(v, epsilon))), gamma), beta);
}

/** RMS norm over the last axis. */
export function rmsComposite(x: Tensor, gamma: Tensor, epsilon: number): Tensor {
  return mul(div(x, sqrt(add(mean(square(x), -1, true), epsilon))), gamma);
}

/** Group norm of channels-last `[N, …, C]` with `groups` groups. */
export function gnComposite(x: Tensor, gamma: Tensor, beta: Tensor, groups: number, epsilon: number): Tensor {
  const C = x.shape[x.rank - 1]!;
  const N = x.shape[0]!;
  const S = x.size / (N * C);
  const xr = reshape(x, [N, S, groups, C / groups]);
  const xc = sub(xr, mean(xr, [1, 3], true));
  const v = mean(square(xc), [1, 3], true);
  const xh = reshape(div(xc, sqrt(add(v, epsilon))), x.shape);
  return add(mul(xh, gamma), beta);
}

/** Moves axis 1 of a rank-4 tensor last (`[N, C, H, W]` → `[N, H, W, C]`) and back. */
export const toChannelsLast = (x: Tensor): Tensor => transpose(x, [0, 2, 3, 1]);
export const toChannelsFirst = (x: Tensor): Tensor => transpose(x, [0, 3, 1, 2]);
