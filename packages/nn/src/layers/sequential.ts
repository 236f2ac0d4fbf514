import { random, type Tensor, TensorError } from '@stepwise/tensor';
import type { ApplyOptions, Layer, LayerOutput, ParamsOf, StateOf } from './Layer.js';

/** Parameters of `sequential(...layers)`: a tuple with one entry per layer. @category layers @since 0.1.0 */
export type SequentialParams<Ls extends readonly unknown[]> = { -readonly [K in keyof Ls]: ParamsOf<Ls[K]> };

/** State of `sequential(...layers)`: a tuple with one entry per layer. @category layers @since 0.1.0 */
export type SequentialState<Ls extends readonly unknown[]> = { -readonly [K in keyof Ls]: StateOf<Ls[K]> };

// biome-ignore lint/suspicious/noExplicitAny: a layer of any parameter and state types.
type AnyLayer = Layer<any, any>;

/**
 * Composes layers: the output of each is the input of the next. Parameters and state are arrays with one
 * entry per layer (`{}` for a layer without any), typed as tuples. `init` splits its key into one key per
 * layer and threads the shapes; `apply` threads the state (returning a new array) and, when given a key,
 * splits it into one key per layer.
 *
 * `sequential(layer)` computes exactly what `layer` computes (with params `[p]`).
 *
 * @param layers - The layers, first to last.
 * @returns A `Layer<SequentialParams<Ls>, SequentialState<Ls>>`.
 * @throws TensorError `INVALID_ARGUMENT` when an entry is not a layer (at once) or the params/state arrays
 * do not have one entry per layer.
 * @example
 * ```ts
 * const model = sequential(dense(16), activation(relu), dense(1));
 * const { params } = model.init(random.key(0), [8, 4]); // [{ kernel, bias }, {}, { kernel, bias }]
 * ```
 * @see Keras `keras.Sequential`, PyTorch `nn.Sequential`, stax `serial`.
 * @category layers
 * @since 0.1.0
 */
export function sequential<const Ls extends readonly AnyLayer[]>(
  ...layers: Ls
): Layer<SequentialParams<Ls>, SequentialState<Ls>> {
  layers.forEach((l, i) => {
    if (
      typeof l !== 'object' ||
      l === null ||
      typeof l.init !== 'function' ||
      typeof l.apply !== 'function'
    ) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        'sequential',
        `argument ${i} is not a layer ({ init, apply })`,
      );
    }
  });
  const n = layers.length;
  const keysFor = (key: random.Key): random.Key[] => (n === 0 ? [] : n === 1 ? [key] : random.split(key, n));
  const checkLength = (what: string, v: unknown): readonly unknown[] => {
    if (!Array.isArray(v) || v.length !== n) {
      const got = Array.isArray(v) ? `${v.length} entries` : typeof v;
      throw new TensorError(
        'INVALID_ARGUMENT',
        'sequential',
        `${what} must be an array with one entry per layer (${n}), got ${got}`,
      );
    }
    return v;
  };
  return {
    init: (key, inputShape) => {
      const keys = keysFor(key);
      const params: unknown[] = [];
      const state: unknown[] = [];
      let shape = inputShape;
      for (let i = 0; i < n; i++) {
        const r = layers[i]!.init(keys[i]!, shape);
        params.push(r.params);
        state.push(r.state);
        shape = r.outputShape;
      }
      return {
        params: params as SequentialParams<Ls>,
        state: state as SequentialState<Ls>,
        outputShape: shape,
      };
    },
    apply: (params, state, x, options: ApplyOptions = {}) => {
      const ps = checkLength('params', params);
      const ss = checkLength('state', state);
      const keys = options.key === undefined ? undefined : keysFor(options.key);
      const training = options.training ?? false;
      const next: unknown[] = [];
      let y: Tensor = x;
      for (let i = 0; i < n; i++) {
        const opts: ApplyOptions = keys === undefined ? { training } : { training, key: keys[i]! };
        const out: LayerOutput<unknown> = layers[i]!.apply(ps[i], ss[i], y, opts);
        y = out.y;
        next.push(out.state);
      }
      return { y, state: next as SequentialState<Ls> };
    },
  };
}
