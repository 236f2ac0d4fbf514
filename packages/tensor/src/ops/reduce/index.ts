// Reductions.
export { argmax } from './argmax.js';
export { argmin } from './argmin.js';
export { logSumExp } from './logSumExp.js';
export { max } from './max.js';
export { mean } from './mean.js';
export { min } from './min.js';
export { norm } from './norm.js';
export { prod } from './prod.js';
export { std } from './std.js';
export { sum } from './sum.js';
export { type VarianceOptions, variance } from './variance.js';
