/**
 * `@stepwise/tensor`: immutable tensors, NumPy-style ops with broadcasting, counter-based PRNG keys,
 * pytrees and reverse-mode autodiff.
 *
 * @example
 * ```ts
 * import { grad, matmul, sum, tensor, tanh } from '@stepwise/tensor';
 * const x = tensor([[1, 2]]);
 * const loss = (w: Tensor) => sum(tanh(matmul(x, w)));
 * const g = grad(loss)(tensor([[0.1], [0.2]])); // shape [2, 1]
 * ```
 * @packageDocumentation
 */

// core
export {
  type DType,
  DTYPES,
  isFloat,
  promoteTypes,
  type TypedArray,
  type TypedArrayFor,
} from './core/dtype.js';
export { isTensor, type NestedArray, Tensor } from './core/Tensor.js';
export { TensorError, type TensorErrorCode } from './core/TensorError.js';

// creation
export {
  full,
  ones,
  onesLike,
  scalar,
  type TensorLike,
  type TensorOptions,
  tensor,
  zeros,
  zerosLike,
} from './creation/tensor.js';

// ops
export { add, div, mul, neg, sub } from './ops/arith.js';
export { cast } from './ops/cast.js';
export { exp } from './ops/exp.js';
export { sum } from './ops/reduce/sum.js';
export { broadcastTo } from './ops/shape/broadcastTo.js';
export { reshape } from './ops/shape/reshape.js';

// autodiff
export {
  type CustomVjpRule,
  customVjp,
  grad,
  jvp,
  stopGradient,
  type ValueAndGradOptions,
  valueAndGrad,
  vjp,
} from './autodiff/transforms.js';

// namespaces
export * as tree from './tree/index.js';
