/** The README's examples, verbatim, so that they keep running. */
import { add, matmul, sum, type Tensor, tanh, tensor } from '@stepwise/tensor';
import { expect, test } from 'vitest';
import { arb, checkGrads, expectAllClose, fc } from '../src/index.js';

// README: "Test your own layer in ten lines".
const layer = (p: { w: Tensor; b: Tensor }, x: Tensor) => tanh(add(matmul(x, p.w), p.b));

test('my layer: gradients and immutability', () => {
  const dims = fc.tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
  );
  const cases = dims.chain(([n, i, o]) =>
    fc.record({
      w: arb.tensor({ shape: [i, o], min: -1, max: 1 }),
      b: arb.tensor({ shape: [o] }),
      x: arb.tensor({ shape: [n, i] }),
    }),
  );
  fc.assert(
    fc.property(cases, ({ w, b, x }) => {
      const before = [w.data(), x.data()];
      checkGrads((p: { w: Tensor; b: Tensor }, xx: Tensor) => sum(layer(p, xx)), [{ w, b }, x], { order: 2 });
      expectAllClose([w.data(), x.data()], before, { rtol: 0, atol: 0 }); // bit-identical
    }),
    { numRuns: 30 },
  );
});

test('README error messages are the real ones', () => {
  expect(() =>
    expectAllClose(
      {
        a: tensor([
          [1, 2],
          [3, 4],
        ]),
      },
      {
        a: [
          [1, 2],
          [3, 5],
        ],
      },
    ),
  ).toThrow(
    'expectAllClose: at .a: 1 of 4 elements differ (rtol 0.00001, atol 1e-8; |actual − expected| <= atol + rtol·|expected|)\n  worst at [1, 1]: actual 4, expected 5, |diff| 1, allowed 5.001000e-5',
  );
  expect(() =>
    expectAllClose(
      {
        layers: [
          {},
          {
            w: tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
          },
        ],
      },
      {
        layers: [
          {},
          {
            w: tensor([
              [1, 2],
              [3, 4],
              [5, 6],
            ]),
          },
        ],
      },
    ),
  ).toThrow('at .layers[1].w: shape mismatch: actual [2,3], expected [3,2]');
});
