/**
 * Logarithms: `log` and `log1p`.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { log1pLoop, logLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { floatOperand } from '../_operands.js';
import { add, div } from '../arith.js';

const logP = /* @__PURE__ */ unaryPrimitive('log', logLoop, (g, [x]) => [div(g, x!)]);
const log1pP = /* @__PURE__ */ unaryPrimitive('log1p', log1pLoop, (g, [x]) => [div(g, add(x!, 1))]);

/**
 * Elementwise natural logarithm `ln x`. `log(0) = −Infinity`, negative inputs give NaN (IEEE 754, as NumPy
 * and PyTorch). Integer and boolean inputs are computed in float32.
 *
 * Gradient: `1/x` (`Infinity` at 0).
 * @example `log(tensor([1, 100], { dtype: 'float64' })).toArray() // [0, 4.605170185988092]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.log`, PyTorch `torch.log`.
 * @category elementwise
 * @since 0.1.0
 */
export function log(x: Tensor): Tensor {
  return bind(logP, [floatOperand('log', x)], undefined);
}

/**
 * Elementwise `ln(1 + x)`, accurate for small |x| (`Math.log1p`). `log1p(−1) = −Infinity`; below −1, NaN.
 * Integer and boolean inputs are computed in float32.
 *
 * Gradient: `1/(1 + x)`.
 * @example `log1p(tensor([1e-10], { dtype: 'float64' })).item() // 9.9999999995e-11`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.log1p`, PyTorch `torch.log1p`.
 * @category elementwise
 * @since 0.1.0
 */
export function log1p(x: Tensor): Tensor {
  return bind(log1pP, [floatOperand('log1p', x)], undefined);
}
