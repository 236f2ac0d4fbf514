/**
 * Shared axis handling of the reductions.
 * @internal
 * @module
 */
import { normalizeAxes } from '../../core/shape.js';

/** Parameters of a reduction primitive: sorted, normalized axes and keepDims. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** Normalizes the user's `axis` argument. */
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
