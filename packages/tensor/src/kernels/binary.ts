/**
 * Binary math kernels beyond the four arithmetic ones: `pow`, `maximum`, `minimum`, and the comparisons.
 * Each is a `BinaryLoop` (one row of the broadcast output, each operand read with its own step), run by
 * `broadcastBinary`.
 * @internal
 * @module
 */
import type { BinaryLoop } from './elementwise.js';

/** `a ** b` computed in float64 (`**` is `Math.pow`), rounded (or wrapped, for int32) by the store. */
export const powLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! ** b[bi + i * bs]!;
};

/** The larger value; a tie or a NaN in `a` gives `a`, a NaN in `b` gives NaN (NaN propagates). */
export const maximumLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      out[o + i] = x >= y || Number.isNaN(x) ? x : y;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      const y = b[bi + i * bs]!;
      out[o + i] = x >= y || Number.isNaN(x) ? x : y;
    }
  }
};

/** The smaller value; a tie or a NaN in `a` gives `a`, a NaN in `b` gives NaN (NaN propagates). */
export const minimumLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      out[o + i] = x <= y || Number.isNaN(x) ? x : y;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      const y = b[bi + i * bs]!;
      out[o + i] = x <= y || Number.isNaN(x) ? x : y;
    }
  }
};

// ---- comparisons: write 1 or 0 into a Uint8Array; IEEE semantics (NaN compares unequal to everything) ----
// `bs === 0` (comparing with a number, as in `greater(x, 0)`) reads the scalar once.

export const equalLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! === y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! === b[bi + i * bs]! ? 1 : 0;
  }
};
export const notEqualLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! !== y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! !== b[bi + i * bs]! ? 1 : 0;
  }
};
export const lessLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! < y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! < b[bi + i * bs]! ? 1 : 0;
  }
};
export const lessEqualLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! <= y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! <= b[bi + i * bs]! ? 1 : 0;
  }
};
export const greaterLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! > y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! > b[bi + i * bs]! ? 1 : 0;
  }
};
export const greaterEqualLoop: BinaryLoop = (out, o, a, ai, as, b, bi, bs, n) => {
  if (bs === 0) {
    const y = b[bi]!;
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! >= y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! >= b[bi + i * bs]! ? 1 : 0;
  }
};
