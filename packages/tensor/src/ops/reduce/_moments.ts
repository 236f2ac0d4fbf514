/**
 * `variance` and `std`: one fused two-pass kernel, two primitives.
 * @internal
 * @module
 */
import { bind, definePrimitive, type Primitive } from '../../autodiff/engine.js';
import { allocate, isFloat } from '../../core/dtype.js';
import { fromBuffer, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';
import { varianceKernel } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { div, mul, sub } from '../arith.js';
import { cast } from '../cast.js';
import { blocked, type ReduceParams, reducedCount, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf, safeDivisor } from './_grad.js';
import { mean } from './mean.js';

/** Options of `variance` and `std`. @category reductions @since 0.1.0 */
export interface VarianceOptions {
  /**
   * "Delta degrees of freedom": the sum of squared deviations is divided by `N − ddof`. Default 0 (the
   * population statistic, as NumPy, Keras and `torch.var(correction=0)`); 1 gives the unbiased sample
   * estimate (PyTorch's default).
   */
  readonly ddof?: number;
}

interface MomentParams extends ReduceParams {
  readonly ddof: number;
}

function momentPrimitive(name: 'variance' | 'std'): Primitive<MomentParams> {
  const root = name === 'std';
  return definePrimitive<MomentParams>({
    name,
    impl: ([x], { axes, keepDims, ddof }) => {
      const { buf, outer, r, inner } = blocked(x!, axes);
      const out = allocate(x!.dtype, outer * inner);
      varianceKernel(buf, outer, r, inner, ddof, out, root);
      return fromBuffer(out, reducedShape(x!.shape, axes, keepDims), x!.dtype);
    },
    vjp: (g, [x], out, { axes, keepDims, ddof }) => {
      const dof = reducedCount(x!.shape, axes) - ddof;
      const centred = sub(x!, mean(x!, axes, true));
      const gk = keepDimsOf(g, x!.shape, axes, keepDims);
      // ∂var/∂x = 2(x − μ)/(N − ddof); ∂std/∂x = (x − μ)/((N − ddof)·std), taken as 0 where std = 0.
      if (!root) return [mul(gk, mul(centred, 2 / dof))];
      const s = safeDivisor(keepDimsOf(out, x!.shape, axes, keepDims));
      return [mul(gk, div(centred, mul(s, dof)))];
    },
  });
}

const varianceP = /* @__PURE__ */ momentPrimitive('variance');
const stdP = /* @__PURE__ */ momentPrimitive('std');

/** Shared entry of `variance` and `std`. */
export function moment(
  name: 'variance' | 'std',
  x: Tensor,
  axis: number | readonly number[] | undefined,
  keepDims: boolean,
  options: VarianceOptions,
): Tensor {
  const t = checkTensor(name, x);
  const { axes } = reduceParams(name, axis, t.rank, keepDims);
  const ddof = options.ddof ?? 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof) || ddof < 0) {
    throw new TensorError('INVALID_ARGUMENT', name, `ddof must be a finite number >= 0, got ${String(ddof)}`);
  }
  const xf = isFloat(t.dtype) ? t : cast(t, 'float32');
  return bind(name === 'std' ? stdP : varianceP, [xf], { axes, keepDims, ddof });
}
