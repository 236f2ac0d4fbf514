import { allocate, checkDType, type DType } from '../core/dtype.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';

/** Largest number of elements a creation function will allocate (int32 indexing). */
const MAX_LENGTH = 2 ** 31 - 1;

/**
 * Evenly spaced values in the half-open interval `[start, stop)`, NumPy `arange` semantics:
 * `arange(n)` is `0, 1, …, n-1`; `arange(start, stop)` steps by 1; the length is
 * `max(0, ceil((stop - start) / step))` and element `i` is `start + i·step` (computed in float64, then
 * stored in the dtype). A negative step counts down. As with NumPy, a fractional step may give a length
 * that rounding makes surprising (`arange(1, 1.3, 0.1)` has 4 elements); use {@link linspace} for a
 * fixed count.
 *
 * @param start - First value; with no `stop`, the (exclusive) end, counting from 0.
 * @param stop - Exclusive end.
 * @param step - Spacing; default 1; must be finite and nonzero.
 * @param dtype - `float32` (default), `float64` or `int32`. For `int32`, `start` and `step` must be integers.
 * @returns A 1-D tensor.
 * @throws TensorError `INVALID_ARGUMENT` for a zero, NaN or infinite step, a non-finite bound, a
 * non-integer `start`/`step` with `int32`, the `bool` dtype or an unknown dtype name, or more than 2³¹−1 elements.
 * @example
 * ```ts
 * import { arange } from '@stepwise/tensor';
 * arange(4).toArray(); // [0, 1, 2, 3]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 * arange(5, 0, -2, 'int32').toArray(); // [5, 3, 1]
 * ```
 * @see NumPy `np.arange` (default dtype float32 here), PyTorch `torch.arange`, Keras `keras.ops.arange`.
 * @category creation
 * @since 0.1.0
 */
export function arange(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  const op = 'arange';
  const d = checkDType(op, dtype);
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  for (const [name, v] of [
    ['start', lo],
    ['stop', hi],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a finite number, got ${String(v)}`);
    }
  }
  if (step === 0) throw new TensorError('INVALID_ARGUMENT', op, 'step must be nonzero, got 0');
  if (d === 'bool')
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      'dtype bool is not supported; use float32, float64 or int32',
    );
  if (d === 'int32' && !(Number.isInteger(lo) && Number.isInteger(step))) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `int32 needs an integer start and step, got start ${lo}, step ${step}`,
    );
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  if (n > MAX_LENGTH) {
    throw new TensorError('INVALID_ARGUMENT', op, `[${lo}, ${hi}) by ${step} would have ${n} elements`);
  }
  const out = allocate(d, n);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return fromBuffer(out, [n], d);
}
