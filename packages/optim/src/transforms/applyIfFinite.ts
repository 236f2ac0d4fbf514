import { type Tensor, tree } from '@stepwise/tensor';
import { adoptBuffer } from '@stepwise/tensor/kernel';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { CountLimit, validateOptions } from '../hyperparams.js';
import {
  checkStateObject,
  countTensor,
  flattenFloat,
  floatBuffer,
  readCount,
  settled,
  zerosLike,
} from '../internal/leaves.js';
import { allFinite } from '../kernels/norm.js';

/** Options of {@link applyIfFinite}. @category combinators @since 0.1.0 */
export interface ApplyIfFiniteOptions {
  /**
   * After this many consecutive non-finite steps, the next non-finite step is applied anyway (so a
   * diverged run shows up as NaN params instead of silently freezing). Default `Infinity`: always skip.
   */
  readonly maxConsecutiveErrors?: number;
}

/** io-ts codec of {@link ApplyIfFiniteOptions}. @category hyperparameters @since 0.1.0 */
export const ApplyIfFiniteOptions: t.Type<ApplyIfFiniteOptions, ApplyIfFiniteOptions, unknown> = t.partial({
  maxConsecutiveErrors: CountLimit,
});

/**
 * State of {@link applyIfFinite} (Optax names): consecutive and total skipped steps (int32 scalars),
 * whether the last step was finite (bool scalar), and the inner state.
 * @category combinators
 * @since 0.1.0
 */
export interface ApplyIfFiniteState<S> {
  readonly notfiniteCount: Tensor;
  readonly lastFinite: Tensor;
  readonly totalNotfinite: Tensor;
  readonly innerState: S;
}

const boolScalar = (b: boolean): Tensor => adoptBuffer(Uint8Array.of(b ? 1 : 0), [], 'bool');

/**
 * Skips steps whose incoming updates hold a NaN or ±Infinity: such a step returns zero updates and
 * passes the inner state through unchanged (the same object), and the state counts the skipped steps.
 * Finite steps run `inner` and reset the consecutive count. After `maxConsecutiveErrors` consecutive
 * skips, a non-finite step is passed to `inner` (as Optax does). Wrap the whole optimizer, clipping
 * included: clipping turns a non-finite norm into NaN updates, never zeros, so the step is skipped.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` if `maxConsecutiveErrors` is not an integer `>= 0` or
 * `Infinity`.
 * @example
 * ```ts
 * import { adam, applyIfFinite } from '@stepwise/optim';
 * const opt = applyIfFinite(adam({ learningRate: 1e-3, globalClipNorm: 1 }), { maxConsecutiveErrors: 5 });
 * // after a step: state.totalNotfinite.item() is the number of skipped steps so far
 * ```
 * @see Optax `apply_if_finite` (same state); Keras/PyTorch have it only inside mixed-precision loss
 * scaling (`LossScaleOptimizer`, `GradScaler`).
 * @category combinators
 * @since 0.1.0
 */
export function applyIfFinite<S>(
  inner: GradientTransformation<S>,
  options: ApplyIfFiniteOptions = {},
): GradientTransformation<ApplyIfFiniteState<S>> {
  const o = validateOptions('applyIfFinite', ApplyIfFiniteOptions, options);
  const maxErrors = o.maxConsecutiveErrors ?? Number.POSITIVE_INFINITY;
  const fields = ['notfiniteCount', 'lastFinite', 'totalNotfinite', 'innerState'];
  return {
    init: (params) =>
      Object.freeze({
        notfiniteCount: countTensor(0),
        lastFinite: boolScalar(true),
        totalNotfinite: countTensor(0),
        innerState: inner.init(params),
      }),
    update<U>(updates: U, state: ApplyIfFiniteState<S>, params?: U): [U, ApplyIfFiniteState<S>] {
      checkStateObject('applyIfFinite', state, fields);
      const [leaves, def] = flattenFloat('applyIfFinite', 'updates', updates);
      const finite = leaves.every((l) => allFinite(floatBuffer(l)));
      const consecutive = finite ? 0 : readCount('applyIfFinite', 'notfiniteCount', state.notfiniteCount) + 1;
      const total = readCount('applyIfFinite', 'totalNotfinite', state.totalNotfinite) + (finite ? 0 : 1);
      const apply = finite || consecutive > maxErrors;
      const [u, innerState] = apply
        ? inner.update(updates, state.innerState, params)
        : [tree.unflatten<U>(def, leaves.map(zerosLike)), state.innerState];
      return [
        u,
        settled(
          Object.freeze({
            notfiniteCount: countTensor(consecutive),
            lastFinite: boolScalar(finite),
            totalNotfinite: countTensor(total),
            innerState,
          }),
        ),
      ];
    },
  };
}
