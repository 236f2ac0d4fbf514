/**
 * Rounding to integers: `floor`, `ceil`, `round` (half to even).
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { ceilLoop, copyLoop, floorLoop, roundLoop } from '../../kernels/unary.js';
import { unaryPrimitive } from '../_elementwise.js';
import { numericOperand } from '../_operands.js';

// Step functions: no gradient (their derivative is zero wherever it exists), so outputs are never traced.
// For int32 they are the identity (the copy loop).
const floorP = /* @__PURE__ */ unaryPrimitive('floor', floorLoop, null, undefined, copyLoop);
const ceilP = /* @__PURE__ */ unaryPrimitive('ceil', ceilLoop, null, undefined, copyLoop);
const roundP = /* @__PURE__ */ unaryPrimitive('round', roundLoop, null, undefined, copyLoop);

/**
 * Elementwise floor: the largest integer `≤ x` (`−0` and NaN and ±Infinity stay as they are). Keeps the dtype;
 * on int32 (and `bool`, computed as int32) it is the identity, as PyTorch.
 *
 * Gradient: **zero** (no gradient flows through it).
 * @example `floor(tensor([1.7, -1.2])).toArray() // [1, -2]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.floor`, PyTorch `torch.floor`.
 * @category elementwise
 * @since 0.1.0
 */
export function floor(x: Tensor): Tensor {
  return bind(floorP, [numericOperand('floor', x)], undefined);
}

/**
 * Elementwise ceiling: the smallest integer `≥ x`. Keeps the dtype; identity on int32 (and `bool`, computed
 * as int32).
 *
 * Gradient: **zero** (no gradient flows through it).
 * @example `ceil(tensor([1.2, -1.7])).toArray() // [2, -1]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.ceil`, PyTorch `torch.ceil`.
 * @category elementwise
 * @since 0.1.0
 */
export function ceil(x: Tensor): Tensor {
  return bind(ceilP, [numericOperand('ceil', x)], undefined);
}

/**
 * Elementwise rounding to the nearest integer, **ties to even** (as NumPy `np.round`, PyTorch `torch.round`,
 * JAX `jnp.round` and IEEE 754): `0.5 → 0`, `1.5 → 2`, `2.5 → 2`, `−0.5 → −0`. JavaScript's `Math.round`
 * rounds ties up instead. Keeps the dtype; identity on int32 (and `bool`, computed as int32).
 *
 * Gradient: **zero** (no gradient flows through it).
 * @example `round(tensor([0.5, 1.5, 2.5, -2.5])).toArray() // [0, 2, 2, -2]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.round`, PyTorch `torch.round` (`decimals=0`).
 * @category elementwise
 * @since 0.1.0
 */
export function round(x: Tensor): Tensor {
  return bind(roundP, [numericOperand('round', x)], undefined);
}
