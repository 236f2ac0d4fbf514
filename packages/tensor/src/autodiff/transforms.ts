import { allocate, isFloat } from '../core/dtype.js';
import { detach, fromBuffer, isTensor, type Tensor, traceOf } from '../core/Tensor.js';
import { fmtShape, TensorError } from '../core/TensorError.js';
import { flatten, unflatten } from '../tree/flatten.js';
import { backward } from './backward.js';
import { anyTraced, inTrace, isTracing, makeLeaf, recordMulti, traceDepth } from './engine.js';

const zerosOf = (x: Tensor): Tensor => fromBuffer(allocate(x.dtype, x.size), x.shape, x.dtype);

/**
 * Removes trace nodes from every tensor of a tree (used when a transform returns at the outermost level).
 * A value that is not a pytree (a class instance, a Map…) is returned as it is.
 */
const detachTree = <T>(t: T): T => {
  if (isTensor(t)) return detach(t) as T;
  let parts: ReturnType<typeof flatten>;
  try {
    parts = flatten(t);
  } catch {
    return t;
  }
  return unflatten(parts[1], parts[0].map(detach));
};

interface Traced<Y> {
  readonly y: Y;
  readonly pullback: (ct: unknown) => unknown;
}

/** `tree.flatten`, with an error naming the transformation when `t` is not a pytree. */
function flattenArg(t: unknown, op: string, what: string): ReturnType<typeof flatten> {
  try {
    return flatten(t);
  } catch (e) {
    if (!(e instanceof TensorError)) throw e;
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${what} must be a tensor or a pytree of tensors; ${e.message}`,
    );
  }
}

/** Runs `f` on traced copies of the leaves of `x` and returns its output and a pullback to `x`'s structure. */
function trace<X, Y>(f: (x: X) => Y, x: X, op: string): Traced<Y> {
  const [xs, xdef] = flattenArg(x, op, 'the differentiated argument');
  const tag = Symbol(op);
  const level = traceDepth() + 1;
  const leaves = xs.map((l) => (isFloat(l.dtype) ? makeLeaf(l, tag, level) : l));
  const y = inTrace(() => f(unflatten<X>(xdef, leaves)));
  const pullback = (ct: unknown): unknown => {
    const [ys] = flatten(y);
    const [cs] = flattenArg(ct, op, 'the cotangent');
    if (cs.length !== ys.length) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `cotangent has ${cs.length} leaves, the output has ${ys.length}`,
      );
    }
    const seeds: Array<readonly [Tensor, Tensor]> = [];
    ys.forEach((yl, i) => {
      const c = cs[i]!;
      if (
        (c.dtype !== yl.dtype && isFloat(yl.dtype)) ||
        c.shape.length !== yl.shape.length ||
        c.shape.some((d, k) => d !== yl.shape[k])
      ) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          op,
          `cotangent ${i} is ${c.dtype}${fmtShape(c.shape)}, the output is ${yl.dtype}${fmtShape(yl.shape)}`,
        );
      }
      if (traceOf(yl) !== undefined) seeds.push([yl, c]);
    });
    const got = backward(seeds, tag, level);
    return unflatten(
      xdef,
      leaves.map((l) => {
        const ref = traceOf(l);
        const g = ref !== undefined && ref.node.leafOf === tag ? got.get(ref.node) : undefined;
        return g ?? zerosOf(l);
      }),
    );
  };
  return { y, pullback };
}

const scalarSeed = (v: Tensor, op: string): Tensor => {
  if (!isTensor(v) || v.size !== 1 || !isFloat(v.dtype)) {
    const what = isTensor(v) ? `${v.dtype}${fmtShape(v.shape)}` : typeof v;
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `the function must return a floating-point scalar tensor, got ${what}`,
    );
  }
  const one = allocate(v.dtype, 1);
  one[0] = 1;
  return fromBuffer(one, v.shape, v.dtype);
};

/** Options of {@link valueAndGrad}. @category autodiff @since 0.1.0 */
export interface ValueAndGradOptions {
  /** When true, `f` returns `[value, aux]` and the result is `[[value, aux], grads]`. */
  readonly hasAux?: boolean;
}

/**
 * Value and gradient of a scalar function with respect to its first argument (a pytree):
 * `valueAndGrad(f)(x, ...rest) = [f(x, ...rest), ∇ₓ f(x, ...rest)]`, the gradient having the structure of `x`.
 * The other arguments pass through undifferentiated. Integer and boolean leaves get no gradient: their
 * entry is zeros of their own dtype. With `{ hasAux: true }`, `f` returns `[value, aux]` and the result is
 * `[[value, aux], grads]`; only `value` is differentiated and `aux` may be any value.
 *
 * @param f a function returning a floating-point tensor of size 1 (or `[value, aux]` with `hasAux`).
 * @returns a new function; it leaves nothing behind when it returns, nests, and may be called re-entrantly.
 * @example
 * ```ts
 * import { sum, square, type Tensor, tensor, valueAndGrad } from '@stepwise/tensor';
 * const [v, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2]));
 * v.item(); // 5
 * g.toArray(); // [2, 4]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` when `f` does not return a floating-point tensor of size 1, or
 *   (with `hasAux`) does not return a pair.
 * @see JAX `jax.value_and_grad(f, has_aux)`; PyTorch `torch.func.grad_and_value` (which returns
 *   `(grads, value)` in the other order).
 * @category autodiff
 * @since 0.1.0
 */
