// Shape ops.
export { broadcastTo } from './broadcastTo.js';
export { concat } from './concat.js';
export { expandDims } from './expandDims.js';
export { flatten } from './flatten.js';
export { oneHot } from './oneHot.js';
export { pad } from './pad.js';
export { reshape } from './reshape.js';
export { slice } from './slice.js';
export { split } from './split.js';
export { squeeze } from './squeeze.js';
export { stack } from './stack.js';
export { take } from './take.js';
export { transpose } from './transpose.js';
