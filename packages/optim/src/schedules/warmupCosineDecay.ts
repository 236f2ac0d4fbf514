import * as t from 'io-ts';
import {
  FiniteNumber,
  NonNegativeInteger,
  PositiveInteger,
  PositiveNumber,
  validateOptions,
} from '../hyperparams.js';
import { OptimError } from '../OptimError.js';
import { cosineValue } from './cosineDecay.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link warmupCosineDecay}. @category schedules @since 0.1.0 */
export interface WarmupCosineDecayOptions {
  /** Value at step 0 (start of the warmup). */
  readonly initValue: number;
  /** Value at the end of the warmup. */
  readonly peakValue: number;
  /** Length of the linear warmup, an integer `>= 0`. */
  readonly warmupSteps: number;
  /** Total length, warmup included, an integer `> warmupSteps`. */
  readonly decaySteps: number;
  /** Value from `decaySteps` on; default 0. */
  readonly endValue?: number;
  /** Power applied to the cosine factor, `> 0`; default 1. */
  readonly exponent?: number;
}

/** io-ts codec of {@link WarmupCosineDecayOptions}. @category hyperparameters @since 0.1.0 */
export const WarmupCosineDecayOptions: t.Type<WarmupCosineDecayOptions, WarmupCosineDecayOptions, unknown> =
  t.intersection([
    t.type({
      initValue: FiniteNumber,
      peakValue: FiniteNumber,
      warmupSteps: NonNegativeInteger,
      decaySteps: PositiveInteger,
    }),
    t.partial({ endValue: FiniteNumber, exponent: PositiveNumber }),
  ]);

/**
 * Linear warmup followed by cosine decay: from `initValue` to `peakValue` linearly over `warmupSteps`,
 * then `cosineDecay` from `peakValue` to `endValue` over the remaining `decaySteps − warmupSteps` steps
 * (`decaySteps` counts the warmup), then `endValue`.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` naming the field, or when `decaySteps <= warmupSteps`.
 * @example
 * ```ts
 * import { adamw, warmupCosineDecay } from '@stepwise/optim';
 * const lr = warmupCosineDecay({ initValue: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 * const opt = adamw({ learningRate: lr });
 * ```
 * @see Optax `warmup_cosine_decay_schedule` (same); Keras `CosineDecay(warmup_target, warmup_steps)`.
 * @category schedules
 * @since 0.1.0
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  const o = validateOptions('warmupCosineDecay', WarmupCosineDecayOptions, options);
  const { initValue, peakValue, warmupSteps, decaySteps } = o;
  if (decaySteps <= warmupSteps) {
    throw new OptimError(
      'INVALID_HYPERPARAMETER',
      'warmupCosineDecay',
      `decaySteps must be greater than warmupSteps (decaySteps counts the warmup), got decaySteps ${decaySteps} and warmupSteps ${warmupSteps}`,
    );
  }
  const endValue = o.endValue ?? 0;
  const exponent = o.exponent ?? 1;
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return (step) => {
    if (step < warmupSteps) return initValue + (peakValue - initValue) * (Math.max(step, 0) / warmupSteps);
    return cosineValue(peakValue, decaySteps - warmupSteps, alpha, exponent, step - warmupSteps);
  };
}
