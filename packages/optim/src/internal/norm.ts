/**
 * Robust L2 norms of several buffers taken together, and the clipping factor derived from them.
 * @internal
 * @module
 */
import { maxAbs, scaledSumOfSquares, sumOfSquares } from '../kernels/norm.js';
import type { FloatArray } from './leaves.js';

/** The L2 norm of buffers together, as `norm = scale · root` so that the clip factor never overflows. */
export interface L2 {
  /** The norm (NaN if some element is NaN, Infinity if some element is infinite, or on overflow). */
  readonly norm: number;
  /** True when every element is finite. */
  readonly finite: boolean;
  readonly scale: number;
  readonly root: number;
}

/** Below this the sum of squares may hold subnormal (imprecise) squares: recompute with rescaling. */
const TINY = 1e-290;

/**
 * The L2 norm of all elements of `bufs`. The fast path is one pass of `Σx²` in float64; when that sum
 * is tiny or infinite (squares under- or overflowing, only possible with float64 data), the norm is
 * recomputed as `a·√Σ(x/a)²` with `a = max|x|`, so it is exact to rounding whenever it is representable.
 */
export function l2(bufs: readonly FloatArray[]): L2 {
  let ssq = 0;
  for (const b of bufs) ssq += sumOfSquares(b);
  if (ssq !== ssq) return { norm: Number.NaN, finite: false, scale: 1, root: Number.NaN };
  if (ssq > TINY && ssq < Number.POSITIVE_INFINITY) {
    const root = Math.sqrt(ssq);
    return { norm: root, finite: true, scale: 1, root };
  }
  let a = 0;
  for (const b of bufs) {
    const m = maxAbs(b);
    if (!(m <= a)) a = m;
  }
  if (a !== a) return { norm: Number.NaN, finite: false, scale: 1, root: Number.NaN };
  if (a === Number.POSITIVE_INFINITY) {
    return { norm: Number.POSITIVE_INFINITY, finite: false, scale: 1, root: Number.POSITIVE_INFINITY };
  }
  if (a === 0) return { norm: 0, finite: true, scale: 1, root: 0 };
  let s = 0;
  for (const b of bufs) s += scaledSumOfSquares(b, a);
  const root = Math.sqrt(s);
  return { norm: a * root, finite: true, scale: a, root };
}

/** The factor `max / norm` computed without overflow (only called when `norm > max`, all finite). */
export const clipFactor = (n: L2, max: number): number => max / n.scale / n.root;
