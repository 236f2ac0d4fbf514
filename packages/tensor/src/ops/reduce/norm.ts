import { bind, definePrimitive } from '../../autodiff/engine.js';
import { allocate, isFloat } from '../../core/dtype.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { TensorError } from '../../core/TensorError.js';
import { normKernel } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';
import { div, mul } from '../arith.js';
import { cast } from '../cast.js';
import { blocked, type ReduceParams, reducedShape, reduceParams } from './_axes.js';
import { keepDimsOf, safeDivisor } from './_grad.js';
import { signOf, tieMask } from './_masks.js';
import { sum } from './sum.js';

interface NormParams extends ReduceParams {
  readonly ord: number;
}

/** `|x|^q` for `q > 0`, differentiable to any order: its derivative is `q · sign(x) · |x|^(q−1)`. */
const absPowP = /* @__PURE__ */ definePrimitive<number>({
  name: 'absPow',
  impl: ([x], q) => {
    const src = bufferOf(x!);
    const out = allocate(x!.dtype, src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.abs(src[i]!) ** q;
    return fromBuffer(out, x!.shape, x!.dtype);
  },
  vjp: (g, [x], _out, q) => [mul(g, mul(signOf(x!), mul(absPow(x!, q - 1), q)))],
});

const absPow = (x: Tensor, q: number): Tensor => bind(absPowP, [x], q);

const normP = /* @__PURE__ */ definePrimitive<NormParams>({
  name: 'norm',
  impl: ([x], { axes, keepDims, ord }) => {
    const { buf, outer, r } = blocked(x!, axes, true);
    const out = allocate(x!.dtype, outer);
    normKernel(buf, outer, r, ord, out);
    return fromBuffer(out, reducedShape(x!.shape, axes, keepDims), x!.dtype);
  },
  vjp: (g, [x], out, { axes, keepDims, ord }) => {
    const gk = keepDimsOf(g, x!.shape, axes, keepDims);
    const n = keepDimsOf(out, x!.shape, axes, keepDims);
    const s = signOf(x!);
    if (ord === 1) return [mul(gk, s)];
    if (ord === 2) return [mul(gk, div(x!, safeDivisor(n)))];
    if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
      // Like max/min of |x|: ties share the gradient equally.
      const mask = tieMask(x!, n, x!.dtype, true);
      return [mul(gk, mul(s, div(mask, sum(mask, axes, true))))];
    }
    // ∂‖x‖ₚ/∂xᵢ = sign(xᵢ)·(|xᵢ| / ‖x‖ₚ)^(p−1).
    return [mul(gk, mul(s, absPow(div(x!, safeDivisor(n)), ord - 1)))];
  },
});

/**
 * Vector p-norm `(Σᵢ |xᵢ|ᵖ)^(1/p)` over `axis`: without an axis, of all elements; with several axes, the
 * **vector** norm over all of them (so `ord = 2` over two axes is the Frobenius norm; NumPy would compute a
 * matrix norm there). `ord` is 1, 2 (default), `Infinity` (`max |xᵢ|`), `-Infinity` (`min |xᵢ|`) or any
 * finite `p >= 1`. Accumulates in float64 and rescales by the largest magnitude when needed, so it neither
 * overflows nor underflows. int32 and bool inputs give float32. The norm of no element is 0 (`+∞` for
 * `-Infinity`).
 *
 * Gradient: `G · sign(x)·(|x| / ‖x‖)^(p−1)`; for `ord = 2` that is `G · x / ‖x‖`, **defined as 0 at
 * `x = 0`** (the minimum-norm subgradient, as PyTorch `vector_norm`; JAX `jnp.linalg.norm` gives NaN there). `ord = 1` gives `G · sign(x)`
 * (0 at 0); `±Infinity` send `G · sign(x)` to the extreme magnitudes, ties sharing equally.
 * @param x - input tensor
 * @param ord - 1, 2, `Infinity`, `-Infinity` or a finite `p >= 1`; default 2
 * @param axis - axis or axes to reduce; default every axis
 * @param keepDims - keep reduced axes with size 1; default `false`
 * @example
 * ```ts
 * import { norm, tensor } from '@stepwise/tensor';
 * norm(tensor([3, -4])).item(); // 5
 * norm(tensor([3, -4]), 1).item(); // 7
 * norm(tensor([[3, -4], [1, 0]]), Infinity, 1).toArray(); // [4, 1]
 * ```
 * @throws TensorError `INVALID_ARGUMENT` for an `ord` below 1 or NaN; `INVALID_AXIS` for an out-of-range or
 *   repeated axis.
 * @see NumPy `np.linalg.norm(x, ord, axis)` (vector norms), PyTorch `torch.linalg.vector_norm`, Keras
 *   `ops.norm`, Optax `optax.tree.norm` (the global norm of a pytree).
 * @category reductions
 * @since 0.1.0
 */
export function norm(x: Tensor, ord = 2, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkTensor('norm', x);
  if (typeof ord !== 'number' || (ord !== Number.NEGATIVE_INFINITY && !(ord >= 1))) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'norm',
      `ord must be 1, 2, Infinity, -Infinity or a number >= 1, got ${String(ord)}`,
    );
  }
  const params = reduceParams('norm', axis, t.rank, keepDims);
  return bind(normP, [isFloat(t.dtype) ? t : cast(t, 'float32')], { ...params, ord });
}
