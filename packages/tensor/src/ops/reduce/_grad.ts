/**
 * Helpers shared by the gradient rules of the reductions.
 * @internal
 * @module
 */
import type { Tensor } from '../../core/Tensor.js';
import { add } from '../arith.js';
import { reshape } from '../shape/reshape.js';
import { reducedShape } from './_axes.js';
import { zeroMask } from './_masks.js';

/** `t` (a reduction's output or cotangent) with the reduced axes present as size 1, so it broadcasts against the input. */
export const keepDimsOf = (
  t: Tensor,
  inShape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): Tensor => (keepDims ? t : reshape(t, reducedShape(inShape, axes, true)));

/** `t + [t == 0]`: `t` with zeros replaced by ones, differentiable in `t` (a safe divisor). */
export const safeDivisor = (t: Tensor): Tensor => add(t, zeroMask(t));
