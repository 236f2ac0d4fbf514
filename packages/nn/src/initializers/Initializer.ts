import { type DType, isTensor, type random, type Tensor, TensorError } from '@stepwise/tensor';

/**
 * A weight initializer: a pure function of a PRNG key, a shape and a dtype (default `float32`). The same
 * key, shape and dtype always give the same tensor. Initializers are made by factories such as
 * `heNormal()`, `zeros()`, `constant(0.1)` or `varianceScaling({...})`.
 *
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * import { heNormal, type Initializer } from '@stepwise/nn';
 * const init: Initializer = heNormal();
 * const w = init(random.key(0), [784, 256]); // float32[784,256], std √(2/784)
 * ```
 * @category initializers
 * @since 0.1.0
 */
export type Initializer = (key: random.Key, shape: readonly number[], dtype?: DType) => Tensor;

/** Checks that a sampling initializer was asked for a float dtype. @internal */
export function floatDType(op: string, dtype: unknown): 'float32' | 'float64' {
  if (dtype === undefined) return 'float32';
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new TensorError(
    'DTYPE_MISMATCH',
    op,
    `random initializers produce float32 or float64, got dtype ${JSON.stringify(dtype)}`,
  );
}

/** Validates a shape argument (a list of non-negative integers). @internal */
export function checkShape(op: string, shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  return shape as readonly number[];
}

/** Validates a strictly positive finite option. @internal */
export function positive(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} must be a positive finite number, got ${String(v)}`,
    );
  }
  return v;
}

/** Validates a string option against its allowed values. @internal */
export function oneOf<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `unknown ${name} ${JSON.stringify(v)}; expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return v as T;
}

/**
 * Runs a user-supplied initializer for a layer and checks what it returns, so that a factory passed without
 * its call (`heNormal` instead of `heNormal()`) or a wrong shape is reported where it happens. @internal
 */
export function initialize(
  op: string,
  name: string,
  init: Initializer,
  key: random.Key,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const t: unknown = init(key, shape, dtype);
  if (typeof t === 'function') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `${name} returned a function: pass the initializer itself, e.g. heNormal() rather than heNormal`,
    );
  }
  if (!isTensor(t) || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    const got = isTensor(t) ? `a tensor of shape [${t.shape.join(',')}]` : typeof t;
    throw new TensorError(
      'SHAPE_MISMATCH',
      op,
      `${name} must return a tensor of shape [${shape.join(',')}], got ${got}`,
    );
  }
  return t;
}
