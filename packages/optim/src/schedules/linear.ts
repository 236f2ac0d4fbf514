import * as t from 'io-ts';
import { FiniteNumber, NonNegativeInteger, PositiveInteger, validateOptions } from '../hyperparams.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link linear}. @category schedules @since 0.1.0 */
export interface LinearOptions {
  /** Value up to `transitionBegin`. */
  readonly initValue: number;
  /** Value from `transitionBegin + transitionSteps` on. */
  readonly endValue: number;
  /** Length of the ramp, an integer `>= 1`. */
  readonly transitionSteps: number;
  /** Step at which the ramp starts, an integer `>= 0`; default 0. */
  readonly transitionBegin?: number;
}

/** io-ts codec of {@link LinearOptions}. @category hyperparameters @since 0.1.0 */
export const LinearOptions: t.Type<LinearOptions, LinearOptions, unknown> = t.intersection([
  t.type({ initValue: FiniteNumber, endValue: FiniteNumber, transitionSteps: PositiveInteger }),
  t.partial({ transitionBegin: NonNegativeInteger }),
]);

/**
 * A linear ramp: `initValue` until `transitionBegin`, then linearly to `endValue` over `transitionSteps`
 * steps, then `endValue`: `v(c) = init + (end − init)·clip((c − begin)/steps, 0, 1)`.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field (e.g. `transitionSteps` 0; Optax returns
 * a constant with a warning instead).
 * @example
 * ```ts
 * import { linear } from '@stepwise/optim';
 * const warmup = linear({ initValue: 0, endValue: 1e-3, transitionSteps: 100 });
 * warmup(50); // 5e-4
 * ```
 * @see Optax `linear_schedule`.
 * @category schedules
 * @since 0.1.0
 */
export function linear(options: LinearOptions): Schedule {
  const o = validateOptions('linear', LinearOptions, options);
  const { initValue, endValue, transitionSteps } = o;
  const begin = o.transitionBegin ?? 0;
  return (step) => {
    const c = Math.min(Math.max(step - begin, 0), transitionSteps);
    return (initValue - endValue) * (1 - c / transitionSteps) + endValue;
  };
}
