import { type DType, full, TensorError } from '@stepwise/tensor';
import type { Initializer } from './Initializer.js';
import { checkShape } from './Initializer.js';

/**
 * Initializer filling every element with `value` (the key is ignored). Works for every dtype.
 * @param value - Fill value (a finite number).
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` when `value` is not a finite number.
 * @example `constant(0.1)(random.key(0), [3]).toArray() // [0.1, 0.1, 0.1] (in float32)`
 * @see Keras `keras.initializers.Constant`, PyTorch `torch.nn.init.constant_`.
 * @category initializers
 * @since 0.1.0
 */
export function constant(value: number): Initializer {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'constant',
      `value must be a finite number, got ${String(value)}`,
    );
  }
  return (_key, shape, dtype?: DType) => full(checkShape('constant', shape), value, dtype ?? 'float32');
}

/**
 * Initializer of zeros (the default bias initializer, as in Keras).
 * @example `zeros()(random.key(0), [2]).toArray() // [0, 0]`
 * @see Keras `keras.initializers.Zeros`, PyTorch `torch.nn.init.zeros_`.
 * @category initializers
 * @since 0.1.0
 */
export const zeros = (): Initializer => constant(0);

/**
 * Initializer of ones (e.g. for normalization scales).
 * @example `ones()(random.key(0), [2]).toArray() // [1, 1]`
 * @see Keras `keras.initializers.Ones`, PyTorch `torch.nn.init.ones_`.
 * @category initializers
 * @since 0.1.0
 */
export const ones = (): Initializer => constant(1);
