/**
 * Counter-based pseudo-random numbers with explicit keys. Import as a namespace:
 * `import { random } from '@stepwise/tensor'`.
 *
 * Keys are values, never global state: a {@link Key} is an `int32[2]` tensor, {@link split} and {@link foldIn}
 * derive new keys, and every sampler is a pure function of its key, shape and options. The generator is
 * Threefry-2x32 with 20 rounds (as in JAX). Keys, splits and the raw 32-bit words behind the samplers follow
 * JAX's default (partitionable) Threefry scheme and are checked against recorded JAX output. The bits use
 * integer arithmetic only; `uniform`, `bernoulli`, `randint` and `permutation` add only exactly rounded
 * operations, and `normal`/`truncatedNormal` also `Math.log`, which V8 (Node) computes identically on every
 * platform (its fdlibm port), so a key gives the same numbers on every run and machine.
 * @module
 */
export { bernoulli } from './bernoulli.js';
export { foldIn } from './foldIn.js';
export { key } from './key.js';
export { normal } from './normal.js';
export { permutation } from './permutation.js';
export { randint } from './randint.js';
export { split } from './split.js';
export { truncatedNormal } from './truncatedNormal.js';
export type { FloatDType, Key, NormalOptions, TruncatedNormalOptions, UniformOptions } from './types.js';
export { uniform } from './uniform.js';
