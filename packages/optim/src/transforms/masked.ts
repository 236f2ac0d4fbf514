import { type Tensor, tree } from '@stepwise/tensor';
import type { GradientTransformation } from '../GradientTransformation.js';
import { checkStateObject, settled } from '../internal/leaves.js';
import { isMask, type Mask, maskFlags } from '../internal/mask.js';
import { OptimError } from '../OptimError.js';

/** State of {@link masked}: the inner state, built for the masked-in leaves only. @category combinators @since 0.1.0 */
export interface MaskedState<S> {
  readonly innerState: S;
}

/** The tree with masked-out leaves replaced by `null` (an empty subtree), and its leaves and flags. */
function restrict(op: string, mask: Mask, t: unknown): [unknown, Tensor[], boolean[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(t);
  const flags = maskFlags(op, mask, t, def);
  return [
    tree.unflatten(
      def,
      leaves.map((l, i) => (flags[i] ? l : null)),
    ),
    leaves,
    flags,
    def,
  ];
}

/**
 * Applies `inner` only to the leaves where `mask` is `true`; the other leaves pass through unchanged.
 * `inner` sees the tree with masked-out leaves replaced by `null` (empty subtrees), so its state holds
 * moments for the masked-in leaves only. Typical use: no weight decay on biases and norm parameters.
 *
 * @param inner - the transformation to restrict.
 * @param mask - a tree of booleans with the params' structure (or a prefix of it), or a function from
 * the params (in `init`) or updates (in `update`) to one; see {@link leafMask}.
 * @throws OptimError `INVALID_HYPERPARAMETER` for a mask that is not booleans in arrays/objects or a
 * function; `STRUCTURE_MISMATCH` (from `init`/`update`) when the mask does not fit the tree.
 * @example
 * ```ts
 * import { addDecayedWeights, masked } from '@stepwise/optim';
 * const decayKernelOnly = masked(addDecayedWeights(1e-4), { kernel: true, bias: false });
 * ```
 * @see Optax `masked` (same semantics).
 * @category combinators
 * @since 0.1.0
 */
export function masked<S>(
  inner: GradientTransformation<S>,
  mask: Mask,
): GradientTransformation<MaskedState<S>> {
  if (!isMask(mask)) {
    throw new OptimError(
      'INVALID_HYPERPARAMETER',
      'masked',
      'mask must be a tree of booleans (plain objects and arrays) or a function returning one',
    );
  }
  return {
    init(params) {
      const [sub] = restrict('masked', mask, params);
      return Object.freeze({ innerState: inner.init(sub) });
    },
    update<U>(updates: U, state: MaskedState<S>, params?: U): [U, MaskedState<S>] {
      checkStateObject('masked', state, ['innerState']);
      const [subU, leaves, flags, def] = restrict('masked', mask, updates);
      const subP = params === undefined ? undefined : restrict('masked', mask, params)[0];
      const [innerU, innerS] = inner.update(subU, state.innerState, subP);
      const innerLeaves = tree.leaves(innerU);
      let k = 0;
      const out = leaves.map((l, i) => (flags[i] ? innerLeaves[k++]! : l));
      if (k !== innerLeaves.length) {
        throw new OptimError(
          'STRUCTURE_MISMATCH',
          'masked',
          `the inner transformation returned ${innerLeaves.length} leaves for ${k} masked-in leaves`,
        );
      }
      return [tree.unflatten<U>(def, out), settled(Object.freeze({ innerState: innerS }))];
    },
  };
}
