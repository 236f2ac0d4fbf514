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
import { claimDonatedBuffer, withdrawDonation as withdraw } from './core/donation.js';
import { allocate, allocateOutput, type DType, type TypedArray } from './core/dtype.js';
import { recycledBytes as pooled, setRecycleLimit as setLimit } from './core/pool.js';
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

/**
 * A zero-filled buffer of `n` elements of `dtype` (recycled memory, zeroed, when `recycle` left some of that
 * size). @category kernels @since 0.1.0
 */
export const allocateBuffer = (dtype: DType, n: number): TypedArray => allocate(dtype, n);

/**
 * A buffer of `n` elements of `dtype` whose contents are **unspecified** (recycled memory when `recycle` left
 * some of that size, else zeros): for an output your kernel writes completely, it saves zeroing and the page
 * faults of fresh memory. Never read an element before writing it.
 * @example
 * ```ts
 * import { allocateOutputBuffer } from '@stepwise/tensor/kernel';
 * const out = allocateOutputBuffer('float32', 4);
 * out.fill(1); // write every element before use
 * ```
 * @see `allocateBuffer` for zero-filled memory; NumPy's `np.empty` is the same idea.
 * @category kernels
 * @since 0.2.0
 */
export const allocateOutputBuffer = (dtype: DType, n: number): TypedArray => allocateOutput(dtype, n);

/**
 * Sets the most memory `recycle` keeps for reuse, in bytes (256 MiB by default; 0 turns recycling off and
 * empties the pool). Returns the previous limit.
 * @example
 * ```ts
 * import { setRecycleLimit } from '@stepwise/tensor/kernel';
 * const old = setRecycleLimit(64 * 1024 * 1024);
 * setRecycleLimit(old);
 * ```
 * @see `recycle` in `@stepwise/tensor`; TF.js frees memory with `dispose()` and keeps no such pool in JS.
 * @category kernels
 * @since 0.2.0
 */
export const setRecycleLimit = (bytes: number): number => setLimit(bytes);

/**
 * Bytes of recycled memory waiting for reuse now.
 * @example
 * ```ts
 * import { recycle, zeros } from '@stepwise/tensor';
 * import { recycledBytes } from '@stepwise/tensor/kernel';
 * const before = recycledBytes();
 * recycle(zeros([1 << 16])); // 256 KiB
 * recycledBytes() - before; // 262144
 * ```
 * @see `setRecycleLimit`; TF.js `tf.memory()` reports its own bytes in use.
 * @category kernels
 * @since 0.2.0
 */
export const recycledBytes = (): number => pooled();

/**
 * Takes the memory of a tensor given away with `donate` for your kernel's output: returns a **writable**
 * typed array over the tensor's values (the tensor itself detaches, and reading it afterwards throws
 * `TensorError('DONATED')`), or `undefined` when `t` was not donated (then allocate as usual). Read your
 * other inputs after taking (a reshape of `t` detaches too), take only from a tensor that appears once among
 * your inputs, only when the op is not being traced (`isAnyTraced`: a recorded input must stay readable for
 * the backward pass), and only for an output computed element by element in place.
 * @example
 * ```ts
 * import { donate, tensor } from '@stepwise/tensor';
 * import { adoptBuffer, allocateBuffer, claimDonated, readBuffer } from '@stepwise/tensor/kernel';
 * const double = (x: ReturnType<typeof tensor>) => {
 *   const taken = claimDonated(x);
 *   const src = taken ?? readBuffer(x);
 *   const out = taken ?? allocateBuffer(x.dtype, x.size);
 *   for (let i = 0; i < src.length; i++) out[i] = 2 * src[i]!;
 *   return adoptBuffer(out, x.shape, x.dtype);
 * };
 * double(donate(tensor([1, 2]))).toArray(); // [2, 4]
 * ```
 * @see JAX's buffer donation (`donate_argnums`), which XLA uses the same way for outputs of matching size.
 * @category kernels
 * @since 0.2.0
 */
export const claimDonated = (t: Tensor): TypedArray | undefined => claimDonatedBuffer(t);

/**
 * Withdraws a donation: `t` stays valid and no op will take its memory (for a library that was handed a
 * donated tensor and returns it to its caller untouched). Returns `t`.
 * @example
 * ```ts
 * import { donate, isDonated, tensor } from '@stepwise/tensor';
 * import { withdrawDonation } from '@stepwise/tensor/kernel';
 * const t = withdrawDonation(donate(tensor([1, 2])));
 * isDonated(t); // false
 * ```
 * @see `claimDonated`, which takes the memory instead.
 * @category kernels
 * @since 0.2.0
 */
export const withdrawDonation = (t: Tensor): Tensor => withdraw(t);

export { anyTraced as isAnyTraced } from './autodiff/engine.js';
export {
  eluGradKernel,
  eluKernel,
  geluKernel,
  geluWithDerivativeKernel,
  mishKernel,
  mishWithDerivativeKernel,
  sigmoidGradKernel,
  sigmoidKernel,
  siluKernel,
  siluWithDerivativeKernel,
  softplusKernel,
  softplusWithDerivativeKernel,
  tanhGradKernel,
  tanhKernel,
} from './wasm/activations.js';
export { startWasmPool } from './wasm/matmul.js';
export {
  resetWasmCopyStats,
  type WasmCopyStats,
  wasmCopyStats,
} from './wasm/runtime.js';
export {
  adamApplyKernel,
  adamKernel,
  axpyKernel,
  type FloatArray,
  momentumApplyKernel,
  reluGradKernel,
  reluKernel,
  scaleKernel,
} from './wasm/stream.js';
