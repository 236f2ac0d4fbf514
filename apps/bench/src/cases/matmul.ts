import { matmul, tensor } from '@stepwise/tensor';
import { uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveImpl, Parts, stepwiseImpl } from './parts.js';

/**
 * The obvious loops for `C[m,n] = op(A)·op(B)` over row-major float32 arrays, in the loop order that walks
 * memory contiguously for each transpose combination (i-p-j, i-j-p dot products, p-i-j).
 */
export function naiveMatmul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Float32Array {
  const c = new Float32Array(m * n);
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const aip = a[i * k + p]!;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j]! += aip * b[bp + j]!;
      }
    }
  } else if (!transA && transB) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
        c[i * n + j] = s;
      }
    }
  } else if (transA && !transB) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) {
        const api = a[p * m + i]!;
        const ci = i * n;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j]! += api * b[bp + j]!;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[p * m + i]! * b[j * k + p]!;
        c[i * n + j] = s;
      }
    }
  }
  return c;
}

/**
 * `op(A)·op(B)` with `op(A)` of shape `[m,k]` and `op(B)` of shape `[k,n]`, operands stored as the op receives
 * them (a transposed operand is stored transposed, as in a dense layer's backward pass).
 */
export function matmulCase(
  kernel: string,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
): BenchCase {
  const shapeA = transA ? [k, m] : [m, k];
  const shapeB = transB ? [n, k] : [k, n];
  const fmt = (s: number[], t: boolean): string => `(${s.join('×')})${t ? 'ᵀ' : ''}`;
  return {
    kernel,
    shape: `${fmt(shapeA, transA)}${fmt(shapeB, transB)}`,
    work: { flops: 2 * m * k * n, bytes: 4 * (m * k + k * n + m * n) },
    tolerance: 1e-4,
    prepare(env) {
      const a = uniform(1, m * k);
      const b = uniform(2, k * n);
      const sa = tensor(a, { shape: shapeA });
      const sb = tensor(b, { shape: shapeB });
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => ({ c: matmul(sa, sb, { transposeA: transA, transposeB: transB }) }), {
            recycleOutputs: true,
          }),
        )
        .tfjs(env, (tf) => {
          const ta = tf.tensor(a, shapeA);
          const tb = tf.tensor(b, shapeB);
          return {
            run: () => ({ c: tf.matMul(ta, tb, transA, transB) }),
            dispose: () => tf.dispose([ta, tb]),
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => ({ c: naiveMatmul(a, b, m, k, n, transA, transB) })),
        )
        .done();
    },
  };
}
