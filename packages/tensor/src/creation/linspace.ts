import { allocate, checkDType, type DType } from '../core/dtype.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';

/**
 * `num` evenly spaced values from `start` to `stop`, **both included** (NumPy `linspace` with
 * `endpoint=True`): element `i` is `start + i·(stop − start)/(num − 1)`, computed in float64; the first
 * element is exactly `start` and the last exactly `stop`. `num = 1` gives `[start]`; `num = 0` an empty tensor.
 *
 * @param start - First value.
 * @param stop - Last value.
 * @param num - Number of values, a non-negative integer.
 * @param dtype - `float32` (default, as the contract promises) or `float64`.
 * @returns A 1-D tensor of length `num`.
 * @throws TensorError `INVALID_ARGUMENT` for a non-finite bound, a negative or fractional `num`, or a
 * non-float dtype.
 * @example
 * ```ts
 * import { linspace } from '@stepwise/tensor';
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @see NumPy `np.linspace` (default 50 points and float64 there; `num` is required here), PyTorch
 * `torch.linspace`, Keras `keras.ops.linspace`.
 * @category creation
 * @since 0.1.0
 */
export function linspace(
  start: number,
  stop: number,
  num: number,
  dtype: 'float32' | 'float64' = 'float32',
): Tensor {
  const op = 'linspace';
  const d: DType = checkDType(op, dtype);
  if (d !== 'float32' && d !== 'float64') {
    throw new TensorError('INVALID_ARGUMENT', op, `dtype must be float32 or float64, got ${d}`);
  }
  for (const [name, v] of [
    ['start', start],
    ['stop', stop],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a finite number, got ${String(v)}`);
    }
  }
  if (typeof num !== 'number' || !Number.isSafeInteger(num) || num < 0) {
    throw new TensorError('INVALID_ARGUMENT', op, `num must be a non-negative integer, got ${String(num)}`);
  }
  const out = allocate(d, num);
  if (num >= 1) out[0] = start;
  if (num >= 2) {
    const step = (stop - start) / (num - 1);
    for (let i = 1; i < num - 1; i++) out[i] = start + i * step;
    out[num - 1] = stop;
  }
  return fromBuffer(out, [num], d);
}
