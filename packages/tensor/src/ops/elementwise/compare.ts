/**
 * Comparisons: `equal`, `notEqual`, `less`, `lessEqual`, `greater`, `greaterEqual` (→ `bool`).
 * @module
 */
import { bind } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import {
  equalLoop,
  greaterEqualLoop,
  greaterLoop,
  lessEqualLoop,
  lessLoop,
  notEqualLoop,
} from '../../kernels/binary.js';
import type { BinaryLoop } from '../../kernels/elementwise.js';
import { binaryPrimitive } from '../_elementwise.js';
import { type Operand, operands } from '../_operands.js';

const comparison = (name: string, loop: BinaryLoop) => binaryPrimitive(name, loop, null, 'bool');

const equalP = /* @__PURE__ */ comparison('equal', equalLoop);
const notEqualP = /* @__PURE__ */ comparison('notEqual', notEqualLoop);
const lessP = /* @__PURE__ */ comparison('less', lessLoop);
const lessEqualP = /* @__PURE__ */ comparison('lessEqual', lessEqualLoop);
const greaterP = /* @__PURE__ */ comparison('greater', greaterLoop);
const greaterEqualP = /* @__PURE__ */ comparison('greaterEqual', greaterEqualLoop);

/**
 * Elementwise `a == b` → `bool`, with NumPy broadcasting; operands are first promoted to one dtype (a plain
 * number takes the other operand's dtype, so `equal(x32, 0.1)` compares with `Math.fround(0.1)`). NaN is
 * unequal to everything, itself included (IEEE 754). Not differentiable.
 * @example `equal(tensor([1, 2, 3]), 2).toArray() // [false, true, false]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.equal`, PyTorch `torch.eq`.
 * @category comparison
 * @since 0.1.0
 */
export function equal(a: Operand, b: Operand): Tensor {
  return bind(equalP, operands('equal', a, b, false), undefined);
}

/**
 * Elementwise `a != b` → `bool` (broadcasting and promotion as {@link equal}; NaN != NaN is `true`).
 * @example `notEqual(tensor([1, 2]), 2).toArray() // [true, false]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @see Keras `ops.not_equal`, PyTorch `torch.ne`.
 * @category comparison
 * @since 0.1.0
 */
export function notEqual(a: Operand, b: Operand): Tensor {
  return bind(notEqualP, operands('notEqual', a, b, false), undefined);
}

/**
 * Elementwise `a < b` → `bool` (broadcasting and promotion as {@link equal}; false when either is NaN).
 * @example `less(tensor([1, 2, 3]), 2).toArray() // [true, false, false]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @see Keras `ops.less`, PyTorch `torch.lt`.
 * @category comparison
 * @since 0.1.0
 */
export function less(a: Operand, b: Operand): Tensor {
  return bind(lessP, operands('less', a, b, false), undefined);
}

/**
 * Elementwise `a <= b` → `bool` (broadcasting and promotion as {@link equal}; false when either is NaN).
 * @example `lessEqual(tensor([1, 2, 3]), 2).toArray() // [true, true, false]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @see Keras `ops.less_equal`, PyTorch `torch.le`.
 * @category comparison
 * @since 0.1.0
 */
export function lessEqual(a: Operand, b: Operand): Tensor {
  return bind(lessEqualP, operands('lessEqual', a, b, false), undefined);
}

/**
 * Elementwise `a > b` → `bool` (broadcasting and promotion as {@link equal}; false when either is NaN).
 * @example `greater(tensor([1, 2, 3]), 2).toArray() // [false, false, true]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @see Keras `ops.greater`, PyTorch `torch.gt`.
 * @category comparison
 * @since 0.1.0
 */
export function greater(a: Operand, b: Operand): Tensor {
  return bind(greaterP, operands('greater', a, b, false), undefined);
}

/**
 * Elementwise `a >= b` → `bool` (broadcasting and promotion as {@link equal}; false when either is NaN).
 * @example `greaterEqual(tensor([1, 2, 3]), 2).toArray() // [false, true, true]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @see Keras `ops.greater_equal`, PyTorch `torch.ge`.
 * @category comparison
 * @since 0.1.0
 */
export function greaterEqual(a: Operand, b: Operand): Tensor {
  return bind(greaterEqualP, operands('greaterEqual', a, b, false), undefined);
}
