import type { Tensor } from '@stepwise/tensor';
import { scaleKernel } from '@stepwise/tensor/kernel';
import { EMPTY, type EmptyState, type GradientTransformation } from '../GradientTransformation.js';
import { ClipBound, validateValue } from '../hyperparams.js';
import { allocLike, floatBuffer, fullLike, wrapLike } from '../internal/leaves.js';
import { mapUpdates } from '../internal/mapUpdates.js';
import { clipFactor, l2 } from '../internal/norm.js';

/** Scales the leaves by one factor given their joint norm (shared by both norm clips). @internal */
export function clipLeaves(leaves: readonly Tensor[], max: number): Tensor[] {
  const n = l2(leaves.map(floatBuffer));
  if (!n.finite) return leaves.map((g) => fullLike(g, Number.NaN));
  if (n.norm <= max) return leaves.slice();
  const f = clipFactor(n, max);
  return leaves.map((g) => {
    const buf = allocLike(g);
    scaleKernel(floatBuffer(g), f, buf);
    return wrapLike(buf, g);
  });
}

/**
 * Clips each leaf to L2 norm at most `max`, independently (Keras `clipnorm`): `u = g · max/‖g‖` when
 * `‖g‖ > max`, and exactly `g` (the same tensor) when `‖g‖ <= max`, so zero gradients with `max = 0`
 * stay zero, never NaN. The direction of each leaf is kept. A leaf with a NaN or infinite element
 * becomes all NaN (never silently zeroed), so {@link applyIfFinite} can skip the step; the other leaves
 * are clipped as usual. Stateless.
 *
 * Per-leaf clipping changes the direction of the whole update when leaves are clipped by different
 * factors; {@link clipByGlobalNorm} keeps it.
 *
 * @param max - a number `>= 0` (`Infinity`: no clipping).
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative or NaN `max`.
 * @example
 * ```ts
 * import { clipByNorm } from '@stepwise/optim';
 * import { tensor } from '@stepwise/tensor';
 * const [u] = clipByNorm(1).update({ a: tensor([3, 4]), b: tensor([0.1]) }, {});
 * // a: [0.6, 0.8] (norm 5 → 1), b: [0.1] unchanged
 * ```
 * @see Keras `clipnorm` (same, `g·c/max(‖g‖, c)`); Optax has no per-leaf L2 clip (`clip_by_block_rms`
 * clips the RMS); PyTorch only clips the global norm.
 * @category clipping
 * @since 0.1.0
 */
export function clipByNorm(max: number): GradientTransformation<EmptyState> {
  validateValue('clipByNorm', 'max', ClipBound, max);
  return {
    init: () => EMPTY,
    update<U>(updates: U, state: EmptyState): [U, EmptyState] {
      return [mapUpdates('clipByNorm', updates, (g) => clipLeaves([g], max)[0]!), state];
    },
  };
}
