/**
 * The per-leaf driver shared by the transformations that keep two moments (`scaleByAdam`, `scaleByStddev`).
 * @internal
 * @module
 */
import type { Tensor } from '@stepwise/tensor';
import { allocLike, claimFloat, type FloatArray, floatBuffer, wrapLike } from './leaves.js';

/** One fused pass over a leaf: writes the update and both new moments from the gradient and the old moments. */
export type TwoMomentKernel = (
  update: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  grad: FloatArray,
  oldMu: FloatArray,
  oldNu: FloatArray,
) => void;

/**
 * Runs `kernel` on every leaf; returns the updates and the new moment leaves. Outputs go into fresh memory,
 * or in place into the memory of donated inputs: the update into the gradient's, each moment into its old
 * moment's (the kernels read element `i` of every input before writing element `i` of any output).
 */
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
    const distinct = gi !== mi && gi !== vi && mi !== vi;
    const gTaken = distinct ? claimFloat(gi) : undefined;
    const mTaken = distinct ? claimFloat(mi) : undefined;
    const vTaken = distinct ? claimFloat(vi) : undefined;
    const gb = gTaken ?? floatBuffer(gi);
    const mb = mTaken ?? floatBuffer(mi);
    const vb = vTaken ?? floatBuffer(vi);
    const uOut = gTaken ?? allocLike(gi);
    const mOut = mTaken ?? allocLike(mi);
    const vOut = vTaken ?? allocLike(vi);
    kernel(uOut, mOut, vOut, gb, mb, vb);
    u.push(wrapLike(uOut, gi));
    m.push(wrapLike(mOut, mi));
    v.push(wrapLike(vOut, vi));
  }
  return { u, m, v };
}
