import { type Tensor, TensorError } from '@stepwise/tensor';

/**
 * A dataset: a pure, re-iterable description of a sequence of elements per epoch. `ds.epoch(e)` yields the
 * elements of epoch `e` (a fresh iterator each call, so iterating twice gives the same elements); iterating
 * the dataset itself is epoch 0. Datasets are built with {@link dataset} and transformed by the data-last
 * stages {@link shuffle}, {@link batch}, {@link map} and {@link epochs}, which compose with fp-ts `pipe`.
 *
 * Nothing is computed until iterated, and nothing is cached: an epoch is a pure function of the source
 * tensors, the stages and the epoch number.
 *
 * @example
 * ```ts
 * import { pipe } from 'fp-ts/function';
 * const batches = pipe(dataset({ x, y }), shuffle(random.key(0)), batch(32));
 * for (const { x, y } of batches.epoch(3)) console.log(x.shape, y.shape); // the 4th epoch's order
 * ```
 * @see `tf.data.Dataset` (stateful iterators, a reshuffle per iteration from a seed), PyTorch `DataLoader`
 * (global RNG), Grain (index-based, deterministic per epoch, as here).
 * @category data
 * @since 0.1.0
 */
export interface Dataset<T> extends Iterable<T> {
  /** The elements of epoch `e` (an integer ≥ 0), as a fresh iterable. */
  readonly epoch: (e: number) => Iterable<T>;
  /** Number of elements per epoch, when known without iterating (used for progress bars). */
  readonly size: number | undefined;
}

/** A batch (or example) of inputs and targets. @category data @since 0.1.0 */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** A stage of a pipeline: a function from a dataset to a dataset. @category data @since 0.1.0 */
export type Stage<A, B> = (ds: Dataset<A>) => Dataset<B>;

/**
 * A stage that keeps the element type, whatever it is ({@link shuffle}, {@link batch}, {@link epochs}):
 * generic, so that `pipe(dataset({ x, y }), shuffle(key), batch(32))` keeps the element type.
 * @category data
 * @since 0.1.0
 */
export type Transform = <T>(ds: Dataset<T>) => Dataset<T>;

/**
 * Rows of a source: the source's tensors (equal leading dimension) and the order of row indices for an
 * epoch. Kept on row datasets so that `batch` gathers a whole batch with one `take` per tensor.
 * @internal
 */
export interface Rows {
  readonly source: Readonly<Record<string, Tensor>>;
  readonly keys: readonly string[];
  readonly n: number;
  readonly order: (e: number) => Int32Array | undefined;
}

/** Where a row dataset keeps its {@link Rows}. @internal */
export const ROWS: unique symbol = Symbol('stepwise.train.rows');

/** A dataset that may carry its rows. @internal */
export type RowDataset<T> = Dataset<T> & { readonly [ROWS]?: Rows };

/** The rows of a dataset, when it is a (possibly shuffled) row dataset. @internal */
export const rowsOf = (ds: Dataset<unknown>): Rows | undefined => (ds as RowDataset<unknown>)[ROWS];

/** Checks an epoch number. @internal */
export function checkEpoch(op: string, e: number): number {
  if (typeof e !== 'number' || !Number.isInteger(e) || e < 0) {
    throw new TensorError('INVALID_ARGUMENT', op, `epoch must be an integer ≥ 0, got ${String(e)}`);
  }
  return e;
}

/**
 * Builds a dataset from its per-epoch generator. `epochOf(e)` must be pure: the same `e` gives the same
 * elements.
 *
 * @param epochOf - The elements of epoch `e`.
 * @param size - Elements per epoch, if known.
 * @returns A {@link Dataset}.
 * @example
 * ```ts
 * const counting = fromEpochs((e) => [e, e + 1, e + 2], 3);
 * [...counting.epoch(2)]; // [2, 3, 4]
 * ```
 * @category data
 * @since 0.1.0
 */
export function fromEpochs<T>(epochOf: (e: number) => Iterable<T>, size?: number): Dataset<T> {
  return makeDataset(epochOf, size);
}

/** {@link fromEpochs}, optionally attaching rows. @internal */
export function makeDataset<T>(epochOf: (e: number) => Iterable<T>, size?: number, rows?: Rows): Dataset<T> {
  const epoch = (e: number): Iterable<T> => epochOf(checkEpoch('dataset.epoch', e));
  const ds: RowDataset<T> = {
    epoch,
    size,
    [Symbol.iterator]: () => epoch(0)[Symbol.iterator](),
    ...(rows === undefined ? {} : { [ROWS]: rows }),
  };
  return Object.freeze(ds);
}

/** True for a {@link Dataset} (an iterable with an `epoch` function). @category data @since 0.1.0 */
export function isDataset(x: unknown): x is Dataset<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { epoch?: unknown }).epoch === 'function' &&
    typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}
