import { scaleKernel } from '@stepwise/tensor/kernel';
import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';
import { FiniteNumber, validateValue } from '../hyperparams.js';
import { SCALAR_FACTOR, type ScalarFactor, withCapability } from '../internal/fusion.js';
import { allocLike, claimFloat, floatBuffer, wrapLike } from '../internal/leaves.js';
import { mapUpdates } from '../internal/mapUpdates.js';

/** Multiplies every leaf by `s` (one pass per leaf; in place into a donated leaf's memory). @internal */
export function scaleTree<U>(op: string, updates: U, s: number): U {
  return mapUpdates(op, updates, (g) => {
    const taken = claimFloat(g);
    const out = taken ?? allocLike(g);
    scaleKernel(taken ?? floatBuffer(g), s, out);
    return wrapLike(out, g);
  });
}

/**
 * Multiplies every update by the constant `s`: `u = s·g`. Stateless.
 *
 * @param s - any finite number (`scale(-lr)` is plain gradient descent).
 * @throws OptimError `INVALID_HYPERPARAMETER` if `s` is not a finite number.
 * @example
 * ```ts
 * import { scale } from '@stepwise/optim';
 * const sgd = scale(-0.1); // the same as sgd({ learningRate: 0.1 })
 * ```
 * @see Optax `scale`.
 * @category transformations
 * @since 0.1.0
 */
export function scale(s: number): GradientTransformation<EmptyState> {
  validateValue('scale', 's', FiniteNumber, s);
  const factor: ScalarFactor = (state) => [s, state];
  return withCapability(
    {
      init: () => EMPTY,
      update<U>(updates: U, state: EmptyState): [U, EmptyState] {
        return [scaleTree('scale', updates, s), state];
      },
    },
    SCALAR_FACTOR,
    factor,
  );
}
