/**
 * `@stepwise/nn`: activations, initializers, layers and losses for Stepwise, as pure functions and
 * `init`/`apply` pairs over immutable tensors.
 *
 * @example
 * ```ts
 * import { random, tensor } from '@stepwise/tensor';
 * import { activation, dense, relu, sequential } from '@stepwise/nn';
 * const model = sequential(dense(16), activation(relu), dense(1));
 * const { params, state } = model.init(random.key(0), [8, 4]);
 * const { y } = model.apply(params, state, tensor(new Float32Array(32), { shape: [8, 4] }), { training: false });
 * ```
 * @packageDocumentation
 */
export * from './activations/index.js';
export * from './initializers/index.js';
export * from './layers/index.js';
export * from './losses/index.js';
