/**
 * The fast-check instance `@stepwise/testing` was built against, re-exported so that a suite uses one
 * fast-check (arbitraries from two copies of fast-check do not mix). fast-check is a peer dependency.
 *
 * @example
 * ```ts
 * import { arb, fc } from '@stepwise/testing';
 * fc.assert(fc.property(arb.shape(), (s) => s.every((d) => d >= 1)));
 * ```
 * @category fast-check
 * @since 0.1.0
 */
export * as fc from 'fast-check';
