import { type Tensor, tensor } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { AllCloseError, arb, expectAllClose, fc } from '../src/index.js';

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AllCloseError);
    return (e as Error).message;
  }
  throw new Error('expected expectAllClose to throw');
};

describe('expectAllClose', () => {
  it('accepts tensors, numbers, nested arrays and pytrees that are close', () => {
    expectAllClose(tensor([1, 2]), tensor([1, 2.000001]));
    expectAllClose(tensor([[1, 2]]), [[1, 2]]);
    expectAllClose(3, 3 + 1e-9);
    expectAllClose(tensor(2), 2);
    expectAllClose(tensor([2, 2, 2]), 2);
    expectAllClose({ w: tensor([1, 2]), b: [tensor(3), 4] }, { b: [3, 4], w: [1, 2] });
    expectAllClose(tensor([Number.NaN, Number.POSITIVE_INFINITY]), [Number.NaN, Number.POSITIVE_INFINITY]);
  });
  it('property: every tensor is close to itself, and to itself within rtol', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', allowNaN: true, allowInfinity: true }), (t) => {
        expectAllClose(t, t);
        const scaled = Array.from(t.data(), (v) => v * (1 + 1e-7));
        expectAllClose(t, tensor(scaled, { dtype: 'float64', shape: t.shape }));
      }),
    );
  });
  it('property: a perturbed element is reported with its index, values and the count', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: arb.shape({ minRank: 1 }), min: -5, max: 5 }),
        fc.nat(),
        (t: Tensor, k) => {
          const vals = Array.from(t.data());
          const i = k % vals.length;
          vals[i] = vals[i]! + 1;
          const msg = message(() => expectAllClose(t, tensor(vals, { dtype: 'float64', shape: t.shape })));
          expect(msg).toContain(`1 of ${vals.length} elements differ`);
          const idx: number[] = [];
          let r = i;
          for (let d = t.rank - 1; d >= 0; d--) {
            idx.unshift(r % t.shape[d]!);
            r = Math.floor(r / t.shape[d]!);
          }
          expect(msg).toContain(`worst at [${idx.join(', ')}]`);
        },
      ),
    );
  });
  it('reports the worst and the first mismatch', () => {
    const msg = message(() => expectAllClose(tensor([1, 2, 3, 4]), [1.1, 2, 3, 9]));
    expect(msg).toContain('2 of 4 elements differ');
    expect(msg).toMatch(/worst at \[3\]: actual 4, expected 9, \|diff\| 5/);
    expect(msg).toMatch(/first at \[0\]: actual 1, expected 1\.1/);
  });
  it('reports shape, dtype and structure mismatches with the path', () => {
    expect(message(() => expectAllClose(tensor([1, 2]), tensor([[1, 2]])))).toContain(
      'at <root>: shape mismatch: actual [2], expected [1,2]',
    );
    expect(message(() => expectAllClose(tensor([1]), tensor([1], { dtype: 'float64' })))).toContain(
      'dtype mismatch: actual float32, expected float64',
    );
    expectAllClose(tensor([1]), tensor([1], { dtype: 'float64' }), { checkDType: false });
    expect(message(() => expectAllClose({ a: { w: tensor([1]) } }, { a: { v: tensor([1]) } }))).toContain(
      'at .a: keys differ: missing v unexpected w',
    );
    expect(message(() => expectAllClose({ a: [tensor([1])] }, { a: [tensor([1]), tensor([2])] }))).toContain(
      'at .a: array length mismatch: actual 1, expected 2',
    );
    expect(message(() => expectAllClose({ a: [tensor([1, 5])] }, { a: [[1, 2]] }))).toContain(
      'at .a[0]: 1 of 2',
    );
    expect(message(() => expectAllClose(tensor([1]), { w: tensor([1]) }))).toContain('structure mismatch');
    expect(message(() => expectAllClose([[1, 2], [3]], [[1, 2], [3]]))).toContain('ragged');
  });
  it('NaN matches NaN only by default; infinities must match exactly', () => {
    expect(message(() => expectAllClose(tensor([Number.NaN]), [Number.NaN], { equalNaN: false }))).toContain(
      '1 of 1',
    );
    expect(message(() => expectAllClose(tensor([Number.NaN]), [1]))).toContain('actual NaN, expected 1');
    expect(message(() => expectAllClose(tensor([Number.POSITIVE_INFINITY]), [1e300]))).toContain('1 of 1');
  });
  it('honours rtol and atol', () => {
    expectAllClose(tensor([100]), [101], { rtol: 0.02 });
    expectAllClose(tensor([0]), [0.5], { atol: 0.5 });
    expect(() => expectAllClose(tensor([100]), [101], { rtol: 0.001 })).toThrow(AllCloseError);
    expect(() => expectAllClose(1, 1, { rtol: -1 })).toThrow(RangeError);
  });
});
