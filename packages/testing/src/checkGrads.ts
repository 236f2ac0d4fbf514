import { cast, type DType, isFloat, isTensor, jvp, type Tensor, tensor, tree, vjp } from '@stepwise/tensor';
import { normalStream } from './internal/normal.js';
import { fmtIndex, fmtNum, leafPaths, unravel } from './internal/paths.js';

/** A differentiation mode checked by {@link checkGrads}. @category gradient checking @since 0.1.0 */
export type GradMode = 'fwd' | 'rev';

/** Options of {@link checkGrads}. @category gradient checking @since 0.1.0 */
export interface CheckGradsOptions {
  /** Highest derivative order checked (1: gradients; 2: also the derivatives of the gradients). Default 1. */
  readonly order?: number;
  /** Modes checked: `'rev'` (vjp, i.e. `grad`) and `'fwd'` (jvp). Default both. */
  readonly modes?: readonly GradMode[];
  /** Central-difference step; default 1e-4 in float64 (as JAX), 1e-3 in float32. */
  readonly eps?: number;
  /**
   * Refine each central difference by Richardson extrapolation, `(4·D(ε/2) − D(ε)) / 3`, which cancels the
   * `ε²` truncation term (error `O(ε⁴)` instead of `O(ε²)`, at twice the evaluations). Default true in
   * float64, where it lets the tight default tolerances hold for large curvatures; false in float32, where
   * rounding dominates.
   */
  readonly richardson?: boolean;
  /** Relative tolerance; default 1e-5 in float64, 2e-3 in float32 (JAX's gradient tolerances). */
  readonly rtol?: number;
  /** Absolute tolerance; default as `rtol`. */
  readonly atol?: number;
  /** Positions of the differentiated arguments; default all. The others pass through unchanged. */
  readonly argnums?: readonly number[];
  /** Precision the check runs in: float leaves of the arguments are cast to it. Default `'float64'`. */
  readonly dtype?: 'float32' | 'float64';
  /** Seed of the random directions and cotangents; default 0. */
  readonly seed?: number;
  /**
   * Also check element by element (one central difference per input element), which names the worst
   * element: `true`, `false`, or a maximum number of differentiated elements (default 64).
   */
  readonly elementwise?: boolean | number;
}

/**
 * The error {@link checkGrads} throws: which argument and element disagree, the analytic and numeric
 * values and the tolerance. @category gradient checking @since 0.1.0
 */
export class GradientCheckError extends Error {
  constructor(
    message: string,
    /** Mode and order of the failed check, e.g. `'rev, order 1'`. */
    readonly check: string,
    /** The analytic value (from `vjp`/`jvp`). */
    readonly analytic: number,
    /** The central-difference value. */
    readonly numeric: number,
    /** The tolerance it exceeded. */
    readonly tolerance: number,
  ) {
    super(message);
    this.name = 'GradientCheckError';
  }
}

interface Resolved {
  readonly order: number;
  readonly modes: readonly GradMode[];
  readonly eps: number;
  readonly richardson: boolean;
  readonly rtol: number;
  readonly atol: number;
  readonly dtype: 'float32' | 'float64';
  readonly seed: number;
  readonly elementwise: number;
}

interface Mismatch {
  readonly where: string;
  /** How the tolerance was computed, e.g. `atol + rtol·|numeric|`. */
  readonly rule: string;
  readonly analytic: number;
  readonly numeric: number;
  readonly tol: number;
}

type Fn = (...args: never[]) => unknown;

