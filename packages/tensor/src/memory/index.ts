/**
 * Memory reuse without mutation: {@link donate} lends a tensor's memory to the op that consumes it.
 * @module
 */
export { donate, isDonated, recycle } from './donate.js';
