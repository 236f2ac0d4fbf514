import { type Tensor, TensorError } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, readBuffer } from '@stepwise/tensor/kernel';
import { checkTensor } from './_checks.js';

/** Index of the first maximum of `n` values of `a` starting at `o` (NaN counts as the maximum). */
function argmaxRow(a: ArrayLike<number>, o: number, n: number): number {
  let best = 0;
  let m = a[o]!;
  for (let k = 1; k < n; k++) {
    const v = a[o + k]!;
    if (v > m || (Number.isNaN(v) && !Number.isNaN(m))) {
      m = v;
      best = k;
    }
  }
  return best;
}

/**
 * Classification accuracy: the fraction of examples whose predicted class equals the label, as a float32
 * scalar in [0, 1]. Not differentiable (a metric, not a loss).
 *
 * - multi-class, `logits [B, C]` (or `[…, C]`): prediction `argmax(logits, −1)` (ties → the first index),
 *   labels int32 indices `[B]` or one-hot/probabilities `[B, C]` (whose argmax is the label);
 * - binary, `logits [B]` or `[B, 1]` with labels of the same shape (or `[B]`): prediction `logit > 0`,
 *   label `> 0.5`.
 *
 * @param logits - Scores (or probabilities; only their order matters in the multi-class case).
 * @param labels - Labels as above.
 * @returns A float32 scalar tensor.
 * @throws TensorError `SHAPE_MISMATCH` when the shapes fit none of the forms; `INVALID_ARGUMENT` for non-tensors.
 * @example
 * ```ts
 * accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0], { dtype: 'int32' })).item(); // 0.5
 * ```
 * @see Keras `SparseCategoricalAccuracy` / `CategoricalAccuracy` / `BinaryAccuracy` (threshold 0.5 on
 * probabilities, i.e. 0 on logits), torchmetrics `Accuracy`.
 * @category losses
 * @since 0.1.0
 */
export function accuracy(logits: Tensor, labels: Tensor): Tensor {
  const z = checkTensor('accuracy', 'logits', logits);
  const l = checkTensor('accuracy', 'labels', labels);
  const zb = readBuffer(z);
  const lb = readBuffer(l);
  const c = z.rank === 0 ? 1 : z.shape[z.rank - 1]!;
  const lead = z.shape.slice(0, -1);
  const same = l.rank === z.rank && l.shape.every((d, i) => d === z.shape[i]);
  const indices = l.rank === z.rank - 1 && l.shape.every((d, i) => d === lead[i]);
  let correct = 0;
  let count = 0;
  if (z.rank === 0 || (z.rank === 1 && same) || (c === 1 && (same || indices))) {
    // Binary: one logit per example.
    count = z.size;
    for (let i = 0; i < count; i++) if (zb[i]! > 0 === lb[i]! > 0.5) correct++;
  } else if (same) {
    count = z.size / c;
    for (let r = 0; r < count; r++) if (argmaxRow(zb, r * c, c) === argmaxRow(lb, r * c, c)) correct++;
  } else if (indices) {
    count = z.size / c;
    for (let r = 0; r < count; r++) if (argmaxRow(zb, r * c, c) === lb[r]) correct++;
  } else {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'accuracy',
      `labels [${l.shape.join(',')}] fit neither indices [${lead.join(',')}] nor one-hot [${z.shape.join(',')}] for logits [${z.shape.join(',')}]`,
    );
  }
  const out = allocateBuffer('float32', 1);
  out[0] = count === 0 ? Number.NaN : correct / count;
  return adoptBuffer(out, [], 'float32');
}
