/**
 * `@stepwise/tensor/kernel`: low-level access for kernel authors (Stepwise's own packages, and users who
 * write fused kernels). A kernel reads input buffers without copying and hands a freshly allocated output
 * buffer to a new tensor without copying. **Never write to a buffer obtained from `readBuffer`, and never
 * write to a buffer after giving it to `adoptBuffer`**: tensors are immutable values and share buffers
 * (a reshape is a view).
 *
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * import { adoptBuffer, readBuffer } from '@stepwise/tensor/kernel';
 * const x = tensor([1, 2, 3]);
 * const src = readBuffer(x);
 * const out = new Float32Array(src.length);
 * for (let i = 0; i < src.length; i++) out[i] = 2 * src[i]!;
 * const y = adoptBuffer(out, x.shape, 'float32'); // [2, 4, 6]
 * ```
 * @packageDocumentation
 */
import { allocate, type DType, type TypedArray } from './core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from './core/Tensor.js';

/** The tensor's buffer itself (no copy). Read only. @category kernels @since 0.1.0 */
export const readBuffer = (t: Tensor): TypedArray => bufferOf(t);

/**
 * Wraps a buffer you just allocated as a tensor without copying; you give up the right to write to it.
 * @throws TensorError `SHAPE_MISMATCH` if the buffer length does not match the shape.
 * @category kernels
 * @since 0.1.0
 */
export const adoptBuffer = (data: TypedArray, shape: readonly number[], dtype: DType): Tensor =>
  fromBuffer(data, shape, dtype);

/** A zero-filled buffer of `n` elements of `dtype`. @category kernels @since 0.1.0 */
export const allocateBuffer = (dtype: DType, n: number): TypedArray => allocate(dtype, n);

export { anyTraced as isAnyTraced } from './autodiff/engine.js';
export { startWasmPool } from './wasm/matmul.js';
export {
  resetWasmCopyStats,
  type WasmCopyStats,
  wasmCopyStats,
} from './wasm/runtime.js';
