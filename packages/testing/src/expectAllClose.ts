import { isTensor, type Tensor } from '@stepwise/tensor';
import { fmtIndex, fmtNum, unravel } from './internal/paths.js';

/** Tolerances of {@link expectAllClose}. @category assertions @since 0.1.0 */
export interface AllCloseOptions {
  /** Relative tolerance; default 1e-5 (as `allClose` and NumPy). */
  readonly rtol?: number;
  /** Absolute tolerance; default 1e-8. */
  readonly atol?: number;
  /** NaN equals NaN at the same position; default true (as `numpy.testing.assert_allclose`). */
  readonly equalNaN?: boolean;
  /** When both sides are tensors, their dtypes must match; default true. */
  readonly checkDType?: boolean;
}

/** The error {@link expectAllClose} throws; its message is the readable diff. @category assertions @since 0.1.0 */
export class AllCloseError extends Error {
  constructor(
    message: string,
    /** Path of the first differing leaf (`''` for the root, `.w[0]` inside a pytree). */
    readonly path: string,
  ) {
    super(message);
    this.name = 'AllCloseError';
  }
}

/** A numeric leaf: flat values, shape, and a dtype when it came from a tensor. */
interface Numeric {
  readonly values: ArrayLike<number>;
  readonly shape: readonly number[];
  readonly dtype: string | undefined;
}

const isTypedArray = (x: unknown): x is ArrayLike<number> =>
  ArrayBuffer.isView(x) && !(x instanceof DataView);

const isNumericArray = (x: unknown): boolean => {
  let v = x;
  while (Array.isArray(v)) {
    if (v.length === 0) return true;
    v = v[0];
  }
  return typeof v === 'number' || typeof v === 'boolean';
};

/** A nested array of numbers as flat values and shape; ragged input is reported, not guessed. */
function fromNested(x: unknown, path: string): Numeric {
  const shape: number[] = [];
  let v = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  const out: number[] = [];
  const walk = (node: unknown, d: number, at: string): void => {
    if (d === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'boolean') {
        throw new AllCloseError(
          `expectAllClose: at ${path || '<root>'}${at}: expected a number, got ${describe(node)}`,
          path,
        );
      }
      out.push(Number(node));
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[d]) {
      throw new AllCloseError(
        `expectAllClose: at ${path || '<root>'}${at}: ragged nested array (length ${Array.isArray(node) ? node.length : 'none'}, expected ${shape[d]})`,
        path,
      );
    }
    node.forEach((c, i) => walk(c, d + 1, `${at}[${i}]`));
  };
  walk(x, 0, '');
  return { values: out, shape, dtype: undefined };
}

function toNumeric(x: unknown, path: string): Numeric | undefined {
  if (isTensor(x))
    return { values: (x as Tensor).data(), shape: (x as Tensor).shape, dtype: (x as Tensor).dtype };
  if (typeof x === 'number' || typeof x === 'boolean')
    return { values: [Number(x)], shape: [], dtype: undefined };
  if (isTypedArray(x)) return { values: x, shape: [x.length], dtype: undefined };
  if (Array.isArray(x) && isNumericArray(x)) return fromNested(x, path);
  return undefined;
}

function describe(x: unknown): string {
  if (isTensor(x)) return `Tensor ${(x as Tensor).dtype}[${(x as Tensor).shape.join(',')}]`;
  if (Array.isArray(x)) return `array(${x.length})`;
  if (x === null) return 'null';
  return typeof x === 'object' ? 'object' : `${typeof x} ${String(x)}`;
}

const fmtShape = (s: readonly number[]): string => `[${s.join(',')}]`;

function compareNumeric(a: Numeric, e: Numeric, path: string, o: Required<AllCloseOptions>): void {
  const at = path || '<root>';
  if (o.checkDType && a.dtype !== undefined && e.dtype !== undefined && a.dtype !== e.dtype) {
    throw new AllCloseError(
      `expectAllClose: at ${at}: dtype mismatch: actual ${a.dtype}, expected ${e.dtype} (pass { checkDType: false } to compare values only)`,
      path,
    );
  }
  // A scalar number compares against a tensor or array of any shape (broadcast), as NumPy's assert_allclose.
  const scalarE = e.dtype === undefined && e.shape.length === 0;
  if (!scalarE && (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i]))) {
    throw new AllCloseError(
      `expectAllClose: at ${at}: shape mismatch: actual ${fmtShape(a.shape)}, expected ${fmtShape(e.shape)}`,
      path,
    );
  }
  const n = a.values.length;
  let count = 0;
  let first = -1;
  let worst = -1;
  let worstExcess = -1;
  for (let i = 0; i < n; i++) {
    const x = a.values[i]!;
    const y = e.values[scalarE ? 0 : i]!;
    let ok: boolean;
    if (Number.isNaN(x) || Number.isNaN(y)) ok = o.equalNaN && Number.isNaN(x) && Number.isNaN(y);
    else if (!Number.isFinite(x) || !Number.isFinite(y)) ok = x === y;
    else ok = Math.abs(x - y) <= o.atol + o.rtol * Math.abs(y);
    if (ok) continue;
    count++;
    if (first < 0) first = i;
    const excess = Number.isFinite(x - y) ? Math.abs(x - y) / (o.atol + o.rtol * Math.abs(y)) : Infinity;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (count === 0) return;
  const show = (i: number): string => {
    const x = a.values[i]!;
    const y = e.values[scalarE ? 0 : i]!;
    return `${fmtIndex(unravel(i, a.shape))}: actual ${fmtNum(x)}, expected ${fmtNum(y)}, |diff| ${fmtNum(Math.abs(x - y))}, allowed ${fmtNum(o.atol + o.rtol * Math.abs(y))}`;
  };
  const lines = [
    `expectAllClose: at ${at}: ${count} of ${n} elements differ (rtol ${o.rtol}, atol ${o.atol}; |actual − expected| <= atol + rtol·|expected|)`,
    `  worst at ${show(worst)}`,
  ];
  if (first !== worst) lines.push(`  first at ${show(first)}`);
  throw new AllCloseError(lines.join('\n'), path);
}

