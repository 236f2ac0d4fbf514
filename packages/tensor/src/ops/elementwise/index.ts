// Elementwise ops: arithmetic, unary math, comparisons, selection, clipping, dtype conversion.
export { add, div, mul, neg, sub } from '../arith.js';
export { cast } from '../cast.js';
export { exp, expm1 } from '../exp.js';
export { abs, sign } from './abs.js';
export { type AllCloseOptions, allClose } from './allClose.js';
export { clip } from './clip.js';
export { equal, greater, greaterEqual, less, lessEqual, notEqual } from './compare.js';
export { erf } from './erf.js';
export { maximum, minimum } from './extrema.js';
export { isFinite } from './isFinite.js';
export { log, log1p } from './log.js';
export { pow, reciprocal, rsqrt, sqrt, square } from './power.js';
export { ceil, floor, round } from './rounding.js';
export { sigmoid } from './sigmoid.js';
export { tanh } from './tanh.js';
export { cos, sin } from './trig.js';
export { where } from './where.js';
