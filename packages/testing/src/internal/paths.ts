/**
 * Paths of the tensor leaves of a pytree, in `tree.flatten` order, for error messages.
 * @internal
 * @module
 */
import { isTensor } from '@stepwise/tensor';

const isPlain = (x: object): boolean => {
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
};

/** `.a[0].b`-style paths of the leaves of `t` (depth first, object keys sorted, as `tree.flatten`). */
export function leafPaths(t: unknown, prefix = ''): string[] {
  if (isTensor(t)) return [prefix];
  if (Array.isArray(t)) return t.flatMap((c, i) => leafPaths(c, `${prefix}[${i}]`));
  if (t !== null && typeof t === 'object' && isPlain(t)) {
    const rec = t as Record<string, unknown>;
    return Object.keys(rec)
      .sort()
      .flatMap((k) => leafPaths(rec[k], `${prefix}.${k}`));
  }
  return [];
}

/** The multi-index `[i, j, …]` of flat (row-major) position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  let r = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = n === 0 ? 0 : r % n;
    r = n === 0 ? 0 : Math.floor(r / n);
  }
  return idx;
}

/** `[1, 2]`, or `[]` for a scalar. */
export const fmtIndex = (idx: readonly number[]): string => `[${idx.join(', ')}]`;

/** A number printed with enough digits to see a difference (up to 8 significant). */
export const fmtNum = (x: number): string =>
  Number.isFinite(x) && x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e7)
    ? x.toExponential(6)
    : String(Number.isInteger(x) ? x : Number(x.toPrecision(8)));
