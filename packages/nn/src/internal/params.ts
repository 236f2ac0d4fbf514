/**
 * Validation of hyperparameters passed by users.
 * @internal
 * @module
 */
import { TensorError } from '@stepwise/tensor';

/** Validates a finite numeric hyperparameter. */
export function finiteParam(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a finite number, got ${String(v)}`);
  }
  return v;
}
