/**
 * The finiteness test.
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { isFiniteLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { checkTensor } from '../_operands.js';

const isFiniteP = /* @__PURE__ */ unaryPrimitive('isFinite', isFiniteLoop, null, 'bool');

/**
 * Elementwise test for finite values: `false` for NaN and ±Infinity, `true` otherwise (always `true` for
 * int32 and bool). Returns a `bool` tensor of the same shape; not differentiable.
 * @example `isFinite(tensor([1, NaN, Infinity])).toArray() // [true, false, false]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.isfinite`, PyTorch `torch.isfinite`.
 * @category elementwise
 * @since 0.1.0
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the public API names this op `isFinite` (as Keras' `isfinite`); import it by name.
export function isFinite(x: Tensor): Tensor {
  return bind(isFiniteP, [checkTensor('isFinite', x)], undefined);
}
