import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { matmulKernel } from '../../kernels/matmul.js';
import { checkTensor, operands } from '../_operands.js';
import { reshape } from '../shape/reshape.js';

/** Parameters of the matmul primitive: which operand is stored transposed in its last two axes. */
interface MatmulParams {
  readonly transA: boolean;
  readonly transB: boolean;
}

/** Shape facts of `op(a) @ op(b)` for operands of rank ≥ 2. */
interface Plan {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batch: number[];
  readonly aBatch: readonly number[];
  readonly bBatch: readonly number[];
}

/** Validates and describes `op(a) @ op(b)`; `shownA`/`shownB` are the user's shapes for messages. */
function plan(
  a: readonly number[],
  b: readonly number[],
  { transA, transB }: MatmulParams,
  shownA: readonly number[] = a,
  shownB: readonly number[] = b,
): Plan {
  const ra = a.length;
  const rb = b.length;
  const m = transA ? a[ra - 1]! : a[ra - 2]!;
  const ka = transA ? a[ra - 2]! : a[ra - 1]!;
  const kb = transB ? b[rb - 1]! : b[rb - 2]!;
  const n = transB ? b[rb - 2]! : b[rb - 1]!;
  if (ka !== kb) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'matmul',
      `inner dimensions differ: ${fmtShape(shownA)}${transA ? 'ᵀ' : ''} @ ${fmtShape(shownB)}${transB ? 'ᵀ' : ''}`,
    );
  }
  const aBatch = a.slice(0, ra - 2);
  const bBatch = b.slice(0, rb - 2);
  const nb = Math.max(aBatch.length, bBatch.length);
  const batch = new Array<number>(nb);
  for (let i = 0; i < nb; i++) {
    const da = aBatch[aBatch.length - nb + i] ?? 1;
    const db = bBatch[bBatch.length - nb + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        'matmul',
        `batch dimensions do not broadcast: ${fmtShape(shownA)} @ ${fmtShape(shownB)}`,
      );
    }
    batch[i] = da === 1 ? db : da;
  }
  return { m, k: ka, n, batch, aBatch, bBatch };
}

/** Per-batch-element matrix offsets of an operand whose batch shape broadcasts to `batch`. */
function batchOffsets(
  opBatch: readonly number[],
  batch: readonly number[],
  matSize: number,
): Int32Array | null {
  const total = sizeOf(batch);
  const own = sizeOf(opBatch);
  if (own === total) return null; // same layout: offset = index · matSize
  const offs = new Int32Array(total);
  if (own === 1) return offs; // one matrix reused: offset 0
  const lead = batch.length - opBatch.length;
  const strides = stridesOf(opBatch);
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < total; t++) {
    let off = 0;
    for (let d = lead; d < batch.length; d++) {
      if (opBatch[d - lead] !== 1) off += idx[d]! * strides[d - lead]!;
    }
    offs[t] = off * matSize;
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  return offs;
}

function matmulImpl(a: Tensor, b: Tensor, params: MatmulParams): Tensor {
  const { m, k, n, batch, aBatch, bBatch } = plan(a.shape, b.shape, params);
  const { transA, transB } = params;
  const dtype = a.dtype;
  const total = sizeOf(batch);
  const out = allocate(dtype, total * m * n);
  const A = bufferOf(a);
  const B = bufferOf(b);
  const outShape = [...batch, m, n];
  if (total === 0 || m === 0 || n === 0) return fromBuffer(out, outShape, dtype);
  // Fast path: a batch of plain A rows against one B is a single tall product.
  if (!transA && sizeOf(bBatch) === 1 && sizeOf(aBatch) === total) {
    matmulKernel(A, 0, B, 0, out, 0, total * m, n, k, false, transB);
    return fromBuffer(out, outShape, dtype);
  }
  const aOffs = batchOffsets(aBatch, batch, m * k);
  const bOffs = batchOffsets(bBatch, batch, k * n);
  for (let t = 0; t < total; t++) {
    const ao = aOffs === null ? t * m * k : aOffs[t]!;
    const bo = bOffs === null ? t * k * n : bOffs[t]!;
    matmulKernel(A, ao, B, bo, out, t * m * n, m, n, k, transA, transB);
  }
  return fromBuffer(out, outShape, dtype);
}

const matmulP = /* @__PURE__ */ definePrimitive<MatmulParams>({
  name: 'matmul',
  impl: ([a, b], params) => matmulImpl(a!, b!, params),
  // With C = op(A)·op(B): d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, each written as one transposed
  // product (no transpose is materialized). Cotangents come out in the broadcast batch shape; the engine
  // sums them back to each operand's batch shape.
  vjp: (g, [a, b], _out, { transA, transB }) => [
    transA ? matmulT(b!, g, transB, true) : matmulT(g, b!, false, !transB),
    !transA && a!.rank > 2 && b!.rank === 2
      ? foldedWeightGrad(a!, g, transB)
      : transB
        ? matmulT(g, a!, true, transA)
        : matmulT(a!, g, !transA, false),
  ],
});

