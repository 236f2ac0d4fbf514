/**
 * Small helpers shared by the normalization layers: option and input-shape validation and the
 * creation of `gamma`/`beta`.
 * @internal
 * @module
 */

import type { Initializer } from '@stepwise/nn';
import { type DType, ones, random, type Tensor, TensorError, zeros } from '@stepwise/tensor';

/** Validates an input batch shape (non-negative integers). */
export function checkInputShape(op: string, shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `inputShape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  return shape as readonly number[];
}

/** Validates the `dtype` option of a layer. */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new TensorError(
      'INVALID_ARGUMENT',
      op,
      `dtype must be 'float32' or 'float64', got ${String(dtype)}`,
    );
  }
  return dtype;
}

/** `{ gamma, beta }` of `shape`, each omitted when its flag is off; initializers default to ones/zeros. */
export function affineParams(
  key: random.Key,
  shape: readonly number[],
  dtype: DType,
  scale: boolean,
  center: boolean,
  gammaInit: Initializer | undefined,
  betaInit: Initializer | undefined,
): { gamma?: Tensor; beta?: Tensor } {
  const [kg, kb] = random.split(key, 2);
  const params: { gamma?: Tensor; beta?: Tensor } = {};
  if (scale) params.gamma = gammaInit ? gammaInit(kg!, shape, dtype) : ones(shape, dtype);
  if (center) params.beta = betaInit ? betaInit(kb!, shape, dtype) : zeros(shape, dtype);
  return params;
}

/** Checks that `params` holds the tensors the layer's flags promise. */
export function checkAffine(
  op: string,
  params: { readonly gamma?: Tensor; readonly beta?: Tensor },
  scale: boolean,
  center: boolean,
): void {
  if (scale && params.gamma === undefined) {
    throw new TensorError('INVALID_ARGUMENT', op, 'params.gamma is missing (the layer has scale: true)');
  }
  if (center && params.beta === undefined) {
    throw new TensorError('INVALID_ARGUMENT', op, 'params.beta is missing (the layer has center: true)');
  }
}
