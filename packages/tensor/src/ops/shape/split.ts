import { anyTraced, recordMulti } from '../../autodiff/engine.js';
import { normalizeAxis } from '../../core/shape.js';
import { detach, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { zeros } from '../../creation/full.js';
import { checkTensor } from '../_operands.js';
import { concat } from './concat.js';
import { slice } from './slice.js';

/** Resolves `sections | sizes[]` against an axis of length `dim`. */
function splitSizes(x: Tensor, spec: unknown, axis: number): number[] {
  const op = 'split';
  const dim = x.shape[axis]!;
  const where = `axis ${axis} (size ${dim}) of shape ${fmtShape(x.shape)}`;
  if (typeof spec === 'number') {
    if (!Number.isSafeInteger(spec) || spec <= 0) {
      throw new TensorError('INVALID_ARGUMENT', op, `sections must be a positive integer, got ${spec}`);
    }
    if (dim % spec !== 0) {
      throw new TensorError('INVALID_ARGUMENT', op, `cannot split ${where} into ${spec} equal sections`);
    }
    return new Array<number>(spec).fill(dim / spec);
  }
  if (!Array.isArray(spec) || spec.length === 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `expected a number of sections or a non-empty array of sizes, got ${String(spec)}`,
    );
  }
  const sizes = spec.slice() as number[];
  const shown = `[${sizes.map(String).join(',')}]`;
  let unknown = -1;
  let known = 0;
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i] as unknown;
    if (s === -1 && unknown < 0) unknown = i;
    else if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `sizes ${shown} must be non-negative integers (with at most one -1)`,
      );
    } else known += s;
  }
  if (unknown >= 0 && known <= dim) sizes[unknown] = dim - known;
  else if (unknown >= 0 || known !== dim) {
    throw new TensorError('INVALID_ARGUMENT', op, `sizes ${shown} do not add up to ${where}`);
  }
  return sizes;
}

/**
 * Splits `x` along `axis` into consecutive pieces: `sections` equal pieces (the axis length must be
 * divisible, as NumPy `split` and Keras `ops.split` with an integer), or pieces of the given `sizes` (which
 * must add up to the axis length; one entry may be `-1` for "the rest", as in TensorFlow's `tf.split`).
 * Zero sizes give empty pieces.
 *
 * The inverse of {@link concat}: `concat(split(x, n, axis), axis)` equals `x`. Each piece is a copy
 * (a {@link slice}). Differentiable: the gradient concatenates the pieces' cotangents (zeros for pieces
 * that do not reach the output), once for all pieces.
 *
 * @param x - A tensor of rank ≥ 1.
 * @param sectionsOrSizes - Number of equal sections, or the size of every piece.
 * @param axis - Axis to split; negative counts from the end. Default 0.
 * @returns The pieces, in order.
 * @throws TensorError `INVALID_ARGUMENT` when the axis length is not divisible by `sections`, sizes do not
 * add up, or an entry is not a non-negative integer; `INVALID_AXIS` for an axis out of range.
 * @example
 * ```ts
 * import { split, tensor } from '@stepwise/tensor';
 * split(tensor([1, 2, 3, 4]), 2).map((t) => t.toArray()); // [[1, 2], [3, 4]]
 * split(tensor([1, 2, 3, 4]), [1, -1]).map((t) => t.toArray()); // [[1], [2, 3, 4]]
 * ```
 * @see NumPy `np.split` (whose list gives split *indices*, not sizes), PyTorch `torch.split` (an integer
 * there is a piece size, not a count), TensorFlow `tf.split`, Keras `keras.ops.split`.
 * @category shape
 * @since 0.1.0
 */
export function split(x: Tensor, sectionsOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const t = checkTensor('split', x);
  if (t.rank === 0) {
    throw new TensorError('INVALID_AXIS', 'split', 'cannot split a rank-0 tensor');
  }
  const a = normalizeAxis('split', axis, t.rank);
  const sizes = splitSizes(t, sectionsOrSizes, a);
  // The pieces are computed untraced and recorded as one node with one output per piece, so the
  // gradient is a single concat of the pieces' cotangents (zeros for unused pieces): O(size), not
  // O(pieces × size) as with one padded cotangent per slice.
  const src = detach(t);
  const begin = new Array<number>(t.rank).fill(0);
  const size = t.shape.slice();
  const pieces: Tensor[] = [];
  for (const s of sizes) {
    size[a] = s;
    pieces.push(slice(src, begin, size));
    begin[a]! += s;
  }
  if (!anyTraced([t])) return pieces;
  return recordMulti('split', [t], pieces, (cts) => [
    concat(
      pieces.map((p, i) => cts[i] ?? zeros(p.shape, p.dtype)),
      a,
    ),
  ]);
}
