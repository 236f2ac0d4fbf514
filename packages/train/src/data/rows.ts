import { isTensor, reshape, type Tensor, TensorError, take } from '@stepwise/tensor';
import { type Dataset, makeDataset, type Rows } from './Dataset.js';

/** One example of a source `{ x: [N, …], y: [N, …] }`: `{ x: […], y: […] }`. @internal */
export function exampleAt(rows: Rows, i: number): Readonly<Record<string, Tensor>> {
  const out: Record<string, Tensor> = {};
  for (const k of rows.keys) {
    const t = rows.source[k]!;
    out[k] = reshape(take(t, [i], 0), t.shape.slice(1));
  }
  return Object.freeze(out);
}

/**
 * A dataset of the examples (rows along axis 0) of a record of tensors with the same leading dimension,
 * usually `{ x, y }`: element `i` is `{ x: x[i], y: y[i] }`, in order, every epoch. Follow it with
 * {@link shuffle} and {@link batch}; a batch of a row dataset is gathered with one `take` per tensor.
 *
 * @param source - Tensors of shape `[N, …]` (equal `N`), e.g. `{ x: [N, features], y: [N] }`.
 * @returns A `Dataset` of examples, of size `N`.
 * @throws TensorError `INVALID_ARGUMENT` when the source is not a non-empty record of tensors of rank ≥ 1;
 * `SHAPE_MISMATCH` when their leading dimensions differ.
 * @example
 * ```ts
 * const ds = dataset({ x: tensor([[0, 1], [2, 3], [4, 5]]), y: tensor([0, 1, 0]) });
 * ds.size; // 3
 * [...ds][1].x.toArray(); // [2, 3]
 * ```
 * @see `tf.data.Dataset.from_tensor_slices`, PyTorch `TensorDataset`.
 * @category data
 * @since 0.1.0
 */
export function dataset<T extends Readonly<Record<string, Tensor>>>(source: T): Dataset<T> {
  const op = 'dataset';
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new TensorError('INVALID_ARGUMENT', op, 'expects a record of tensors such as { x, y }');
  }
  const keys = Object.keys(source).sort();
  if (keys.length === 0) throw new TensorError('INVALID_ARGUMENT', op, 'expects at least one tensor');
  let n = -1;
  for (const k of keys) {
    const t = (source as Record<string, unknown>)[k];
    if (!isTensor(t) || t.rank === 0) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `${k} must be a tensor of rank ≥ 1 (examples along axis 0), got ${isTensor(t) ? 'a scalar' : typeof t}`,
      );
    }
    if (n === -1) n = t.shape[0]!;
    else if (t.shape[0] !== n) {
      const shapes = keys.map((kk) => `${kk} [${(source[kk] as Tensor).shape.join(',')}]`).join(', ');
      throw new TensorError('SHAPE_MISMATCH', op, `leading dimensions differ: ${shapes}`);
    }
  }
  const rows: Rows = { source: { ...source }, keys, n, order: () => undefined };
  return makeDataset(
    function* (e) {
      const order = rows.order(e);
      for (let i = 0; i < n; i++) yield exampleAt(rows, order === undefined ? i : order[i]!) as T;
    },
    n,
    rows,
  );
}
