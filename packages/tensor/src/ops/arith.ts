import { bind } from '../autodiff/engine.js';
import type { Tensor } from '../core/Tensor.js';
import { addLoop, divLoop, mulLoop, negLoop, subLoop } from '../kernels/elementwise.js';
import { binaryPrimitive, unaryPrimitive } from './_elementwise.js';
import { cast } from './cast.js';
import { checkTensor, type Operand, operands } from './_operands.js';

const addP = binaryPrimitive('add', addLoop, (g) => [g, g]);
const subP = binaryPrimitive('sub', subLoop, (g) => [g, neg(g)]);
const mulP = binaryPrimitive('mul', mulLoop, (g, [a, b]) => [mul(g, b!), mul(g, a!)]);
const divP = binaryPrimitive('div', divLoop, (g, [, b], out) => {
  const ga = div(g, b!);
  return [ga, neg(mul(ga, out))];
});
const negP = unaryPrimitive('neg', negLoop, (g) => [neg(g)]);

/**
 * Elementwise `a + b` with NumPy broadcasting and dtype promotion; either operand may be a plain number.
 * @example `add(tensor([1, 2]), 10).toArray() // [11, 12]`
 * @throws TensorError `SHAPE_MISMATCH` when the shapes do not broadcast.
 * @category ops
 * @since 0.1.0
 */
export function add(a: Operand, b: Operand): Tensor {
  return bind(addP, operands('add', a, b), undefined);
}

/** Elementwise `a − b` (broadcasting). @throws TensorError `SHAPE_MISMATCH` @category ops @since 0.1.0 */
export function sub(a: Operand, b: Operand): Tensor {
  return bind(subP, operands('sub', a, b), undefined);
}

/** Elementwise `a · b` (broadcasting). @throws TensorError `SHAPE_MISMATCH` @category ops @since 0.1.0 */
export function mul(a: Operand, b: Operand): Tensor {
  return bind(mulP, operands('mul', a, b), undefined);
}

/**
 * Elementwise `a / b` (broadcasting). Integer operands are divided as float32 (true division, as NumPy's
 * `/`); division by zero follows IEEE 754 (±Infinity, NaN).
 * @throws TensorError `SHAPE_MISMATCH`
 * @category ops
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

/** Elementwise `−x`. @category ops @since 0.1.0 */
export function neg(x: Tensor): Tensor {
  const t = checkTensor('neg', x);
  return bind(negP, [t.dtype === 'bool' ? cast(t, 'int32') : t], undefined);
}
