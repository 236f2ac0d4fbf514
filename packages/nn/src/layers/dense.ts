import { add, type DType, matmul, random, reshape, type Tensor, TensorError } from '@stepwise/tensor';
import { zeros } from '../initializers/constant.js';
import { type Initializer, initialize } from '../initializers/Initializer.js';
import { glorotUniform } from '../initializers/varianceScaling.js';
import { checkInput, checkInputShape, EMPTY, type EmptyState, type Layer } from './Layer.js';

/** Parameters of {@link dense} (Keras names). @category layers @since 0.1.0 */
export interface DenseParams {
  /** `[in, units]`. */
  readonly kernel: Tensor;
  /** `[units]`; absent with `useBias: false`. */
  readonly bias?: Tensor;
}

/** Options of {@link dense}. @category layers @since 0.1.0 */
export interface DenseOptions {
  /** Kernel initializer (default `glorotUniform()`, as Keras). */
  readonly kernelInit?: Initializer;
  /** Bias initializer (default `zeros()`, as Keras). */
  readonly biasInit?: Initializer;
  /** Add a bias (default `true`). */
  readonly useBias?: boolean;
  /** Dtype of the parameters (default `float32`). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Fully connected layer, `y = x @ kernel + bias`, applied to the last axis of inputs of rank ≥ 2
 * (`[batch, in]`, or `[batch, …, in]` as Keras `Dense`).
 *
 * Parameters `{ kernel: [in, units], bias: [units] }` (Keras names and layout). Defaults as Keras:
 * `glorotUniform` kernel, zero bias. **PyTorch `nn.Linear` differs**: weight `[out, in]`, and both
 * weight and bias `U(±1/√in)` (`kaimingUniform({ a: √5 })` here).
 *
 * @param units - Output features (a positive integer).
 * @param options - {@link DenseOptions}.
 * @returns A `Layer<DenseParams, EmptyState>`.
 * @throws TensorError `INVALID_ARGUMENT` for bad `units` (at once); `SHAPE_MISMATCH` when an input's last
 * axis does not match the kernel or its rank is below 2.
 * @example
 * ```ts
 * const layer = dense(3);
 * const { params } = layer.init(random.key(0), [8, 5]); // kernel [5,3], bias [3]
 * ```
 * @see Keras `keras.layers.Dense`, PyTorch `torch.nn.Linear`.
 * @category layers
 * @since 0.1.0
 */
export function dense(units: number, options: DenseOptions = {}): Layer<DenseParams, EmptyState> {
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'dense',
      `units must be a positive integer, got ${String(units)}`,
    );
  }
  const kernelInit = options.kernelInit ?? glorotUniform();
  const biasInit = options.biasInit ?? zeros();
  const useBias = options.useBias ?? true;
  const dtype: DType = options.dtype ?? 'float32';
  return {
    init: (key, inputShape) => {
      const s = checkInputShape('dense', inputShape, 2, '[batch, …, features]');
      const fanIn = s[s.length - 1]!;
      const [kk, kb] = random.split(key, 2);
      const kernel = initialize('dense', 'kernelInit', kernelInit, kk!, [fanIn, units], dtype);
      const params: DenseParams = useBias
        ? { kernel, bias: initialize('dense', 'biasInit', biasInit, kb!, [units], dtype) }
        : { kernel };
      return { params, state: EMPTY, outputShape: [...s.slice(0, -1), units] };
    },
    apply: (params, state, x) => {
      const t = checkInput('dense', x, 2, '[batch, …, features]');
      const { kernel, bias } = params;
      const fanIn = kernel.shape[0]!;
      const features = t.shape[t.rank - 1]!;
      if (features !== fanIn) {
        throw new TensorError(
          'SHAPE_MISMATCH',
          'dense',
          `input has ${features} features (shape [${t.shape.join(',')}]) but the kernel [${kernel.shape.join(',')}] expects ${fanIn}`,
        );
      }
      const lead = t.shape.slice(0, -1);
      const x2 = t.rank === 2 ? t : reshape(t, [lead.reduce((p, v) => p * v, 1), fanIn]);
      let y = matmul(x2, kernel);
      if (bias !== undefined) y = add(y, bias);
      return { y: t.rank === 2 ? y : reshape(y, [...lead, kernel.shape[1]!]), state };
    },
  };
}
