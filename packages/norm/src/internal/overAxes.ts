/**
 * Normalization of each sample over a set of axes (layer and RMS normalization). Trailing axes run the
 * fused kernel directly; other axes are moved to the end by a transpose (and back), which is
 * differentiable like everything else.
 * @internal
 * @module
 */
import { ones, type Tensor, transpose, zeros } from '@stepwise/tensor';
import { groupNormOp } from './groupOp.js';
import { checkEpsilon, featureParam, floatInput, fmt, prodOf, resolveAxes } from './validate.js';

export interface OverAxesArgs {
  readonly op: string;
  readonly x: Tensor;
  readonly gamma: Tensor | null;
  readonly beta: Tensor | null;
  readonly axis: number | readonly number[];
  readonly epsilon: number;
  readonly centered: boolean;
}

/** The shape `gamma` must have for normalization over `axis` of an input of shape `shape`. */
export function paramShapeOver(op: string, shape: readonly number[], axis: unknown): number[] {
  return resolveAxes(op, axis, shape.length).map((a) => shape[a]!);
}

export function normalizeOverAxes(a: OverAxesArgs): Tensor {
  const { op, centered } = a;
  const t = floatInput(op, a.x, 1, '[…, features]');
  const axes = resolveAxes(op, a.axis, t.rank);
  const epsilon = checkEpsilon(op, a.epsilon);
  const pshape = axes.map((ax) => t.shape[ax]!);
  const ctx = `the sizes of axes [${axes.join(',')}] of x ${fmt(t.shape)}`;
  const g = featureParam(op, 'gamma', a.gamma, pshape, t.dtype, ctx) ?? ones(pshape, t.dtype);
  const b = featureParam(op, 'beta', a.beta, pshape, t.dtype, ctx) ?? zeros(pshape, t.dtype);
  const rank = t.rank;
  const trailing = axes.every((ax, i) => ax === rank - axes.length + i);
  const D = prodOf(pshape);
  const N = D === 0 ? 0 : t.size / D;
  const spec = { layout: { N, S: 1, G: 1, K: D }, centered, epsilon };
  if (trailing) return groupNormOp(t, g, b, spec);
  const rest = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...rest, ...axes];
  const inv = perm.map((_, i) => perm.indexOf(i));
  return transpose(groupNormOp(transpose(t, perm), g, b, spec), inv);
}