const isLeafLike = (x: unknown): boolean =>
  isTensor(x) || typeof x === 'number' || typeof x === 'boolean' || isTypedArray(x);

function compare(a: unknown, e: unknown, path: string, o: Required<AllCloseOptions>): void {
  const at = path || '<root>';
  const bothArrays = Array.isArray(a) && Array.isArray(e);
  // Numeric comparison when a side is a tensor or number, or both are nested arrays of numbers;
  // otherwise walk the structure (an array of tensors against an array of nested arrays, say).
  if (isLeafLike(a) || isLeafLike(e) || (bothArrays && isNumericArray(a) && isNumericArray(e))) {
    const na = toNumeric(a, path);
    const ne = toNumeric(e, path);
    if (na !== undefined && ne !== undefined) {
      compareNumeric(na, ne, path, o);
      return;
    }
    throw new AllCloseError(
      `expectAllClose: at ${at}: structure mismatch: actual is ${describe(a)}, expected ${describe(e)}`,
      path,
    );
  }
  if (
    typeof a !== 'object' ||
    typeof e !== 'object' ||
    a === null ||
    e === null ||
    Array.isArray(a) !== Array.isArray(e)
  ) {
    if (Object.is(a, e)) return;
    throw new AllCloseError(
      `expectAllClose: at ${at}: structure mismatch: actual is ${describe(a)}, expected ${describe(e)}`,
      path,
    );
  }
  if (Array.isArray(a) && Array.isArray(e)) {
    if (a.length !== e.length) {
      throw new AllCloseError(
        `expectAllClose: at ${at}: array length mismatch: actual ${a.length}, expected ${e.length}`,
        path,
      );
    }
    a.forEach((x, i) => compare(x, e[i], `${path}[${i}]`, o));
    return;
  }
  const ra = a as Record<string, unknown>;
  const re = e as Record<string, unknown>;
  const ka = Object.keys(ra).sort();
  const ke = Object.keys(re).sort();
  if (ka.join('\u0000') !== ke.join('\u0000')) {
    const missing = ke.filter((k) => !(k in ra));
    const extra = ka.filter((k) => !(k in re));
    throw new AllCloseError(
      `expectAllClose: at ${at}: keys differ:${missing.length > 0 ? ` missing ${missing.join(', ')}` : ''}${extra.length > 0 ? ` unexpected ${extra.join(', ')}` : ''}`,
      path,
    );
  }
  for (const k of ka) compare(ra[k], re[k], `${path}.${k}`, o);
}

/**
 * Asserts that `actual` is elementwise close to `expected`: `|actual − expected| ≤ atol + rtol·|expected|`
 * (NumPy's `isclose`, `expected` being the reference), with equal infinities and (by default) NaN at the
 * same positions accepted. Both sides may be tensors, numbers, typed arrays, nested arrays of numbers, or
 * pytrees (plain objects and arrays) of those; a number on the expected side is compared with every element.
 * On failure it throws an {@link AllCloseError} whose message is a readable diff: the path inside the tree,
 * a shape or dtype mismatch, or the count of differing elements with the worst and the first of them
 * (index, both values, the difference and what was allowed).
 *
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * import { expectAllClose } from '@stepwise/testing';
 * expectAllClose({ w: tensor([1, 2]) }, { w: [1, 2.000001] });
 * // expectAllClose(tensor([1, 2]), [1, 3]) throws:
 * // expectAllClose: at <root>: 1 of 2 elements differ (rtol 0.00001, atol 1e-8; …)
 * //   worst at [1]: actual 2, expected 3, |diff| 1, allowed 0.00003001
 * ```
 * @throws AllCloseError when the values, shapes, dtypes or tree structures differ.
 * @see NumPy `numpy.testing.assert_allclose` (equal_nan=True); PyTorch `torch.testing.assert_close`
 *   (which also checks dtypes by default, and uses dtype-dependent default tolerances).
 * @category assertions
 * @since 0.1.0
 */
export function expectAllClose(actual: unknown, expected: unknown, options: AllCloseOptions = {}): void {
  const o: Required<AllCloseOptions> = {
    rtol: options.rtol ?? 1e-5,
    atol: options.atol ?? 1e-8,
    equalNaN: options.equalNaN ?? true,
    checkDType: options.checkDType ?? true,
  };
  if (!(o.rtol >= 0) || !(o.atol >= 0)) {
    throw new RangeError(`expectAllClose: rtol and atol must be >= 0, got rtol ${o.rtol}, atol ${o.atol}`);
  }
  compare(actual, expected, '', o);
}
