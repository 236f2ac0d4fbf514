import { TensorError } from '@stepwise/tensor';

/**
 * Nonlinearities known to {@link calculateGain} (PyTorch's names in camelCase; the snake_case spellings
 * `'leaky_relu'`, `'conv_transpose2d'`… are accepted too).
 * @category initializers
 * @since 0.1.0
 */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leakyRelu'
  | 'selu';

const NAMES: readonly Nonlinearity[] = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'convTranspose1d',
  'convTranspose2d',
  'convTranspose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'selu',
];

/** `'leaky_relu'` → `'leakyRelu'`, `'conv_transpose2d'` → `'convTranspose2d'`. */
const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`): the factor that keeps the
 * activation variance steady when weights are drawn with std `gain/√fan`.
 *
 * | nonlinearity | gain |
 * |---|---|
 * | `linear`, `conv*`, `convTranspose*`, `sigmoid` | 1 |
 * | `tanh` | 5/3 |
 * | `relu` | √2 |
 * | `leakyRelu` | √(2/(1 + slope²)), slope = `param` (default 0.01) |
 * | `selu` | 3/4 (PyTorch's empirical value; use `'linear'` for self-normalizing nets) |
 *
 * @param nonlinearity - One of {@link Nonlinearity} (snake_case accepted).
 * @param param - Negative slope for `leakyRelu` (default 0.01); ignored otherwise.
 * @returns The gain.
 * @throws TensorError `INVALID_ARGUMENT` for an unknown nonlinearity or a non-finite slope.
 * @example
 * ```ts
 * calculateGain('relu'); // 1.4142…
 * calculateGain('leakyRelu', 0.2); // 1.3867…
 * ```
 * @see PyTorch `torch.nn.init.calculate_gain` (same values).
 * @category initializers
 * @since 0.1.0
 */
export function calculateGain(nonlinearity: Nonlinearity | (string & {}), param?: number): number {
  const name = typeof nonlinearity === 'string' ? camel(nonlinearity) : nonlinearity;
  switch (name) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'convTranspose1d':
    case 'convTranspose2d':
    case 'convTranspose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          'calculateGain',
          `negative slope ${String(slope)} is not a valid number`,
        );
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new TensorError(
        'INVALID_ARGUMENT',
        'calculateGain',
        `unknown nonlinearity ${JSON.stringify(nonlinearity)}; expected one of ${NAMES.map((n) => `'${n}'`).join(', ')}`,
      );
  }
}
