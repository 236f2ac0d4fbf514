// Elementwise ops (unary, binary, comparisons, where, clip, cast).
export { add, div, mul, neg, sub } from '../arith.js';
export { cast } from '../cast.js';
export { exp } from '../exp.js';
