import { TensorError } from '@stepwise/tensor';
import { type Dataset, makeDataset, type Transform } from './Dataset.js';

/**
 * Concatenates `n` consecutive epochs into one: epoch `e` of the result is epochs `n·e … n·e + n − 1` of
 * the input, so iterating the result once runs `n` epochs, each shuffled differently (when the input is
 * shuffled). Makes a whole training run a single fold: `for (const b of pipe(ds, shuffle(k), batch(32),
 * epochs(10))) state = step(state, b)`.
 *
 * @param n - Epochs per pass, a non-negative integer.
 * @returns A stage `Dataset<T> → Dataset<T>` with `n` times as many elements.
 * @throws TensorError `INVALID_ARGUMENT` for a bad `n` (at once).
 * @example
 * ```ts
 * const run = pipe(dataset({ x, y }), shuffle(random.key(0)), batch(32), epochs(10));
 * const final = [...run].reduce(step, state0);
 * ```
 * @see `tf.data.Dataset.repeat(n)` (reshuffles each repetition when the shuffle says so).
 * @category data
 * @since 0.1.0
 */
export function epochs(n: number): Transform {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TensorError('INVALID_ARGUMENT', 'epochs', `n must be a non-negative integer, got ${String(n)}`);
  }
  return <T>(ds: Dataset<T>): Dataset<T> =>
    makeDataset(
      function* (e) {
        for (let k = 0; k < n; k++) yield* ds.epoch(n * e + k);
      },
      ds.size === undefined ? undefined : n * ds.size,
    );
}
