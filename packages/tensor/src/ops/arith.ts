/**
 * The four arithmetic operations and negation.
 * @module
 */
import { bind } from '../autodiff/engine.js';
import type { Tensor } from '../core/Tensor.js';
import { addLoop, divLoop, imulLoop, mulLoop, negLoop, subLoop } from '../kernels/elementwise.js';
import { binaryPrimitive, unaryPrimitive } from './_elementwise.js';
import { numericOperand, type Operand, operands } from './_operands.js';
import { cast } from './cast.js';

const addP = /* @__PURE__ */ binaryPrimitive('add', addLoop, (g) => [g, g]);
const subP = /* @__PURE__ */ binaryPrimitive('sub', subLoop, (g) => [g, neg(g)]);
const mulP = /* @__PURE__ */ binaryPrimitive(
  'mul',
  mulLoop,
  (g, [a, b]) => [mul(g, b!), mul(g, a!)],
  undefined,
  imulLoop,
);
const divP = /* @__PURE__ */ binaryPrimitive('div', divLoop, (g, [, b], out) => {
  const ga = div(g, b!);
  return [ga, neg(mul(ga, out))];
});
const negP = /* @__PURE__ */ unaryPrimitive('neg', negLoop, (g) => [neg(g)]);

/**
 * Elementwise sum `a + b`, with NumPy broadcasting and dtype promotion (`bool < int32 < float32 < float64`;
 * two `bool` operands add as `int32`). Either operand may be a plain number, which takes the other operand's
 * dtype (so `add(x32, 0.1)` stays float32), except that a number that is not an int32 value (`0.5`, `3e9`,
 * `Infinity`) meeting an int32 or bool tensor gives float32. int32 overflow wraps around (two's complement),
 * as NumPy.
 *
 * Gradient: `∂/∂a = ∂/∂b = 1`, summed over broadcast axes.
 * @param a - A tensor or a number.
 * @param b - A tensor or a number (at least one of `a`, `b` must be a tensor).
 * @returns A tensor of the broadcast shape and promoted dtype.
 * @example
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray(); // [[11, 22], [13, 24]]
 * add(tensor([1, 2]), 0.5).dtype; // 'float32'
 * ```
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` when an operand is
 * neither a tensor nor a number, or both are numbers.
 * @see Keras `ops.add`, PyTorch `torch.add` (without `alpha`), NumPy `np.add`.
 * @category elementwise
 * @since 0.1.0
 */
export function add(a: Operand, b: Operand): Tensor {
  return bind(addP, operands('add', a, b), undefined);
}

/**
 * Elementwise difference `a − b` (broadcasting and promotion as {@link add}).
 *
 * Gradient: `∂/∂a = 1`, `∂/∂b = −1`.
 * @example `sub(tensor([5, 7]), 2).toArray() // [3, 5]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.subtract`, PyTorch `torch.sub`.
 * @category elementwise
 * @since 0.1.0
 */
export function sub(a: Operand, b: Operand): Tensor {
  return bind(subP, operands('sub', a, b), undefined);
}

/**
 * Elementwise product `a · b` (broadcasting and promotion as {@link add}). int32 products wrap around exactly
 * (two's complement, `Math.imul`), as NumPy.
 *
 * Gradient: `∂/∂a = b`, `∂/∂b = a`.
 * @example `mul(tensor([1, 2, 3]), 2).toArray() // [2, 4, 6]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.multiply`, PyTorch `torch.mul`.
 * @category elementwise
 * @since 0.1.0
 */
export function mul(a: Operand, b: Operand): Tensor {
  return bind(mulP, operands('mul', a, b), undefined);
}

/**
 * Elementwise true division `a / b` (broadcasting and promotion as {@link add}). Integer and boolean
 * operands are divided as float32 (NumPy's `/` gives float64; PyTorch's `torch.div` gives the default float
 * dtype, float32). Division by zero follows IEEE 754: `±Infinity`, or NaN for `0/0`.
 *
 * Gradient: `∂/∂a = 1/b`, `∂/∂b = −a/b²` (computed as `−(g/b)·out`).
 * @example `div(tensor([1, 3]), 2).toArray() // [0.5, 1.5]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.divide`, PyTorch `torch.div` (default `rounding_mode=None`).
 * @category elementwise
 * @since 0.1.0
 */
export function div(a: Operand, b: Operand): Tensor {
  let [ta, tb] = operands('div', a, b);
  if (ta.dtype === 'int32') {
    ta = cast(ta, 'float32');
    tb = cast(tb, 'float32');
  }
  return bind(divP, [ta, tb], undefined);
}

/**
 * Elementwise negation `−x`. `bool` is negated as `int32`; int32 `−(−2³¹)` wraps to `−2³¹`.
 *
 * Gradient: `−1`.
 * @example `neg(tensor([1, -2])).toArray() // [-1, 2]`
 * @throws TensorError `INVALID_ARGUMENT` when `x` is not a tensor.
 * @see Keras `ops.negative`, PyTorch `torch.neg`.
 * @category elementwise
 * @since 0.1.0
 */
export function neg(x: Tensor): Tensor {
  return bind(negP, [numericOperand('neg', x)], undefined);
}
