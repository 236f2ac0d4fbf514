/**
 * Absolute value and sign.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { absLoop, signLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { numericOperand } from '../_operands.js';
import { mul } from '../arith.js';

const absP = /* @__PURE__ */ unaryPrimitive('abs', absLoop, (g, [x]) => [mul(g, sign(x!))]);
const signP = /* @__PURE__ */ unaryPrimitive('sign', signLoop, null);

/**
 * Elementwise absolute value `|x|`. Keeps the dtype (`bool` becomes `int32`); int32 `|−2³¹|` wraps to `−2³¹`
 * as in NumPy.
 *
 * Gradient: `sign(x)`, so **`abs'(0) = 0`** (as PyTorch and TensorFlow, whose rule is also `g·sign(x)`).
 * @example `abs(tensor([-2, 0, 3])).toArray() // [2, 0, 3]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.absolute`, PyTorch `torch.abs`.
 * @category elementwise
 * @since 0.1.0
 */
export function abs(x: Tensor): Tensor {
  return bind(absP, [numericOperand('abs', x)], undefined);
}

/**
 * Elementwise sign: −1, 0 or 1 (NaN stays NaN; `−0` stays `−0`). Keeps the dtype (`bool` becomes `int32`).
 *
 * Gradient: **zero everywhere** (a step function; at 0 its derivative is taken as 0 too). No gradient flows
 * through it.
 * @example `sign(tensor([-3, 0, 2])).toArray() // [-1, 0, 1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.sign`, PyTorch `torch.sign`.
 * @category elementwise
 * @since 0.1.0
 */
export function sign(x: Tensor): Tensor {
  return bind(signP, [numericOperand('sign', x)], undefined);
}
