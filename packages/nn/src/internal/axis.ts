/**
 * Axis arguments of axis-wise ops (softmax, logSoftmax).
 * @internal
 * @module
 */
import { TensorError } from '@stepwise/tensor';

/** Normalizes an axis (negative counts from the end) against `rank`. */
export function normalizeAxis(op: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new TensorError(
      'INVALID_AXIS',
      op,
      `axis ${String(axis)} is out of range for a tensor of rank ${rank} (expected an integer in [${-rank}, ${rank - 1}])`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** `[outer, n, inner]`: sizes before, along and after `axis`. */
export function splitAtAxis(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}
