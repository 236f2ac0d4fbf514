import type { Tensor } from '@stepwise/tensor';
import type { GradientTransformation } from '../GradientTransformation.js';
import { ScheduleCodec, validateValue } from '../hyperparams.js';
import { fmtValue } from '../internal/fmt.js';
import { SCALAR_FACTOR, type ScalarFactor, withCapability } from '../internal/fusion.js';
import { checkStateObject, countTensor, readCount } from '../internal/leaves.js';
import { OptimError } from '../OptimError.js';
import type { Schedule } from '../schedules/Schedule.js';
import { scaleTree } from './scale.js';

/**
 * State of {@link scaleBySchedule}: the number of updates done so far (an int32 scalar tensor).
 * @category transformations
 * @since 0.1.0
 */
export interface ScaleByScheduleState {
  readonly count: Tensor;
}

/** `scaleBySchedule` with a check of each value (used by `scaleByLearningRate`). @internal */
export function scheduledScale(
  op: string,
  schedule: Schedule,
  factor: number,
  check: (value: number) => boolean,
  requirement: string,
): GradientTransformation<ScaleByScheduleState> {
  validateValue(op, 'schedule', ScheduleCodec, schedule);
  /** The factor of this step and the next state (the schedule checked). */
  const next = (state: ScaleByScheduleState): [number, ScaleByScheduleState] => {
    checkStateObject(op, state, ['count']);
    const step = readCount(op, 'count', state.count);
    const value = schedule(step);
    if (typeof value !== 'number' || !check(value)) {
      throw new OptimError(
        'INVALID_HYPERPARAMETER',
        op,
        `the schedule returned ${fmtValue(value)} at step ${step}; it must return ${requirement}`,
      );
    }
    return [factor * value, Object.freeze({ count: countTensor(step + 1) })];
  };
  return withCapability(
    {
      init: () => Object.freeze({ count: countTensor(0) }),
      update<U>(updates: U, state: ScaleByScheduleState): [U, ScaleByScheduleState] {
        const [f, s] = next(state);
        return [scaleTree(op, updates, f), s];
      },
    },
    SCALAR_FACTOR,
    ((state) => next(state as ScaleByScheduleState)) satisfies ScalarFactor,
  );
}

/**
 * Multiplies the updates by `schedule(count)`, where `count` is the number of previous updates (0 on
 * the first update): `u = schedule(t)·g`. The state holds the count.
 *
 * @param schedule - a function `(step) => number` returning a finite number.
 * @throws OptimError `INVALID_HYPERPARAMETER` if `schedule` is not a function, or (from `update`) if it
 * returns a non-finite value.
 * @example
 * ```ts
 * import { exponentialDecay, scaleBySchedule } from '@stepwise/optim';
 * const t = scaleBySchedule(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 }));
 * ```
 * @see Optax `scale_by_schedule`.
 * @category transformations
 * @since 0.1.0
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScaleByScheduleState> {
  return scheduledScale('scaleBySchedule', schedule, 1, Number.isFinite, 'a finite number');
}
