/**
 * Validation shared by the normalization functions and layers: inputs, axes, epsilon, momentum and the
 * shapes of `gamma`/`beta`/statistics. Every failure is a `TensorError` naming the op and the values.
 * @internal
 * @module
 */
import { cast, type DType, isFloat, isTensor, type Tensor, TensorError } from '@stepwise/tensor';

/** `[d0,d1,…]`. */
export const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Checks that `x` is a tensor of rank ≥ `minRank`; integer and boolean inputs become float32. */
export function floatInput(op: string, x: unknown, minRank: number, what: string): Tensor {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `x must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  if (x.rank < minRank) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `expects x of rank ≥ ${minRank} (${what}), got shape ${fmt(x.shape)}`,
    );
  }
  return isFloat(x.dtype) ? x : cast(x, 'float32');
}

/** Normalizes one axis of a rank-`rank` tensor (negative counts from the end). */
export function resolveAxis(op: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new TensorError(
      'INVALID_AXIS',
      op,
      `axis ${String(axis)} is out of range for an input of rank ${rank} (valid: ${-rank}..${rank - 1})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes one axis or a list of distinct axes; the result is sorted ascending. */
export function resolveAxes(op: string, axis: unknown, rank: number): number[] {
  const list = Array.isArray(axis) ? (axis as unknown[]) : [axis];
  if (list.length === 0) {
    throw new TensorError('INVALID_AXIS', op, 'axis must name at least one axis, got []');
  }
  const out = list.map((a) => resolveAxis(op, a, rank)).sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) {
      throw new TensorError('INVALID_AXIS', op, `axis ${JSON.stringify(axis)} names axis ${out[i]} twice`);
    }
  }
  return out;
}

/** Checks `epsilon > 0` and finite. */
export function checkEpsilon(op: string, epsilon: unknown): number {
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `epsilon must be a finite number > 0 (it keeps 1/√(σ²+ε) finite for a constant feature), got ${String(epsilon)}`,
    );
  }
  return epsilon;
}

/** Checks a momentum in `[0, 1]`. */
export function checkMomentum(op: string, momentum: unknown): number {
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `momentum must be a number in [0, 1], got ${String(momentum)}`,
    );
  }
  return momentum;
}

/** Checks a boolean flag. */
export function checkFlag(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') {
    throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a boolean, got ${String(v)}`);
  }
  return v;
}

/**
 * Checks an optional per-feature tensor (`gamma`, `beta`, `mean`, `variance`) against its expected shape and
 * brings it to the compute dtype. `null`/`undefined` stay `null` (the caller substitutes ones or zeros).
 */
export function featureParam(
  op: string,
  name: string,
  t: unknown,
  shape: readonly number[],
  dtype: DType,
  context: string,
): Tensor | null {
  if (t === null || t === undefined) return null;
  if (!isTensor(t)) {
    throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a Tensor or null, got ${typeof t}`);
  }
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `${name} must have shape ${fmt(shape)} (${context}), got ${fmt(t.shape)}`,
    );
  }
  if (!isFloat(t.dtype)) {
    throw new TensorError('DTYPE_MISMATCH', op, `${name} must be float32 or float64, got ${t.dtype}`);
  }
  return t.dtype === dtype ? t : cast(t, dtype);
}

/** Product of `shape[from..to)`. */
export function prodOf(shape: readonly number[], from = 0, to = shape.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i]!;
  return p;
}
