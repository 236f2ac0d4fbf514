/**
 * Hyperbolic tangent.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { tanhLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { floatOperand } from '../_operands.js';
import { mul, sub } from '../arith.js';
import { square } from './power.js';

const tanhP = /* @__PURE__ */ unaryPrimitive('tanh', tanhLoop, (g, _x, out) => [mul(g, sub(1, square(out)))]);

/**
 * Elementwise hyperbolic tangent `(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)` (`Math.tanh`: exactly ±1 at large |x|, never NaN
 * for finite input). Integer and boolean inputs are computed in float32.
 *
 * Gradient: `1 − tanh²x` (from the output).
 * @example `tanh(tensor([0, 100])).toArray() // [0, 1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.tanh` / `activations.tanh`, PyTorch `torch.tanh`.
 * @category elementwise
 * @since 0.1.0
 */
export function tanh(x: Tensor): Tensor {
  return bind(tanhP, [floatOperand('tanh', x)], undefined);
}