export function valueAndGrad<X, R extends unknown[]>(
  f: (x: X, ...rest: R) => Tensor,
  options?: { readonly hasAux?: false },
): (x: X, ...rest: R) => [Tensor, X];
export function valueAndGrad<X, R extends unknown[], A>(
  f: (x: X, ...rest: R) => readonly [Tensor, A],
  options: { readonly hasAux: true },
): (x: X, ...rest: R) => [[Tensor, A], X];
export function valueAndGrad<X, R extends unknown[]>(
  f: (x: X, ...rest: R) => unknown,
  options: ValueAndGradOptions = {},
): (x: X, ...rest: R) => unknown {
  const hasAux = options.hasAux === true;
  return valueAndGradOf(f, hasAux, hasAux ? 'valueAndGrad(hasAux)' : 'valueAndGrad');
}

/** The transformation behind {@link valueAndGrad} and {@link grad}; `op` names it in errors. */
function valueAndGradOf<X, R extends unknown[]>(
  f: (x: X, ...rest: R) => unknown,
  hasAux: boolean,
  op: string,
): (x: X, ...rest: R) => unknown {
  return (x: X, ...rest: R) => {
    const outer = isTracing();
    // With hasAux only the value is differentiated: aux leaves the trace through this box, so it may be
    // any value (a pytree of tensors, numbers, strings, class instances…) and costs no zero cotangents.
    const box: { aux?: unknown } = {};
    const { y, pullback } = trace(
      (xx: X) => {
        const r = f(xx, ...rest);
        if (!hasAux) return r;
        if (!Array.isArray(r) || r.length !== 2) {
          throw new TensorError('INVALID_ARGUMENT', op, 'with hasAux the function must return [value, aux]');
        }
        box.aux = r[1];
        return r[0];
      },
      x,
      op,
    );
    const value = y as Tensor;
    const grads = pullback(scalarSeed(value, op)) as X;
    const v = outer ? value : detach(value);
    if (hasAux) return [[v, outer ? box.aux : detachTree(box.aux)], grads];
    return [v, grads];
  };
}

const zerosLikeTree = (t: unknown): unknown => {
  const [ls, def] = flatten(t);
  return unflatten(def, ls.map(zerosOf));
};

/**
 * Gradient of a scalar function with respect to its first argument (a pytree of tensors),
 * `grad(f)(x, ...rest) = ∇ₓ f(x, ...rest)`, with the structure of `x`; further arguments pass through
 * undifferentiated. `grad(f)` is a new function; nothing global is left behind after it returns, it may be
 * called from inside a function being differentiated, and it nests: `grad(grad(f))` differentiates twice.
 * Integer and boolean leaves get zeros of their dtype.
 *
 * Kinks: `relu'(0) = 0`, `abs'(0) = 0`, `maximum`/`minimum` send a tie's gradient to the first operand,
 * `max`/`min` reductions share it equally between tied elements.
 *
 * @example
 * ```ts
 * import { grad, mul, sum, type Tensor, tensor } from '@stepwise/tensor';
 * const f = (x: Tensor) => sum(mul(x, x));
 * grad(f)(tensor([3])).toArray(); // [6]
 * grad((x: Tensor) => sum(grad(f)(x)))(tensor([3])).toArray(); // [2]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` when `f` does not return a floating-point tensor of size 1.
 * @see JAX `jax.grad`; PyTorch `torch.func.grad` (`torch.autograd.grad` needs `requires_grad` tensors and
 *   `create_graph=True` for higher orders; here every call is pure and nests).
 * @category autodiff
 * @since 0.1.0
 */