function resolve(o: CheckGradsOptions): Resolved {
  const dtype = o.dtype ?? 'float64';
  const order = o.order ?? 1;
  if (!Number.isInteger(order) || order < 1)
    throw new RangeError(`checkGrads: order must be an integer >= 1, got ${order}`);
  const modes = o.modes ?? ['fwd', 'rev'];
  if (modes.length === 0 || modes.some((m) => m !== 'fwd' && m !== 'rev')) {
    throw new RangeError(
      `checkGrads: modes must be a non-empty list of 'fwd' and 'rev', got ${JSON.stringify(modes)}`,
    );
  }
  const rtol = o.rtol ?? (dtype === 'float64' ? 1e-5 : 2e-3);
  const eps = o.eps ?? (dtype === 'float64' ? 1e-4 : 1e-3);
  const atol = o.atol ?? rtol;
  for (const [k, v] of [
    ['eps', eps],
    ['rtol', rtol],
    ['atol', atol],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v) || (k === 'eps' && v === 0)) {
      throw new RangeError(
        `checkGrads: ${k} must be a finite ${k === 'eps' ? 'positive' : 'non-negative'} number, got ${v}`,
      );
    }
  }
  const e = o.elementwise ?? 64;
  return {
    order,
    modes,
    eps,
    richardson: o.richardson ?? dtype === 'float64',
    rtol,
    atol,
    dtype,
    seed: o.seed ?? 0,
    elementwise: e === true ? Infinity : e === false ? 0 : e,
  };
}

/** Casts the float leaves of a pytree (or a lone tensor) to `dtype`; anything else passes unchanged. */
function castTree(t: unknown, dtype: DType): unknown {
  if (isTensor(t)) return isFloat(t.dtype) && t.dtype !== dtype ? cast(t, dtype) : t;
  if (t === null || typeof t !== 'object') return t;
  try {
    return tree.map((x) => (isFloat(x.dtype) && x.dtype !== dtype ? cast(x, dtype) : x), t);
  } catch {
    return t;
  }
}

const values = (t: Tensor): Float64Array => Float64Array.from(t.data());
const rebuild = (v: Float64Array, like: Tensor): Tensor =>
  tensor(v, { dtype: like.dtype, shape: like.shape });

/** Random N(0, 1) tensors like the float leaves (zeros for the others); all ones for a single float element. */
function randomLike(leaves: readonly Tensor[], next: () => number, onesIfScalar: boolean): Tensor[] {
  const floatSize = leaves.reduce((n, l) => n + (isFloat(l.dtype) ? l.size : 0), 0);
  return leaves.map((l) => {
    const v = new Float64Array(l.size);
    if (isFloat(l.dtype))
      for (let i = 0; i < v.length; i++) v[i] = onesIfScalar && floatSize === 1 ? 1 : next();
    return rebuild(v, l);
  });
}

/** (a − b) / 2h, with equal values (∞ − ∞ included) giving 0. */
const slope = (a: number, b: number, h: number): number => (a === b ? 0 : ((a - b) * 0.5) / h);

/** Richardson extrapolation of two central differences with steps h and h/2. */
const extrapolate = (dh: number, dh2: number): number => (dh === dh2 ? dh : (4 * dh2 - dh) / 3);

/**
 * Central difference of the output leaves along direction `d`: (F(x + εd) − F(x − εd)) / 2ε, refined by
 * Richardson extrapolation when asked.
 */
function centralDiff(
  F: (leaves: Tensor[]) => Tensor[],
  x: readonly Tensor[],
  d: readonly Tensor[],
  r: Resolved,
): Float64Array[] {
  const at = (h: number): Float64Array[] => {
    const yp = F(shift(x, d, h));
    const ym = F(shift(x, d, -h));
    return yp.map((a, k) => {
      const A = values(a);
      const B = values(ym[k]!);
      const out = new Float64Array(A.length);
      if (!isFloat(a.dtype)) return out;
      for (let i = 0; i < A.length; i++) out[i] = slope(A[i]!, B[i]!, h);
      return out;
    });
  };
  const d1 = at(r.eps);
  if (!r.richardson) return d1;
  const d2 = at(r.eps / 2);
  return d1.map((a, k) => a.map((v, i) => extrapolate(v, d2[k]![i]!)));
}

/** The argument list `args` with the differentiated positions `argnums` replaced by `d`. */
function substitute(args: readonly unknown[], argnums: readonly number[], d: readonly unknown[]): unknown[] {
  const full = args.slice();
  argnums.forEach((i, k) => {
    full[i] = d[k];
  });
  return full;
}

