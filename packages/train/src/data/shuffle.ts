import { random } from '@stepwise/tensor';
import { readBuffer } from '@stepwise/tensor/kernel';
import { type Dataset, makeDataset, type Rows, rowsOf, type Transform } from './Dataset.js';
import { exampleAt } from './rows.js';

/** The permutation of `0 … n − 1` for epoch `e`: `random.permutation(random.foldIn(key, e), n)`. */
const orderFor = (key: random.Key, e: number, n: number): Int32Array =>
  readBuffer(random.permutation(random.foldIn(key, e), n)) as Int32Array;

/**
 * Shuffles the elements of each epoch: epoch `e` is in the order `random.permutation(random.foldIn(key, e), n)`,
 * so every epoch has its own order, and the orders are reproducible from the key alone (epoch 7 can be
 * replayed without replaying epochs 0–6). On a row dataset ({@link dataset}) only the row indices are
 * permuted (a later {@link batch} gathers rows directly); on any other dataset the epoch's elements are
 * collected and permuted. Shuffling a shuffled dataset composes the permutations.
 *
 * @param key - A PRNG key (`random.key(seed)`).
 * @returns A stage `Dataset<T> → Dataset<T>` (generic in `T`).
 * @throws TensorError `INVALID_ARGUMENT` for a bad key (at once).
 * @example
 * ```ts
 * const ds = pipe(dataset({ x, y }), shuffle(random.key(0)), batch(32));
 * // ds.epoch(0) and ds.epoch(1) visit the rows in different orders; ds.epoch(0) twice, the same order.
 * ```
 * @see `tf.data.Dataset.shuffle(buffer, seed, reshuffle_each_iteration=True)` (a buffer, not a full
 * permutation, unless the buffer holds the whole dataset); PyTorch `RandomSampler` with a `generator`.
 * @category data
 * @since 0.1.0
 */
export function shuffle(key: random.Key): Transform {
  random.foldIn(key, 0); // validates the key at once (throws naming the problem)
  return <T>(ds: Dataset<T>): Dataset<T> => {
    const rows = rowsOf(ds);
    if (rows !== undefined) {
      const inner = rows.order;
      const shuffled: Rows = {
        ...rows,
        order: (e) => {
          const perm = orderFor(key, e, rows.n);
          const base = inner(e);
          if (base === undefined) return perm;
          const out = new Int32Array(rows.n);
          for (let i = 0; i < rows.n; i++) out[i] = base[perm[i]!]!;
          return out;
        },
      };
      return makeDataset(
        function* (e) {
          const order = shuffled.order(e)!;
          for (let i = 0; i < rows.n; i++) yield exampleAt(shuffled, order[i]!) as T;
        },
        rows.n,
        shuffled,
      );
    }
    return makeDataset(function* (e) {
      const items = [...ds.epoch(e)];
      const order = orderFor(key, e, items.length);
      for (let i = 0; i < items.length; i++) yield items[order[i]!]!;
    }, ds.size);
  };
}
