import { bind } from '../autodiff/engine.js';
import { isFloat } from '../core/dtype.js';
import type { Tensor } from '../core/Tensor.js';
import { expLoop } from '../kernels/elementwise.js';
import { unaryPrimitive } from './_elementwise.js';
import { mul } from './arith.js';
import { cast } from './cast.js';
import { checkTensor } from './_operands.js';

const expP = unaryPrimitive('exp', expLoop, (g, _x, out) => [mul(g, out)]);

/**
 * Elementwise `eˣ`. Integer and boolean inputs are computed in float32.
 * @example `exp(tensor([0])).toArray() // [1]`
 * @category ops
 * @since 0.1.0
 */
export function exp(x: Tensor): Tensor {
  const t = checkTensor('exp', x);
  return bind(expP, [isFloat(t.dtype) ? t : cast(t, 'float32')], undefined);
}
