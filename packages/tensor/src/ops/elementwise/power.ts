/**
 * Powers: `pow`, `square`, `sqrt`, `rsqrt`, `reciprocal`.
 * @module
 */
import { bind, isTraced } from '../../autodiff/engine.js';
import { bufferOf, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';
import { powLoop } from '../../kernels/binary.js';
import { isquareLoop, reciprocalLoop, rsqrtLoop, sqrtLoop, squareLoop } from '../../kernels/unary.js';
import { binaryPrimitive, unaryPrimitive } from '../_elementwise.js';
import { floatOperand, numericOperand, type Operand, operands } from '../_operands.js';
import { div, mul, neg, sub } from '../arith.js';
import { equal } from './compare.js';
import { log } from './log.js';
import { where } from './where.js';

const powP = /* @__PURE__ */ binaryPrimitive('pow', powLoop, (g, [a, b], out) => [
  isTraced(a!) ? mul(g, mul(b!, pow(a!, sub(b!, 1)))) : null,
  // d/db aᵇ = aᵇ·ln a, defined as 0 where a = 0 (ln 1 = 0 keeps the second derivative finite there too).
  isTraced(b!) ? mul(g, mul(out, log(where(equal(a!, 0), 1, a!)))) : null,
]);
const squareP = /* @__PURE__ */ unaryPrimitive(
  'square',
  squareLoop,
  (g, [x]) => [mul(g, mul(x!, 2))],
  undefined,
  isquareLoop,
);
const sqrtP = /* @__PURE__ */ unaryPrimitive('sqrt', sqrtLoop, (g, _x, out) => [div(g, mul(out, 2))]);
const rsqrtP = /* @__PURE__ */ unaryPrimitive('rsqrt', rsqrtLoop, (g, [x], out) => [
  mul(g, div(mul(out, -0.5), x!)),
]);
const reciprocalP = /* @__PURE__ */ unaryPrimitive('reciprocal', reciprocalLoop, (g, _x, out) => [
  neg(mul(g, square(out))),
]);

/**
 * Elementwise power `aᵇ` (broadcasting and promotion as `add`; either operand may be a number, so
 * `pow(x, 2)` keeps x's dtype). Computed with `Math.pow` in float64 and rounded to the dtype: `0⁰ = 1`,
 * a negative base with a non-integer exponent gives NaN (IEEE 754, as NumPy). For int32, the result wraps
 * around on overflow.
 *
 * Gradient: `∂/∂a = b·aᵇ⁻¹`, `∂/∂b = aᵇ·ln a`, **defined as 0 where `a = 0`** (as JAX, which takes the log
 * of 1 there, and PyTorch for `b ≥ 0`); NaN for negative `a`.
 * @example `pow(tensor([2, 3]), 2).toArray() // [4, 9]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a negative
 * integer exponent with integer operands (as NumPy and PyTorch; cast to float first).
 * @see Keras `ops.power`, PyTorch `torch.pow`, NumPy `np.power`.
 * @category elementwise
 * @since 0.1.0
 */
export function pow(a: Operand, b: Operand): Tensor {
  const [ta, tb] = operands('pow', a, b);
  if (tb.dtype === 'int32') {
    const e = bufferOf(tb);
    for (let i = 0; i < e.length; i++) {
      if (e[i]! < 0) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          'pow',
          `integers to negative integer powers are not allowed (exponent ${e[i]}); cast to float first`,
        );
      }
    }
  }
  return bind(powP, [ta, tb], undefined);
}

/**
 * Elementwise `x²`. Keeps the dtype (`bool` becomes `int32`; int32 wraps around on overflow).
 *
 * Gradient: `2x`.
 * @example `square(tensor([-3, 2])).toArray() // [9, 4]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.square`, PyTorch `torch.square`.
 * @category elementwise
 * @since 0.1.0
 */
export function square(x: Tensor): Tensor {
  return bind(squareP, [numericOperand('square', x)], undefined);
}

/**
 * Elementwise `√x` (NaN below 0, `−0` for `−0`). Integer and boolean inputs are computed in float32.
 *
 * Gradient: `1/(2√x)`, **`Infinity` at 0** (NaN where the incoming gradient is also 0), as JAX and PyTorch.
 * @example `sqrt(tensor([4, 9])).toArray() // [2, 3]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.sqrt`, PyTorch `torch.sqrt`.
 * @category elementwise
 * @since 0.1.0
 */
export function sqrt(x: Tensor): Tensor {
  return bind(sqrtP, [floatOperand('sqrt', x)], undefined);
}

/**
 * Elementwise reciprocal square root `1/√x` (`Infinity` at 0, NaN below 0). Integer and boolean inputs are
 * computed in float32.
 *
 * Gradient: `−½·x^(−3/2)` (computed as `−½·out/x`).
 * @example `rsqrt(tensor([4, 0.25])).toArray() // [0.5, 2]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.rsqrt`, PyTorch `torch.rsqrt`.
 * @category elementwise
 * @since 0.1.0
 */
export function rsqrt(x: Tensor): Tensor {
  return bind(rsqrtP, [floatOperand('rsqrt', x)], undefined);
}

/**
 * Elementwise `1/x` (`±Infinity` at `±0`). Integer and boolean inputs are computed in float32, as PyTorch.
 *
 * Gradient: `−1/x²` (computed as `−out²`).
 * @example `reciprocal(tensor([2, -4])).toArray() // [0.5, -0.25]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.reciprocal`, PyTorch `torch.reciprocal`.
 * @category elementwise
 * @since 0.1.0
 */
export function reciprocal(x: Tensor): Tensor {
  return bind(reciprocalP, [floatOperand('reciprocal', x)], undefined);
}
