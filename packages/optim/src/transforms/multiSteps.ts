import { type Tensor, tree } from '@stepwise/tensor';
import type { GradientTransformation } from '../GradientTransformation.js';
import { PositiveInteger, validateValue } from '../hyperparams.js';
import {
  allocLike,
  checkStateObject,
  countTensor,
  flattenFloat,
  floatBuffer,
  matchingLeaves,
  readCount,
  settled,
  stateTree,
  wrapLike,
  zerosLike,
  zerosTree,
} from '../internal/leaves.js';
import { runningMeanLoop } from '../kernels/elementwise.js';

/**
 * State of {@link multiSteps} (Optax names): the mini-step within the current accumulation (int32), the
 * number of inner updates done (int32), the inner state, and the running mean of the gradients.
 * @category combinators
 * @since 0.1.0
 */
export interface MultiStepsState<S> {
  readonly miniStep: Tensor;
  readonly gradientStep: Tensor;
  readonly innerOptState: S;
  readonly accGrads: unknown;
}

/**
 * Gradient accumulation: averages the gradients of `k` consecutive calls and runs `inner` on their mean
 * every `k`-th call; the other calls return zero updates and keep the inner state. The mean is a running
 * mean (`acc ← acc + (g − acc)/(n+1)`, one fused pass), kept in each leaf's dtype. `multiSteps(inner, 1)`
 * behaves like `inner`.
 *
 * @param k - the number of mini-batches per update, an integer `>= 1`.
 * @throws OptimError `INVALID_HYPERPARAMETER` if `k` is not an integer `>= 1`.
 * @example
 * ```ts
 * import { adam, multiSteps } from '@stepwise/optim';
 * const opt = multiSteps(adam({ learningRate: 1e-3 }), 4); // an effective batch 4× larger
 * ```
 * @see Optax `MultiSteps` (`use_grad_mean=True`); Keras `gradient_accumulation_steps`; in PyTorch, call
 * `step()` every k backward passes (which sums rather than averages unless the loss is divided by k).
 * @category combinators
 * @since 0.1.0
 */
export function multiSteps<S>(
  inner: GradientTransformation<S>,
  k: number,
): GradientTransformation<MultiStepsState<S>> {
  validateValue('multiSteps', 'k', PositiveInteger, k);
  const fields = ['miniStep', 'gradientStep', 'innerOptState', 'accGrads'];
  return {
    init: (params) =>
      Object.freeze({
        miniStep: countTensor(0),
        gradientStep: countTensor(0),
        innerOptState: inner.init(params),
        accGrads: zerosTree('multiSteps', params),
      }),
    update<U>(updates: U, state: MultiStepsState<S>, params?: U): [U, MultiStepsState<S>] {
      checkStateObject('multiSteps', state, fields);
      const [g, def] = flattenFloat('multiSteps', 'updates', updates);
      const acc = matchingLeaves('multiSteps', 'state.accGrads', g, def, state.accGrads);
      const mini = readCount('multiSteps', 'miniStep', state.miniStep);
      const gradientStep = readCount('multiSteps', 'gradientStep', state.gradientStep);
      const inv = 1 / (mini + 1);
      const mean = g.map((gi, i) => {
        const a = acc[i]!;
        const out = allocLike(a);
        runningMeanLoop(out, floatBuffer(a), floatBuffer(gi), inv);
        return wrapLike(out, a);
      });
      if (mini + 1 < k) {
        return [
          tree.unflatten<U>(def, g.map(zerosLike)),
          settled(
            Object.freeze({
              miniStep: countTensor(mini + 1),
              gradientStep: state.gradientStep,
              innerOptState: state.innerOptState,
              accGrads: stateTree(def, mean),
            }),
          ),
        ];
      }
      const [u, innerS] = inner.update(tree.unflatten<U>(def, mean), state.innerOptState, params);
      return [
        u,
        settled(
          Object.freeze({
            miniStep: countTensor(0),
            gradientStep: countTensor(gradientStep + 1),
            innerOptState: innerS,
            accGrads: stateTree(def, mean.map(zerosLike)),
          }),
        ),
      ];
    },
  };
}