function shift(x: readonly Tensor[], d: readonly Tensor[], s: number): Tensor[] {
  return x.map((l, k) => {
    if (!isFloat(l.dtype)) return l;
    const v = values(l);
    const dv = values(d[k]!);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! + s * dv[i]!;
    return rebuild(v, l);
  });
}

/** |a − n| ≤ tol, with equal non-finite values accepted. */
const within = (a: number, n: number, tol: number): boolean =>
  a === n || (Number.isFinite(a) && Number.isFinite(n) && Math.abs(a - n) <= tol);

/** Excess of a mismatch over its tolerance, to pick the worst one. */
const badness = (m: Mismatch): number => {
  const d = Math.abs(m.analytic - m.numeric);
  return Number.isFinite(d) ? d / (m.tol || Number.MIN_VALUE) : Infinity;
};

function fail(
  check: string,
  mismatches: readonly Mismatch[],
  total: number,
  r: Resolved,
  what: string,
): never {
  let worst = mismatches[0]!;
  for (const m of mismatches) if (badness(m) > badness(worst)) worst = m;
  const diff = Math.abs(worst.analytic - worst.numeric);
  const msg =
    `checkGrads (${check}): ${what} disagrees with central differences at ${worst.where}: ` +
    `analytic ${fmtNum(worst.analytic)}, numeric ${fmtNum(worst.numeric)}, |diff| ${fmtNum(diff)} > tolerance ` +
    `${fmtNum(worst.tol)} = ${worst.rule} (atol ${r.atol}, rtol ${r.rtol}, eps ${r.eps}${r.richardson ? ' with Richardson extrapolation' : ''}, ${r.dtype}, seed ${r.seed})` +
    (total > 1 ? `; ${mismatches.length} of ${total} checked values fail` : '');
  throw new GradientCheckError(msg, check, worst.analytic, worst.numeric, worst.tol);
}

const dot = (a: readonly Float64Array[], b: readonly Float64Array[]): [number, number] => {
  let s = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    const A = a[k]!;
    const B = b[k]!;
    for (let i = 0; i < A.length; i++) {
      const p = A[i]! * B[i]!;
      s += p;
      scale += Math.abs(p);
    }
  }
  return [s, scale];
};

