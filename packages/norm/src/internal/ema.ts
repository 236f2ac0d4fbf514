/**
 * The moving-average update of batch-normalization state, computed in float64 and stored in the state's
 * dtype. Pure: returns a new tensor, never writes to `moving`.
 * @internal
 * @module
 */
import type { Tensor } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, readBuffer } from '@stepwise/tensor/kernel';
import type { FloatArray } from '../kernels/channel.js';

/**
 * `momentum · moving + (1 − momentum) · factor · batch`, elementwise (`factor` turns a biased variance
 * into an unbiased one). `momentum = 1` returns `moving` itself (exactly unchanged, even for a non-finite
 * batch); `momentum = 0` returns `factor · batch` in `moving`'s dtype.
 */
export function movingAverage(moving: Tensor, batch: Tensor, momentum: number, factor = 1): Tensor {
  if (momentum === 1) return moving;
  const m = readBuffer(moving) as FloatArray;
  const b = readBuffer(batch) as FloatArray;
  const out = allocateBuffer(moving.dtype, moving.size) as FloatArray;
  const w = 1 - momentum;
  for (let i = 0; i < out.length; i++) {
    out[i] = momentum === 0 ? factor * b[i]! : momentum * m[i]! + w * (factor * b[i]!);
  }
  return adoptBuffer(out, moving.shape, moving.dtype);
}
