// Creation functions.
export { arange } from './arange.js';
export { eye } from './eye.js';
export { full, ones, onesLike, zeros, zerosLike } from './full.js';
export { linspace } from './linspace.js';
export { scalar, type TensorLike, type TensorOptions, tensor } from './tensor.js';
