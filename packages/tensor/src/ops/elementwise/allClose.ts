/**
 * Approximate equality of two tensors, NumPy's `allclose`.
 * @module
 */
import type { TypedArray } from '../../core/dtype.js';
import { broadcastShapes, broadcastStrides } from '../../core/shape.js';
import { bufferOf, isTensor, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';
import { allCloseKernel } from '../../kernels/close.js';

/** Options of {@link allClose}. @category comparison @since 0.1.0 */
export interface AllCloseOptions {
  /** Relative tolerance, a finite number ≥ 0. Default `1e-5`. */
  readonly rtol?: number;
  /** Absolute tolerance, a finite number ≥ 0. Default `1e-8`. */
  readonly atol?: number;
  /** When true, NaN equals NaN. Default `false`. */
  readonly equalNan?: boolean;
}

function operand(name: string, v: unknown): [TypedArray, readonly number[]] {
  if (isTensor(v)) return [bufferOf(v), v.shape];
  if (typeof v === 'number') return [Float64Array.of(v), []];
  throw new TensorError(
    'INVALID_ARGUMENT',
    'allClose',
    `${name} must be a Tensor or a number, got ${v === null ? 'null' : typeof v}`,
  );
}

function tolerance(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'allClose',
      `${name} must be a finite number >= 0, got ${String(v)}`,
    );
  }
  return v;
}

/**
 * True when `a` and `b` are elementwise equal within tolerance, with NumPy semantics:
 * `|a − b| ≤ atol + rtol·|b|` for every element of their broadcast (asymmetric: `b` is the reference).
 * Infinities are close only to the same infinity; NaN is never close to anything unless `equalNan`.
 * Values are compared in float64, whatever the dtypes (which need not match). Either operand may be a
 * number. Returns a JavaScript boolean (not a tensor) and is not differentiable.
 * @example `allClose(tensor([1, 2]), tensor([1, 2.000001])) // true`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor
 * operand or a negative or non-finite tolerance.
 * @see NumPy `np.allclose`, PyTorch `torch.allclose` (same defaults and formula), Keras has none (`ops.isclose`
 * elementwise).
 * @category comparison
 * @since 0.1.0
 */
export function allClose(a: Tensor | number, b: Tensor | number, options: AllCloseOptions = {}): boolean {
  const [A, as] = operand('a', a);
  const [B, bs] = operand('b', b);
  const rtol = tolerance('rtol', options.rtol, 1e-5);
  const atol = tolerance('atol', options.atol, 1e-8);
  const shape = broadcastShapes('allClose', as, bs);
  return allCloseKernel(
    shape,
    A,
    broadcastStrides(as, shape),
    B,
    broadcastStrides(bs, shape),
    rtol,
    atol,
    options.equalNan === true,
  );
}
