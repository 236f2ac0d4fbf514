import { type Tensor, tree } from '@stepwise/tensor';
import { leafPaths } from './internal/leaves.js';
import type { MaskTree } from './internal/mask.js';

/**
 * Builds a mask function from a predicate on each leaf and its path (`'dense.kernel'`,
 * `'layers[0].bias'`), for {@link masked}, {@link addDecayedWeights} and `adamw({ mask })`.
 *
 * @example
 * ```ts
 * import { adamw, leafMask } from '@stepwise/optim';
 * // decay weight matrices only, not biases or norm scales (rank-1 leaves):
 * const opt = adamw({ learningRate: 1e-3, weightDecay: 0.01, mask: leafMask((p) => p.rank > 1) });
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function leafMask(predicate: (leaf: Tensor, path: string) => boolean): (params: unknown) => MaskTree {
  return (params) => {
    const [leaves, def] = tree.flatten(params);
    const paths = leafPaths(def);
    return tree.unflatten<MaskTree>(
      def,
      leaves.map((l, i) => predicate(l, paths[i]!)),
    );
  };
}
