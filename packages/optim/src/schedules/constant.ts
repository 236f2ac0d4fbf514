import * as t from 'io-ts';
import { FiniteNumber, validateOptions } from '../hyperparams.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link constant}. @category schedules @since 0.1.0 */
export interface ConstantOptions {
  /** The value at every step (finite). */
  readonly value: number;
}

/** io-ts codec of {@link ConstantOptions}. @category hyperparameters @since 0.1.0 */
export const ConstantOptions: t.Type<ConstantOptions, ConstantOptions, unknown> = t.type({
  value: FiniteNumber,
});

/**
 * The schedule with the same value at every step. Takes `{ value }` like the other schedules, or the value
 * itself (Optax's `constant_schedule(value)`).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` if `value` is not finite.
 * @example
 * ```ts
 * import { constant } from '@stepwise/optim';
 * constant({ value: 0.1 })(1000); // 0.1
 * constant(0.1)(0); // 0.1
 * ```
 * @see Optax `constant_schedule`.
 * @category schedules
 * @since 0.1.0
 */
export function constant(options: ConstantOptions | number): Schedule {
  const { value } = validateOptions(
    'constant',
    ConstantOptions,
    typeof options === 'number' ? { value: options } : options,
  );
  return () => value;
}
