/**
 * Shared argument handling of the losses.
 * @internal
 * @module
 */
import { cast, isTensor, mul, sum, type Tensor, TensorError } from '@stepwise/tensor';

/** Checks that a value is a tensor. */
export function checkTensor(op: string, name: string, x: unknown): Tensor {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  return x;
}

/**
 * Checks a prediction/target pair of equal shapes (no silent broadcasting, a classic source of wrong
 * losses) and brings both to one float dtype: float64 if either is, else float32 (integer and boolean
 * targets are cast).
 */
export function checkPair(
  op: string,
  pred: unknown,
  target: unknown,
  names: [string, string],
): [Tensor, Tensor] {
  const p = checkTensor(op, names[0], pred);
  const t = checkTensor(op, names[1], target);
  if (p.rank !== t.rank || p.shape.some((d, i) => d !== t.shape[i])) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `${names[0]} [${p.shape.join(',')}] and ${names[1]} [${t.shape.join(',')}] must have the same shape`,
    );
  }
  const d = p.dtype === 'float64' || t.dtype === 'float64' ? 'float64' : 'float32';
  return [p.dtype === d ? p : cast(p, d), t.dtype === d ? t : cast(t, d)];
}

/** Mean of every element: `sum(x) / size` (the sum accumulates in float64). */
export const meanAll = (x: Tensor): Tensor => mul(sum(x), 1 / x.size);
