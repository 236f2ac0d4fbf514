/**
 * Error codes carried by {@link OptimError}.
 *
 * - `INVALID_HYPERPARAMETER`: a factory option (or a schedule's value at some step) is out of range,
 *   of the wrong type, unknown, or conflicts with another option.
 * - `MISSING_PARAMS`: a transformation that needs the parameters (`addDecayedWeights`) got none.
 * - `STRUCTURE_MISMATCH`: updates, state and params do not have the same tree structure, or the state
 *   did not come from this transformation's `init`.
 * - `SHAPE_MISMATCH`: a leaf of the updates has another shape than the matching state or param leaf.
 * - `DTYPE_MISMATCH`: a leaf is not `float32`/`float64` (optimizers only update floating-point leaves).
 *
 * @category errors
 * @since 0.1.0
 */
export type OptimErrorCode =
  | 'INVALID_HYPERPARAMETER'
  | 'MISSING_PARAMS'
  | 'STRUCTURE_MISMATCH'
  | 'SHAPE_MISMATCH'
  | 'DTYPE_MISMATCH';

/**
 * The error thrown by `@stepwise/optim`: invalid hyperparameters, and updates, states or params that do
 * not fit together. The message starts with the name of the factory or transformation and names the
 * offending field and value, e.g. `adam: learningRate must be a finite number >= 0, got -1`.
 *
 * @example
 * ```ts
 * import { adam, OptimError } from '@stepwise/optim';
 * try {
 *   adam({ learningRate: -1 });
 * } catch (e) {
 *   if (e instanceof OptimError) console.log(e.code, e.message);
 *   // INVALID_HYPERPARAMETER adam: learningRate must be a finite number >= 0 or a schedule, got -1
 * }
 * ```
 * @category errors
 * @since 0.1.0
 */
export class OptimError extends Error {
  /** Machine-readable classification of the error. */
  readonly code: OptimErrorCode;
  /** Name of the factory or transformation that rejected its input. */
  readonly op: string;

  constructor(code: OptimErrorCode, op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = 'OptimError';
    this.code = code;
    this.op = op;
  }
}
