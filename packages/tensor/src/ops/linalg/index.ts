// Linear algebra.
export { dot } from './dot.js';
export { type MatmulOptions, matmul } from './matmul.js';
export { outer } from './outer.js';
