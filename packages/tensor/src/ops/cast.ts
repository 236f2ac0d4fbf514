import { bind, definePrimitive } from '../autodiff/engine.js';
import { checkDType, type DType, isFloat } from '../core/dtype.js';
import { bufferOf, fromBuffer, isTensor, type Tensor } from '../core/Tensor.js';
import { TensorError } from '../core/TensorError.js';
import { convertBuffer } from '../creation/tensor.js';

const castP = /* @__PURE__ */ definePrimitive<DType>({
  name: 'cast',
  impl: ([x], dtype) => {
    const src = bufferOf(x!);
    if (dtype === 'int32' && isFloat(x!.dtype)) {
      // Truncation toward zero, as NumPy's astype; NaN and ±Inf become 0 like Int32Array assignment.
      const out = new Int32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]!);
      return fromBuffer(out, x!.shape, dtype);
    }
    return fromBuffer(convertBuffer(src, dtype), x!.shape, dtype);
  },
  vjp: (g, [x]) => [isFloat(x!.dtype) ? cast(g, x!.dtype) : null],
});

/**
 * Converts to another dtype (always a new tensor). Float → int32 truncates toward zero; any → bool is
 * `x != 0`. Differentiable between float dtypes (the gradient is cast back).
 * @example `cast(tensor([1.7, -1.7]), 'int32').toArray() // [1, -1]`
 * @throws TensorError `INVALID_ARGUMENT` for an unknown dtype name or a non-tensor `x`.
 * @see Keras `ops.cast`, PyTorch `Tensor.to(dtype)` (which returns `x` itself when the dtype already
 * matches; here the result is always a new tensor), NumPy `astype`.
 * @category elementwise
 * @since 0.1.0
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (!isTensor(x)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'cast',
      `x must be a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  return bind(castP, [x], checkDType('cast', dtype));
}
