import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate, type DType, type TypedArray } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { prodKernel, splitDims } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { add, div, mul, sub } from '../arith.js';
import { contiguousRuns, type ReduceParams, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf } from './_grad.js';
import { zeroMask } from './_masks.js';
import { sum } from './sum.js';

const prodP = /* @__PURE__ */ definePrimitive<ReduceParams>({
  name: 'prod',
  impl: ([x], { axes, keepDims }) => {
    const d: DType = x!.dtype === 'bool' ? 'int32' : x!.dtype;
    let buf: TypedArray = bufferOf(x!);
    if (axes.length === 0) {
      const out = allocate(d, x!.size);
      out.set(buf);
      return fromBuffer(out, x!.shape, d);
    }
    // Float partial products stay in float64 until the last run (one rounding); int32 wraps at each step.
    const shape = x!.shape.slice();
    const runs = contiguousRuns(axes);
    for (let q = 0; q < runs.length; q++) {
      const [from, to] = runs[q]!;
      const [outer, r, inner] = splitDims(shape, from, to);
      const out =
        q === runs.length - 1 || d === 'int32' ? allocate(d, outer * inner) : new Float64Array(outer * inner);
      prodKernel(buf, outer, r, inner, out, d === 'int32');
      buf = out;
      for (let k = from; k < to; k++) shape[k] = 1;
    }
    return fromBuffer(buf, reducedShape(x!.shape, axes, keepDims), d);
  },
  vjp: (g, [x], out, { axes, keepDims }) => [
    mul(
      keepDimsOf(g, x!.shape, axes, keepDims),
      othersProduct(x!, keepDimsOf(out, x!.shape, axes, keepDims), axes),
    ),
  ],
});

/**
 * `∂ prod / ∂xᵢ`: the product of the other elements of xᵢ's slice, correct when the slice holds zeros
 * (never `prod / x`, which is 0/0 there). With `z = [x == 0]` and `c` the number of zeros in the slice:
 * - `c = 0`: `P / x` with `P` the product;
 * - `c = 1`: `P'` at the zero, `P'/xᵢ · x₀` elsewhere, where `P'` is the product of the non-zero elements
 *   and `x₀` the zero element itself (0 in value, but it keeps the second derivative right);
 * - `c ≥ 2`: 0.
 * Written with differentiable ops (`P'` recursively by `prod`), so second derivatives are exact wherever
 * a slice has at most one zero.
 */
function othersProduct(x: Tensor, p: Tensor, axes: readonly number[]): Tensor {
  const z = zeroMask(x);
  const count = sum(z, axes, true);
  const counts = bufferOf(count);
  let anyZero = false;
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) anyZero = true;
  if (!anyZero) return div(p, x);
  const c0 = countIs(count, 0);
  const c1 = countIs(count, 1);
  const nonZero = sub(1, z); // constant
  const xSafe = add(mul(x, nonZero), z); // x with its zeros replaced by ones
  const pNonZero = prod(xSafe, axes, true);
  const x0 = sum(mul(x, z), axes, true); // the lone zero (value 0) where c = 1
  const spread = add(c0, mul(mul(c1, nonZero), x0));
  return add(mul(div(pNonZero, xSafe), spread), mul(mul(c1, z), pNonZero));
}

/** `1` where the zero count equals `k`, else `0` (a constant of the count's shape). */
function countIs(count: Tensor, k: number): Tensor {
  const src = bufferOf(count);
  const out = allocate(count.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] === k ? 1 : 0;
  return fromBuffer(out, count.shape, count.dtype);
}

/**
 * Product of elements over `axis` (every axis when omitted): `Πᵢ xᵢ`. The product of no element is 1.
 * Float products accumulate in float64; `bool` computes as `int32`; int32 products wrap modulo 2³².
 *
 * Gradient: `G` times the product of the *other* elements of the slice, computed without dividing by
 * `x`, so it is exact when the input holds zeros (one zero: only that element gets a non-zero gradient; two
 * or more: all zero). Second derivatives are exact where a slice has at most one zero.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { prod, tensor } from '@stepwise/tensor';
 * prod(tensor([[1, 2], [3, 4]]), 1).toArray(); // [2, 12]
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis.
 * @see NumPy `np.prod`, PyTorch `torch.prod` (one dim only), Keras `ops.prod`.
 * @category reductions
 * @since 0.1.0
 */
export function prod(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkTensor('prod', x);
  return bind(prodP, [t], reduceParams('prod', axis, t.rank, keepDims));
}
