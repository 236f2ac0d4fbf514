/**
 * `y = x · a + b` with per-feature `a`, `b` of shape `[C]` along the feature axis: one fused pass forward
 * and one fused pass backward (`dx = dy · a`, `da = Σ dy · x`, `db = Σ dy`), registered with `customVjp`.
 * `batchNormInfer` builds `a` and `b` from γ, β and the statistics with ordinary (differentiable) ops on
 * `[C]` tensors, so gradients reach every argument while the full-size work stays one pass each way.
 * @internal
 * @module
 */
import { customVjp, mul, reshape, sum, type Tensor } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';
import { channelAffine, channelGradSums, type FloatArray } from '../kernels/channel.js';
import { asFeature, type ChannelLayout, fromFloat64, toFloat64 } from './channelLayout.js';

/** Runs the fused affine map (no tracing). */
function affinePlain(x: Tensor, a: Tensor, b: Tensor, L: ChannelLayout): Tensor {
  const out = allocateBuffer(x.dtype, x.size) as FloatArray;
  channelAffine(out, readBuffer(x) as FloatArray, L.outer, L.C, L.inner, toFloat64(a), toFloat64(b));
  return adoptBuffer(out, x.shape, x.dtype);
}

/** The differentiable fused map `x · a[c] + b[c]` (`x`, `a`, `b` of one float dtype). */
export function affineByFeature(x: Tensor, a: Tensor, b: Tensor, L: ChannelLayout): Tensor {
  if (!isAnyTraced([x, a, b])) return affinePlain(x, a, b, L);
  const f = customVjp((xx: Tensor, aa: Tensor, bb: Tensor) => affinePlain(xx, aa, bb, L), {
    forward: (xx, aa, bb) => [affinePlain(xx, aa, bb, L), [xx, aa] as const],
    backward: ([xx, aa], g: Tensor) => {
      if (isAnyTraced([x, a, g])) {
        // The backward pass is itself differentiated: use ops on the original (traced) inputs.
        return [
          mul(g, asFeature(a, L)),
          reshape(sum(mul(g, x), L.reduceAxes), [L.C]),
          reshape(sum(g, L.reduceAxes), [L.C]),
        ];
      }
      const dy = readBuffer(g) as FloatArray;
      const xb = readBuffer(xx) as FloatArray;
      // Σ dy·x = Σ dy·(x − 0): the gradient-sum kernel with a zero centre.
      const s1 = new Float64Array(L.C);
      const s2 = new Float64Array(L.C);
      channelGradSums(dy, xb, L.outer, L.C, L.inner, new Float64Array(L.C), s1, s2);
      const ab = toFloat64(aa);
      const dx = allocateBuffer(xx.dtype, xx.size) as FloatArray;
      channelAffine(dx, dy, L.outer, L.C, L.inner, ab, new Float64Array(L.C));
      return [
        adoptBuffer(dx, xx.shape, xx.dtype),
        fromFloat64(s2, [L.C], aa.dtype),
        fromFloat64(s1, [L.C], aa.dtype),
      ];
    },
  });
  return f(x, a, b);
}
