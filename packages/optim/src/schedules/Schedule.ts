/**
 * A schedule maps the update count to a value (a learning rate, usually). The count starts at 0 on the
 * first update, as in Optax: `scaleByLearningRate(schedule)` uses `schedule(0)` for the first step.
 *
 * @example
 * ```ts
 * import { adam, cosineDecay, type Schedule } from '@stepwise/optim';
 * const lr: Schedule = cosineDecay({ initValue: 1e-3, decaySteps: 1000 });
 * const opt = adam({ learningRate: lr });
 * ```
 * @category schedules
 * @since 0.1.0
 */
export type Schedule = (step: number) => number;
