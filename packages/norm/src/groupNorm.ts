import type { EmptyState, Initializer, Layer } from '@stepwise/nn';
import { TensorError } from '@stepwise/tensor';
import { groupNormalize, resolveGroups } from './groupNormalize.js';
import { affineParams, checkAffine, checkDType, checkInputShape } from './internal/layerUtil.js';
import { checkEpsilon, checkFlag, floatInput, fmt } from './internal/validate.js';
import type { AffineParams } from './layerNorm.js';

/** Options of {@link groupNorm}. @category group normalization @since 0.1.0 */
export interface GroupNormOptions {
  /** Number of channel groups, dividing `C` (default 32, as Keras); `-1`: one per channel. */
  readonly groups?: number;
  /** Added to the variance inside the square root, `> 0` (default `1e-3`, as Keras). */
  readonly epsilon?: number;
  /** Learn an offset `beta` (default `true`). */
  readonly center?: boolean;
  /** Learn a scale `gamma` (default `true`). */
  readonly scale?: boolean;
  /** Initializer of `gamma` (default ones). */
  readonly gammaInit?: Initializer;
  /** Initializer of `beta` (default zeros). */
  readonly betaInit?: Initializer;
  /** Dtype of the parameters (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Group normalization layer for channels-last input `[N, …spatial, C]`: {@link groupNormalize} with
 * learned per-channel `gamma`/`beta` of shape `[C]`. No state (`{}`); the same in training and inference.
 *
 * @param options - {@link GroupNormOptions}: `groups = 32`, `epsilon = 1e-3`, `center = true`, `scale = true`.
 * @returns A `Layer<AffineParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for bad options (at once) and, at `init`/`apply`, when `groups` does
 * not divide `C`; `SHAPE_MISMATCH` for an input of rank below 2.
 * @example
 * ```ts
 * const gn = groupNorm({ groups: 4 });
 * const { params, state } = gn.init(random.key(0), [2, 8, 8, 16]);
 * params.beta?.shape; // [16]
 * gn.apply(params, state, random.normal(random.key(1), [2, 8, 8, 16])).y.shape; // [2, 8, 8, 16]
 * ```
 * @see Keras `keras.layers.GroupNormalization(groups=32, axis=-1, epsilon=1e-3)`; PyTorch
 * `nn.GroupNorm(num_groups, num_channels, eps=1e-5)` (channels-first).
 * @category group normalization
 * @since 0.1.0
 */
export function groupNorm(options: GroupNormOptions = {}): Layer<AffineParams, EmptyState> {
  const op = 'groupNorm';
  const groups = options.groups ?? 32;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || (groups < 1 && groups !== -1)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `groups must be a positive integer or -1, got ${String(groups)}`,
    );
  }
  const epsilon = checkEpsilon(op, options.epsilon ?? 1e-3);
  const center = checkFlag(op, 'center', options.center ?? true);
  const scale = checkFlag(op, 'scale', options.scale ?? true);
  const dtype = checkDType(op, options.dtype ?? 'float32');
  const empty: EmptyState = Object.freeze({});
  return {
    init: (key, inputShape) => {
      const s = checkInputShape(op, inputShape);
      if (s.length < 2) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          op,
          `expects input batches of rank ≥ 2 ([batch, …, channels]), got shape ${fmt(s)}`,
        );
      }
      const C = s[s.length - 1]!;
      resolveGroups(op, groups, C, s);
      return {
        params: affineParams(key, [C], dtype, scale, center, options.gammaInit, options.betaInit),
        state: empty,
        outputShape: [...s],
      };
    },
    apply: (params, state, x) => {
      checkAffine(op, params, scale, center);
      const t = floatInput(op, x, 2, '[batch, …, channels]');
      return { y: groupNormalize(t, params.gamma ?? null, params.beta ?? null, { groups, epsilon }), state };
    },
  };
}
