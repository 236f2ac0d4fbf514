/**
 * fast-check arbitraries for tensor code. Import as a namespace: `import { arb } from '@stepwise/testing'`.
 * @module
 */
export { type BroadcastableShapes, broadcastableShapes } from './broadcastableShapes.js';
export { key } from './key.js';
export { type ShapeConstraints, shape } from './shape.js';
export { type TensorConstraints, tensor } from './tensor.js';
export { type TreeConstraints, tree } from './tree.js';
