/**
 * Error codes carried by {@link TensorError}.
 *
 * - `SHAPE_MISMATCH`: operand shapes do not fit the operation (broadcasting, matmul, concat…).
 * - `DTYPE_MISMATCH`: an operand has a dtype the operation does not accept.
 * - `INVALID_AXIS`: an axis is out of range or repeated.
 * - `INVALID_ARGUMENT`: anything else (ragged input, bad dtype name, two `-1` in a reshape, a NaN where a
 *   finite number is required, …).
 * - `DONATED`: the tensor was given away with `donate` or `recycle` and its memory now belongs to another
 *   tensor; use the value the consuming op returned instead.
 *
 * @category errors
 * @since 0.1.0
 */
export type TensorErrorCode =
  | 'SHAPE_MISMATCH'
  | 'DTYPE_MISMATCH'
  | 'INVALID_AXIS'
  | 'INVALID_ARGUMENT'
  | 'DONATED';

/**
 * The one error type thrown by invalid calls to Stepwise tensor operations. Its `message` starts with the
 * name of the operation and names the offending shapes or values, e.g.
 * `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 *
 * @example
 * ```ts
 * import { TensorError, matmul, zeros } from '@stepwise/tensor';
 * try {
 *   matmul(zeros([2, 3]), zeros([4, 5]));
 * } catch (e) {
 *   if (e instanceof TensorError) console.log(e.code); // 'SHAPE_MISMATCH'
 * }
 * ```
 * @category errors
 * @since 0.1.0
 */
export class TensorError extends Error {
  /** Machine-readable classification of the error. */
  readonly code: TensorErrorCode;
  /** Name of the operation that rejected its input. */
  readonly op: string;

  constructor(code: TensorErrorCode, op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = 'TensorError';
    this.code = code;
    this.op = op;
  }
}

/** Formats a shape the way error messages print it: `[2,3]`. @internal */
export const fmtShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;
