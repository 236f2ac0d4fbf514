import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate, isFloat } from '../../core/dtype.js';
import { fromBuffer, type Tensor } from '../../core/Tensor.js';
import { logSumExpKernel } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { div, mul, sub } from '../arith.js';
import { cast } from '../cast.js';
import { exp } from '../exp.js';
import { blocked, type ReduceParams, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf, safeDivisor } from './_grad.js';
import { finiteOrZero } from './_masks.js';
import { sum } from './sum.js';

const logSumExpP = /* @__PURE__ */ definePrimitive<ReduceParams>({
  name: 'logSumExp',
  impl: ([x], { axes, keepDims }) => {
    const { buf, outer, r, inner } = blocked(x!, axes);
    const out = allocate(x!.dtype, outer * inner);
    logSumExpKernel(buf, outer, r, inner, out);
    return fromBuffer(out, reducedShape(x!.shape, axes, keepDims), x!.dtype);
  },
  // ∂/∂x = softmax(x) over the reduced axes, computed as e / Σe with e = exp(x − m) and m a constant shift
  // (the result itself, or 0 where it is not finite); Σe = 0 (an all −∞ slice) gives a zero gradient.
  vjp: (g, [x], out, { axes, keepDims }) => {
    const m = finiteOrZero(keepDimsOf(out, x!.shape, axes, keepDims));
    const e = exp(sub(x!, m));
    const softmax = div(e, safeDivisor(sum(e, axes, true)));
    return [mul(keepDimsOf(g, x!.shape, axes, keepDims), softmax)];
  },
});

/**
 * `log Σᵢ exp(xᵢ)` over `axis` (every axis when omitted), computed stably as `m + log Σ exp(x − m)` with `m`
 * the maximum, so it neither overflows at `x = 1e4` nor underflows at `x = −1e4`. A slice of only `−∞`
 * gives `−∞` (not NaN); one holding `+∞` gives `+∞`; NaN propagates; an empty slice gives `−∞` (log 0).
 * int32 and bool inputs give float32.
 *
 * Gradient: `G · softmax(x)` over the reduced axes (0 for an all `−∞` slice). Differentiable to any order.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { logSumExp, tensor } from '@stepwise/tensor';
 * logSumExp(tensor([1e4, 1e4])).item(); // 10000.693…
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis.
 * @see PyTorch `torch.logsumexp`, JAX `jax.nn.logsumexp`, Keras `ops.logsumexp`, SciPy `special.logsumexp`.
 * @category reductions
 * @since 0.1.0
 */
export function logSumExp(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkTensor('logSumExp', x);
  const params = reduceParams('logSumExp', axis, t.rank, keepDims);
  return bind(logSumExpP, [isFloat(t.dtype) ? t : cast(t, 'float32')], params);
}
