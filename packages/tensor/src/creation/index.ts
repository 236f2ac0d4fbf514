// Creation functions.
export { full, ones, onesLike, scalar, type TensorLike, type TensorOptions, tensor, zeros, zerosLike } from './tensor.js';
