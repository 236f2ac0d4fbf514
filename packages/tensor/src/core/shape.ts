import { fmtShape, TensorError } from './TensorError.js';

/** Number of elements of a shape (1 for a scalar). @internal */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides of a shape. @internal */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** True when two shapes are equal. @internal */
export function shapeEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-given shape: non-negative safe integers. @internal */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `shape must be an array of non-negative integers, got ${String(shape)}`,
    );
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `shape must contain non-negative integers, got [${shape.map(String).join(',')}]`,
      );
    }
  }
  return shape.slice() as number[];
}

/** Normalizes one axis (negative counts from the end) against `rank`. @internal */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new TensorError('INVALID_AXIS', op, `axis ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalizes an optional axis or list of axes: `undefined` means every axis. The result is sorted
 * and free of repeats (a repeat is an error). @internal
 */
export function normalizeAxes(
  op: string,
  axis: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, rank));
  out.sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1])
      throw new TensorError('INVALID_AXIS', op, `axis ${out[i]} is repeated in [${list.join(',')}]`);
  }
  return out;
}

/** NumPy broadcasting of two shapes; throws `SHAPE_MISMATCH` naming both. @internal */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast`,
      );
  }
  return out;
}

/**
 * Strides to read an operand of shape `from` while iterating the broadcast shape `to` (0 where the
 * operand is broadcast). @internal
 */
export function broadcastStrides(from: readonly number[], to: readonly number[]): number[] {
  const s = stridesOf(from);
  const out = new Array<number>(to.length).fill(0);
  const off = to.length - from.length;
  for (let i = 0; i < from.length; i++) out[off + i] = from[i] === 1 ? 0 : s[i]!;
  return out;
}
