import type { EmptyState, GradientTransformation } from '../GradientTransformation.js';
import { type LearningRate, LearningRateCodec, validateValue } from '../hyperparams.js';
import { scale } from './scale.js';
import { type ScaleByScheduleState, scheduledScale } from './scaleBySchedule.js';

/**
 * State of {@link scaleByLearningRate}: empty for a constant rate, the update count for a schedule.
 * @category transformations
 * @since 0.1.0
 */
export type ScaleByLearningRateState = EmptyState | ScaleByScheduleState;

/**
 * Multiplies the updates by `−learningRate` (descent direction): `u = −lr·g`, or `u = −lr(t)·g` for a
 * schedule evaluated at the update count `t` (0 on the first update). Every optimizer ends with it.
 *
 * @param learningRate - a finite number `>= 0`, or a schedule whose values must be finite and `>= 0`.
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative or non-finite rate (and from `update`
 * when a schedule returns one).
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleByLearningRate } from '@stepwise/optim';
 * const myAdam = chain(scaleByAdam(), scaleByLearningRate(1e-3));
 * ```
 * @see Optax `scale_by_learning_rate` (which also accepts negative rates with `flip_sign=False`).
 * @category transformations
 * @since 0.1.0
 */
export function scaleByLearningRate(
  learningRate: LearningRate,
): GradientTransformation<ScaleByLearningRateState> {
  validateValue('scaleByLearningRate', 'learningRate', LearningRateCodec, learningRate);
  if (typeof learningRate === 'number') return scale(-learningRate);
  return scheduledScale(
    'scaleByLearningRate',
    learningRate,
    -1,
    (v) => Number.isFinite(v) && v >= 0,
    'a finite learning rate >= 0',
  ) as GradientTransformation<ScaleByLearningRateState>;
}
