/**
 * `@stepwise/tensor`: immutable tensors, NumPy-style ops with broadcasting, counter-based PRNG keys,
 * pytrees and reverse-mode autodiff.
 *
 * @example
 * ```ts
 * import { grad, matmul, sum, tensor, tanh, type Tensor } from '@stepwise/tensor';
 * const x = tensor([[1, 2]]);
 * const loss = (w: Tensor) => sum(tanh(matmul(x, w)));
 * const g = grad(loss)(tensor([[0.1], [0.2]])); // shape [2, 1]
 * ```
 * @packageDocumentation
 */

export * from './autodiff/index.js';
export {
  DTYPES,
  type DType,
  isFloat,
  promoteTypes,
  type TypedArray,
  type TypedArrayFor,
} from './core/dtype.js';
export { isTensor, type NestedArray, Tensor } from './core/Tensor.js';
export { TensorError, type TensorErrorCode } from './core/TensorError.js';
export * from './creation/index.js';
export * from './memory/index.js';
export * from './ops/elementwise/index.js';
export * from './ops/linalg/index.js';
export * from './ops/reduce/index.js';
export * from './ops/shape/index.js';
export * as random from './random/index.js';
export * as tree from './tree/index.js';
