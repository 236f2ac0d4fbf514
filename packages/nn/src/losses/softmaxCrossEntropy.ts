import { cast, customVjp, isFloat, mul, oneHot, sub, sum, type Tensor, TensorError } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, isAnyTraced, readBuffer } from '@stepwise/tensor/kernel';
import { logSoftmax, softmax } from '../activations/softmax.js';
import type { FloatArray } from '../internal/fused.js';
import { checkTensor } from './_checks.js';

const OP = 'softmaxCrossEntropy';

/** Per-row log-sum-exp of `z` (`rows × c`, row-major), into `lse`. */
function rowLogSumExp(z: FloatArray, rows: number, c: number, lse: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < c; k++) if (z[o + k]! > m || Number.isNaN(z[o + k]!)) m = z[o + k]!;
    if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) {
      lse[r] = m;
      continue;
    }
    let s = 0;
    for (let k = 0; k < c; k++) s += Math.exp(z[o + k]! - m);
    lse[r] = m + Math.log(s);
  }
}

/** Σ over rows of `lse·Σy − Σ y·z` (distribution labels). */
function denseLossSum(z: FloatArray, y: FloatArray, lse: Float64Array, rows: number, c: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let sy = 0;
    let syz = 0;
    for (let k = 0; k < c; k++) {
      const yk = y[o + k]!;
      if (yk !== 0) {
        sy += yk;
        syz += yk * z[o + k]!;
      }
    }
    total += lse[r]! * sy - syz;
  }
  return total;
}

/** Σ over rows of `lse − z[label]` (index labels, already validated). */
function sparseLossSum(
  z: FloatArray,
  labels: Int32Array,
  lse: Float64Array,
  rows: number,
  c: number,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) total += lse[r]! - z[r * c + labels[r]!]!;
  return total;
}

/** Throws for an index label outside `[0, c)`. */
function checkIndices(labels: Int32Array, c: number): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= c) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        OP,
        `label ${l} at position ${i} is out of range for ${c} classes (expected 0 ≤ label < ${c})`,
      );
    }
  }
}

const scalarOf = (v: number, dtype: 'float32' | 'float64'): Tensor => {
  const b = allocateBuffer(dtype, 1);
  b[0] = v;
  return adoptBuffer(b, [], dtype);
};

