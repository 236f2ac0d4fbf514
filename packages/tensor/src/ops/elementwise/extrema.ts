/**
 * Elementwise extrema: `maximum`, `minimum`.
 * @module
 */
import { bind, isTraced } from '../../autodiff/engine.js';
import type { Tensor } from '../../core/Tensor.js';
import { maximumLoop, minimumLoop } from '../../kernels/binary.js';
import { binaryPrimitive } from '../_elementwise.js';
import { type Operand, operands } from '../_operands.js';
import { greaterEqual, lessEqual } from './compare.js';
import { where } from './where.js';

// A tie sends the whole gradient to the first operand: the mask is `a >= b` (or `a <= b`), true on ties.
const maximumP = /* @__PURE__ */ binaryPrimitive('maximum', maximumLoop, (g, [a, b]) => {
  const first = greaterEqual(a!, b!);
  return [isTraced(a!) ? where(first, g, 0) : null, isTraced(b!) ? where(first, 0, g) : null];
});
const minimumP = /* @__PURE__ */ binaryPrimitive('minimum', minimumLoop, (g, [a, b]) => {
  const first = lessEqual(a!, b!);
  return [isTraced(a!) ? where(first, g, 0) : null, isTraced(b!) ? where(first, 0, g) : null];
});

/**
 * Elementwise larger value `max(a, b)`, with NumPy broadcasting and dtype promotion; either operand may be a
 * plain number (so `maximum(x, 0)` is a ReLU). NaN propagates (as NumPy `np.maximum`, PyTorch
 * `torch.maximum`). Two `bool` operands give `bool` (logical or).
 *
 * Gradient: `g` goes to the larger operand; **a tie sends the whole gradient to the first operand `a`**
 * (JAX splits ties equally, PyTorch also splits them equally; TensorFlow sends them to `a`, as here).
 * @example `maximum(tensor([1, 5, 3]), tensor([4, 2, 3])).toArray() // [4, 5, 3]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.maximum`, PyTorch `torch.maximum`, NumPy `np.maximum`.
 * @category elementwise
 * @since 0.1.0
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return bind(maximumP, operands('maximum', a, b, false), undefined);
}

/**
 * Elementwise smaller value `min(a, b)` (broadcasting, promotion, numbers and NaN as {@link maximum}).
 * Two `bool` operands give `bool` (logical and).
 *
 * Gradient: `g` goes to the smaller operand; **a tie sends the whole gradient to the first operand `a`**.
 * @example `minimum(tensor([1, 5, 3]), 2).toArray() // [1, 2, 2]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast; `INVALID_ARGUMENT` for a non-tensor,
 * non-number operand.
 * @see Keras `ops.minimum`, PyTorch `torch.minimum`, NumPy `np.minimum`.
 * @category elementwise
 * @since 0.1.0
 */
export function minimum(a: Operand, b: Operand): Tensor {
  return bind(minimumP, operands('minimum', a, b, false), undefined);
}
