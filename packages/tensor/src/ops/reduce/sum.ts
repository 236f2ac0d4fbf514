import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate, type DType, type TypedArray } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { splitDims, sumKernel } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { broadcastTo } from '../shape/broadcastTo.js';
import { reshape } from '../shape/reshape.js';
import { contiguousRuns, type ReduceParams, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf } from './_grad.js';

const sumP = /* @__PURE__ */ definePrimitive<ReduceParams>({
  name: 'sum',
  impl: ([x], { axes, keepDims }) => {
    const d: DType = x!.dtype === 'bool' ? 'int32' : x!.dtype;
    let buf: TypedArray = bufferOf(x!);
    if (axes.length === 0) {
      const out = allocate(d, x!.size);
      out.set(buf);
      return fromBuffer(out, x!.shape, d);
    }
    // Reduce one contiguous run of axes at a time, last run first, keeping dims so indices stay valid.
    // Partial sums stay in float64 until the last run, so the result is rounded once.
    const shape = x!.shape.slice();
    const runs = contiguousRuns(axes);
    for (let q = 0; q < runs.length; q++) {
      const [from, to] = runs[q]!;
      const [outer, r, inner] = splitDims(shape, from, to);
      const out = q === runs.length - 1 ? allocate(d, outer * inner) : new Float64Array(outer * inner);
      sumKernel(buf, outer, r, inner, out);
      buf = out;
      for (let k = from; k < to; k++) shape[k] = 1;
    }
    return fromBuffer(buf, reducedShape(x!.shape, axes, keepDims), d);
  },
  vjp: (g, [x], _out, { axes, keepDims }) => [broadcastTo(keepDimsOf(g, x!.shape, axes, keepDims), x!.shape)],
});

/**
 * Sum of elements over `axis`: `Σᵢ xᵢ` over a number, a list of axes, or every axis when omitted; `keepDims`
 * keeps reduced axes with size 1. Negative axes count from the end. The sum over no element is 0. `bool`
 * sums as `int32`; int32 sums wrap modulo 2³². Float sums accumulate in float64 before rounding to the dtype.
 *
 * Gradient: the cotangent broadcast back over the reduced axes. Differentiable to any order.
 * @param x - input tensor
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { sum, tensor } from '@stepwise/tensor';
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 * sum(tensor([[1, 2], [3, 4]])).item(); // 10
 * ```
 * @throws TensorError `INVALID_AXIS` for an out-of-range or repeated axis.
 * @see NumPy `np.sum`, PyTorch `torch.sum(dim, keepdim)`, Keras `ops.sum(axis, keepdims)`.
 * @category reductions
 * @since 0.1.0
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkTensor('sum', x);
  return bind(sumP, [t], reduceParams('sum', axis, t.rank, keepDims));
}

/**
 * Sums `g` down to `shape`, the shape of an operand it was broadcast from (the inverse of broadcasting).
 * @internal
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length > 0 ? sum(g, axes, true) : g;
  return reshape(s, shape);
}
