/**
 * The logistic sigmoid.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { sigmoidLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { floatOperand } from '../_operands.js';
import { mul, sub } from '../arith.js';

const sigmoidP = /* @__PURE__ */ unaryPrimitive('sigmoid', sigmoidLoop, (g, _x, out) => [
  mul(g, mul(out, sub(1, out))),
]);

/**
 * Elementwise logistic sigmoid `σ(x) = 1/(1 + e⁻ˣ)`, computed stably: `1/(1 + e⁻ˣ)` for `x ≥ 0` and
 * `eˣ/(1 + eˣ)` for `x < 0`, so no exponential overflows; the limits are exactly 0 and 1 (never NaN), and
 * small negative inputs keep their relative precision. Integer and boolean inputs are computed in float32.
 *
 * Gradient: `σ(x)·(1 − σ(x))` (from the output).
 * @example `sigmoid(tensor([0, -1000, 1000])).toArray() // [0.5, 0, 1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.sigmoid` / `activations.sigmoid`, PyTorch `torch.sigmoid`, JAX `lax.logistic`.
 * @category elementwise
 * @since 0.1.0
 */
export function sigmoid(x: Tensor): Tensor {
  return bind(sigmoidP, [floatOperand('sigmoid', x)], undefined);
}
