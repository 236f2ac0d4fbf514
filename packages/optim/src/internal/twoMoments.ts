/**
 * The per-leaf driver shared by the transformations that keep two moments (`scaleByAdam`, `scaleByStddev`).
 * @internal
 * @module
 */
import type { Tensor } from '@stepwise/tensor';
import { allocLike, type FloatArray, floatBuffer, wrapLike } from './leaves.js';

/** One fused pass over a leaf: writes the update and both new moments from the gradient and the old moments. */
export type TwoMomentKernel = (
  update: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  grad: FloatArray,
  oldMu: FloatArray,
  oldNu: FloatArray,
) => void;

/** Runs `kernel` on every leaf into fresh buffers; returns the updates and the new moment leaves. */
export function twoMomentPass(
  g: readonly Tensor[],
  mu: readonly Tensor[],
  nu: readonly Tensor[],
  kernel: TwoMomentKernel,
): { readonly u: Tensor[]; readonly m: Tensor[]; readonly v: Tensor[] } {
  const u: Tensor[] = [];
  const m: Tensor[] = [];
  const v: Tensor[] = [];
  for (let i = 0; i < g.length; i++) {
    const gi = g[i]!;
    const mi = mu[i]!;
    const vi = nu[i]!;
    const uOut = allocLike(gi);
    const mOut = allocLike(mi);
    const vOut = allocLike(vi);
    kernel(uOut, mOut, vOut, floatBuffer(gi), floatBuffer(mi), floatBuffer(vi));
    u.push(wrapLike(uOut, gi));
    m.push(wrapLike(mOut, mi));
    v.push(wrapLike(vOut, vi));
  }
  return { u, m, v };
}
