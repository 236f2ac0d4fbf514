/**
 * Creation functions: values and lengths against their definitions (NumPy semantics), dtype inference,
 * copying of sources, and the typed errors for ragged input, malformed shapes and bad dtype names.
 */
import { describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import {
  arange,
  type DType,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  type Tensor,
  TensorError,
  tensor,
  zeros,
  zerosLike,
} from '../src/index.js';

function expectCode(f: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TensorError);
  const err = caught as TensorError;
  expect(err.code).toBe(code);
  for (const s of fragments) expect(err.message).toContain(s);
}

const finite = (min = -1e3, max = 1e3): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('tensor', () => {
  it('round-trips nested arrays of any rectangular shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }).chain((shape) => {
          const n = shape.reduce((a, b) => a * b, 1);
          return fc.tuple(
            fc.constant(shape),
            fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
          );
        }),
        ([shape, values]) => {
          const t = tensor(values, { shape });
          expect(t.shape).toEqual(shape);
          expect(t.dtype).toBe('float32');
          const again = tensor(t.toArray() as number[]);
          // A shape with a zero loses the axes after it in nested form; otherwise the round trip is exact.
          if (!shape.includes(0)) {
            expect(again.shape).toEqual(shape);
            expect(Array.from(again.data())).toEqual(values);
          }
        },
      ),
    );
  });

  it('infers bool from booleans, keeps typed-array dtypes, and copies its source', () => {
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([[true], [false]]).toArray()).toEqual([[true], [false]]);
    expect(tensor([1, 0]).dtype).toBe('float32');
    const src = new Float64Array([1, 2]);
    const t = tensor(src);
    expect(t.dtype).toBe('float64');
    src[0] = 99;
    expect(t.toArray()).toEqual([1, 2]);
    expect(tensor(new Int32Array([3])).dtype).toBe('int32');
    expect(tensor(new Uint8Array([0, 2])).toArray()).toEqual([false, true]);
    expect(tensor(new Int16Array([-1, 5])).dtype).toBe('float32');
    expect(tensor(new Int16Array([-1, 5])).toArray()).toEqual([-1, 5]);
  });

  it('converts values to the requested dtype (bool: nonzero; int32: truncation)', () => {
    expect(tensor([2, 0, -1, Number.NaN], { dtype: 'bool' }).toArray()).toEqual([true, false, true, true]);
    expect(tensor([1.7, -1.7], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    expect(tensor([true, false], { dtype: 'float64' }).toArray()).toEqual([1, 0]);
    expect(tensor(new Float32Array([0.5, 0]), { dtype: 'bool' }).toArray()).toEqual([true, false]);
  });

  it('keeps NaN and infinities as values', () => {
    const t = tensor([Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Number.isNaN(t.data()[0])).toBe(true);
    expect(t.data()[1]).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects ragged input naming the path', () => {
    expectCode(() => tensor([[1, 2], [3]]), 'INVALID_ARGUMENT', 'tensor:', 'ragged', '[1]');
    expectCode(() => tensor([1, [2]] as never), 'INVALID_ARGUMENT', 'tensor:', '[1]');
    expectCode(() => tensor([[1], 2] as never), 'INVALID_ARGUMENT', 'tensor:', 'ragged');
    expectCode(() => tensor([[[1, 2]], [[1, 2, 3]]]), 'INVALID_ARGUMENT', 'tensor:', '[1][0]');
  });

  it('rejects non-numeric elements, bad dtype names, bad shapes', () => {
    expectCode(() => tensor(['a'] as never), 'INVALID_ARGUMENT', 'tensor:', 'string');
    expectCode(() => tensor([null] as never), 'INVALID_ARGUMENT', 'tensor:', 'null');
    expectCode(() => tensor([1], { dtype: 'float16' as DType }), 'INVALID_ARGUMENT', 'tensor:', 'float16');
    expectCode(() => tensor([1, 2], { shape: [3] }), 'INVALID_ARGUMENT', 'tensor:', '[3]');
    expectCode(() => tensor([1, 2], { shape: [Number.NaN, 2] }), 'INVALID_ARGUMENT', 'tensor:');
    expectCode(() => tensor([1, 2], { shape: [-2, -1] }), 'INVALID_ARGUMENT', 'tensor:');
    expectCode(() => tensor(new BigInt64Array(2) as never), 'INVALID_ARGUMENT', 'tensor:', 'BigInt64Array');
    expectCode(() => tensor(scalar(1) as never), 'INVALID_ARGUMENT', 'tensor:');
  });
});

describe('scalar, full, zeros, ones, *Like', () => {
  it('fill every element with the value in the dtype', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
        fc.integer({ min: -100, max: 100 }),
        fc.constantFrom<DType>('float32', 'float64', 'int32', 'bool'),
        (shape, v, dtype) => {
          const t = full(shape, v, dtype);
          expect(t.shape).toEqual(shape);
          expect(t.dtype).toBe(dtype);
          const want = dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
          for (const x of t.data()) expect(x).toBe(want);
          expect(Array.from(zeros(shape, dtype).data()).every((x) => x === 0)).toBe(true);
          expect(Array.from(ones(shape, dtype).data()).every((x) => x === 1)).toBe(true);
          expect(zerosLike(t).dtype).toBe(dtype);
          expect(onesLike(t, 'float64').dtype).toBe('float64');
          expect(onesLike(t).shape).toEqual(shape);
        },
      ),
    );
  });

  it('scalar makes rank-0 tensors', () => {
    expect(scalar(3).shape).toEqual([]);
    expect(scalar(3).item()).toBe(3);
    expect(scalar(true).dtype).toBe('bool');
    expect(scalar(2, 'int32').dtype).toBe('int32');
    expect(full([], Number.NEGATIVE_INFINITY).item()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('reject NaN shape entries, bad dtype names and values the dtype cannot hold', () => {
    expectCode(() => zeros([Number.NaN]), 'INVALID_ARGUMENT', 'full:');
    expectCode(() => zeros([2, -1]), 'INVALID_ARGUMENT', 'full:');
    expectCode(() => ones([1.5]), 'INVALID_ARGUMENT', 'full:');
    expectCode(() => zeros([2], 'int64' as DType), 'INVALID_ARGUMENT', 'full:', 'int64');
    expectCode(() => full([2], 0.5, 'int32'), 'INVALID_ARGUMENT', 'full:', '0.5');
    expectCode(() => full([2], 'x' as never), 'INVALID_ARGUMENT', 'full:');
    expectCode(() => zerosLike([1, 2] as unknown as Tensor), 'INVALID_ARGUMENT', 'zerosLike:');
    expectCode(() => scalar([1] as never), 'INVALID_ARGUMENT', 'scalar:');
    expectCode(() => scalar(1, 'half' as DType), 'INVALID_ARGUMENT', 'scalar:');
  });
});

describe('arange', () => {
  it('has NumPy length ceil((stop - start) / step) and values start + i·step', () => {
    fc.assert(
      fc.property(
        finite(-100, 100),
        finite(-100, 100),
        finite(-10, 10).filter((s) => Math.abs(s) > 1e-2),
        (start, stop, step) => {
          const t = arange(start, stop, step, 'float64');
          const n = Math.max(0, Math.ceil((stop - start) / step));
          expect(t.shape).toEqual([n]);
          const d = t.data();
          for (let i = 0; i < n; i++) expect(d[i]).toBe(start + i * step);
          // every element lies in [start, stop) (or (stop, start] counting down)
          for (const v of d) expect(step > 0 ? v >= start && v < stop : v <= start && v > stop).toBe(true);
        },
      ),
    );
  });

  it('defaults: one argument counts from 0, step 1, float32', () => {
    const t = arange(4);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(5, 0, -2, 'int32').toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).shape).toEqual([0]);
    expect(arange(0, -3).shape).toEqual([0]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(-3).shape).toEqual([0]);
    // NumPy's well-known rounding case: 4 elements, not 3.
    expect(arange(1, 1.3, 0.1, 'float64').size).toBe(4);
  });

  it('rejects step 0, non-finite bounds, bad dtypes', () => {
    expectCode(() => arange(0, 5, 0), 'INVALID_ARGUMENT', 'arange:', 'step');
    expectCode(() => arange(0, Number.POSITIVE_INFINITY), 'INVALID_ARGUMENT', 'arange:', 'stop');
    expectCode(() => arange(Number.NaN), 'INVALID_ARGUMENT', 'arange:');
    expectCode(() => arange(0, 5, Number.NaN), 'INVALID_ARGUMENT', 'arange:', 'step');
    expectCode(() => arange(0, 3, 0.5, 'int32'), 'INVALID_ARGUMENT', 'arange:', 'int32');
    expectCode(() => arange(0, 3, 1, 'bool'), 'INVALID_ARGUMENT', 'arange:', 'bool');
    expectCode(() => arange(0, 3, 1, 'uint8' as DType), 'INVALID_ARGUMENT', 'arange:', 'uint8');
    expectCode(() => arange(0, 1e12), 'INVALID_ARGUMENT', 'arange:', 'elements');
  });
});

