/**
 * Elementwise selection `where(cond, a, b)`.
 * @module
 */
import { bind, definePrimitive, isTraced } from '../../autodiff/engine.js';
import { allocate } from '../../core/dtype.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../core/shape.js';
import { bufferOf, fromBuffer, isTensor, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { whereKernel } from '../../kernels/where.js';
import { checkTensor, constant, type Operand, operands } from '../_operands.js';

const whereP = /* @__PURE__ */ definePrimitive<readonly number[]>({
  name: 'where',
  impl: ([c, a, b], shape) => {
    const out = allocate(a!.dtype, sizeOf(shape));
    whereKernel(
      out,
      shape,
      bufferOf(c!) as Uint8Array,
      broadcastStrides(c!.shape, shape),
      bufferOf(a!),
      broadcastStrides(a!.shape, shape),
      bufferOf(b!),
      broadcastStrides(b!.shape, shape),
    );
    return fromBuffer(out, shape, a!.dtype);
  },
  // The engine sums each cotangent back to its operand's shape; an untraced operand needs none.
  vjp: (g, [c, a, b]) => [null, isTraced(a!) ? where(c!, g, 0) : null, isTraced(b!) ? where(c!, 0, g) : null],
});

/** The broadcast shape of the three operands, or a `SHAPE_MISMATCH` naming all three. */
function whereShape(c: Tensor, a: Tensor, b: Tensor): number[] {
  try {
    return broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
  } catch (e) {
    if (!(e instanceof TensorError)) throw e;
    throw new TensorError(
      'SHAPE_MISMATCH',
      'where',
      `cond ${fmtShape(c.shape)}, a ${fmtShape(a.shape)} and b ${fmtShape(b.shape)} do not broadcast`,
    );
  }
}

/**
 * Elementwise selection: `a` where `cond` is true, `b` elsewhere, with NumPy broadcasting over all three.
 * `cond` must be a `bool` tensor (from a comparison; for a numeric mask use `notEqual(mask, 0)`). `a` and `b`
 * are promoted to one dtype; either (or both, giving float32) may be a plain number.
 *
 * Gradient: to `a` where `cond`, to `b` elsewhere (zero on the other side), summed over broadcast axes; none
 * to `cond`. The unselected branch is still computed: where it is NaN or infinite (e.g. `log(x)` for
 * `x ≤ 0`), its zero cotangent can still meet a NaN derivative inside it (the "double where" caveat of JAX);
 * sanitize the branch's input with another `where` first.
 * @example `where(greater(x, 0), x, 0)` is a ReLU; `where(tensor([true, false]), 1, 2).toArray() // [1, 2]`
 * @throws TensorError `DTYPE_MISMATCH` when `cond` is not `bool`; `SHAPE_MISMATCH` when the three shapes do not
 * broadcast; `INVALID_ARGUMENT` for an operand that is neither a tensor nor a number.
 * @see Keras `ops.where`, PyTorch `torch.where(cond, a, b)` (both accept a non-bool cond; here it must be bool).
 * @category elementwise
 * @since 0.1.0
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const c = checkTensor('where', cond, 'cond');
  if (c.dtype !== 'bool') {
    throw new TensorError(
      'DTYPE_MISMATCH',
      'where',
      `cond must be a bool tensor, got ${c.dtype}${fmtShape(c.shape)}; compare it first, e.g. notEqual(cond, 0)`,
    );
  }
  let ta: Tensor;
  let tb: Tensor;
  if (!isTensor(a) && !isTensor(b)) {
    for (const v of [a, b]) {
      if (typeof v !== 'number')
        throw new TensorError('INVALID_ARGUMENT', 'where', `expected a Tensor or a number, got ${typeof v}`);
    }
    ta = constant(a, 'float32');
    tb = constant(b, 'float32');
  } else {
    [ta, tb] = operands('where', a, b, false);
  }
  return bind(whereP, [c, ta, tb], whereShape(c, ta, tb));
}
