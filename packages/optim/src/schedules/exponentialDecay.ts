import * as t from 'io-ts';
import {
  Bool,
  FiniteNumber,
  NonNegativeInteger,
  PositiveInteger,
  PositiveNumber,
  validateOptions,
} from '../hyperparams.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link exponentialDecay}. @category schedules @since 0.1.0 */
export interface ExponentialDecayOptions {
  /** Value up to `transitionBegin`. */
  readonly initValue: number;
  /** Steps over which the value is multiplied by `decayRate`, an integer `>= 1`. */
  readonly transitionSteps: number;
  /** The factor per `transitionSteps`, a finite number `> 0` (`< 1` decays, `> 1` grows). */
  readonly decayRate: number;
  /** Step at which decay starts, an integer `>= 0`; default 0. */
  readonly transitionBegin?: number;
  /** Decay in whole periods (`floor`) rather than continuously; default false. */
  readonly staircase?: boolean;
  /** Bound the value: a lower bound when decaying, an upper bound when growing. */
  readonly endValue?: number;
}

/** io-ts codec of {@link ExponentialDecayOptions}. @category hyperparameters @since 0.1.0 */
export const ExponentialDecayOptions: t.Type<ExponentialDecayOptions, ExponentialDecayOptions, unknown> =
  t.intersection([
    t.type({ initValue: FiniteNumber, transitionSteps: PositiveInteger, decayRate: PositiveNumber }),
    t.partial({ transitionBegin: NonNegativeInteger, staircase: Bool, endValue: FiniteNumber }),
  ]);

/**
 * Exponential decay: `v(c) = init · rate^((c − begin)/steps)` (the exponent floored with `staircase`),
 * and `init` for `c <= begin`; clipped at `endValue` (from below when `rate < 1`, above when `rate > 1`).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field. Optax returns a constant for
 * `transitionSteps <= 0` or `decayRate == 0` (with a warning); here they are errors.
 * @example
 * ```ts
 * import { exponentialDecay } from '@stepwise/optim';
 * const lr = exponentialDecay({ initValue: 0.1, transitionSteps: 100, decayRate: 0.5 });
 * lr(200); // 0.025
 * ```
 * @see Optax `exponential_decay`; Keras `ExponentialDecay` (no `transitionBegin`/`endValue`).
 * @category schedules
 * @since 0.1.0
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const o = validateOptions('exponentialDecay', ExponentialDecayOptions, options);
  const { initValue, transitionSteps, decayRate, endValue } = o;
  const begin = o.transitionBegin ?? 0;
  const staircase = o.staircase ?? false;
  return (step) => {
    const c = step - begin;
    if (c <= 0) return endValue === undefined ? initValue : clipEnd(initValue, endValue, decayRate);
    const p = staircase ? Math.floor(c / transitionSteps) : c / transitionSteps;
    const v = initValue * decayRate ** p;
    return endValue === undefined ? v : clipEnd(v, endValue, decayRate);
  };
}

const clipEnd = (v: number, end: number, rate: number): number =>
  rate < 1 ? Math.max(v, end) : Math.min(v, end);
