/**
 * Fused elementwise activations: one typed-array loop forward, one loop for the backward product
 * `g · f'(x)`, wired into autodiff with `customVjp`.
 *
 * Higher-order derivatives stay correct: `customVjp` hands its rule detached residuals, so when the
 * backward pass itself is being traced (grad of grad, or the second pass of `jvp`) the rule instead
 * returns `g · f'(x)` with `f'` composed of differentiable ops applied to the *original* (traced) input.
 * Outside of nested differentiation the fused loop runs.
 * @internal
 * @module
 */
import { add, cast, customVjp, isFloat, isTensor, mul, type Tensor, TensorError } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';

/** A float typed array (activations compute in float32 or float64). */
export type FloatArray = Float32Array | Float64Array;

/** `out[i] = f(x[i])` for `i < n`. */
export type ForwardLoop = (out: FloatArray, x: FloatArray, n: number) => void;

/** `out[i] = g[i] · f'(x[i])` for `i < n`; `y` holds `f(x)`. */
export type BackwardLoop = (out: FloatArray, g: FloatArray, x: FloatArray, y: FloatArray, n: number) => void;

/** Definition of a fused unary activation. */
export interface FusedUnarySpec {
  /** Public name, used in error messages. */
  readonly name: string;
  readonly forward: ForwardLoop;
  readonly backward: BackwardLoop;
  /** `f'(x)` composed of differentiable ops (used when the backward pass is itself differentiated). */
  readonly derivative: (x: Tensor) => Tensor;
}

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

/** Runs a loop over the elements of a float tensor; the result is a new, untraced tensor. */
export function runForward(loop: ForwardLoop, x: Tensor): Tensor {
  const out = allocateBuffer(x.dtype, x.size) as FloatArray;
  loop(out, readBuffer(x) as FloatArray, x.size);
  return adoptBuffer(out, x.shape, x.dtype);
}

/**
 * Builds a differentiable activation from fused loops (see the module comment).
 */
export function fusedUnary(spec: FusedUnarySpec): (x: Tensor) => Tensor {
  const { name, forward, backward, derivative } = spec;
  const plain = (x: Tensor): Tensor => runForward(forward, x);
  return (x: Tensor): Tensor => {
    const t = floatInput(name, x);
    if (!isAnyTraced([t])) return plain(t);
    const f = customVjp(plain, {
      forward: (xd: Tensor) => {
        const y = plain(xd);
        return [y, [xd, y] as const] as const;
      },
      backward: ([xd, y], g: Tensor) => {
        if (isAnyTraced([t, g])) return [mul(g, derivative(t))];
        const gd = g.dtype === t.dtype ? g : cast(g, t.dtype);
        const out = allocateBuffer(t.dtype, t.size) as FloatArray;
        backward(
          out,
          readBuffer(gd) as FloatArray,
          readBuffer(xd) as FloatArray,
          readBuffer(y) as FloatArray,
          t.size,
        );
        return [adoptBuffer(out, t.shape, t.dtype)];
      },
    });
    return f(t);
  };
}

/**
 * A constant (non-differentiable) tensor of `x`'s shape and dtype holding `m(x[i])`; used for the
 * piecewise-constant parts of derivatives (masks such as `x > 0`). The result is never traced.
 */
export const constantOf = (x: Tensor, loop: ForwardLoop): Tensor => runForward(loop, x);

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
