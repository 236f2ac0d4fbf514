import { stack, type Tensor, TensorError, take, tree } from '@stepwise/tensor';
import { adoptBuffer } from '@stepwise/tensor/kernel';
import { type Dataset, makeDataset, type Rows, rowsOf, type Transform } from './Dataset.js';

/** Options of {@link batch}. @category data @since 0.1.0 */
export interface BatchOptions {
  /** Drop the last batch when it has fewer than `size` elements (default `false`: keep it). */
  readonly dropRemainder?: boolean;
}

/** The rows `order[start … start + count)` (or `start …` in order) of every source tensor. */
function gather(
  rows: Rows,
  order: Int32Array | undefined,
  start: number,
  count: number,
): Record<string, Tensor> {
  const idx = new Int32Array(count);
  for (let i = 0; i < count; i++) idx[i] = order === undefined ? start + i : order[start + i]!;
  const indices = adoptBuffer(idx, [count], 'int32');
  const out: Record<string, Tensor> = {};
  for (const k of rows.keys) out[k] = take(rows.source[k]!, indices, 0);
  return Object.freeze(out);
}

/** Stacks a list of equally structured trees leaf by leaf along a new axis 0. */
function stackTrees<T>(items: readonly T[]): T {
  const [first, ...rest] = items;
  if (tree.leaves(first).length === 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'batch',
      'elements must hold tensors (pytrees with tensor leaves)',
    );
  }
  return tree.map((...leaves: Tensor[]) => stack(leaves, 0), first as T, ...(rest as T[])) as T;
}

/**
 * Groups consecutive elements into batches of `size`: each tensor of a batch has a new leading dimension
 * (`{ x: [size, …], y: [size, …] }`). On a (shuffled) row dataset a batch is gathered with one `take` per
 * tensor; other elements (any pytree of tensors) are stacked leaf by leaf. The last batch is smaller when
 * `size` does not divide the epoch, unless `dropRemainder`.
 *
 * @param size - Elements per batch, a positive integer.
 * @param options - {@link BatchOptions}.
 * @returns A stage `Dataset<T> → Dataset<T>` (a batch has the element's structure).
 * @throws TensorError `INVALID_ARGUMENT` for a bad size (at once), or elements that are not equally
 * structured pytrees of tensors (when iterated).
 * @example
 * ```ts
 * const batches = pipe(dataset({ x: zeros([10, 3]), y: zeros([10]) }), batch(4));
 * [...batches].map((b) => b.x.shape[0]); // [4, 4, 2]
 * batches.size; // 3
 * ```
 * @see `tf.data.Dataset.batch(size, drop_remainder)`, PyTorch `DataLoader(batch_size, drop_last)`.
 * @category data
 * @since 0.1.0
 */
export function batch(size: number, options: BatchOptions = {}): Transform {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'batch',
      `size must be a positive integer, got ${String(size)}`,
    );
  }
  const drop = options.dropRemainder === true;
  const count = (n: number): number => (drop ? Math.floor(n / size) : Math.ceil(n / size));
  return <T>(ds: Dataset<T>): Dataset<T> => {
    const rows = rowsOf(ds);
    if (rows !== undefined) {
      return makeDataset(function* (e) {
        const order = rows.order(e);
        for (let b = 0, start = 0; b < count(rows.n); b++, start += size) {
          yield gather(rows, order, start, Math.min(size, rows.n - start)) as T;
        }
      }, count(rows.n));
    }
    return makeDataset(
      function* (e) {
        let pending: T[] = [];
        for (const item of ds.epoch(e)) {
          pending.push(item);
          if (pending.length === size) {
            yield stackTrees(pending);
            pending = [];
          }
        }
        if (pending.length > 0 && !drop) yield stackTrees(pending);
      },
      ds.size === undefined ? undefined : count(ds.size),
    );
  };
}
