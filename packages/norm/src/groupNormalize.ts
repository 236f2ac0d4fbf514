import { ones, type Tensor, TensorError, zeros } from '@stepwise/tensor';
import { groupNormOp } from './internal/groupOp.js';
import { checkEpsilon, featureParam, floatInput, fmt, prodOf } from './internal/validate.js';

/** Options of {@link groupNormalize}. @category group normalization @since 0.1.0 */
export interface GroupNormalizeOptions {
  /** Number of channel groups; must divide `C`. `-1` means one group per channel (instance norm). Default 32. */
  readonly groups?: number;
  /** Added to the variance inside the square root, `> 0` (default `1e-3`, as Keras). */
  readonly epsilon?: number;
}

/** Resolves and validates `groups` against `C` channels. @internal */
export function resolveGroups(op: string, groups: unknown, C: number, shape: readonly number[]): number {
  if (typeof groups !== 'number' || !Number.isInteger(groups) || (groups < 1 && groups !== -1)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `groups must be a positive integer or -1, got ${String(groups)}`,
    );
  }
  const G = groups === -1 ? C : groups;
  if (C % G !== 0 || G > C) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `groups (${G}) must divide the number of channels C = ${C} (last axis of ${fmt(shape)})`,
    );
  }
  return G;
}

/**
 * Group normalization (Wu & He, 2018) of channels-last input `[N, …spatial, C]`, as a function: the
 * channels are split into `groups` groups of `C/groups` consecutive channels; each sample's group is
 * normalized over its channels and all spatial positions, `y = (x − μ)/√(σ² + ε)·γ[c] + β[c]` (biased
 * variance, per-channel `γ`, `β`). The same in training and inference; `groups = 1` is layer normalization
 * over all non-batch axes with per-channel affine, `groups = C` (or `-1`) instance normalization.
 *
 * Fused forward (two passes for the statistics, one for `y`) and fused closed-form backward via `customVjp`.
 *
 * @param x - Channels-last input of rank ≥ 2 (float; integers are cast to float32).
 * @param gamma - Per-channel scale `[C]`, or `null`.
 * @param beta - Per-channel offset `[C]`, or `null`.
 * @param options - {@link GroupNormalizeOptions}: `groups = 32`, `epsilon = 1e-3`.
 * @returns The normalized tensor, shape and dtype of `x`.
 * @throws TensorError `INVALID_ARGUMENT` when `groups` does not divide `C` or `epsilon ≤ 0`;
 * `SHAPE_MISMATCH` for a rank below 2 or a `gamma`/`beta` not of shape `[C]`.
 * @example
 * ```ts
 * const y = groupNormalize(random.normal(random.key(0), [2, 4, 4, 8]), null, null, { groups: 2 });
 * y.shape; // [2, 4, 4, 8]
 * groupNormalize(tensor([[1, 3, 10, 30]]), null, null, { groups: 2, epsilon: 1e-6 }).toArray(); // ≈ [[-1.000, 1.000, -1.000, 1.000]]
 * ```
 * @see Keras `keras.layers.GroupNormalization(groups=32, axis=-1, epsilon=1e-3)`; PyTorch
 * `torch.nn.functional.group_norm(x, num_groups, weight, bias, eps=1e-5)` (channels-first `[N, C, …]`:
 * transpose first).
 * @category group normalization
 * @since 0.1.0
 */
export function groupNormalize(
  x: Tensor,
  gamma: Tensor | null,
  beta: Tensor | null,
  options: GroupNormalizeOptions = {},
): Tensor {
  const op = 'groupNormalize';
  const t = floatInput(op, x, 2, '[batch, …, channels], channels last');
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-3);
  const C = t.shape[t.rank - 1]!;
  const G = resolveGroups(op, options.groups ?? 32, C, t.shape);
  const ctx = `one per channel (last axis) of x ${fmt(t.shape)}`;
  const g = featureParam(op, 'gamma', gamma, [C], t.dtype, ctx) ?? ones([C], t.dtype);
  const b = featureParam(op, 'beta', beta, [C], t.dtype, ctx) ?? zeros([C], t.dtype);
  const layout = { N: t.shape[0]!, S: prodOf(t.shape, 1, t.rank - 1), G, K: C / G };
  return groupNormOp(t, g, b, { layout, centered: true, epsilon });
}