export function grad<X, R extends unknown[]>(f: (x: X, ...rest: R) => Tensor): (x: X, ...rest: R) => X {
  const vg = valueAndGradOf(f, false, 'grad') as (x: X, ...rest: R) => [Tensor, X];
  return (x: X, ...rest: R) => vg(x, ...rest)[1];
}

/**
 * Reverse mode: the output `y = f(x)` and a pullback `u ↦ Jᵀu` mapping an output cotangent (same structure,
 * shapes and dtypes as `y`) to the cotangent of `x` (same structure as `x`). The pullback may be called
 * any number of times; it is linear in `u`.
 *
 * @example
 * ```ts
 * import { mul, type Tensor, tensor, vjp } from '@stepwise/tensor';
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([3, 4]));
 * y.toArray(); // [9, 16]
 * pullback(tensor([1, 10])).toArray(); // [6, 80]
 * ```
 * @throws TensorError `SHAPE_MISMATCH` (from the pullback) for a cotangent whose shape or dtype differs
 *   from the output's, `INVALID_ARGUMENT` for one with another number of leaves.
 * @see JAX `jax.vjp`; PyTorch `torch.func.vjp`.
 * @category autodiff
 * @since 0.1.0
 */
export function vjp<X, Y>(f: (x: X) => Y, x: X): [Y, (cotangent: Y) => X] {
  const outer = isTracing();
  const { y, pullback } = trace(f, x, 'vjp');
  return [outer ? y : detachTree(y), (ct: Y) => pullback(ct) as X];
}

/**
 * Forward mode: the output `y = f(x)` and its directional derivative `J v` along `v` (a tangent with the
 * structure of `x`); the result has the structure of `y`. Built from two reverse passes (the pullback
 * `u ↦ Jᵀu` is linear, so its own pullback is `v ↦ Jv`), so it costs about two `vjp`s rather than one
 * forward pass; `jvp(grad(f), x, v)` is a Hessian-vector product.
 *
 * @example
 * ```ts
 * import { jvp, mul, type Tensor, tensor } from '@stepwise/tensor';
 * const [y, t] = jvp((x: Tensor) => mul(x, x), tensor([3, 4]), tensor([1, 0]));
 * t.toArray(); // [6, 0]
 * ```
 * @see JAX `jax.jvp` (a true forward pass there); PyTorch `torch.func.jvp`.
 * @category autodiff
 * @since 0.1.0
 */
export function jvp<X, Y>(f: (x: X) => Y, x: X, v: X): [Y, Y] {
  const [y, pb] = vjp(f, x);
  const u0 = zerosLikeTree(y) as Y;
  const [, pb2] = vjp((u: Y) => pb(u), u0);
  return [y, pb2(v)];
}

/**
 * The same value, cut off from differentiation: no gradient flows through it (its derivative is taken as
 * zero). Works on pytrees; shares the immutable buffers, so it costs no copy.
 *
 * @example
 * ```ts
 * import { grad, mul, stopGradient, sum, type Tensor, tensor } from '@stepwise/tensor';
 * grad((x: Tensor) => sum(mul(stopGradient(x), x)))(tensor([3])).toArray(); // [3], not [6]
 * ```
 * @see JAX `jax.lax.stop_gradient`; PyTorch `Tensor.detach`.
 * @category autodiff
 * @since 0.1.0
 */
export function stopGradient<T>(x: T): T {
  return isTensor(x) ? (detach(x) as T) : detachTree(x);
}

/**
 * A cotangent from a `customVjp` backward must be a tensor (or null) of its argument's shape, or of a shape
 * the argument broadcasts to (the engine sums it back).
 */
