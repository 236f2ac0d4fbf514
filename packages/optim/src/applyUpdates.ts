import { add, cast, isDonated, recycle, type Tensor, tree } from '@stepwise/tensor';
import { axpyKernel, isAnyTraced } from '@stepwise/tensor/kernel';
import {
  allocLike,
  claimFloat,
  flattenFloat,
  floatBuffer,
  matchingLeaves,
  wrapLike,
} from './internal/leaves.js';

/**
 * Adds the updates to the params, leaf by leaf, and casts each result back to the param's dtype:
 * `θ ← θ + u`. One fused pass per leaf (add and round to the param dtype). Inside a gradient trace
 * (differentiating through an update step, as in meta-learning) it uses differentiable ops instead.
 *
 * @param params - a pytree of float32/float64 tensors.
 * @param updates - a pytree with the same structure and shapes (from an optimizer's `update`).
 * @returns new params; the inputs are unchanged. Donated params (`donate(params)`) lend their memory to the
 *   result, so a training loop needs no fresh memory for it; donated updates are consumed too (their memory
 *   is written into, or recycled for the next step's allocations).
 * @throws OptimError `STRUCTURE_MISMATCH`, `SHAPE_MISMATCH` or `DTYPE_MISMATCH` when the trees do not fit.
 * @example
 * ```ts
 * import { applyUpdates } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * applyUpdates({ w: tensor([1, 2]) }, { w: tensor([0.5, -0.5]) }).w.toArray(); // [1.5, 1.5]
 * ```
 * @see Optax `apply_updates` (same cast); PyTorch and Keras update variables in place instead.
 * @category core
 * @since 0.1.0
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  const [p, def] = flattenFloat('applyUpdates', 'params', params);
  const u = matchingLeaves('applyUpdates', 'updates', p, def, updates, 'params');
  const out = p.map((pi, i): Tensor => {
    const ui = u[i]!;
    if (isAnyTraced([pi, ui])) return cast(add(pi, ui), pi.dtype);
    // In place into donated params (or donated updates of the params' dtype); else fresh memory.
    const pTaken = pi !== ui ? claimFloat(pi) : undefined;
    const uTaken = pTaken === undefined && pi !== ui && ui.dtype === pi.dtype ? claimFloat(ui) : undefined;
    const pb = pTaken ?? floatBuffer(pi);
    const ub = uTaken ?? floatBuffer(ui);
    const buf = pTaken ?? uTaken ?? allocLike(pi);
    axpyKernel(pb, 1, ub, buf);
    // Donated updates the result did not need are consumed: their memory goes back for reuse.
    if (uTaken === undefined && pi !== ui && isDonated(ui)) recycle(ui);
    return wrapLike(buf, pi);
  });
  return tree.unflatten<P>(def, out);
}
