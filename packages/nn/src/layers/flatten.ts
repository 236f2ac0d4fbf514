import { reshape } from '@stepwise/tensor';
import {
  checkInput,
  checkInputShape,
  EMPTY,
  type EmptyParams,
  type EmptyState,
  type Layer,
} from './Layer.js';

const flatShape = (shape: readonly number[]): number[] => [
  shape[0]!,
  shape.slice(1).reduce((p, v) => p * v, 1),
];

/**
 * Flattens every example of a batch: `[batch, d1, d2, …] → [batch, d1·d2·…]` (row-major, a view).
 *
 * @returns A `Layer<EmptyParams, EmptyState>`.
 * @throws TensorError `SHAPE_MISMATCH` for an input without a batch axis (rank 0).
 * @example
 * ```ts
 * flatten().init(random.key(0), [32, 28, 28]).outputShape; // [32, 784]
 * ```
 * @see Keras `keras.layers.Flatten`, PyTorch `nn.Flatten()` (same, from axis 1).
 * @category layers
 * @since 0.1.0
 */
export function flatten(): Layer<EmptyParams, EmptyState> {
  return {
    init: (_key, inputShape) => ({
      params: EMPTY,
      state: EMPTY,
      outputShape: flatShape(checkInputShape('flatten', inputShape, 1, '[batch, …]')),
    }),
    apply: (_params, state, x) => {
      const t = checkInput('flatten', x, 1, '[batch, …]');
      return { y: t.rank === 2 ? t : reshape(t, flatShape(t.shape)), state };
    },
  };
}
