import { donateTensor, isDonatedTensor, recycleTensor } from '../core/donation.js';
import { bufferOf, isTensor, type Tensor } from '../core/Tensor.js';
import { leaves } from '../tree/flatten.js';
import { map } from '../tree/map.js';

/**
 * Gives the memory of every tensor in `value` (a tensor or a pytree of tensors) to the ops that consume the
 * result: an elementwise op, an optimizer update or `applyUpdates` that receives a donated tensor writes its
 * output into the donated memory instead of fresh memory. It is Stepwise's counterpart of JAX's
 * `donate_argnums`, for training loops that replace last step's parameters, moments and gradients.
 *
 * The result holds the same values; the **donor is consumed**: its memory moves (zero-copy) to the returned
 * tensors, so the donor and every view of it (a `reshape` shares memory) throw `TensorError('DONATED')` when
 * read. Pass each donated tensor to one op; an op that takes its memory consumes it too, and an op that does
 * not (a different shape or dtype, a traced computation) just reads it. Tensors that cannot lend their memory
 * (traced values inside `grad`, empty tensors, tensors viewing a larger buffer, leaves of `value` that share
 * memory with another of its leaves) come back unchanged and undonated. Donation never changes a result, only where it is stored.
 *
 * @param value a tensor or pytree whose tensors the caller will not use again
 * @returns the same structure with donated tensors
 * @example
 * ```ts
 * import { add, donate, tensor, TensorError } from '@stepwise/tensor';
 * const x = tensor([1, 2, 3]);
 * const y = add(donate(x), 1); // y reuses x's memory
 * y.toArray(); // [2, 3, 4]
 * try {
 *   x.toArray();
 * } catch (e) {
 *   console.log((e as TensorError).code); // 'DONATED'
 * }
 * ```
 * @see JAX `jax.jit(f, donate_argnums=...)` (the donated array is deleted); TF.js has no donation: it reuses
 *   memory through explicit `dispose()`/`tidy()`, which Stepwise does not have.
 * @category memory
 * @since 0.2.0
 */
export function donate<T>(value: T): T {
  if (isTensor(value)) return donateTensor(value) as T;
  // Leaves that share memory (the same tensor twice, or a tensor and its reshape) stay undonated: moving the
  // memory for one would detach the others.
  const count = new Map<ArrayBufferLike, number>();
  for (const t of leaves(value as never) as Tensor[]) {
    const b = bufferOf(t).buffer;
    count.set(b, (count.get(b) ?? 0) + 1);
  }
  return map(
    (t: Tensor) => (count.get(bufferOf(t).buffer) === 1 ? donateTensor(t) : t),
    value,
  ) as unknown as T;
}

/**
 * Whether `t` was donated with {@link donate} and its memory has not been taken by an op yet.
 * @example
 * ```ts
 * import { donate, isDonated, tensor } from '@stepwise/tensor';
 * isDonated(donate(tensor([1, 2]))); // true
 * isDonated(tensor([1, 2])); // false
 * ```
 * @see {@link donate}; JAX marks donated arrays deleted once the computation ran (`Array.is_deleted()`).
 * @category memory
 * @since 0.2.0
 */
export const isDonated = (t: Tensor): boolean => isDonatedTensor(t);

/**
 * Gives the memory of every tensor in `value` back to Stepwise for reuse by later ops, as TF.js's
 * `dispose()` does, but safely: the tensors (and every view of them) detach, and reading them afterwards
 * throws `TensorError('DONATED')` instead of showing another tensor's values. Allocations of the same size
 * then reuse that memory instead of fresh memory, whose first write costs page faults (about 0.6 ms per MB
 * on our machines: more than an elementwise op over it). The pool is bounded (256 MiB by default; see
 * `setRecycleLimit` in `@stepwise/tensor/kernel`) and keeps only buffers of 64 KiB or more. Inside a
 * gradient trace, and for traced tensors, `recycle` does nothing.
 *
 * @param value a tensor or pytree of tensors the caller is done with
 * @example
 * ```ts
 * import { recycle, tensor } from '@stepwise/tensor';
 * let h = tensor([1, -2, 3]);
 * recycle(h); // h is gone; a later op of the same size may reuse its memory
 * ```
 * @see TF.js `tensor.dispose()` (frees WASM/GPU memory; using a disposed tensor also throws); JAX
 *   `Array.delete()`.
 * @category memory
 * @since 0.2.0
 */
export function recycle(value: unknown): void {
  if (isTensor(value)) {
    recycleTensor(value);
    return;
  }
  for (const t of leaves(value as never) as Tensor[]) recycleTensor(t);
}