describe('linspace', () => {
  it('has num values, both ends included, evenly spaced', () => {
    fc.assert(
      fc.property(finite(), finite(), fc.integer({ min: 0, max: 50 }), (start, stop, num) => {
        const t = linspace(start, stop, num, 'float64');
        expect(t.shape).toEqual([num]);
        const d = t.data();
        if (num >= 1) expect(d[0]).toBe(start);
        if (num >= 2) {
          expect(d[num - 1]).toBe(stop);
          const step = (stop - start) / (num - 1);
          for (let i = 1; i < num - 1; i++) expect(d[i]).toBe(start + i * step);
        }
      }),
    );
  });

  it('is float32 by default and exact on simple cases', () => {
    const t = linspace(0, 1, 5);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(3, 3, 1).toArray()).toEqual([3]);
    expect(linspace(1, 0, 3).toArray()).toEqual([1, 0.5, 0]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('rejects bad num, non-finite bounds, non-float dtypes', () => {
    expectCode(() => linspace(0, 1, -1), 'INVALID_ARGUMENT', 'linspace:', 'num');
    expectCode(() => linspace(0, 1, 2.5), 'INVALID_ARGUMENT', 'linspace:', 'num');
    expectCode(() => linspace(0, Number.NaN, 3), 'INVALID_ARGUMENT', 'linspace:', 'stop');
    expectCode(() => linspace(0, 1, 3, 'int32' as never), 'INVALID_ARGUMENT', 'linspace:', 'int32');
  });
});

describe('eye', () => {
  it('is 1 exactly where i = j', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        fc.constantFrom<DType>('float32', 'float64', 'int32', 'bool'),
        (n, m, dtype) => {
          const t = eye(n, m, dtype);
          const cols = m ?? n;
          expect(t.shape).toEqual([n, cols]);
          expect(t.dtype).toBe(dtype);
          const d = t.data();
          for (let i = 0; i < n; i++)
            for (let j = 0; j < cols; j++) expect(d[i * cols + j]).toBe(i === j ? 1 : 0);
        },
      ),
    );
  });

  it('defaults to a square float32 matrix', () => {
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(2).dtype).toBe('float32');
  });

  it('rejects bad sizes and dtype names', () => {
    expectCode(() => eye(-1), 'INVALID_ARGUMENT', 'eye:', 'n');
    expectCode(() => eye(2, Number.NaN), 'INVALID_ARGUMENT', 'eye:', 'm');
    expectCode(() => eye(2, 2, 'f32' as DType), 'INVALID_ARGUMENT', 'eye:', 'f32');
  });
});
