/**
 * The arrays the streaming WASM kernels take, and their argument check (shared by `stream.ts` and
 * `activations.ts`). @internal
 * @module
 */
import { TensorError } from '../core/TensorError.js';

/** A float32 or float64 array: what the streaming kernels read and write. @category kernels @since 0.2.0 */
export type FloatArray = Float32Array | Float64Array;

/** Whether `a` is a Float32Array or a Float64Array. */
export const isFloatArray = (a: unknown): a is FloatArray =>
  a instanceof Float32Array || a instanceof Float64Array;

/**
 * Checks that every argument is a float array with the first one's length; returns that length.
 * @throws TensorError `DTYPE_MISMATCH` naming an argument that is not a float array, `SHAPE_MISMATCH` naming
 *   one whose length differs.
 */
export function checkFloatArrays(op: string, names: readonly string[], arrays: readonly unknown[]): number {
  const n = (arrays[0] as { length?: unknown } | null)?.length;
  for (let k = 0; k < arrays.length; k++) {
    const a = arrays[k];
    if (!isFloatArray(a)) {
      const got = a === null ? 'null' : typeof a === 'object' ? (a.constructor?.name ?? 'object') : typeof a;
      throw new TensorError(
        'DTYPE_MISMATCH',
        op,
        `${names[k]} must be a Float32Array or Float64Array, got ${got}`,
      );
    }
    if (a.length !== n) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        op,
        `${names[k]} has ${a.length} elements but ${names[0]} has ${String(n)}`,
      );
    }
  }
  return n as number;
}
