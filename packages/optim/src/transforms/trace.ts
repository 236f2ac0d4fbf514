import { isDonated, recycle, type Tensor, tree } from '@stepwise/tensor';
import { axpyKernel, momentumApplyKernel } from '@stepwise/tensor/kernel';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { Bool, Momentum, validateOptions } from '../hyperparams.js';
import { FUSED_STEP, type FusedStep, withCapability } from '../internal/fusion.js';
import {
  allocLike,
  checkStateObject,
  claimFloat,
  flattenFloat,
  floatBuffer,
  matchingLeaves,
  requireParams,
  stateTree,
  wrapLike,
  zerosTree,
} from '../internal/leaves.js';
import { nesterovLoop, traceLoop } from '../kernels/moments.js';

/** Options of {@link trace}. @category transformations @since 0.1.0 */
export interface TraceOptions {
  /** Momentum coefficient μ in `[0, 1]`. */
  readonly decay: number;
  /** Nesterov momentum; default `false`. */
  readonly nesterov?: boolean;
}

/** io-ts codec of {@link TraceOptions}. @category hyperparameters @since 0.1.0 */
export const TraceOptions: t.Type<TraceOptions, TraceOptions, unknown> = t.intersection([
  t.type({ decay: Momentum }),
  t.partial({ nesterov: Bool }),
]);

/** State of {@link trace}: the momentum buffer, with the structure of the params. @category transformations @since 0.1.0 */
export interface TraceState {
  readonly trace: unknown;
}

/**
 * Momentum (Optax/PyTorch form, no dampening): `t ← g + μ·t` (t₀ = 0) and `u = t`, or with Nesterov
 * `u = g + μ·t_new`. One fused pass per leaf. Followed by `scaleByLearningRate(lr)` this is SGD with
 * momentum; Keras folds the learning rate into the velocity instead (`m ← μm − lr·g`), which is the same
 * for a constant rate but not under a schedule.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` if `decay` is outside `[0, 1]`.
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, trace } from '@stepwise/optim';
 * const momentum = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01)); // = sgd({ learningRate: 0.01, momentum: 0.9 })
 * ```
 * @see Optax `trace`; PyTorch `SGD` (buffer starts at g, equal when dampening = 0); Keras `SGD`.
 * @category transformations
 * @since 0.1.0
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const o = validateOptions('trace', TraceOptions, options);
  const decay = o.decay;
  const nesterov = o.nesterov ?? false;
  /**
   * The momentum, the update times `factor` and its addition to the params in one pass per leaf
   * (`momentumApplyKernel`): the same bits as `update`, a scale by `factor` and `applyUpdates`. Donated params
   * and trace are written in place; donated gradients are consumed (their memory recycled).
   */
  const fusedStep: FusedStep = (updates, state, params, factor) => {
    const st = state as TraceState;
    checkStateObject('trace', st, ['trace']);
    const [g, def] = flattenFloat('trace', 'updates', updates);
    const tr = matchingLeaves('trace', 'state.trace', g, def, st.trace);
    const p = requireParams('trace', g, def, params);
    const newP: Tensor[] = [];
    const newT: Tensor[] = [];
    for (let i = 0; i < g.length; i++) {
      const [gi, ti, pi] = [g[i]!, tr[i]!, p[i]!];
      const distinct = new Set([gi, ti, pi]).size === 3;
      const pTaken = distinct ? claimFloat(pi) : undefined;
      const tTaken = distinct ? claimFloat(ti) : undefined;
      const pb = pTaken ?? floatBuffer(pi);
      const tb = tTaken ?? floatBuffer(ti);
      const pOut = pTaken ?? allocLike(pi);
      const tOut = tTaken ?? allocLike(ti);
      momentumApplyKernel(pOut, tOut, pb, floatBuffer(gi), tb, decay, factor, nesterov);
      if (distinct && isDonated(gi)) recycle(gi);
      newP.push(wrapLike(pOut, pi));
      newT.push(wrapLike(tOut, ti));
    }
    return [tree.unflatten(def, newP), Object.freeze({ trace: stateTree(def, newT) })];
  };
  return withCapability(
    {
      init: (params: unknown) => Object.freeze({ trace: zerosTree('trace', params) }),
      update<U>(updates: U, state: TraceState): [U, TraceState] {
        checkStateObject('trace', state, ['trace']);
        const [g, def] = flattenFloat('trace', 'updates', updates);
        const tr = matchingLeaves('trace', 'state.trace', g, def, state.trace);
        const newT: Tensor[] = [];
        const u: Tensor[] = [];
        for (let i = 0; i < g.length; i++) {
          const gi = g[i]!;
          const ti = tr[i]!;
          // In place into a donated old trace (each element is read before it is written).
          const taken = gi !== ti ? claimFloat(ti) : undefined;
          const tb = taken ?? floatBuffer(ti);
          const tOut = taken ?? allocLike(ti);
          if (nesterov || gi.dtype !== ti.dtype) {
            const uOut = allocLike(gi);
            if (nesterov) nesterovLoop(uOut, tOut, floatBuffer(gi), tb, decay);
            else {
              traceLoop(tOut, floatBuffer(gi), tb, decay);
              uOut.set(tOut);
            }
            newT.push(wrapLike(tOut, ti));
            u.push(wrapLike(uOut, gi));
          } else {
            // t = g + decay·t: the axpy kernel (WASM SIMD for large float32 leaves, the same bits).
            axpyKernel(floatBuffer(gi), decay, tb, tOut);
            const tt = wrapLike(tOut, ti);
            newT.push(tt);
            u.push(tt);
          }
        }
        return [tree.unflatten<U>(def, u), Object.freeze({ trace: stateTree(def, newT) })];
      },
    },
    FUSED_STEP,
    fusedStep,
  );
}
