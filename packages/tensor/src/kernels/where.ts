/**
 * The `where` kernel: `out[i] = cond[i] ? a[i] : b[i]` over the broadcast of three operands.
 * @internal
 * @module
 */
import type { TypedArray } from '../core/dtype.js';

/** One row: `out[o + i] = c[ci + i·cs] ? a[ai + i·as] : b[bi + i·bs]` for `i < n`. */
function whereRow(
  out: TypedArray,
  o: number,
  c: Uint8Array,
  ci: number,
  cs: number,
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) out[o + i] = c[ci + i * cs] !== 0 ? a[ai + i * as]! : b[bi + i * bs]!;
}

/**
 * Runs the `where` select over an output of shape `shape`; each operand's strides are aligned to the
 * output (0 on broadcast axes). Trailing axes along which all three operands stay linear are merged into
 * one long row, so the same-shape case and scalar operands run as a single loop.
 */
export function whereKernel(
  out: TypedArray,
  shape: readonly number[],
  c: Uint8Array,
  cStrides: readonly number[],
  a: TypedArray,
  aStrides: readonly number[],
  b: TypedArray,
  bStrides: readonly number[],
): void {
  const size = out.length;
  if (size === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    whereRow(out, 0, c, 0, 0, a, 0, 0, b, 0, 0, 1);
    return;
  }
  let inner = shape[rank - 1]!;
  const cs = cStrides[rank - 1]!;
  const as = aStrides[rank - 1]!;
  const bs = bStrides[rank - 1]!;
  let k = rank - 1;
  while (k > 0) {
    const d = k - 1;
    const okC = cStrides[d] === cs * inner;
    const okA = aStrides[d] === as * inner;
    const okB = bStrides[d] === bs * inner;
    if (!okC || !okA || !okB) break;
    inner *= shape[d]!;
    k = d;
  }
  if (k === 0) {
    whereRow(out, 0, c, 0, cs, a, 0, as, b, 0, bs, inner);
    return;
  }
  const idx = new Int32Array(k);
  const rows = size / inner;
  let co = 0;
  let ao = 0;
  let bo = 0;
  for (let r = 0; r < rows; r++) {
    whereRow(out, r * inner, c, co, cs, a, ao, as, b, bo, bs, inner);
    for (let d = k - 1; d >= 0; d--) {
      const n = shape[d]!;
      idx[d]!++;
      co += cStrides[d]!;
      ao += aStrides[d]!;
      bo += bStrides[d]!;
      if (idx[d]! < n) break;
      co -= cStrides[d]! * n;
      ao -= aStrides[d]! * n;
      bo -= bStrides[d]! * n;
      idx[d] = 0;
    }
  }
}
