import { type Tensor, tree } from '@stepwise/tensor';
import * as t from 'io-ts';
import type { GradientTransformation } from '../GradientTransformation.js';
import { NonNegativeNumber, validateOptions } from '../hyperparams.js';
import {
  allocLike,
  checkStateObject,
  flattenFloat,
  floatBuffer,
  fullLike,
  matchingLeaves,
  stateTree,
  wrapLike,
} from '../internal/leaves.js';
import { rssLoop } from '../kernels/moments.js';

/** Options of {@link scaleByRss}. @category transformations @since 0.1.0 */
export interface ScaleByRssOptions {
  /** Initial value of the accumulator, `>= 0`; default 0.1 (Keras, Optax, TF.js; PyTorch uses 0). */
  readonly initialAccumulatorValue?: number;
  /** Added inside the square root, `>= 0`; default 1e-7. */
  readonly eps?: number;
}

/** io-ts codec of {@link ScaleByRssOptions}. @category hyperparameters @since 0.1.0 */
export const ScaleByRssOptions: t.Type<ScaleByRssOptions, ScaleByRssOptions, unknown> = t.partial({
  initialAccumulatorValue: NonNegativeNumber,
  eps: NonNegativeNumber,
});

/** State of {@link scaleByRss}: the running sum of squared gradients. @category transformations @since 0.1.0 */
export interface ScaleByRssState {
  readonly sumOfSquares: unknown;
}

/**
 * Adagrad's scaling by the root of the sum of squares: `A ← A + g²` (A₀ = initialAccumulatorValue),
 * `u = g / √(A + eps)` where `A > 0`, and 0 where `A = 0`. One fused pass per leaf.
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` for a negative `initialAccumulatorValue` or `eps`.
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByRss } from '@stepwise/optim';
 * const myAdagrad = chain(scaleByRss(), scaleByLearningRate(0.01));
 * ```
 * @see Optax `scale_by_rss` (same); Keras `Adagrad` (eps inside the root); PyTorch (`√A + eps`, A₀ = 0).
 * @category transformations
 * @since 0.1.0
 */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const o = validateOptions('scaleByRss', ScaleByRssOptions, options);
  const initial = o.initialAccumulatorValue ?? 0.1;
  const eps = o.eps ?? 1e-7;
  return {
    init(params) {
      const [leaves, def] = flattenFloat('scaleByRss', 'params', params);
      return Object.freeze({
        sumOfSquares: stateTree(
          def,
          leaves.map((p) => fullLike(p, initial)),
        ),
      });
    },
    update<U>(updates: U, state: ScaleByRssState): [U, ScaleByRssState] {
      checkStateObject('scaleByRss', state, ['sumOfSquares']);
      const [g, def] = flattenFloat('scaleByRss', 'updates', updates);
      const acc = matchingLeaves('scaleByRss', 'state.sumOfSquares', g, def, state.sumOfSquares);
      const u: Tensor[] = [];
      const a: Tensor[] = [];
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]!;
        const uOut = allocLike(gi);
        const accOut = allocLike(acc[i]!);
        rssLoop(uOut, accOut, floatBuffer(gi), floatBuffer(acc[i]!), eps);
        u.push(wrapLike(uOut, gi));
        a.push(wrapLike(accOut, acc[i]!));
      }
      return [tree.unflatten<U>(def, u), Object.freeze({ sumOfSquares: stateTree(def, a) })];
    },
  };
}
