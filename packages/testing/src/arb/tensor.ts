import { type DType, tensor as makeTensor, type Tensor } from '@stepwise/tensor';
import * as fc from 'fast-check';
import { shape as shapeArb } from './shape.js';

/** Constraints of {@link tensor}. @category arbitraries @since 0.1.0 */
export interface TensorConstraints {
  /** Element type; default `'float32'`. */
  readonly dtype?: DType;
  /** A fixed shape, or an arbitrary of shapes; default `arb.shape()` (rank 0–3, sides 1–5). */
  readonly shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
  /** Smallest value (inclusive); default -10 for floats, -100 for int32. Ignored for bool. */
  readonly min?: number;
  /** Largest value (inclusive); default 10 for floats, 100 for int32. Ignored for bool. */
  readonly max?: number;
  /**
   * Floats only: every value has `|x| >= minMagnitude` (default 0). Keeps inputs away from a kink at 0
   * (`abs`, `relu`), a pole (`div`, `log`) or a tie.
   */
  readonly minMagnitude?: number;
  /** Floats only: also draw NaN (rarely). Default false. */
  readonly allowNaN?: boolean;
  /** Floats only: also draw ±Infinity (rarely). Default false. */
  readonly allowInfinity?: boolean;
  /**
   * Floats only: keep subnormal values (magnitude below 2⁻¹²⁶ in float32, 2⁻¹⁰²² in float64). Default false:
   * they are flushed to zero of the same sign, since they slow kernels down and rarely matter.
   */
  readonly allowSubnormal?: boolean;
}

const MIN_NORMAL = { float32: 1.1754943508222875e-38, float64: 2.2250738585072014e-308 } as const;

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** The float32 value next to `x` (finite, `x` a float32) towards +∞ (`dir = 1`) or −∞ (`dir = -1`). */
function stepFloat32(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * 1.401298464324817e-45;
  F32[0] = x;
  I32[0]! += x > 0 === (dir === 1) ? 1 : -1;
  return F32[0]!;
}

/** The smallest float32 `>= x` (`up`) or the largest float32 `<= x` (`!up`). @internal */
export function toFloat32Bound(x: number, up: boolean): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === x) return f;
  if (up && f < x) return stepFloat32(f, 1);
  if (!up && f > x) return stepFloat32(f, -1);
  return f;
}

function checkBounds(dtype: DType, min: number, max: number, minMagnitude: number): void {
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new RangeError(`arb.tensor: need min <= max, got min ${min} and max ${max} (${dtype})`);
  }
  if (!(minMagnitude >= 0)) {
    throw new RangeError(`arb.tensor: minMagnitude must be >= 0, got ${minMagnitude}`);
  }
  if (minMagnitude > 0 && max < minMagnitude && min > -minMagnitude) {
    throw new RangeError(`arb.tensor: no value of [${min}, ${max}] has |x| >= minMagnitude ${minMagnitude}`);
  }
}

/** Finite floats of `[min, max]` with `|x| >= m`, as float32 (exact) or float64. */
function finiteFloats(
  dtype: 'float32' | 'float64',
  min: number,
  max: number,
  m: number,
): fc.Arbitrary<number> {
  const range = (lo: number, hi: number): fc.Arbitrary<number> =>
    dtype === 'float32'
      ? fc.float({
          min: toFloat32Bound(lo, true),
          max: toFloat32Bound(hi, false),
          noNaN: true,
          noDefaultInfinity: true,
        })
      : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  if (m === 0) return range(min, max);
  const parts: Array<fc.Arbitrary<number>> = [];
  if (max >= m) parts.push(range(Math.max(min, m), max));
  if (min <= -m) parts.push(range(min, Math.min(max, -m)));
  return parts.length === 1 ? parts[0]! : fc.oneof(...parts);
}

/** The element arbitrary for a dtype and constraints (numbers; booleans as 0/1). @internal */
export function elements(c: TensorConstraints): fc.Arbitrary<number> {
  const dtype = c.dtype ?? 'float32';
  if (dtype === 'bool') return fc.boolean().map((b) => (b ? 1 : 0));
  if (dtype === 'int32') {
    const min = Math.ceil(c.min ?? -100);
    const max = Math.floor(c.max ?? 100);
    checkBounds(dtype, min, max, 0);
    return fc.integer({ min: Math.max(min, -2147483648), max: Math.min(max, 2147483647) });
  }
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RangeError(`arb.tensor: unknown dtype ${String(dtype)}`);
  }
  const min = c.min ?? -10;
  const max = c.max ?? 10;
  const m = c.minMagnitude ?? 0;
  checkBounds(dtype, min, max, m);
  const tiny = MIN_NORMAL[dtype];
  const raw = finiteFloats(dtype, min, max, m);
  const finite = c.allowSubnormal === true ? raw : raw.map((x) => (Math.abs(x) < tiny ? x * 0 : x));
  const specials: number[] = [];
  if (c.allowNaN === true) specials.push(Number.NaN);
  if (c.allowInfinity === true) specials.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
  if (specials.length === 0) return finite;
  return fc.oneof({ arbitrary: finite, weight: 9 }, { arbitrary: fc.constantFrom(...specials), weight: 1 });
}

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * Tensors of a dtype with values drawn element by element: finite and bounded by default (`[-10, 10]` for
 * floats, `[-100, 100]` for int32). float32 values are exactly representable (bounds are rounded inwards
 * to float32 and `fc.float` draws them); float64 values come from `fc.double`, int32 from `fc.integer`,
 * bool from `fc.boolean`. Like fast-check's own `float`, values spread over every binade (tiny and large
 * magnitudes are both common, and the bounds themselves are drawn); subnormals are flushed to zero unless
 * `allowSubnormal`. Shrinks towards smaller shapes and values near zero.
 *
 * @example
 * ```ts
 * import { exp, greater } from '@stepwise/tensor';
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(fc.property(arb.tensor({ dtype: 'float64', min: -5, max: 5 }), (x) => exp(x).data().every((v) => v > 0)));
 * ```
 * @throws RangeError for `min > max`, an unknown dtype or an unsatisfiable `minMagnitude`.
 * @see Hypothesis `arrays(dtype, shape, elements=floats(min, max, width=32))`; fast-check `float32Array`.
 * @category arbitraries
 * @since 0.1.0
 */
export function tensor(constraints: TensorConstraints = {}): fc.Arbitrary<Tensor> {
  const dtype = constraints.dtype ?? 'float32';
  const elem = elements(constraints);
  const shapes: fc.Arbitrary<readonly number[]> =
    constraints.shape === undefined
      ? shapeArb()
      : Array.isArray(constraints.shape)
        ? fc.constant(constraints.shape as readonly number[])
        : (constraints.shape as fc.Arbitrary<readonly number[]>);
  return shapes.chain((s) => {
    const n = sizeOf(s);
    return fc
      .array(elem, { minLength: n, maxLength: n })
      .map((values) => makeTensor(Float64Array.from(values), { dtype, shape: s }));
  });
}
