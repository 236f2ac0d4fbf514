/**
 * Shared axis handling and memory layout of the reductions.
 * @internal
 * @module
 */
import { allocate, type TypedArray } from '../../core/dtype.js';
import { normalizeAxes } from '../../core/shape.js';
import { bufferOf, type Tensor } from '../../core/Tensor.js';
import { permuteCopy, splitDims } from '../../kernels/reduce.js';

/** Parameters of a reduction primitive: sorted, normalized axes and keepDims. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** Normalizes the user's `axis` argument (`undefined`: every axis; negative axes count from the end). */
export const reduceParams = (
  op: string,
  axis: number | readonly number[] | undefined,
  rank: number,
  keepDims: boolean,
): ReduceParams => ({
  axes: normalizeAxes(op, axis, rank),
  keepDims,
});

/** The output shape of a reduction. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** Number of elements each output of the reduction combines. */
export function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  let n = 1;
  for (const a of axes) n *= shape[a]!;
  return n;
}

/** Splits sorted axes into maximal contiguous runs, last run first. */
export function contiguousRuns(axes: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < axes.length) {
    let j = i;
    while (j + 1 < axes.length && axes[j + 1] === axes[j]! + 1) j++;
    runs.push([axes[i]!, axes[j]! + 1]);
    i = j + 1;
  }
  return runs.reverse();
}

/** A buffer viewed as `[outer, r, inner]` with the reduced axes as the middle block. */
export interface Blocked {
  readonly buf: TypedArray;
  readonly outer: number;
  readonly r: number;
  readonly inner: number;
}

/**
 * Views `x` as `[outer, r, inner]` for a reduction over `axes`. The buffer itself is used when the axes form
 * one contiguous block (and, with `lastAxis`, when that block is at the end); otherwise the kept axes are
 * moved to the front by one permuting copy and the result is `[kept, reduced, 1]`.
 */
export function blocked(x: Tensor, axes: readonly number[], lastAxis = false): Blocked {
  const shape = x.shape;
  if (axes.length === 0) return { buf: bufferOf(x), outer: x.size, r: 1, inner: 1 };
  const runs = contiguousRuns(axes);
  if (runs.length === 1) {
    const [from, to] = runs[0]!;
    const [outer, r, inner] = splitDims(shape, from, to);
    if (!lastAxis || inner === 1) return { buf: bufferOf(x), outer, r, inner };
  }
  const kept: number[] = [];
  let outer = 1;
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) {
      kept.push(i);
      outer *= shape[i]!;
    }
  }
  const buf = allocate(x.dtype, x.size);
  permuteCopy(bufferOf(x), shape, [...kept, ...axes], buf);
  return { buf, outer, r: reducedCount(shape, axes), inner: 1 };
}
