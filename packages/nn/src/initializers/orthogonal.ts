import { cast, random, TensorError, tensor } from '@stepwise/tensor';
import { checkShape, floatDType, type Initializer } from './Initializer.js';

/** Options of {@link orthogonal}. @category initializers @since 0.1.0 */
export interface OrthogonalOptions {
  /** Multiplier applied to the orthogonal matrix (default 1). */
  readonly gain?: number;
}

/**
 * Thin QR of the row-major `m × n` matrix `a` (`m ≥ n`) by Householder reflections, in float64.
 * Returns `Q` (`m × n`, row-major) with its columns multiplied by `sign(diag R)`, which makes the
 * factorization unique and `Q` Haar-distributed when `a` is Gaussian.
 * @internal
 */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! * r[i * n + k]!;
    norm = Math.sqrt(norm);
    const x0 = r[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm; // R[k][k] after the reflection
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k]!;
    v[0] = x0 - alpha;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i]! * v[i]!;
    vn = Math.sqrt(vn);
    if (vn > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / vn;
    vs.push(v);
    signs[k] = alpha < 0 ? -1 : 1;
    // r[k:, k:] -= 2 v (vᵀ r[k:, k:])
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * r[i * n + j]!;
      for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - 2 * v[i - k]! * dot;
    }
  }
  // Q = H₀ H₁ … H_{n−1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - 2 * v[i - k]! * dot;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! * signs[j]!;
  return q;
}

/**
 * Orthogonal initializer (Saxe et al. 2014), as Keras: the shape is viewed as a matrix of
 * `rows = ∏ shape[:-1]` by `cols = shape[-1]`; a Gaussian matrix of `max × min` is QR-factorized,
 * `Q` is multiplied by `sign(diag R)` (so it is uniformly distributed), transposed when `rows < cols`,
 * and scaled by `gain`. The result has orthonormal rows or columns (whichever are fewer), times `gain`.
 *
 * **PyTorch differs** in the layout only: `orthogonal_` takes `rows = size(0)` of its `[out, in, …]` weights.
 *
 * @param options - `{ gain = 1 }`.
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for a negative or non-finite gain (at once) or a shape of rank < 2
 * (when called).
 * @example
 * ```ts
 * const w = orthogonal()(random.key(0), [64, 64]); // wᵀw = I
 * ```
 * @see Keras `keras.initializers.Orthogonal(gain=1.0)`, PyTorch `torch.nn.init.orthogonal_`.
 * @category initializers
 * @since 0.1.0
 */
export function orthogonal(options: OrthogonalOptions = {}): Initializer {
  const gain = options.gain ?? 1;
  if (typeof gain !== 'number' || !Number.isFinite(gain) || gain < 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'orthogonal',
      `gain must be a finite number ≥ 0, got ${String(gain)}`,
    );
  }
  return (key, shape, dtype) => {
    const d = floatDType('orthogonal', dtype);
    const s = checkShape('orthogonal', shape);
    if (s.length < 2) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        'orthogonal',
        `needs a shape of rank ≥ 2, got [${s.join(',')}]`,
      );
    }
    const cols = s[s.length - 1]!;
    const rows = s.slice(0, -1).reduce((p, v) => p * v, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    if (n === 0) return cast(tensor(new Float64Array(0), { shape: s }), d);
    const a = random.normal(key, [m, n], { dtype: 'float64' }).data() as Float64Array;
    const q = orthonormalColumns(a, m, n);
    const out = new Float64Array(rows * cols);
    if (rows >= cols) {
      for (let i = 0; i < q.length; i++) out[i] = gain * q[i]!;
    } else {
      // Transpose the m × n = cols × rows matrix into rows × cols.
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[j * n + i]!;
    }
    const t = tensor(out, { shape: s, dtype: 'float64' });
    return d === 'float64' ? t : cast(t, d);
  };
}
