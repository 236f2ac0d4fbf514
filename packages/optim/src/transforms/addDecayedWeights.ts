import { tree } from '@stepwise/tensor';
import { axpyKernel } from '@stepwise/tensor/kernel';
import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';
import { NonNegativeNumber, validateValue } from '../hyperparams.js';
import { allocLike, flattenFloat, floatBuffer, requireParams, wrapLike } from '../internal/leaves.js';
import { isMask, type Mask, maskFlags } from '../internal/mask.js';
import { OptimError } from '../OptimError.js';

/**
 * Adds decoupled weight decay to the updates: `u = g + rate·θ` on the leaves the mask selects (all when
 * there is no mask); the others pass through. Placed after the optimizer's scaling and before
 * `scaleByLearningRate(lr)`, the decay becomes `−lr·rate·θ` ({@link adamw}). With `rate = 0` the updates
 * are returned unchanged. Needs the params.
 *
 * @param rate - the decay rate λ, a finite number `>= 0`.
 * @param mask - which leaves to decay (see {@link masked}, {@link leafMask}).
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative rate or a malformed mask; from `update`,
 * `MISSING_PARAMS` without params.
 * @example
 * ```ts
 * import { addDecayedWeights, chain, scaleByLearningRate, sgd } from '@stepwise/optim';
 * const sgdw = chain(addDecayedWeights(1e-4), scaleByLearningRate(0.1));
 * ```
 * @see Optax `add_decayed_weights`; Keras `weight_decay=` (decoupled, `θ ← θ − lr·λ·θ` before the step);
 * PyTorch `weight_decay=` in SGD/Adam adds λθ to the gradient before the moments (coupled L2).
 * @category transformations
 * @since 0.1.0
 */
export function addDecayedWeights(rate: number, mask?: Mask): GradientTransformation<EmptyState> {
  validateValue('addDecayedWeights', 'rate', NonNegativeNumber, rate);
  if (mask !== undefined && !isMask(mask)) {
    throw new OptimError(
      'INVALID_HYPERPARAMETER',
      'addDecayedWeights',
      'mask must be a tree of booleans (plain objects and arrays) or a function returning one',
    );
  }
  return {
    init: () => EMPTY,
    update<U>(updates: U, state: EmptyState, params?: U): [U, EmptyState] {
      const [g, def] = flattenFloat('addDecayedWeights', 'updates', updates);
      const p = requireParams('addDecayedWeights', g, def, params);
      if (rate === 0) return [updates, state];
      const flags = mask === undefined ? undefined : maskFlags('addDecayedWeights', mask, updates, def);
      const out = g.map((gi, i) => {
        if (flags !== undefined && !flags[i]) return gi;
        const buf = allocLike(gi);
        axpyKernel(floatBuffer(gi), rate, floatBuffer(p[i]!), buf);
        return wrapLike(buf, gi);
      });
      return [tree.unflatten<U>(def, out), state];
    },
  };
}