/** One order of the check on already-cast arguments; recurses for higher orders. */
function checkOrder(
  f: Fn,
  args: readonly unknown[],
  argnums: readonly number[],
  r: Resolved,
  level: number,
  label: string,
): void {
  const call = f as (...a: unknown[]) => unknown;
  const xs = argnums.map((i) => args[i]);
  const [xLeaves, xdef] = tree.flatten(xs);
  const paths = argnums.flatMap((i) => leafPaths(args[i]).map((p) => ({ arg: i, path: p })));
  const Ftree = (d: unknown[]): unknown => call(...substitute(args, argnums, d));
  const F = (leaves: Tensor[]): Tensor[] => tree.flatten(Ftree(tree.unflatten(xdef, leaves)))[0];

  const y0 = Ftree(tree.unflatten(xdef, xLeaves));
  const [yLeaves, ydef] = tree.flatten(y0);
  const next = normalStream(r.seed * 1000003 + level * 7919 + 17);
  const v = randomLike(xLeaves, next, false);
  const u = randomLike(yLeaves, next, true);
  const uVals = u.map(values);
  const vTree = tree.unflatten<unknown[]>(xdef, v);
  const uTree = tree.unflatten(ydef, u);
  const orderTag = `order ${level}${label}`;

  const wantRev = r.modes.includes('rev');
  const wantFwd = r.modes.includes('fwd');
  const diffElems = xLeaves.reduce((n, l) => n + (isFloat(l.dtype) ? l.size : 0), 0);

  // Reverse mode, element by element: ∂⟨u, F⟩/∂x_i by central differences against (Jᵀu)_i.
  let ctVals: Float64Array[] | undefined;
  if (wantRev) {
    const [, pb] = vjp(Ftree, tree.unflatten<unknown[]>(xdef, xLeaves));
    ctVals = tree.flatten(pb(uTree))[0].map(values);
  }
  if (wantRev && diffElems > 0 && diffElems <= r.elementwise) {
    const mismatches: Mismatch[] = [];
    const inner = (ys: Tensor[]): number => dot(ys.map(values), uVals)[0];
    xLeaves.forEach((l, k) => {
      if (!isFloat(l.dtype)) return;
      const base = values(l);
      for (let i = 0; i < l.size; i++) {
        const at = (h: number): Tensor[] => {
          const p = base.slice();
          p[i] = p[i]! + h;
          const leaves = xLeaves.slice();
          leaves[k] = rebuild(p, l);
          return leaves;
        };
        const diff = (h: number): number => slope(inner(F(at(h))), inner(F(at(-h))), h);
        const n1 = diff(r.eps);
        const n = r.richardson ? extrapolate(n1, diff(r.eps / 2)) : n1;
        const a = ctVals![k]![i]!;
        const tol = r.atol + r.rtol * Math.abs(n);
        if (!within(a, n, tol)) {
          const { arg, path } = paths[k]!;
          const where = `argument ${arg}${path ? ` ${path}` : ''}, element ${fmtIndex(unravel(i, l.shape))}${l.rank > 1 ? ` (flat ${i})` : ''}`;
          mismatches.push({ where, rule: 'atol + rtol·|numeric|', analytic: a, numeric: n, tol });
        }
      }
    });
    if (mismatches.length > 0) {
      const what =
        yLeaves.length === 1 && yLeaves[0]!.size === 1
          ? 'the gradient'
          : 'the vector-Jacobian product Jᵀu (random u)';
      fail(`rev, ${orderTag}, element-wise`, mismatches, diffElems, r, what);
    }
  }

  // Directional checks along one random direction v.
  const numeric = centralDiff(F, xLeaves, v, r);
  if (wantFwd) {
    const [, t] = jvp(Ftree, tree.unflatten<unknown[]>(xdef, xLeaves), vTree);
    const tLeaves = tree.flatten(t)[0];
    const ypaths = leafPaths(y0);
    const mismatches: Mismatch[] = [];
    let total = 0;
    tLeaves.forEach((tl, k) => {
      if (!isFloat(yLeaves[k]!.dtype)) return;
      const a = values(tl);
      const n = numeric[k]!;
      for (let i = 0; i < a.length; i++) {
        total++;
        const tol = r.atol + r.rtol * Math.abs(n[i]!);
        if (!within(a[i]!, n[i]!, tol)) {
          const where = `output${ypaths[k] ? ` ${ypaths[k]}` : ''}, element ${fmtIndex(unravel(i, tl.shape))} along a random direction`;
          mismatches.push({ where, rule: 'atol + rtol·|numeric|', analytic: a[i]!, numeric: n[i]!, tol });
        }
      }
    });
    if (mismatches.length > 0)
      fail(`fwd, ${orderTag}`, mismatches, total, r, 'the Jacobian-vector product Jv (jvp)');
  }
  if (wantRev) {
    // Dot-product test: ⟨v, Jᵀu⟩ (reverse mode) = ⟨Jv, u⟩ (central differences).
    const [lhs, s1] = dot(v.map(values), ctVals!);
    const [rhs, s2] = dot(numeric, uVals);
    const tol = r.atol * Math.sqrt(Math.max(1, diffElems)) + r.rtol * Math.max(s1, s2);
    if (!within(lhs, rhs, tol)) {
      fail(
        `rev, ${orderTag}, dot-product test`,
        [
          {
            where: '⟨v, Jᵀu⟩ vs ⟨Jv, u⟩ for random v, u',
            rule: 'atol·√n + rtol·Σ|terms|',
            analytic: lhs,
            numeric: rhs,
            tol,
          },
        ],
        1,
        r,
        'reverse mode',
      );
    }
  }

  if (level < r.order) {
    if (wantRev) {
      const g = (...a: unknown[]): unknown => {
        const call2 = (d: unknown[]): unknown => call(...substitute(a, argnums, d));
        const [, pb] = vjp(
          call2,
          argnums.map((i) => a[i]),
        );
        return pb(uTree);
      };
      checkOrder(g as Fn, args, argnums, r, level + 1, `${label}, derivative of the vjp`);
    }
    if (wantFwd) {
      const g = (...a: unknown[]): unknown => {
        const call2 = (d: unknown[]): unknown => call(...substitute(a, argnums, d));
        return jvp(
          call2,
          argnums.map((i) => a[i]),
          vTree,
        )[1];
      };
      checkOrder(g as Fn, args, argnums, r, level + 1, `${label}, derivative of the jvp`);
    }
  }
}