/**
 * Softmax cross-entropy from logits, per example, then the mean over examples:
 * `mean_b( logSumExp(z_b) − Σ_c y_bc·z_bc )` (for one-hot or probability labels `= −Σ_c y_bc·logSoftmax(z_b)_c`).
 *
 * - `logits`: `[B, C]` (or `[…, C]`: every leading position is an example).
 * - `labels`: **int32 class indices** `[B]` (or `[…]`), or **float one-hot / probabilities** `[B, C]`
 *   (same shape as `logits`; bool and integer one-hot arrays of that shape are cast).
 *
 * Stable for any logit magnitude (log-sum-exp subtracts the row max). The forward pass and the gradient
 * `(softmax(z)·Σy − y)/B` are fused kernels, wired in with `customVjp`; probability labels are
 * differentiable too (gradient `−logSoftmax(z)/B`).
 *
 * @param logits - Unnormalized scores, rank ≥ 1 with the class axis last.
 * @param labels - Class indices (int32) or a distribution over classes (float).
 * @returns A scalar tensor (logits' float dtype).
 * @throws TensorError `SHAPE_MISMATCH` when the label shape fits neither form; `INVALID_ARGUMENT` for an index
 * outside `[0, C)`, zero classes, or non-tensors; `DTYPE_MISMATCH` for float labels shaped like indices.
 * @example
 * ```ts
 * const logits = tensor([[2, 0, 0], [0, 0, 5]]);
 * // ((log(e² + 2) − 2) + (log(e⁵ + 2) − 5)) / 2
 * softmaxCrossEntropy(logits, tensor([0, 2], { dtype: 'int32' })).item(); // ≈ 0.1265
 * softmaxCrossEntropy(logits, tensor([[1, 0, 0], [0, 0, 1]])).item(); // the same
 * ```
 * @see Keras `categorical_crossentropy` / `sparse_categorical_crossentropy` with `from_logits=True`
 * (arguments reversed), PyTorch `F.cross_entropy` (class axis 1; indices or probabilities), Optax
 * `softmax_cross_entropy` / `softmax_cross_entropy_with_integer_labels` (per example, no mean).
 * @category losses
 * @since 0.1.0
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  let z = checkTensor(OP, 'logits', logits);
  const l = checkTensor(OP, 'labels', labels);
  if (z.rank === 0)
    throw new TensorError('SHAPE_MISMATCH', OP, 'logits must have a class axis (rank ≥ 1), got a scalar');
  if (!isFloat(z.dtype)) z = cast(z, 'float32');
  const dtype = z.dtype as 'float32' | 'float64';
  const c = z.shape[z.rank - 1]!;
  if (c === 0) throw new TensorError('INVALID_ARGUMENT', OP, `logits [${z.shape.join(',')}] have no classes`);
  const rows = z.size / c;
  const sameShape = l.rank === z.rank && l.shape.every((d, i) => d === z.shape[i]);
  const indexShape = l.rank === z.rank - 1 && l.shape.every((d, i) => d === z.shape[i]);
  if (indexShape && !sameShape) {
    if (l.dtype !== 'int32') {
      throw new TensorError(
        'DTYPE_MISMATCH',
        OP,
        `labels of shape [${l.shape.join(',')}] are class indices and must be int32, got ${l.dtype}`,
      );
    }
    return sparse(z, l, rows, c, dtype);
  }
  if (!sameShape) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      OP,
      `labels [${l.shape.join(',')}] must be class indices [${z.shape.slice(0, -1).join(',')}] or a distribution [${z.shape.join(',')}] for logits [${z.shape.join(',')}]`,
    );
  }
  return dense(z, l.dtype === dtype ? l : cast(l, dtype), rows, c, dtype);
}

function sparse(z: Tensor, labels: Tensor, rows: number, c: number, dtype: 'float32' | 'float64'): Tensor {
  const idx = readBuffer(labels) as Int32Array;
  checkIndices(idx, c);
  const forward = (zd: Tensor): [Tensor, Float64Array] => {
    const lse = new Float64Array(rows);
    rowLogSumExp(readBuffer(zd) as FloatArray, rows, c, lse);
    return [scalarOf(sparseLossSum(readBuffer(zd) as FloatArray, idx, lse, rows, c) / rows, dtype), lse];
  };
  if (!isAnyTraced([z])) return forward(z)[0];
  return customVjp((zd: Tensor) => forward(zd)[0], {
    forward: (zd: Tensor) => {
      const [y, lse] = forward(zd);
      return [y, [zd, lse] as const] as const;
    },
    backward: ([zd, lse], g: Tensor) => {
      if (isAnyTraced([z, g])) {
        const p = sub(softmax(z), cast(oneHot(labels, c), dtype));
        return [mul(mul(p, g), 1 / rows)];
      }
      const scale = (readBuffer(g)[0] as number) / rows;
      const zb = readBuffer(zd) as FloatArray;
      const out = allocateBuffer(dtype, z.size) as FloatArray;
      for (let r = 0; r < rows; r++) {
        const o = r * c;
        const m = lse[r]!;
        for (let k = 0; k < c; k++) out[o + k] = scale * Math.exp(zb[o + k]! - m);
        out[o + idx[r]!] = out[o + idx[r]!]! - scale;
      }
      return [adoptBuffer(out, z.shape, dtype)];
    },
  })(z);
}

function dense(z: Tensor, y: Tensor, rows: number, c: number, dtype: 'float32' | 'float64'): Tensor {
  const forward = (zd: Tensor, yd: Tensor): [Tensor, Float64Array] => {
    const lse = new Float64Array(rows);
    const zb = readBuffer(zd) as FloatArray;
    rowLogSumExp(zb, rows, c, lse);
    return [scalarOf(denseLossSum(zb, readBuffer(yd) as FloatArray, lse, rows, c) / rows, dtype), lse];
  };
  if (!isAnyTraced([z, y])) return forward(z, y)[0];
  return customVjp((zd: Tensor, yd: Tensor) => forward(zd, yd)[0], {
    forward: (zd: Tensor, yd: Tensor) => {
      const [out, lse] = forward(zd, yd);
      return [out, [zd, yd, lse] as const] as const;
    },
    backward: ([zd, yd, lse], g: Tensor) => {
      if (isAnyTraced([z, y, g])) {
        const gz = sub(mul(softmax(z), sum(y, -1, true)), y);
        return [mul(mul(gz, g), 1 / rows), mul(mul(logSoftmax(z), g), -1 / rows)];
      }
      const scale = (readBuffer(g)[0] as number) / rows;
      const zb = readBuffer(zd) as FloatArray;
      const yb = readBuffer(yd) as FloatArray;
      const gz = allocateBuffer(dtype, z.size) as FloatArray;
      const gy = allocateBuffer(dtype, z.size) as FloatArray;
      for (let r = 0; r < rows; r++) {
        const o = r * c;
        const m = lse[r]!;
        let sy = 0;
        for (let k = 0; k < c; k++) sy += yb[o + k]!;
        for (let k = 0; k < c; k++) {
          const logp = zb[o + k]! - m;
          gz[o + k] = scale * (Math.exp(logp) * sy - yb[o + k]!);
          gy[o + k] = -scale * logp;
        }
      }
      return [adoptBuffer(gz, z.shape, dtype), adoptBuffer(gy, z.shape, dtype)];
    },
  })(z, y);
}
