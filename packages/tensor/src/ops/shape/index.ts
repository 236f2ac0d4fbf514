// Shape ops.
export { broadcastTo } from './broadcastTo.js';
export { reshape } from './reshape.js';
