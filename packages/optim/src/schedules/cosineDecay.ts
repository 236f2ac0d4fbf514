import * as t from 'io-ts';
import { FiniteNumber, PositiveInteger, PositiveNumber, validateOptions } from '../hyperparams.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link cosineDecay}. @category schedules @since 0.1.0 */
export interface CosineDecayOptions {
  /** Value at step 0. */
  readonly initValue: number;
  /** Steps to decay over, an integer `>= 1`; the value stays at `initValue·alpha` afterwards. */
  readonly decaySteps: number;
  /** Final value as a fraction of `initValue`; default 0. */
  readonly alpha?: number;
  /** Power applied to the cosine factor, `> 0`; default 1. */
  readonly exponent?: number;
}

/** io-ts codec of {@link CosineDecayOptions}. @category hyperparameters @since 0.1.0 */
export const CosineDecayOptions: t.Type<CosineDecayOptions, CosineDecayOptions, unknown> = t.intersection([
  t.type({ initValue: FiniteNumber, decaySteps: PositiveInteger }),
  t.partial({ alpha: FiniteNumber, exponent: PositiveNumber }),
]);

/** The cosine decay formula (shared with `warmupCosineDecay`). @internal */
export const cosineValue = (
  init: number,
  steps: number,
  alpha: number,
  exponent: number,
  step: number,
): number => {
  const c = Math.min(Math.max(step, 0), steps);
  const cos = 0.5 * (1 + Math.cos((Math.PI * c) / steps));
  return init * ((1 - alpha) * cos ** exponent + alpha);
};

/**
 * Cosine decay (Loshchilov & Hutter, SGDR without restarts):
 * `v(c) = init · ((1 − α)·(½(1 + cos(π·min(c, D)/D)))^exponent + α)`.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field.
 * @example
 * ```ts
 * import { cosineDecay } from '@stepwise/optim';
 * const lr = cosineDecay({ initValue: 1, decaySteps: 100 });
 * lr(50); // 0.5
 * ```
 * @see Optax `cosine_decay_schedule`; Keras `CosineDecay` (which also has a warmup).
 * @category schedules
 * @since 0.1.0
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const o = validateOptions('cosineDecay', CosineDecayOptions, options);
  const alpha = o.alpha ?? 0;
  const exponent = o.exponent ?? 1;
  return (step) => cosineValue(o.initValue, o.decaySteps, alpha, exponent, step);
}
