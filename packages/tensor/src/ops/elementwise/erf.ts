/**
 * The error function.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { erfLoop } from '../../kernels/erf.js';
import { unaryPrimitive } from '../_elementwise.js';
import { floatOperand } from '../_operands.js';
import { mul, neg } from '../arith.js';
import { exp } from '../exp.js';
import { square } from './power.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

const erfP = /* @__PURE__ */ unaryPrimitive('erf', erfLoop, (g, [x]) => [
  mul(g, mul(exp(neg(square(x!))), TWO_OVER_SQRT_PI)),
]);

/**
 * Elementwise error function `erf(x) = (2/√π)∫₀ˣ e^(−t²) dt`, accurate to about one ulp in float64 (a Taylor
 * expansion around tabulated anchors; checked against 50-digit mpmath values). `erf(±∞) = ±1`. Integer
 * and boolean inputs are computed in float32.
 *
 * Gradient: `(2/√π)·e^(−x²)`.
 * @example `erf(tensor([0, 1], { dtype: 'float64' })).toArray() // [0, 0.8427007929497149]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.erf`, PyTorch `torch.erf`, JAX `lax.erf`.
 * @category elementwise
 * @since 0.1.0
 */
export function erf(x: Tensor): Tensor {
  return bind(erfP, [floatOperand('erf', x)], undefined);
}
