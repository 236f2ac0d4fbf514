import { allocate, checkDType, type DType } from '../core/dtype.js';
import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';

/**
 * The `n × m` identity matrix: ones on the main diagonal (`i = j`), zeros elsewhere. Square when `m` is
 * omitted.
 *
 * @param n - Number of rows, a non-negative integer.
 * @param m - Number of columns; default `n`.
 * @param dtype - Element type; default `float32`.
 * @returns A tensor of shape `[n, m]`.
 * @throws TensorError `INVALID_ARGUMENT` for a negative, fractional or NaN size, or an unknown dtype name.
 * @example
 * ```ts
 * import { eye } from '@stepwise/tensor';
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * eye(2, 3, 'int32').toArray(); // [[1, 0, 0], [0, 1, 0]]
 * ```
 * @see NumPy `np.eye` (no diagonal offset `k` here), PyTorch `torch.eye`, Keras `keras.ops.eye`.
 * @category creation
 * @since 0.1.0
 */
export function eye(n: number, m?: number, dtype: DType = 'float32'): Tensor {
  const op = 'eye';
  const d = checkDType(op, dtype);
  const cols = m ?? n;
  for (const [name, v] of [
    ['n', n],
    ['m', cols],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `${name} must be a non-negative integer, got ${String(v)}`,
      );
    }
  }
  const out = allocate(d, n * cols);
  const k = Math.min(n, cols);
  for (let i = 0; i < k; i++) out[i * cols + i] = 1;
  return fromBuffer(out, [n, cols], d);
}