function checkCotangent(c: Tensor | null | undefined, x: Tensor, i: number): void {
  if (c === null || c === undefined) return;
  if (!isTensor(c)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'customVjp',
      `backward cotangent ${i} is ${typeof c}, expected a Tensor or null`,
    );
  }
  const ok = c.rank >= x.rank && x.shape.every((d, k) => d === 1 || d === c.shape[c.rank - x.rank + k]);
  if (!ok) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'customVjp',
      `backward cotangent ${i} has shape ${fmtShape(c.shape)}, argument ${i} has shape ${fmtShape(x.shape)}`,
    );
  }
}

/** The hand-written rule of {@link customVjp}. @category autodiff @since 0.1.0 */
export interface CustomVjpRule<A extends readonly Tensor[], Y, Res> {
  /** Computes the output and the residuals the backward pass needs. */
  readonly forward: (...args: A) => readonly [Y, Res];
  /** Maps residuals and the output cotangent (missing leaves as zeros) to one cotangent per argument (`null`: none). */
  readonly backward: (residuals: Res, cotangent: Y) => ReadonlyArray<Tensor | null>;
}

/**
 * A function with a hand-written vector-Jacobian rule, for fused kernels or numerically better gradients.
 * Outside differentiation `f` runs; under differentiation `forward` runs (returning the output and any
 * residuals) and `backward(residuals, cotangent)` supplies one cotangent per argument (`null` for none), in
 * the argument's shape or a shape it broadcasts to. The output may be a pytree (e.g. `{ y, mean,
 * variance }`); output leaves that receive no cotangent arrive as zeros. Write `backward` with
 * differentiable ops and it can itself be differentiated (grad of grad).
 *
 * @example
 * ```ts
 * import { customVjp, exp, grad, log1p, mul, sigmoid, sum, type Tensor, tensor } from '@stepwise/tensor';
 * const softplus = customVjp((x: Tensor) => log1p(exp(x)), {
 *   forward: (x) => [log1p(exp(x)), x] as const,
 *   backward: (x, g) => [mul(g, sigmoid(x))],
 * });
 * grad((x: Tensor) => sum(softplus(x)))(tensor([0])).toArray(); // [0.5]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for a non-tensor argument or a `backward` returning another number
 *   of cotangents than arguments; `SHAPE_MISMATCH` for a cotangent of the wrong shape.
 * @see JAX `jax.custom_vjp` with `defvjp(fwd, bwd)`; PyTorch `torch.autograd.Function` (`forward`,
 *   `setup_context`, `backward`).
 * @category autodiff
 * @since 0.1.0
 */
export function customVjp<A extends readonly Tensor[], Y, Res>(
  f: (...args: A) => Y,
  rule: CustomVjpRule<A, Y, Res>,
): (...args: A) => Y {
  return (...args: A): Y => {
    for (let i = 0; i < args.length; i++) {
      if (!isTensor(args[i])) {
        const what = args[i] === null ? 'null' : typeof args[i];
        throw new TensorError('INVALID_ARGUMENT', 'customVjp', `argument ${i} is ${what}, expected a Tensor`);
      }
    }
    if (!anyTraced(args)) return f(...args);
    // At one trace level, `forward` runs on detached inputs so that its ops record nothing. Under nested
    // traces (grad of grad), the residuals must keep their link to the outer traces, so that the ops of
    // `backward` (recorded at the enclosing level) can be differentiated in turn.
    const plain = (traceDepth() > 1 ? args : args.map(detach)) as unknown as A;
    const [y, res] = rule.forward(...plain);
    const [ys, ydef] = flatten(y);
    const outs = recordMulti('customVjp', args, ys, (cts) => {
      const full = cts.map((c, i) => c ?? zerosOf(ys[i]!));
      const r = rule.backward(res, unflatten<Y>(ydef, full));
      if (r.length !== args.length) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          'customVjp',
          `backward returned ${r.length} cotangents for ${args.length} arguments`,
        );
      }
      r.forEach((c, i) => checkCotangent(c, args[i]!, i));
      return r;
    });
    return unflatten<Y>(ydef, outs);
  };
}
