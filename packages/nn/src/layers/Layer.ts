import { isTensor, type random, type Tensor, TensorError } from '@stepwise/tensor';

/** Options of {@link Layer.apply}. @category layers @since 0.1.0 */
export interface ApplyOptions {
  /** Training mode (dropout active, batch statistics…); default `false`. */
  readonly training?: boolean;
  /** PRNG key for stochastic layers (required by `dropout` in training mode). */
  readonly key?: random.Key;
}

/** What {@link Layer.init} returns. @category layers @since 0.1.0 */
export interface LayerInit<P, S> {
  /** Trainable parameters (a pytree). */
  readonly params: P;
  /** Non-trainable state, e.g. moving statistics (a pytree; `{}` when the layer has none). */
  readonly state: S;
  /** Shape of the output batch for the given input batch shape. */
  readonly outputShape: readonly number[];
}

/** What {@link Layer.apply} returns. @category layers @since 0.1.0 */
export interface LayerOutput<S> {
  /** The output batch. */
  readonly y: Tensor;
  /** The new state (the same object when the layer has none); never mutated in place. */
  readonly state: S;
}

/**
 * A layer is a pair of pure functions over explicit values, in the style of Flax/Haiku and stax:
 *
 * - `init(key, inputShape)` creates the parameters and state for input batches of `inputShape`
 *   (the full shape, batch dimension first) and reports the output shape;
 * - `apply(params, state, x, { training, key })` computes the output and the new state. It never mutates
 *   anything, so `grad` of a loss with respect to `params` just works.
 *
 * `P` and `S` are the parameter and state types: `dense(4)` is `Layer<DenseParams, EmptyState>`, and
 * `sequential(dense(4), activation(relu))` has params typed as the tuple `[DenseParams, EmptyParams]`.
 *
 * @example
 * ```ts
 * const layer = dense(3);
 * const { params, state } = layer.init(random.key(0), [8, 5]);
 * const x = random.normal(random.key(1), [8, 5]);
 * const { y } = layer.apply(params, state, x, { training: false }); // y: [8, 3]
 * ```
 * @see Keras `Layer` (`build` + `call`), Flax `Module.init`/`apply`, PyTorch `nn.Module` (stateful).
 * @category layers
 * @since 0.1.0
 */
export interface Layer<P, S> {
  readonly init: (key: random.Key, inputShape: readonly number[]) => LayerInit<P, S>;
  readonly apply: (params: P, state: S, x: Tensor, options?: ApplyOptions) => LayerOutput<S>;
}

/** Parameters of a layer without any: `{}`. @category layers @since 0.1.0 */
export type EmptyParams = Readonly<Record<string, never>>;

/** State of a layer without any: `{}`. @category layers @since 0.1.0 */
export type EmptyState = Readonly<Record<string, never>>;

/** The parameter type of a layer. @category layers @since 0.1.0 */
export type ParamsOf<L> = L extends Layer<infer P, infer _S> ? P : never;

/** The state type of a layer. @category layers @since 0.1.0 */
export type StateOf<L> = L extends Layer<infer _P, infer S> ? S : never;

/** The shared empty params/state value. @internal */
export const EMPTY: EmptyParams = Object.freeze({});

/** Validates an input batch shape: integers ≥ 0, rank ≥ `minRank`. @internal */
export function checkInputShape(
  op: string,
  shape: unknown,
  minRank: number,
  what: string,
): readonly number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `inputShape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (shape.length < minRank) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `expects input batches of rank ≥ ${minRank} (${what}), got shape [${shape.join(',')}]`,
    );
  }
  return shape as readonly number[];
}

/** Checks that `x` is a tensor of rank ≥ `minRank`. @internal */
export function checkInput(op: string, x: unknown, minRank: number, what: string): Tensor {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `x must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  const t = x;
  if (t.rank < minRank) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `expects input of rank ≥ ${minRank} (${what}), got shape [${t.shape.join(',')}]`,
    );
  }
  return t;
}
