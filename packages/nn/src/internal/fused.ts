/**
 * Fused elementwise activations: one typed-array loop forward and one for the backward product
 * `g · f'(x)` (or, for activations whose derivative shares their transcendental functions, one forward loop
 * that also stores `f'(x)`, so the backward pass is a single multiply), wired into autodiff with `customVjp`.
 *
 * Higher-order derivatives stay correct: `customVjp` hands its rule detached residuals, so when the
 * backward pass itself is being traced (grad of grad, or the second pass of `jvp`) the rule instead
 * returns `g · f'(x)` with `f'` composed of differentiable ops applied to the *original* (traced) input.
 * Outside of nested differentiation the fused loop runs.
 * @internal
 * @module
 */
import { add, cast, customVjp, isFloat, isTensor, mul, type Tensor, TensorError } from '@stepwise/tensor';
import {
  adoptBuffer,
  allocateOutputBuffer,
  claimDonated,
  isAnyTraced,
  readBuffer,
} from '@stepwise/tensor/kernel';

/** A float typed array (activations compute in float32 or float64). */
export type FloatArray = Float32Array | Float64Array;

/** An array kernel of `@stepwise/tensor/kernel`: `out = f(x)` over whole arrays. */
export type ArrayKernel = (x: FloatArray, out: FloatArray) => void;

/** `out[i] = f(x[i])` for `i < n`. */
export type ForwardLoop = (out: FloatArray, x: FloatArray, n: number) => void;

/** `out[i] = g[i] · f'(x[i])` for `i < n`; `y` holds `f(x)`. */
export type BackwardLoop = (out: FloatArray, g: FloatArray, x: FloatArray, y: FloatArray, n: number) => void;

/** `out[i] = f(x[i])` and `d[i] = f'(x[i])` for `i < n`, in one pass. */
export type ForwardWithDerivativeLoop = (out: FloatArray, d: FloatArray, x: FloatArray, n: number) => void;

interface FusedUnaryBase {
  /** Public name, used in error messages. */
  readonly name: string;
  readonly forward: ForwardLoop;
  /** `f'(x)` composed of differentiable ops (used when the backward pass is itself differentiated). */
  readonly derivative: (x: Tensor) => Tensor;
}

/**
 * Definition of a fused unary activation. Either a `backward` loop (for derivatives that are cheap to get
 * from `x` and `y`), or a `forwardWithDerivative` loop that computes `f'(x)` alongside `f(x)` when the call is
 * being differentiated, sharing the transcendental functions; the backward pass is then one multiply.
 */
export type FusedUnarySpec = FusedUnaryBase &
  (
    | { readonly backward: BackwardLoop; readonly forwardWithDerivative?: undefined }
    | { readonly forwardWithDerivative: ForwardWithDerivativeLoop; readonly backward?: undefined }
  );

/** Checks that `x` is a tensor and brings integer and boolean inputs to float32. */
export function floatInput(op: string, x: unknown): Tensor {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `x must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  return isFloat(x.dtype) ? x : cast(x, 'float32');
}

/**
 * Runs a loop over the elements of a float tensor; the result is a new, untraced tensor, written in place
 * into `x`'s memory when `x` was donated (`donate`), else into fresh or recycled memory.
 */
export function runForward(loop: ForwardLoop, x: Tensor, inPlace = true): Tensor {
  const taken = inPlace ? (claimDonated(x) as FloatArray | undefined) : undefined;
  const out = taken ?? (allocateOutputBuffer(x.dtype, x.size) as FloatArray);
  loop(out, taken ?? (readBuffer(x) as FloatArray), x.size);
  return adoptBuffer(out, x.shape, x.dtype);
}

/**
 * Builds a differentiable activation from fused loops (see the module comment).
 */
export function fusedUnary(spec: FusedUnarySpec): (x: Tensor) => Tensor {
  const { name, forward, backward, forwardWithDerivative, derivative } = spec;
  const plain = (x: Tensor): Tensor => runForward(forward, x);
  type Residual = readonly [x: Tensor, y: Tensor, d: FloatArray | null];
  const traced = (xd: Tensor): readonly [Tensor, Residual] => {
    if (forwardWithDerivative === undefined) {
      const y = plain(xd);
      return [y, [xd, y, null]];
    }
    const out = allocateOutputBuffer(xd.dtype, xd.size) as FloatArray;
    const d = allocateOutputBuffer(xd.dtype, xd.size) as FloatArray;
    forwardWithDerivative(out, d, readBuffer(xd) as FloatArray, xd.size);
    const y = adoptBuffer(out, xd.shape, xd.dtype);
    return [y, [xd, y, d]];
  };
  return (x: Tensor): Tensor => {
    const t = floatInput(name, x);
    if (!isAnyTraced([t])) return plain(t);
    const f = customVjp(plain, {
      forward: traced,
      backward: ([xd, y, d]: Residual, g: Tensor) => {
        if (isAnyTraced([t, g])) return [mul(g, derivative(t))];
        const gb = readBuffer(g.dtype === t.dtype ? g : cast(g, t.dtype)) as FloatArray;
        const n = t.size;
        const out = allocateOutputBuffer(t.dtype, n) as FloatArray;
        if (d !== null) {
          for (let i = 0; i < n; i++) out[i] = gb[i]! * d[i]!;
        } else {
          backward!(out, gb, readBuffer(xd) as FloatArray, readBuffer(y) as FloatArray, n);
        }
        return [adoptBuffer(out, t.shape, t.dtype)];
      },
    });
    return f(t);
  };
}

/** The first `n` elements of `a` (itself when it has exactly `n`). */
const firstN = (a: FloatArray, n: number): FloatArray => (a.length === n ? a : a.subarray(0, n));

/**
 * A forward loop from an array kernel (`sigmoidKernel`…: WebAssembly SIMD for large float32 arrays, a
 * float64 loop otherwise).
 */
export const forwardOf =
  (k: ArrayKernel): ForwardLoop =>
  (out, x, n) =>
    k(firstN(x, n), firstN(out, n));

/** A backward loop from a derivative kernel `k(v, dy, out)`, where `v` is the input `x` or the output `y`. */
export const backwardOf =
  (k: (v: FloatArray, dy: FloatArray, out: FloatArray) => void, from: 'x' | 'y'): BackwardLoop =>
  (out, g, x, y, n) =>
    k(firstN(from === 'x' ? x : y, n), firstN(g, n), firstN(out, n));

/** A forward-with-derivative loop from a kernel `k(x, out, d)`. */
export const withDerivativeOf =
  (k: (x: FloatArray, out: FloatArray, d: FloatArray) => void): ForwardWithDerivativeLoop =>
  (out, d, x, n) =>
    k(firstN(x, n), firstN(out, n), firstN(d, n));

/**
 * A constant (non-differentiable) tensor of `x`'s shape and dtype holding `m(x[i])`; used for the
 * piecewise-constant parts of derivatives (masks such as `x > 0`). The result is never traced.
 */
export const constantOf = (x: Tensor, loop: ForwardLoop): Tensor => runForward(loop, x, false);

/** `1` where `x > 0`, else `0`. */
export const positiveMask: ForwardLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0;
};

/** `a · mask + b · (1 − mask)` for a constant 0/1 `mask`: a differentiable piecewise selection. */
export function select(mask: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const notMask = constantOf(mask, (out, m, n) => {
    for (let i = 0; i < n; i++) out[i] = 1 - m[i]!;
  });
  return add(mul(mask, a), mul(notMask, b));
}
