import { fromBuffer, type Tensor } from '../core/Tensor.js';
import { threefry2x32Range } from '../kernels/threefry.js';
import { boundedInt, CHUNK, mod } from './_bits.js';
import { integerIn, keyWords } from './_checks.js';
import type { Key } from './types.js';

const OP = 'random.permutation';

/**
 * Fisher–Yates from the top: swaps `out[i]` with `out[j]`, `j` uniform in `[0, i]` drawn from element `i`'s
 * word (counter `(0, i)`, retries `(a, i)`). Words are generated a chunk at a time, top chunk first.
 * @internal
 */
export function shuffleLoop(out: Int32Array, k0: number, k1: number): void {
  const y0 = new Int32Array(CHUNK);
  const y1 = new Int32Array(CHUNK);
  for (let top = out.length - 1; top > 0; top -= CHUNK) {
    const lo = Math.max(1, top - CHUNK + 1);
    threefry2x32Range(k0, k1, 0, lo, top - lo + 1, y0, y1);
    for (let i = top; i >= lo; i--) {
      const w = (y0[i - lo]! ^ y1[i - lo]!) >>> 0;
      const span = i + 1;
      const j = w >= mod(4294967296, span) ? mod(w, span) : boundedInt(k0, k1, i, w, span);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
  }
}

/**
 * A uniformly random permutation of `0 … n − 1` as an `int32` tensor of shape `[n]`, by the Fisher–Yates
 * shuffle with unbiased (rejection-sampled) swap indices, in O(n).
 *
 * @param key The key to draw with (not modified).
 * @param n Length, an integer in `[0, 2³¹]`.
 * @returns A new `int32` tensor holding each of `0 … n − 1` once.
 * @throws TensorError `INVALID_ARGUMENT` for a bad key or `n`.
 * @example
 * ```ts
 * import { random } from '@stepwise/tensor';
 * random.permutation(random.key(0), 5).toArray(); // [3, 2, 4, 1, 0]
 * ```
 * @see JAX `jax.random.permutation(key, n)` (sort-based, so other orders), PyTorch `torch.randperm(n)`.
 * @category random
 * @since 0.1.0
 */
export function permutation(key: Key, n: number): Tensor {
  const [k0, k1] = keyWords(OP, key);
  integerIn(OP, 'n', n, 0, 2147483648);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleLoop(out, k0!, k1!);
  return fromBuffer(out, [n], 'int32');
}
