import {
  add,
  type DType,
  matmul,
  random,
  reshape,
  slice,
  stack,
  type Tensor,
  TensorError,
  zeros as zerosTensor,
} from '@stepwise/tensor';
import { tanh } from '../activations/tanh.js';
import { zeros } from '../initializers/constant.js';
import { type Initializer, initialize } from '../initializers/Initializer.js';
import { orthogonal } from '../initializers/orthogonal.js';
import { glorotUniform } from '../initializers/varianceScaling.js';
import { checkInput, checkInputShape, EMPTY, type EmptyState, type Layer } from './Layer.js';

/** Parameters of {@link simpleRnn} (Keras names). @category layers @since 0.1.0 */
export interface SimpleRnnParams {
  /** Input weights `[features, units]`. */
  readonly kernel: Tensor;
  /** Recurrent weights `[units, units]`. */
  readonly recurrentKernel: Tensor;
  /** `[units]`; absent with `useBias: false`. */
  readonly bias?: Tensor;
}

/** Options of {@link simpleRnn}. @category layers @since 0.1.0 */
export interface SimpleRnnOptions {
  /** Nonlinearity of the recurrence (default `tanh`). */
  readonly activation?: (x: Tensor) => Tensor;
  /** Return every hidden state `[batch, time, units]` instead of the last `[batch, units]` (default `false`). */
  readonly returnSequences?: boolean;
  /** Input kernel initializer (default `glorotUniform()`, as Keras). */
  readonly kernelInit?: Initializer;
  /** Recurrent kernel initializer (default `orthogonal()`, as Keras). */
  readonly recurrentInit?: Initializer;
  /** Bias initializer (default `zeros()`). */
  readonly biasInit?: Initializer;
  /** Add a bias (default `true`). */
  readonly useBias?: boolean;
  /** Dtype of the parameters (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Elman recurrent layer over the time axis of `[batch, time, features]` inputs:
 * `hₜ = act(xₜ @ kernel + hₜ₋₁ @ recurrentKernel + bias)`, `h₀ = 0`, `act = tanh` by default.
 * Returns the last hidden state `[batch, units]`, or all of them `[batch, time, units]` with
 * `returnSequences`. The loop is unrolled into ordinary ops, so gradients flow back through time
 * (and show vanishing or exploding behaviour with the spectral radius of `recurrentKernel`).
 * The input projection of all time steps is computed in one matmul.
 *
 * Parameters `{ kernel: [features, units], recurrentKernel: [units, units], bias: [units] }` with Keras'
 * names and defaults (glorotUniform, orthogonal, zeros). **PyTorch `nn.RNN` differs**: transposed
 * weights, two biases, `U(±1/√units)` init, time-major input by default.
 *
 * @param units - Size of the hidden state (a positive integer).
 * @param options - {@link SimpleRnnOptions}.
 * @returns A `Layer<SimpleRnnParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for bad `units` (at once); `SHAPE_MISMATCH` for inputs that are
 * not `[batch, time, features]` with the kernel's feature count.
 * @example
 * ```ts
 * const rnn = simpleRnn(8);
 * const { params } = rnn.init(random.key(0), [4, 10, 3]); // outputShape [4, 8]
 * ```
 * @see Keras `keras.layers.SimpleRNN`, PyTorch `torch.nn.RNN`.
 * @category layers
 * @since 0.1.0
 */
export function simpleRnn(units: number, options: SimpleRnnOptions = {}): Layer<SimpleRnnParams, EmptyState> {
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'simpleRnn',
      `units must be a positive integer, got ${String(units)}`,
    );
  }
  const act = options.activation ?? tanh;
  const returnSequences = options.returnSequences ?? false;
  const kernelInit = options.kernelInit ?? glorotUniform();
  const recurrentInit = options.recurrentInit ?? orthogonal();
  const biasInit = options.biasInit ?? zeros();
  const useBias = options.useBias ?? true;
  const dtype: DType = options.dtype ?? 'float32';
  const what = '[batch, time, features]';
  return {
    init: (key, inputShape) => {
      const s = checkInputShape('simpleRnn', inputShape, 3, what);
      if (s.length !== 3) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          'simpleRnn',
          `expects input batches ${what}, got shape [${s.join(',')}]`,
        );
      }
      const [kk, kr, kb] = random.split(key, 3);
      const kernel = initialize('simpleRnn', 'kernelInit', kernelInit, kk!, [s[2]!, units], dtype);
      const recurrentKernel = initialize(
        'simpleRnn',
        'recurrentInit',
        recurrentInit,
        kr!,
        [units, units],
        dtype,
      );
      const params: SimpleRnnParams = useBias
        ? {
            kernel,
            recurrentKernel,
            bias: initialize('simpleRnn', 'biasInit', biasInit, kb!, [units], dtype),
          }
        : { kernel, recurrentKernel };
      return {
        params,
        state: EMPTY,
        outputShape: returnSequences ? [s[0]!, s[1]!, units] : [s[0]!, units],
      };
    },
    apply: (params, state, x) => {
      const t = checkInput('simpleRnn', x, 3, what);
      const { kernel, recurrentKernel, bias } = params;
      if (t.rank !== 3 || t.shape[2] !== kernel.shape[0]) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          'simpleRnn',
          `expects input ${what} with ${kernel.shape[0]} features, got shape [${t.shape.join(',')}]`,
        );
      }
      const [batch, time, features] = t.shape as [number, number, number];
      // Input projection of every time step at once: [batch·time, features] @ [features, units].
      let xw = matmul(reshape(t, [batch * time, features]), kernel);
      if (bias !== undefined) xw = add(xw, bias);
      const proj = reshape(xw, [batch, time, units]);
      let h = zerosTensor([batch, units], kernel.dtype);
      const hs: Tensor[] = [];
      for (let step = 0; step < time; step++) {
        const xt = reshape(slice(proj, [0, step, 0], [batch, 1, units]), [batch, units]);
        h = act(add(xt, matmul(h, recurrentKernel)));
        if (returnSequences) hs.push(h);
      }
      if (!returnSequences) return { y: h, state };
      return { y: time === 0 ? zerosTensor([batch, 0, units], kernel.dtype) : stack(hs, 1), state };
    },
  };
}
