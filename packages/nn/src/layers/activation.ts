import { type Tensor, TensorError } from '@stepwise/tensor';
import {
  checkInput,
  checkInputShape,
  EMPTY,
  type EmptyParams,
  type EmptyState,
  type Layer,
} from './Layer.js';

/**
 * A layer applying an elementwise (or shape-preserving) function, e.g. `activation(relu)` or
 * `activation((x) => leakyRelu(x, 0.2))`. No parameters, no state.
 *
 * @param fn - Function applied to the input batch.
 * @returns A `Layer<EmptyParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` when `fn` is not a function (at once).
 * @example
 * ```ts
 * const model = sequential(dense(16), activation(relu), dense(1));
 * ```
 * @see Keras `keras.layers.Activation`, PyTorch `nn.ReLU` and friends.
 * @category layers
 * @since 0.1.0
 */
export function activation(fn: (x: Tensor) => Tensor): Layer<EmptyParams, EmptyState> {
  if (typeof fn !== 'function') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'activation',
      `expected a function (x: Tensor) => Tensor, got ${typeof fn}`,
    );
  }
  return {
    init: (_key, inputShape) => ({
      params: EMPTY,
      state: EMPTY,
      outputShape: checkInputShape('activation', inputShape, 0, 'any').slice(),
    }),
    apply: (_params, state, x) => ({ y: fn(checkInput('activation', x, 0, 'any')), state }),
  };
}
