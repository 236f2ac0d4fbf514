import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { stridesOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { stridedCopy } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { pad } from './pad.js';

/** Full-rank start and extent of a slice. @internal */
export interface SliceParams {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}

const sliceP = definePrimitive<SliceParams>({
  name: 'slice',
  impl: ([x], { begin, size }) => {
    const src = bufferOf(x!);
    const strides = stridesOf(x!.shape);
    let off = 0;
    for (let i = 0; i < begin.length; i++) off += begin[i]! * strides[i]!;
    const out = allocate(
      x!.dtype,
      size.reduce((a, b) => a * b, 1),
    );
    stridedCopy(out, 0, stridesOf(size), src, off, strides, size);
    return fromBuffer(out, size, x!.dtype);
  },
  vjp: (g, [x], _out, { begin, size }) => [
    pad(
      g,
      begin.map((b, i) => [b, x!.shape[i]! - b - size[i]!] as const),
      0,
    ),
  ],
});

const fmtList = (v: unknown): string => (Array.isArray(v) ? `[${v.map(String).join(',')}]` : String(v));

/** Brings `begin`/`size` (a number for axis 0, or a list of at most `rank` entries) to full rank. */
function sliceParams(x: Tensor, begin: unknown, size: unknown): SliceParams {
  const op = 'slice';
  const rank = x.rank;
  const list = (v: unknown, name: string, fillValue: number): number[] => {
    const arr = typeof v === 'number' ? [v] : v;
    if (!Array.isArray(arr) || arr.length > rank) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `${name} ${fmtList(v)} must be a number or a list of at most ${rank} integers for shape ${fmtShape(x.shape)}`,
      );
    }
    const out = new Array<number>(rank).fill(fillValue);
    for (let i = 0; i < arr.length; i++) {
      const e = arr[i] as unknown;
      if (typeof e !== 'number' || !Number.isInteger(e)) {
        throw new TensorError(
          'INVALID_ARGUMENT',
          op,
          `${name} ${fmtList(v)} has a non-integer entry ${String(e)}`,
        );
      }
      out[i] = e;
    }
    return out;
  };
  const b = list(begin, 'begin', 0);
  const s = list(size ?? -1, 'size', -1);
  for (let i = 0; i < rank; i++) {
    const dim = x.shape[i]!;
    if (b[i]! < 0 || b[i]! > dim) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `begin ${fmtList(b)} is out of range on axis ${i} (size ${dim}) of shape ${fmtShape(x.shape)}`,
      );
    }
    if (s[i] === -1) s[i] = dim - b[i]!;
    else if (s[i]! < 0 || b[i]! + s[i]! > dim) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        op,
        `begin ${fmtList(b)} + size ${fmtList(s)} exceeds axis ${i} (size ${dim}) of shape ${fmtShape(x.shape)}`,
      );
    }
  }
  return { begin: b, size: s };
}

/**
 * The box of `x` that starts at `begin` and extends `size` along each axis:
 * `out[i₀, …] = x[begin₀ + i₀, …]`. `size[i] = -1` means "to the end of axis `i`". `begin` and `size` may be
 * shorter than the rank (missing axes start at 0 and take everything), or a single number for axis 0.
 *
 * Like TensorFlow's `tf.slice` (and `tf.slice` in TF.js): indices are not negative and the box must fit;
 * there is no clamping as in NumPy's basic indexing. Slicing leading axes copies one contiguous block
 * (`TypedArray.set`); other slices copy contiguous rows. The gradient pads the cotangent with zeros back to
 * the shape of `x`.
 *
 * @param x - Any tensor.
 * @param begin - Start index per axis (`0 ≤ begin[i] ≤ x.shape[i]`), or one number for axis 0.
 * @param size - Extent per axis, `-1` for "to the end"; default: everything from `begin`.
 * @returns A new tensor of shape `size` (with `-1` resolved) and the dtype of `x`.
 * @throws TensorError `INVALID_ARGUMENT` when `begin`/`size` have more entries than `x` has axes, contain
 * non-integers, or describe a box outside `x` (the message names the axis and the shape).
 * @example
 * ```ts
 * import { slice, tensor } from '@stepwise/tensor';
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * slice(x, [0, 1], [2, 2]).toArray(); // [[2, 3], [5, 6]]
 * slice(x, [1, 0], [1, -1]).toArray(); // [[4, 5, 6]]
 * slice(x, 1).toArray(); // [[4, 5, 6]]
 * ```
 * @see TensorFlow `tf.slice`, JAX `lax.slice` (which takes end indices), PyTorch `torch.narrow` (one axis).
 * @category shape
 * @since 0.1.0
 */
export function slice(
  x: Tensor,
  begin: number | readonly number[],
  size?: number | readonly number[],
): Tensor {
  const t = checkTensor('slice', x);
  const p = sliceParams(t, begin, size);
  let whole = true;
  for (let i = 0; i < t.rank; i++) if (p.size[i] !== t.shape[i]) whole = false;
  return whole ? t : bind(sliceP, [t], p);
}
