/**
 * `max` and `min`: one primitive factory, one kernel.
 * @internal
 * @module
 */
import { bind, definePrimitive, type Primitive } from '../../autodiff/engine.js';
import { allocate, type TypedArray } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { extremumKernel, splitDims } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { div, mul } from '../arith.js';
import { contiguousRuns, type ReduceParams, reducedCount, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf } from './_grad.js';
import { tieMask } from './_masks.js';
import { sum } from './sum.js';

function extremumPrimitive(name: 'max' | 'min'): Primitive<ReduceParams> {
  const isMax = name === 'max';
  return definePrimitive<ReduceParams>({
    name,
    impl: ([x], { axes, keepDims }) => {
      let buf: TypedArray = bufferOf(x!);
      const shape = x!.shape.slice();
      if (axes.length === 0) {
        const out = allocate(x!.dtype, x!.size);
        out.set(buf);
        return fromBuffer(out, shape, x!.dtype);
      }
      // max over several runs = max of maxes: reduce the runs one by one (last first), no copy.
      for (const [from, to] of contiguousRuns(axes)) {
        const [outer, r, inner] = splitDims(shape, from, to);
        const out = allocate(x!.dtype, outer * inner);
        if (outer * inner > 0) extremumKernel(buf, outer, r, inner, out, isMax);
        buf = out;
        for (let k = from; k < to; k++) shape[k] = 1;
      }
      return fromBuffer(buf, reducedShape(x!.shape, axes, keepDims), x!.dtype);
    },
    // Ties share the gradient equally: G · [x == out] / #ties.
    vjp: (g, [x], out, { axes, keepDims }) => {
      const ref = keepDimsOf(out, x!.shape, axes, keepDims);
      const mask = tieMask(x!, ref, x!.dtype);
      const share = div(mask, sum(mask, axes, true));
      return [mul(keepDimsOf(g, x!.shape, axes, keepDims), share)];
    },
  });
}

const maxP = /* @__PURE__ */ extremumPrimitive('max');
const minP = /* @__PURE__ */ extremumPrimitive('min');

/** Shared entry of `max` and `min`: validation, then the primitive. */
export function extremum(
  name: 'max' | 'min',
  x: Tensor,
  axis: number | readonly number[] | undefined,
  keepDims: boolean,
): Tensor {
  const t = checkTensor(name, x);
  const params = reduceParams(name, axis, t.rank, keepDims);
  if (
    reducedCount(t.shape, params.axes) === 0 &&
    reducedShape(t.shape, params.axes, false).every((d) => d > 0)
  ) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      name,
      `cannot reduce an empty axis (shape ${fmtShape(t.shape)}, axes [${params.axes.join(',')}]): ${name} has no identity`,
    );
  }
  return bind(name === 'max' ? maxP : minP, [t], params);
}
