import { cast, mul, random, TensorError } from '@stepwise/tensor';
import {
  checkInput,
  checkInputShape,
  EMPTY,
  type EmptyParams,
  type EmptyState,
  type Layer,
} from './Layer.js';

/**
 * Inverted dropout: in training mode each element is zeroed with probability `rate` and the survivors are
 * scaled by `1/(1 − rate)`, so the expectation is unchanged; in inference mode it is the identity. The mask
 * comes from the `key` passed to `apply` (different keys, different masks; same key, same mask).
 *
 * @param rate - Drop probability in `[0, 1)`.
 * @returns A `Layer<EmptyParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for a rate outside `[0, 1)` (at once), and when `apply` runs in
 * training mode without a key.
 * @example
 * ```ts
 * const drop = dropout(0.5);
 * const x = random.normal(random.key(0), [4, 8]);
 * drop.apply({}, {}, x, { training: true, key: random.key(1) }).y; // about half zeros, the rest 2·x
 * drop.apply({}, {}, x, { training: false }).y; // x itself
 * ```
 * @see Keras `keras.layers.Dropout` (same inverted scaling; noise from a seed generator),
 * PyTorch `nn.Dropout` (same; global RNG).
 * @category layers
 * @since 0.1.0
 */
export function dropout(rate: number): Layer<EmptyParams, EmptyState> {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new TensorError('INVALID_ARGUMENT', 'dropout', `rate must be in [0, 1), got ${String(rate)}`);
  }
  const keep = 1 - rate;
  return {
    init: (_key, inputShape) => ({
      params: EMPTY,
      state: EMPTY,
      outputShape: checkInputShape('dropout', inputShape, 0, 'any').slice(),
    }),
    apply: (_params, state, x, options = {}) => {
      const t = checkInput('dropout', x, 0, 'any');
      if (options.training !== true || rate === 0) return { y: t, state };
      if (options.key === undefined) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          'dropout',
          'training mode needs a PRNG key: apply(params, state, x, { training: true, key })',
        );
      }
      const mask = cast(random.bernoulli(options.key, keep, t.shape), t.dtype);
      return { y: mul(t, mul(mask, 1 / keep)), state };
    },
  };
}
