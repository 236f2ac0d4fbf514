/**
 * The `allClose` kernel: a broadcast walk that stops at the first element that is not close.
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';

/**
 * True when every pair of the broadcast satisfies NumPy's `isclose`: `|a − b| ≤ atol + rtol·|b|`, infinities
 * equal only to themselves, NaN equal to NaN only when `equalNan`. `aStrides`/`bStrides` are aligned to
 * `shape` (0 on broadcast axes).
 */
export function allCloseKernel(
  shape: readonly number[],
  a: TypedArray,
  aStrides: readonly number[],
  b: TypedArray,
  bStrides: readonly number[],
  rtol: number,
  atol: number,
  equalNan: boolean,
): boolean {
  const rank = shape.length;
  let size = 1;
  for (let d = 0; d < rank; d++) size *= shape[d]!;
  const idx = new Int32Array(rank);
  let ao = 0;
  let bo = 0;
  for (let i = 0; i < size; i++) {
    const x = a[ao]!;
    const y = b[bo]!;
    if (x !== y) {
      const xNaN = Number.isNaN(x);
      const yNaN = Number.isNaN(y);
      if (xNaN || yNaN) {
        if (!(equalNan && xNaN && yNaN)) return false;
      } else if (x - x !== 0 || y - y !== 0 || !(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
        // An infinity unequal to the other value is never close (rtol·|∞| would otherwise accept it).
        return false;
      }
    }
    for (let d = rank - 1; d >= 0; d--) {
      const n = shape[d]!;
      idx[d]!++;
      ao += aStrides[d]!;
      bo += bStrides[d]!;
      if (idx[d]! < n) break;
      ao -= aStrides[d]! * n;
      bo -= bStrides[d]! * n;
      idx[d] = 0;
    }
  }
  return true;
}
