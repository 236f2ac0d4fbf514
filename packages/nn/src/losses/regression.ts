import { abs, add, minimum, mul, square, sub, type Tensor, TensorError } from '@stepwise/tensor';
import { finiteParam } from '../internal/params.js';
import { checkPair, meanAll } from './_checks.js';

/**
 * A loss function `(yPred, yTrue) => scalar`, the form `makeTrainStep` takes.
 * @category losses
 * @since 0.1.0
 */
export type Loss = (yPred: Tensor, yTrue: Tensor) => Tensor;

/**
 * Mean squared error, `mean((yPred − yTrue)²)` over every element (no ½).
 *
 * Argument order is prediction first (PyTorch `mse_loss(input, target)`, Optax); **Keras takes
 * `(y_true, y_pred)`** and averages over the last axis only (then the batch), which gives the same value
 * for equal-sized rows. Shapes must be equal (no broadcasting).
 *
 * @param yPred - Predictions.
 * @param yTrue - Targets (same shape; integer targets are cast).
 * @returns A scalar tensor.
 * @throws TensorError `SHAPE_MISMATCH` for different shapes; `INVALID_ARGUMENT` for non-tensors.
 * @example
 * ```ts
 * meanSquaredError(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * ```
 * @see Keras `keras.losses.mean_squared_error`, PyTorch `F.mse_loss` (reduction `'mean'`), Optax `squared_error` (per element, no mean).
 * @category losses
 * @since 0.1.0
 */
export function meanSquaredError(yPred: Tensor, yTrue: Tensor): Tensor {
  const [p, t] = checkPair('meanSquaredError', yPred, yTrue, ['yPred', 'yTrue']);
  return meanAll(square(sub(p, t)));
}

/**
 * Mean absolute error, `mean(|yPred − yTrue|)` over every element. Its gradient at a zero residual is 0
 * (`abs'(0) = 0`).
 *
 * @param yPred - Predictions.
 * @param yTrue - Targets (same shape).
 * @returns A scalar tensor.
 * @throws TensorError `SHAPE_MISMATCH` for different shapes; `INVALID_ARGUMENT` for non-tensors.
 * @example
 * ```ts
 * meanAbsoluteError(tensor([1, 2]), tensor([1, 4])).item(); // 1
 * ```
 * @see Keras `keras.losses.mean_absolute_error` (arguments reversed), PyTorch `F.l1_loss`.
 * @category losses
 * @since 0.1.0
 */
export function meanAbsoluteError(yPred: Tensor, yTrue: Tensor): Tensor {
  const [p, t] = checkPair('meanAbsoluteError', yPred, yTrue, ['yPred', 'yTrue']);
  return meanAll(abs(sub(p, t)));
}

/**
 * Huber loss with threshold `delta`: per element, with `d = yPred − yTrue`,
 * `½d²` for `|d| ≤ δ` and `δ·(|d| − ½δ)` otherwise, then the mean over every element. Quadratic near
 * zero, linear in the tails (gradient clipped to `±δ`). Computed as `½q² + δ(|d| − q)`, `q = min(|d|, δ)`.
 *
 * @param delta - Threshold `δ > 0` (default 1, as Keras and PyTorch).
 * @returns A {@link Loss}.
 * @throws TensorError `INVALID_ARGUMENT` for a non-positive `delta` (at once); the loss throws
 * `SHAPE_MISMATCH` for different shapes.
 * @example
 * ```ts
 * huber(1)(tensor([0.5, 3]), tensor([0, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125
 * ```
 * @see Keras `keras.losses.Huber(delta=1.0)`, PyTorch `nn.HuberLoss(delta=1.0)` (same values), Optax `huber_loss`.
 * @category losses
 * @since 0.1.0
 */
export function huber(delta = 1): Loss {
  const d = finiteParam('huber', 'delta', delta);
  if (d <= 0) throw new TensorError('INVALID_ARGUMENT', 'huber', `delta must be > 0, got ${d}`);
  return (yPred, yTrue) => {
    const [p, t] = checkPair('huber', yPred, yTrue, ['yPred', 'yTrue']);
    const a = abs(sub(p, t));
    const q = minimum(a, d);
    return meanAll(add(mul(square(q), 0.5), mul(sub(a, q), d)));
  };
}