/**
 * The cotangent of a 2-D `b` multiplied by a batch of plain `a` (a dense layer over a sequence): one product
 * over all rows of the batch (`Aᵀ·G` with `A` as `[rows, k]`) instead of one product per batch element
 * summed afterwards.
 */
function foldedWeightGrad(a: Tensor, g: Tensor, transB: boolean): Tensor {
  const rows = sizeOf(a.shape.slice(0, -1));
  const a2 = reshape(a, [rows, a.shape[a.rank - 1]!]);
  const g2 = reshape(g, [rows, g.shape[g.rank - 1]!]);
  return transB ? matmulT(g2, a2, true, false) : matmulT(a2, g2, true, false);
}

/**
 * `op(a) @ op(b)` on operands of rank ≥ 2 and one dtype, `op` transposing the last two axes when its flag is
 * set; differentiable (its rules are themselves transposed products, so grad-of-grad works). No transpose is
 * materialized: the kernel packs the transposed operand. @internal
 */
export function matmulT(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return bind(matmulP, [a, b], { transA, transB });
}

/** Options of {@link matmul}. @category linalg @since 0.1.0 */
export interface MatmulOptions {
  /** Use the transpose of `a`'s last two axes (ignored for a 1-D `a`). Default `false`. */
  readonly transposeA?: boolean;
  /** Use the transpose of `b`'s last two axes (ignored for a 1-D `b`). Default `false`. */
  readonly transposeB?: boolean;
}

/**
 * Matrix product with NumPy `matmul` (`@`) semantics:
 * - 2-D · 2-D: `C[i, j] = Σₚ A[i, p] · B[p, j]` (`[m, k] @ [k, n] → [m, n]`);
 * - 1-D · 1-D: the inner product, a rank-0 tensor;
 * - a 1-D `a` is treated as a row `[1, k]` and a 1-D `b` as a column `[k, 1]`, and that axis is removed
 *   from the result;
 * - N-D: a stack of matrices in the last two axes; the leading (batch) axes broadcast
 *   (`[2, 1, m, k] @ [3, k, n] → [2, 3, m, n]`).
 *
 * `transposeA`/`transposeB` multiply by the transpose of an operand's last two axes without materializing it
 * (as TF.js `matMul(a, b, transposeA, transposeB)`); `matmul(a, b, { transposeB: true })` is `a @ bᵀ`.
 *
 * Operands are promoted to one dtype (`bool` computes as `int32`); int32 products wrap modulo 2³² like
 * NumPy's int32 matmul. float64 (and small float32) products are accumulated in float64 and rounded once.
 * float32 products of at least 512 multiply-adds (and two columns) run in WebAssembly SIMD where the engine supports it
 * (Node ≥ 16, current browsers), accumulating in float32 like TF.js, PyTorch and NumPy; results do not depend
 * on the thread count. `STEPWISE_WASM=0` in the environment forces the JavaScript kernel. Both kernels are
 * row-major and cache-blocked with packed panels.
 *
 * Gradient: `∂a = G @ bᵀ`, `∂b = aᵀ @ G` (summed over broadcast batch axes); differentiable to any order.
 *
 * @param a - left operand, rank ≥ 1
 * @param b - right operand, rank ≥ 1
 * @returns the product, of shape `[...batch, m, n]` minus the axes of 1-D operands
 * @throws TensorError `SHAPE_MISMATCH` when the inner dimensions differ
 *   (`matmul: inner dimensions differ: [2,3] @ [4,5]`) or the batch axes do not broadcast;
 *   `INVALID_ARGUMENT` for a rank-0 operand or a non-tensor.
 * @example
 * ```ts
 * import { matmul, tensor } from '@stepwise/tensor';
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray(); // [[17], [39]]
 * matmul(tensor([1, 2]), tensor([3, 4])).item(); // 11
 * ```
 * @see NumPy `np.matmul`, PyTorch `torch.matmul` (same semantics), TF.js `tf.matMul` (rank ≥ 2 only, no batch
 *   broadcasting), Keras `ops.matmul`.
 * @category linalg
 * @since 0.1.0
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  checkTensor('matmul', a, 'a');
  checkTensor('matmul', b, 'b');
  if (a.rank === 0 || b.rank === 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'matmul',
      `operands must be at least 1-D, got ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`,
    );
  }
  const [ta, tb] = operands('matmul', a, b);
  const transA = a.rank >= 2 && options.transposeA === true;
  const transB = b.rank >= 2 && options.transposeB === true;
  const a2 = ta.rank === 1 ? reshape(ta, [1, ta.shape[0]!]) : ta;
  const b2 = tb.rank === 1 ? reshape(tb, [tb.shape[0]!, 1]) : tb;
  const { batch, m, n } = plan(a2.shape, b2.shape, { transA, transB }, a.shape, b.shape);
  const out = matmulT(a2, b2, transA, transB);
  if (a.rank > 1 && b.rank > 1) return out;
  const shape = [...batch];
  if (a.rank > 1) shape.push(m);
  if (b.rank > 1) shape.push(n);
  return reshape(out, shape);
}
