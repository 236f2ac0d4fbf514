/**
 * Pytrees: nested plain objects and arrays with tensor leaves. Import as a namespace:
 * `import { tree } from '@stepwise/tensor'`.
 * @module
 */
export { flatten, leaves, numLeaves, unflatten } from './flatten.js';
export { map, structureEqual } from './map.js';
export type { MapTree, Tree, TreeDef } from './types.js';
