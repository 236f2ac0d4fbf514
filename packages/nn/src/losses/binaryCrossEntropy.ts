import { mul, sub, type Tensor } from '@stepwise/tensor';
import { softplus } from '../activations/sigmoid.js';
import { checkPair, meanAll } from './_checks.js';

/**
 * Binary cross-entropy **from logits**, averaged over every element:
 * `mean(softplus(z) − z·y) = mean(max(z, 0) − z·y + log1p(e^{−|z|}))` with logits `z` and labels `y`
 * in [0, 1] (hard 0/1 or soft). Stable for any logit: no `log(0)`, no overflow, and the gradient
 * `(σ(z) − y)/N` is exact even where `σ(z)` rounds to 0 or 1.
 *
 * Equivalent to Keras `binary_crossentropy(y_true, y_pred, from_logits=True)` (which also averages the last
 * axis), PyTorch `F.binary_cross_entropy_with_logits` and TF `sigmoid_cross_entropy_with_logits`, mean
 * reduction. Labels are differentiable (gradient `−z/N`). Shapes must be equal.
 *
 * @param logits - Unnormalized scores `z` (any shape).
 * @param labels - Targets of the same shape (bool and int32 are cast).
 * @returns A scalar tensor.
 * @throws TensorError `SHAPE_MISMATCH` for different shapes; `INVALID_ARGUMENT` for non-tensors.
 * @example
 * ```ts
 * binaryCrossEntropy(tensor([0]), tensor([1])).item(); // log 2 = 0.6931…
 * binaryCrossEntropy(tensor([1000]), tensor([0])).item(); // 1000 (no overflow)
 * ```
 * @see Keras `keras.losses.BinaryCrossentropy(from_logits=True)`, PyTorch `nn.BCEWithLogitsLoss`, Optax `sigmoid_binary_cross_entropy`.
 * @category losses
 * @since 0.1.0
 */
export function binaryCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const [z, y] = checkPair('binaryCrossEntropy', logits, labels, ['logits', 'labels']);
  return meanAll(sub(softplus(z), mul(z, y)));
}
