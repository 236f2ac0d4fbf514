/**
 * Trigonometric functions: `sin`, `cos`.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { cosLoop, sinLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { floatOperand } from '../_operands.js';
import { mul, neg } from '../arith.js';

const sinP = /* @__PURE__ */ unaryPrimitive('sin', sinLoop, (g, [x]) => [mul(g, cos(x!))]);
const cosP = /* @__PURE__ */ unaryPrimitive('cos', cosLoop, (g, [x]) => [neg(mul(g, sin(x!)))]);

/**
 * Elementwise sine (radians). Integer and boolean inputs are computed in float32.
 *
 * Gradient: `cos x`.
 * @example `sin(tensor([0, Math.PI / 2])).toArray() // [0, 1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.sin`, PyTorch `torch.sin`.
 * @category elementwise
 * @since 0.1.0
 */
export function sin(x: Tensor): Tensor {
  return bind(sinP, [floatOperand('sin', x)], undefined);
}

/**
 * Elementwise cosine (radians). Integer and boolean inputs are computed in float32.
 *
 * Gradient: `−sin x`.
 * @example `cos(tensor([0, Math.PI])).toArray() // [1, -1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.cos`, PyTorch `torch.cos`.
 * @category elementwise
 * @since 0.1.0
 */
export function cos(x: Tensor): Tensor {
  return bind(cosP, [floatOperand('cos', x)], undefined);
}
