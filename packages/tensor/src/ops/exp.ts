/**
 * Exponentials: `exp` and `expm1`.
 * @module
 */
import { bind } from '../autodiff/engine.js';
import type { Tensor } from '../core/Tensor.js';
import { expLoop } from '../kernels/elementwise.js';
import { expm1Loop } from '../kernels/unary.js';
import { unaryPrimitive } from './_elementwise.js';
import { floatOperand } from './_operands.js';
import { add, mul } from './arith.js';

const expP = /* @__PURE__ */ unaryPrimitive('exp', expLoop, (g, _x, out) => [mul(g, out)]);
const expm1P = /* @__PURE__ */ unaryPrimitive('expm1', expm1Loop, (g, _x, out) => [mul(g, add(out, 1))]);

/**
 * Elementwise `eˣ`. Integer and boolean inputs are computed in float32. Overflows to `Infinity` above
 * about 88.7 (float32) or 709.8 (float64).
 *
 * Gradient: `eˣ` (the output itself).
 * @example `exp(tensor([0, 1])).toArray() // [1, 2.7182817459106445]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.exp`, PyTorch `torch.exp`.
 * @category elementwise
 * @since 0.1.0
 */
export function exp(x: Tensor): Tensor {
  return bind(expP, [floatOperand('exp', x)], undefined);
}

/**
 * Elementwise `eˣ − 1`, accurate for small |x| where `exp(x) − 1` loses every digit (`Math.expm1`).
 * Integer and boolean inputs are computed in float32.
 *
 * Gradient: `eˣ` (computed as `out + 1`).
 * @example `expm1(tensor([1e-10], { dtype: 'float64' })).item() // 1.00000000005e-10`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.expm1`, PyTorch `torch.expm1`.
 * @category elementwise
 * @since 0.1.0
 */
export function expm1(x: Tensor): Tensor {
  return bind(expm1P, [floatOperand('expm1', x)], undefined);
}
