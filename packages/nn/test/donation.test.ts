/**
 * Activations and buffer reuse: a donated input (`donate`) is written over in place and consumed, recycled
 * memory (`recycle`) is reused for outputs, and neither ever changes a bit of a value or a gradient.
 */
import { donate, recycle, type Tensor, TensorError, tensor, vjp } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { elu, gelu, leakyRelu, mish, relu, relu6, sigmoid, silu, softplus } from '../src/index.js';

const ACTS: ReadonlyArray<readonly [string, (x: Tensor) => Tensor]> = [
  ['relu', relu],
  ['relu6', relu6],
  ['leakyRelu', (x) => leakyRelu(x)],
  ['elu', (x) => elu(x)],
  ['gelu', (x) => gelu(x)],
  ['sigmoid', sigmoid],
  ['silu', silu],
  ['softplus', softplus],
  ['mish', mish],
];

const bits = (t: Tensor): string => Buffer.from(new Float32Array(t.data()).buffer).toString('hex');
const N = 1 << 15; // 128 KiB of float32: large enough for the recycling pool

describe('activations reuse memory without changing results', () => {
  for (const [name, f] of ACTS) {
    it(`${name}: donated input, recycled output memory, same bits forward and backward`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 3 }), fc.double({ min: 0.1, max: 8, noNaN: true }), (k, s) => {
          const n = k * N;
          const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * s);
          const ref = f(tensor(x));
          const [yRef, pull] = vjp(f, tensor(x));
          const gRef = pull(tensor(new Float32Array(n).fill(1)));
          // Fill the pool with garbage of the right size, then donate the input.
          recycle([tensor(new Float32Array(n).fill(Number.NaN)), tensor(new Float32Array(n).fill(-7))]);
          const d = donate(tensor(x));
          const y = f(d);
          expect(bits(y)).toBe(bits(ref));
          expect(() => d.toArray()).toThrow(TensorError);
          recycle([tensor(new Float32Array(n).fill(Number.NaN)), tensor(new Float32Array(n).fill(3))]);
          const [y2, pull2] = vjp(f, tensor(x));
          expect(bits(y2)).toBe(bits(yRef));
          expect(bits(pull2(tensor(new Float32Array(n).fill(1))))).toBe(bits(gRef));
        }),
        { numRuns: 4 },
      );
    });
  }
});
