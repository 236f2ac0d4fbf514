import { checkShape } from './Initializer.js';

/**
 * Fan-in and fan-out of a weight shape, with Keras' rules for Stepwise's kernel layouts:
 *
 * | rank | layout | `[fanIn, fanOut]` |
 * |---|---|---|
 * | 0 | scalar | `[1, 1]` |
 * | 1 | vector `[d]` | `[d, d]` |
 * | 2 | dense kernel `[in, out]` | `[in, out]` |
 * | ≥ 3 | conv kernel `[...kernel, in, out]` | `[in·rf, out·rf]`, `rf = ∏ kernel` |
 *
 * **PyTorch differs**: its weights are `[out, in, ...kernel]`, so `fan_in = size(1)·rf`; this function
 * reads our `[in, out]` layout, which is what `kaimingNormal` and friends use here.
 *
 * @param shape - Weight shape.
 * @returns `[fanIn, fanOut]`.
 * @throws TensorError `INVALID_ARGUMENT` for a shape that is not a list of non-negative integers.
 * @example
 * ```ts
 * computeFans([784, 256]); // [784, 256]
 * computeFans([3, 3, 16, 32]); // [144, 288]
 * ```
 * @see Keras `keras.initializers.VarianceScaling` (`compute_fans`), PyTorch `_calculate_fan_in_and_fan_out`.
 * @category initializers
 * @since 0.1.0
 */
export function computeFans(shape: readonly number[]): [fanIn: number, fanOut: number] {
  const s = checkShape('computeFans', shape);
  const r = s.length;
  if (r === 0) return [1, 1];
  if (r === 1) return [s[0]!, s[0]!];
  if (r === 2) return [s[0]!, s[1]!];
  let rf = 1;
  for (let i = 0; i < r - 2; i++) rf *= s[i]!;
  return [s[r - 2]! * rf, s[r - 1]! * rf];
}
