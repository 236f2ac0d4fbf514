/**
 * The `[outer, C, inner]` view of a tensor around its feature axis, and the small helpers that move
 * per-feature values between `[C]` tensors, float64 arrays and the broadcastable shape `[1, …, C, …, 1]`.
 * @internal
 * @module
 */
import { type DType, reshape, type Tensor } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, readBuffer } from '@stepwise/tensor/kernel';
import type { FloatArray } from '../kernels/channel.js';
import { prodOf } from './validate.js';

/** A tensor seen as `[outer, C, inner]` around feature axis `axis`. */
export interface ChannelLayout {
  readonly axis: number;
  readonly outer: number;
  readonly C: number;
  readonly inner: number;
  /** Elements per feature (`outer · inner`). */
  readonly n: number;
  /** The axes reduced over (all but `axis`). */
  readonly reduceAxes: readonly number[];
  /** `[1, …, C, …, 1]`: a `[C]` tensor reshaped to broadcast against the input. */
  readonly featureShape: readonly number[];
}

/** The layout of `shape` around `axis` (already normalized). */
export function channelLayout(shape: readonly number[], axis: number): ChannelLayout {
  const outer = prodOf(shape, 0, axis);
  const inner = prodOf(shape, axis + 1);
  const C = shape[axis]!;
  return {
    axis,
    outer,
    C,
    inner,
    n: outer * inner,
    reduceAxes: shape.map((_, i) => i).filter((i) => i !== axis),
    featureShape: shape.map((d, i) => (i === axis ? d : 1)),
  };
}

/** The values of a float tensor as a new float64 array. */
export function toFloat64(t: Tensor): Float64Array {
  return Float64Array.from(readBuffer(t) as FloatArray);
}

/** A `[C]`-shaped (or `shape`-shaped) tensor of `dtype` holding `values`. */
export function fromFloat64(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const out = allocateBuffer(dtype, values.length) as FloatArray;
  out.set(values);
  return adoptBuffer(out, shape, dtype);
}

/** A per-feature `[C]` tensor reshaped to broadcast along the feature axis. */
export const asFeature = (t: Tensor, L: ChannelLayout): Tensor => reshape(t, L.featureShape);
