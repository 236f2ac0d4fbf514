import { random, TensorError } from '@stepwise/tensor';
import { calculateGain, type Nonlinearity } from './calculateGain.js';
import { computeFans } from './computeFans.js';
import { checkShape, floatDType, type Initializer, oneOf } from './Initializer.js';

/** Options of {@link kaimingNormal} and {@link kaimingUniform}. @category initializers @since 0.1.0 */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (used only by `'leakyRelu'`; default 0). */
  readonly a?: number;
  /** `'fanIn'` (default) preserves the forward variance, `'fanOut'` the backward one. */
  readonly mode?: 'fanIn' | 'fanOut';
  /** Nonlinearity the gain is computed for (default `'leakyRelu'`, which with `a = 0` gives √2). */
  readonly nonlinearity?: Nonlinearity;
}

/** Options of {@link xavierNormal} and {@link xavierUniform}. @category initializers @since 0.1.0 */
export interface XavierOptions {
  /** Multiplier of the standard deviation or bound (default 1). */
  readonly gain?: number;
}

function kaimingStd(op: string, options: KaimingOptions): (shape: readonly number[]) => number {
  const a = options.a ?? 0;
  const mode = oneOf(op, 'mode', options.mode ?? 'fanIn', ['fanIn', 'fanOut'] as const);
  const gain = calculateGain(options.nonlinearity ?? 'leakyRelu', a);
  return (shape) => {
    const [fanIn, fanOut] = computeFans(checkShape(op, shape));
    return gain / Math.sqrt(Math.max(1, mode === 'fanIn' ? fanIn : fanOut));
  };
}

/** Validates a gain option. */
function checkGain(op: string, gain: unknown): number {
  if (typeof gain !== 'number' || !Number.isFinite(gain) || gain < 0) {
    throw new TensorError('INVALID_ARGUMENT', op, `gain must be a finite number ≥ 0, got ${String(gain)}`);
  }
  return gain;
}

/**
 * PyTorch's `kaiming_normal_`: an **untruncated** normal with `std = gain / √fan`,
 * `gain = calculateGain(nonlinearity, a)`. Fans come from our `[in, out]` kernel layout
 * ({@link computeFans}), so `mode: 'fanIn'` divides by the number of inputs as in PyTorch.
 *
 * Defaults `{ a: 0, mode: 'fanIn', nonlinearity: 'leakyRelu' }` as PyTorch (gain √2). Keras' `heNormal`
 * is the truncated counterpart.
 *
 * @param options - {@link KaimingOptions}.
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for an unknown mode or nonlinearity (at once).
 * @example `kaimingNormal({ mode: 'fanOut', nonlinearity: 'relu' })(random.key(0), [128, 64])`
 * @see PyTorch `torch.nn.init.kaiming_normal_`, He et al. 2015.
 * @category initializers
 * @since 0.1.0
 */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  const std = kaimingStd('kaimingNormal', options);
  return (key, shape, dtype) =>
    random.normal(key, shape, { std: std(shape), dtype: floatDType('kaimingNormal', dtype) });
}

/**
 * PyTorch's `kaiming_uniform_`: `U(−bound, bound)` with `bound = gain·√(3/fan)`; options as
 * {@link kaimingNormal}. PyTorch's `nn.Linear` default is `kaimingUniform({ a: √5 })`, i.e. `U(±1/√in)`.
 *
 * @param options - {@link KaimingOptions}.
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for an unknown mode or nonlinearity (at once).
 * @example `kaimingUniform({ a: Math.sqrt(5) })(random.key(0), [128, 64]) // PyTorch Linear's default`
 * @see PyTorch `torch.nn.init.kaiming_uniform_`.
 * @category initializers
 * @since 0.1.0
 */
export function kaimingUniform(options: KaimingOptions = {}): Initializer {
  const std = kaimingStd('kaimingUniform', options);
  return (key, shape, dtype) => {
    const bound = Math.sqrt(3) * std(shape);
    return random.uniform(key, shape, {
      min: -bound,
      max: bound,
      dtype: floatDType('kaimingUniform', dtype),
    });
  };
}

/**
 * PyTorch's `xavier_normal_`: an **untruncated** normal with `std = gain·√(2/(fanIn + fanOut))`.
 * Keras' `glorotNormal` is the truncated counterpart.
 *
 * @param options - `{ gain = 1 }`.
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for a negative or non-finite gain.
 * @example `xavierNormal({ gain: calculateGain('tanh') })(random.key(0), [128, 64])`
 * @see PyTorch `torch.nn.init.xavier_normal_`.
 * @category initializers
 * @since 0.1.0
 */
export function xavierNormal(options: XavierOptions = {}): Initializer {
  const gain = checkGain('xavierNormal', options.gain ?? 1);
  return (key, shape, dtype) => {
    const [fanIn, fanOut] = computeFans(checkShape('xavierNormal', shape));
    const std = gain * Math.sqrt(2 / Math.max(1, fanIn + fanOut));
    return random.normal(key, shape, { std, dtype: floatDType('xavierNormal', dtype) });
  };
}

/**
 * PyTorch's `xavier_uniform_`: `U(−a, a)` with `a = gain·√(6/(fanIn + fanOut))` (with gain 1 the same
 * as Keras' `glorotUniform`).
 *
 * @param options - `{ gain = 1 }`.
 * @returns An {@link Initializer}.
 * @throws TensorError `INVALID_ARGUMENT` for a negative or non-finite gain.
 * @example `xavierUniform()(random.key(0), [128, 64])`
 * @see PyTorch `torch.nn.init.xavier_uniform_`.
 * @category initializers
 * @since 0.1.0
 */
export function xavierUniform(options: XavierOptions = {}): Initializer {
  const gain = checkGain('xavierUniform', options.gain ?? 1);
  return (key, shape, dtype) => {
    const [fanIn, fanOut] = computeFans(checkShape('xavierUniform', shape));
    const a = gain * Math.sqrt(6 / Math.max(1, fanIn + fanOut));
    return random.uniform(key, shape, { min: -a, max: a, dtype: floatDType('xavierUniform', dtype) });
  };
}
