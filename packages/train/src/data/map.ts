import { TensorError } from '@stepwise/tensor';
import { type Dataset, makeDataset, type Stage } from './Dataset.js';

/**
 * Applies `f` to every element (lazily, each time an epoch is iterated). `f` receives the element and
 * the epoch number; it should be pure (derive any randomness from a key and the epoch, e.g.
 * `random.foldIn(key, epoch)`), so that iterating twice gives the same elements. Usually placed after
 * {@link batch}, where it runs once per batch (normalization, augmentation, one-hot labels).
 *
 * @param f - `(element, epoch) => newElement`.
 * @returns A stage `Dataset<A> → Dataset<B>` of the same size.
 * @throws TensorError `INVALID_ARGUMENT` when `f` is not a function.
 * @example
 * ```ts
 * const scaled = pipe(dataset({ x, y }), batch(32), map((b) => ({ x: div(b.x, 255), y: b.y })));
 * ```
 * @see `tf.data.Dataset.map`, PyTorch `Dataset` transforms.
 * @category data
 * @since 0.1.0
 */
export function map<A, B>(f: (element: A, epoch: number) => B): Stage<A, B> {
  if (typeof f !== 'function') throw new TensorError('INVALID_ARGUMENT', 'map', 'expects a function');
  return (ds: Dataset<A>): Dataset<B> =>
    makeDataset(function* (e) {
      for (const item of ds.epoch(e)) yield f(item, e);
    }, ds.size);
}
