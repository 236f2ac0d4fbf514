/**
 * `@stepwise/testing`: fast-check arbitraries (`arb`), gradient checking (`checkGrads`) and tensor
 * assertions (`expectAllClose`) for property-based tests of numerical code written with Stepwise.
 * fast-check is a peer dependency, re-exported as `fc` so that a suite uses one instance.
 *
 * @example
 * ```ts
 * import { mul, sum, type Tensor } from '@stepwise/tensor';
 * import { arb, checkGrads, fc } from '@stepwise/testing';
 * fc.assert(
 *   fc.property(arb.tensor({ dtype: 'float64', shape: [3] }), (x) => {
 *     checkGrads((t: Tensor) => sum(mul(t, t)), [x]);
 *   }),
 * );
 * ```
 * @packageDocumentation
 */
export * as arb from './arb/index.js';
export { type CheckGradsOptions, checkGrads, GradientCheckError, type GradMode } from './checkGrads.js';
export { AllCloseError, type AllCloseOptions, expectAllClose } from './expectAllClose.js';
export { fc } from './fc.js';
