import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { transposeKernel } from '../../kernels/shape.js';
import { checkTensor } from '../_operands.js';
import { reshape } from './reshape.js';

/** The permutation that undoes `perm`. @internal */
export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  for (let i = 0; i < perm.length; i++) inv[perm[i]!] = i;
  return inv;
}

const transposeP = definePrimitive<readonly number[]>({
  name: 'transpose',
  impl: ([x], perm) => {
    const shape = perm.map((p) => x!.shape[p]!);
    const out = allocate(x!.dtype, x!.size);
    transposeKernel(out, bufferOf(x!), x!.shape, perm);
    return fromBuffer(out, shape, x!.dtype);
  },
  vjp: (g, _inputs, _out, perm) => [transpose(g, inversePerm(perm))],
});

/** Validates a permutation of `rank` axes (negative entries count from the end). */
function checkPerm(perm: unknown, x: Tensor): number[] {
  const rank = x.rank;
  const bad = (why: string): TensorError =>
    new TensorError(
      'INVALID_AXIS',
      'transpose',
      `perm ${Array.isArray(perm) ? `[${perm.map(String).join(',')}]` : String(perm)} ${why} for shape ${fmtShape(x.shape)}`,
    );
  if (!Array.isArray(perm)) throw bad('is not an array');
  if (perm.length !== rank) throw bad(`has ${perm.length} entries, expected ${rank}`);
  const seen = new Array<boolean>(rank).fill(false);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const p = perm[i] as unknown;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < -rank || p >= rank)
      throw bad(`has invalid axis ${String(p)}`);
    const a = p < 0 ? p + rank : p;
    if (seen[a]) throw bad(`repeats axis ${a}`);
    seen[a] = true;
    out[i] = a;
  }
  return out;
}

/**
 * Permutes the axes of `x`: output axis `i` is input axis `perm[i]`, so
 * `out.shape[i] = x.shape[perm[i]]`. Without `perm` the axes are reversed (a matrix transpose for rank 2),
 * like NumPy `transpose`, PyTorch `permute` and Keras `ops.transpose`. Negative entries count from the end.
 *
 * Copies (tensors are dense row-major), except that an identity permutation returns `x` itself and a
 * permutation that moves only unit axes is a reshape sharing the buffer. Unit axes are ignored and adjacent axes merged, so e.g. `[B, M, N] → [B, N, M]` runs as `B` cache-blocked 2-D transposes.
 * The gradient is the transpose by the inverse permutation.
 *
 * @param x - Any tensor.
 * @param perm - A permutation of `0 … rank-1`; default: reversed axes.
 * @returns A tensor of shape `perm.map(p => x.shape[p])` and the dtype of `x`.
 * @throws TensorError `INVALID_AXIS` when `perm` is not a permutation of the axes of `x` (wrong length,
 * out-of-range or repeated axis).
 * @example
 * ```ts
 * import { tensor, transpose, zeros } from '@stepwise/tensor';
 * transpose(tensor([[1, 2, 3], [4, 5, 6]])).toArray(); // [[1, 4], [2, 5], [3, 6]]
 * transpose(zeros([2, 3, 4]), [0, 2, 1]).shape; // [2, 4, 3]
 * ```
 * @see NumPy `np.transpose`, PyTorch `torch.permute` (PyTorch's `transpose(dim0, dim1)` swaps two axes only),
 * Keras `keras.ops.transpose`, JAX `jnp.transpose`.
 * @category shape
 * @since 0.1.0
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const t = checkTensor('transpose', x);
  const p =
    perm === undefined ? Array.from({ length: t.rank }, (_, i) => t.rank - 1 - i) : checkPerm(perm, t);
  // When only unit axes move, the row-major order of the elements is unchanged: a reshape (no copy).
  let last = -1;
  let inOrder = true;
  for (const a of p) {
    if (t.shape[a] === 1) continue;
    if (a < last) inOrder = false;
    last = a;
  }
  if (inOrder) {
    const shape = p.map((a) => t.shape[a]!);
    return p.every((a, i) => a === i) ? t : reshape(t, shape);
  }
  return bind(transposeP, [t], p);
}