/**
 * Checks the derivatives of `f` at `args` against central differences, as JAX's `check_grads`:
 *
 * - float leaves of the arguments are cast to float64 (option `dtype`), so the numerical side is accurate,
 *   and each central difference is refined by Richardson extrapolation (`(4·D(ε/2) − D(ε)) / 3`, error
 *   `O(ε⁴)`), so that large curvatures do not break the tight default tolerances;
 * - reverse mode: the dot-product test `⟨v, Jᵀu⟩ = ⟨Jv, u⟩` for a seeded random direction `v` and cotangent
 *   `u`, where `Jv ≈ (f(x + εv) − f(x − εv)) / 2ε`; and, when the differentiated arguments have at most 64
 *   elements (option `elementwise`), each element of `Jᵀu` (the gradient, for a scalar `f`) against its own
 *   central difference, so that a failure names the worst element;
 * - forward mode: `jvp(f, x, v)` against the central difference `Jv`, element by element;
 * - `order: 2` repeats the check on the functions `x ↦ vjp(f, x)[1](u)` and `x ↦ jvp(f, x, v)[1]`
 *   (grad-of-grad), and so on for higher orders.
 *
 * A value passes when `|analytic − numeric| ≤ atol + rtol·|numeric|`; the dot products use
 * `atol·√n + rtol·Σ|terms|` (the scale of the sum, so cancellation does not make the test flaky).
 * Integer and boolean leaves are not differentiated.
 *
 * @param f a function of tensors or pytrees returning a tensor or a pytree.
 * @param args its positional arguments; all are differentiated unless `argnums` says otherwise.
 * @throws GradientCheckError naming the check, the argument, the leaf path and element, the analytic and
 *   numeric values and the tolerance, e.g. `checkGrads (rev, order 1, element-wise): the gradient disagrees
 *   with central differences at argument 0 .w, element [1, 0] (flat 2): analytic 3, numeric 6, …`.
 * @throws RangeError for bad options.
 * @example
 * ```ts
 * import { exp, mul, sum, tensor, type Tensor } from '@stepwise/tensor';
 * import { checkGrads } from '@stepwise/testing';
 * checkGrads((x: Tensor, y: Tensor) => sum(mul(exp(x), y)), [tensor([0.5, -1]), tensor([2, 3])], { order: 2 });
 * ```
 * @see JAX `jax.test_util.check_grads(f, args, order, modes)`; PyTorch `torch.autograd.gradcheck` (which
 *   builds the full Jacobian and requires float64 inputs instead of casting them).
 * @category gradient checking
 * @since 0.1.0
 */
export function checkGrads<A extends readonly unknown[]>(
  f: (...args: A) => unknown,
  args: Readonly<A>,
  options: CheckGradsOptions = {},
): void {
  const r = resolve(options);
  if (!Array.isArray(args))
    throw new TypeError('checkGrads: args must be the array of positional arguments of f');
  const argnums = options.argnums ?? args.map((_, i) => i);
  for (const i of argnums) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) {
      throw new RangeError(`checkGrads: argnums holds ${i}, but f gets ${args.length} arguments`);
    }
  }
  const cast64 = args.map((a) => castTree(a, r.dtype));
  checkOrder(f as Fn, cast64, argnums, r, 1, '');
}
