/**
 * matmul, dot, outer: against a naive triple loop in float64 on random shapes (2-D, 1-D on either side,
 * batched with broadcast batch axes, transposed operands), the packed kernel's block edges, dtypes,
 * gradients (order 2), errors and immutability.
 */
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, expectAllClose, fc } from '../../testing/src/index.js';
import { dot, grad, matmul, mul, outer, sum, type Tensor, TensorError, tensor, zeros } from '../src/index.js';

type DT = 'float32' | 'float64' | 'int32';

// ---- reference --------------------------------------------------------------------------------------

/** Row-major transpose of the last two axes of a shape and its data (naive). */
function transposeLast(
  shape: readonly number[],
  data: ArrayLike<number>,
): { shape: number[]; data: number[] } {
  const r = shape.length;
  const rows = shape[r - 2]!;
  const cols = shape[r - 1]!;
  const out: number[] = new Array(data.length);
  const mats = data.length / (rows * cols || 1);
  for (let b = 0; b < mats; b++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++)
        out[b * rows * cols + j * rows + i] = data[b * rows * cols + i * cols + j]!;
  return { shape: [...shape.slice(0, r - 2), cols, rows], data: out };
}

/** NumPy matmul by definition: promote 1-D operands, broadcast batch axes, triple loop in float64. */
function refMatmul(
  aShape: readonly number[],
  aData: ArrayLike<number>,
  bShape: readonly number[],
  bData: ArrayLike<number>,
): { shape: number[]; data: number[] } {
  const A = aShape.length === 1 ? [1, aShape[0]!] : aShape;
  const B = bShape.length === 1 ? [bShape[0]!, 1] : bShape;
  const [m, k] = A.slice(-2) as [number, number];
  const n = B[B.length - 1]!;
  const ab = A.slice(0, -2);
  const bb = B.slice(0, -2);
  const nb = Math.max(ab.length, bb.length);
  const pad = (s: number[]) => [...new Array(nb - s.length).fill(1), ...s];
  const pa = pad(ab);
  const pb = pad(bb);
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const total = batch.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let t = 0; t < total; t++) {
    // multi-index of t in batch, mapped into each operand (size-1 axes broadcast)
    let rem = t;
    const idx = new Array<number>(nb);
    for (let d = nb - 1; d >= 0; d--) {
      idx[d] = rem % batch[d]!;
      rem = Math.floor(rem / batch[d]!);
    }
    let ai = 0;
    let bi = 0;
    for (let d = 0; d < nb; d++) {
      ai = ai * pa[d]! + (pa[d] === 1 ? 0 : idx[d]!);
      bi = bi * pb[d]! + (pb[d] === 1 ? 0 : idx[d]!);
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += aData[ai * m * k + i * k + p]! * bData[bi * k * n + p * n + j]!;
        out.push(s);
      }
  }
  const shape = [...batch];
  if (aShape.length > 1) shape.push(m);
  if (bShape.length > 1) shape.push(n);
  return { shape, data: out };
}

/**
 * Checks a float32 product against the float64 reference with the standard error bound of a float32 dot
 * product of length `k`, `|ŷ − y| ≤ γ·Σ|aᵢ||bᵢ|` with `γ = 2k·2⁻²⁴` (summation in float32, in any order,
 * plus the final rounding), so a kernel may accumulate in float32 (SIMD) or float64.
 */
function expectFloat32Product(
  actual: ArrayLike<number>,
  aShape: readonly number[],
  a: ArrayLike<number>,
  bShape: readonly number[],
  b: ArrayLike<number>,
): void {
  const ref = refMatmul(aShape, a, bShape, b).data;
  const mag = refMatmul(aShape, Array.from(a, Math.abs), bShape, Array.from(b, Math.abs)).data;
  const k = aShape[aShape.length - 1]!;
  const gamma = (2 * k + 2) * 2 ** -24;
  expect(actual.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(actual[i]! - ref[i]!);
    if (!(err <= gamma * mag[i]! + 1e-30)) {
      throw new Error(
        `element ${i}: ${actual[i]} vs ${ref[i]} (error ${err} > bound ${gamma * mag[i]!}, k ${k})`,
      );
    }
  }
}

// ---- arbitraries ------------------------------------------------------------------------------------

interface Case {
  readonly aShape: number[];
  readonly bShape: number[];
}

/** Operand shapes of every matmul form: 2-D, 1-D either side, batched with broadcasting batch axes. */
const matmulShapes = (maxSide: number): fc.Arbitrary<Case> =>
  fc
    .record({
      m: fc.integer({ min: 1, max: maxSide }),
      k: fc.integer({ min: 1, max: maxSide }),
      n: fc.integer({ min: 1, max: maxSide }),
      batch: arb.broadcastableShapes(2, { minRank: 0, maxRank: 2, minSide: 1, maxSide: 3 }),
      aVec: fc.boolean(),
      bVec: fc.boolean(),
    })
    .map(({ m, k, n, batch, aVec, bVec }) => ({
      aShape: aVec ? [k] : [...batch.shapes[0]!, m, k],
      bShape: bVec ? [k] : [...batch.shapes[1]!, k, n],
    }));

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

/** Small integers: products and sums are exact in every dtype, so results must match bit for bit. */
const intValues = (n: number) => fc.array(fc.integer({ min: -8, max: 8 }), { minLength: n, maxLength: n });

const RUNS = { numRuns: 80 };

describe('matmul against a naive triple loop', () => {
  it('every form, exact on small integers, in float32, float64 and int32', () => {
    fc.assert(
      fc.property(
        matmulShapes(6).chain((c) =>
          fc.tuple(
            fc.constant(c),
            intValues(size(c.aShape)),
            intValues(size(c.bShape)),
            fc.constantFrom<DT>('float32', 'float64', 'int32'),
          ),
        ),
        ([{ aShape, bShape }, av, bv, dtype]) => {
          const a = tensor(av, { dtype, shape: aShape });
          const b = tensor(bv, { dtype, shape: bShape });
          const ref = refMatmul(aShape, av, bShape, bv);
          const y = matmul(a, b);
          expect(y.dtype).toBe(dtype);
          expect(y.shape).toEqual(ref.shape);
          expect(Array.from(y.data())).toEqual(ref.data);
        },
      ),
      RUNS,
    );
  });

  it('random float32 values (float32 tolerance), including the packed path', () => {
    fc.assert(
      fc.property(
        matmulShapes(40).chain((c) =>
          fc.tuple(
            fc.constant(c),
            arb.tensor({ dtype: 'float32', shape: c.aShape, min: -1, max: 1 }),
            arb.tensor({ dtype: 'float32', shape: c.bShape, min: -1, max: 1 }),
          ),
        ),
        ([{ aShape, bShape }, a, b]) => {
          const y = matmul(a, b);
          expect(y.shape).toEqual(refMatmul(aShape, a.data(), bShape, b.data()).shape);
          expectFloat32Product(y.data(), aShape, a.data(), bShape, b.data());
        },
      ),
      { numRuns: 40 },
    );
  });

  it('transposeA / transposeB equal the product of materialized transposes', () => {
    fc.assert(
      fc.property(
        matmulShapes(30)
          .filter((c) => c.aShape.length >= 2 && c.bShape.length >= 2)
          .chain((c) =>
            fc.tuple(
              fc.constant(c),
              arb.tensor({ dtype: 'float64', shape: c.aShape, min: -1, max: 1 }),
              arb.tensor({ dtype: 'float64', shape: c.bShape, min: -1, max: 1 }),
              fc.boolean(),
              fc.boolean(),
            ),
          ),
        ([{ aShape, bShape }, a, b, tA, tB]) => {
          // Store the operands transposed, and ask matmul to transpose them back.
          const at = tA ? transposeLast(aShape, a.data()) : { shape: aShape, data: Array.from(a.data()) };
          const bt = tB ? transposeLast(bShape, b.data()) : { shape: bShape, data: Array.from(b.data()) };
          const y = matmul(
            tensor(at.data, { dtype: 'float64', shape: at.shape }),
            tensor(bt.data, { dtype: 'float64', shape: bt.shape }),
            {
              transposeA: tA,
              transposeB: tB,
            },
          );
          const ref = refMatmul(aShape, a.data(), bShape, b.data());
          expect(y.shape).toEqual(ref.shape);
          expectAllClose(Array.from(y.data()), ref.data, { rtol: 1e-12, atol: 1e-12 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('block edges of the packed kernel (several depth and column blocks), all transpose combinations', () => {
    // Shapes around the block sizes (MR = NR = 4, KC = NC = 256) with ragged edges, and thin products.
    const shapes: Array<[number, number, number]> = [
      [37, 29, 300],
      [5, 261, 20],
      [64, 64, 64],
      [4, 4, 513],
      [130, 7, 9],
      [3, 300, 300],
      [50, 3, 100], // a few long columns (copied out for dot products)
      [5, 2, 64],
    ];
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    for (const [m, n, k] of shapes) {
      const av = Array.from({ length: m * k }, rnd);
      const bv = Array.from({ length: k * n }, rnd);
      const ref = refMatmul([m, k], av, [k, n], bv).data;
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const at = tA ? transposeLast([m, k], av) : { shape: [m, k], data: av };
          const bt = tB ? transposeLast([k, n], bv) : { shape: [k, n], data: bv };
          for (const dtype of ['float64', 'float32'] as const) {
            const y = matmul(
              tensor(at.data, { dtype, shape: at.shape }),
              tensor(bt.data, { dtype, shape: bt.shape }),
              {
                transposeA: tA,
                transposeB: tB,
              },
            );
            expect(y.shape).toEqual([m, n]);
            // float32 inputs are rounded; compare with the product of the rounded inputs.
            if (dtype === 'float64') expectAllClose(Array.from(y.data()), ref, { rtol: 1e-12, atol: 1e-12 });
            else expectFloat32Product(y.data(), [m, k], av.map(Math.fround), [k, n], bv.map(Math.fround));
          }
        }
      }
    }
  });

  it('zero-size dimensions give zeros or empty results, as NumPy', () => {
    expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(matmul(zeros([0, 4]), zeros([4, 3])).shape).toEqual([0, 3]);
    expect(matmul(zeros([2, 0, 4]), zeros([4, 3])).shape).toEqual([2, 0, 3]);
    expect(matmul(zeros([0]), zeros([0])).item()).toBe(0);
  });

  it('dtypes promote; bool computes as int32; int32 wraps', () => {
    const f = tensor([[1, 2]]);
    const d = tensor([[3], [4]], { dtype: 'float64' });
    expect(matmul(f, d).dtype).toBe('float64');
    expect(matmul(f, d).item()).toBe(11);
    const b = tensor([true, true], { dtype: 'bool' });
    expect(matmul(b, b).dtype).toBe('int32');
    expect(matmul(b, b).item()).toBe(2);
    const big = tensor([65536, 65536], { dtype: 'int32' });
    expect(matmul(big, tensor([65536, 0], { dtype: 'int32' })).item()).toBe(0);
  });
});

describe('dot and outer', () => {
  it('dot is matmul for rank ≤ 2 and mul for scalars', () => {
    fc.assert(
      fc.property(
        matmulShapes(5)
          .filter((c) => c.aShape.length <= 2 && c.bShape.length <= 2)
          .chain((c) =>
            fc.tuple(
              arb.tensor({ dtype: 'float64', shape: c.aShape }),
              arb.tensor({ dtype: 'float64', shape: c.bShape }),
            ),
          ),
        ([a, b]) => {
          expect(Array.from(dot(a, b).data())).toEqual(Array.from(matmul(a, b).data()));
          expect(dot(a, b).shape).toEqual(matmul(a, b).shape);
        },
      ),
      { numRuns: 40 },
    );
    expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    expect(dot(tensor(2), tensor([1, 2])).toArray()).toEqual([2, 4]);
  });

  it('outer flattens its operands', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: arb.shape({ maxRank: 2 }) }),
        arb.tensor({ dtype: 'float64', shape: arb.shape({ maxRank: 2 }) }),
        (a, b) => {
          const y = outer(a, b);
          expect(y.shape).toEqual([a.size, b.size]);
          const av = a.data();
          const bv = b.data();
          expect(Array.from(y.data())).toEqual(Array.from(av).flatMap((x) => Array.from(bv, (v) => x * v)));
        },
      ),
      { numRuns: 40 },
    );
  });
});

// ---- gradients --------------------------------------------------------------------------------------

describe('gradients (checkGrads, float64, order 2)', () => {
  it('matmul in every form, with and without transposes', () => {
    fc.assert(
      fc.property(
        matmulShapes(4).chain((c) =>
          fc.tuple(
            fc.constant(c),
            arb.tensor({ dtype: 'float64', shape: c.aShape, min: -2, max: 2 }),
            arb.tensor({ dtype: 'float64', shape: c.bShape, min: -2, max: 2 }),
            fc.boolean(),
            fc.boolean(),
          ),
        ),
        ([, a, b, tA, tB]) => {
          checkGrads((x: Tensor, y: Tensor) => matmul(x, y), [a, b], { order: 2 });
          // A product of two matmuls makes the second derivative run through the rules' own rules.
          checkGrads(
            (x: Tensor, y: Tensor) => {
              const z = matmul(x, y);
              return mul(z, z);
            },
            [a, b],
            { order: 2 },
          );
          if (a.rank >= 2 && b.rank >= 2) {
            const at = tA ? transposeLast(a.shape, a.data()) : { shape: a.shape, data: Array.from(a.data()) };
            const bt = tB ? transposeLast(b.shape, b.data()) : { shape: b.shape, data: Array.from(b.data()) };
            checkGrads(
              (x: Tensor, y: Tensor) => {
                const z = matmul(x, y, { transposeA: tA, transposeB: tB });
                return mul(z, z);
              },
              [
                tensor(at.data, { dtype: 'float64', shape: at.shape }),
                tensor(bt.data, { dtype: 'float64', shape: bt.shape }),
              ],
              { order: 2 },
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a batch of rows against one matrix (the folded weight gradient), plain and transposed', () => {
    const a = tensor(
      Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i)),
      { dtype: 'float64', shape: [2, 3, 4] },
    );
    const b = tensor(
      Array.from({ length: 20 }, (_, i) => Math.cos(i)),
      { dtype: 'float64', shape: [4, 5] },
    );
    const bt = tensor(transposeLast([4, 5], b.data()).data, { dtype: 'float64', shape: [5, 4] });
    const sq = (z: Tensor) => mul(z, z);
    checkGrads((x: Tensor, y: Tensor) => sq(matmul(x, y)), [a, b], { order: 2 });
    checkGrads((x: Tensor, y: Tensor) => sq(matmul(x, y, { transposeB: true })), [a, bt], { order: 2 });
    const empty = zeros([0, 3, 4], 'float64');
    expect(grad((y: Tensor) => sum(matmul(empty, y)))(b).toArray()).toEqual(zeros([4, 5]).toArray());
  });

  it('dot and outer', () => {
    const a = tensor([0.5, -1, 2], { dtype: 'float64' });
    const b = tensor([1.5, 0.25, -0.5], { dtype: 'float64' });
    checkGrads((x: Tensor, y: Tensor) => dot(x, y), [a, b], { order: 2 });
    checkGrads((x: Tensor, y: Tensor) => mul(outer(x, y), outer(x, y)), [a, b], { order: 2 });
  });

  it('∂a = G·bᵀ and ∂b = aᵀ·G, summed over broadcast batch axes', () => {
    const a = tensor([[1, 2]], { dtype: 'float64' }); // [1, 2], shared by the batch of b
    const b = tensor(
      [
        [[1], [2]],
        [[3], [4]],
      ],
      { dtype: 'float64' },
    ); // [2, 2, 1]
    const ga = grad((x: Tensor) => sum(matmul(x, b)))(a);
    expect(ga.toArray()).toEqual([[4, 6]]);
    const gb = grad((y: Tensor) => sum(matmul(a, y)))(b);
    expect(gb.toArray()).toEqual([
      [[1], [2]],
      [[1], [2]],
    ]);
  });
});

// ---- errors and purity ------------------------------------------------------------------------------

describe('errors', () => {
  const expectError = (f: () => unknown, code: string, message: string | RegExp) => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TensorError);
    expect((err as TensorError).code).toBe(code);
    if (typeof message === 'string') expect((err as TensorError).message).toBe(message);
    else expect((err as TensorError).message).toMatch(message);
  };

  it('mismatched shapes name both operands', () => {
    expectError(
      () => matmul(zeros([2, 3]), zeros([4, 5])),
      'SHAPE_MISMATCH',
      'matmul: inner dimensions differ: [2,3] @ [4,5]',
    );
    expectError(
      () => matmul(zeros([3]), zeros([4])),
      'SHAPE_MISMATCH',
      'matmul: inner dimensions differ: [3] @ [4]',
    );
    expectError(
      () => matmul(zeros([2, 3]), zeros([2])),
      'SHAPE_MISMATCH',
      'matmul: inner dimensions differ: [2,3] @ [2]',
    );
    expectError(
      () => matmul(zeros([2, 3, 4]), zeros([5, 4, 6])),
      'SHAPE_MISMATCH',
      'matmul: batch dimensions do not broadcast: [2,3,4] @ [5,4,6]',
    );
    expectError(
      () => matmul(zeros([2, 3]), zeros([2, 3]), { transposeB: true, transposeA: true }),
      'SHAPE_MISMATCH',
      /^matmul: inner dimensions differ: \[2,3\]ᵀ @ \[2,3\]ᵀ$/,
    );
    expectError(
      () => dot(zeros([2, 3]), zeros([4])),
      'SHAPE_MISMATCH',
      'dot: inner dimensions differ: [2,3] · [4]',
    );
  });

  it('bad operands', () => {
    expectError(
      () => matmul(zeros([]), zeros([2])),
      'INVALID_ARGUMENT',
      'matmul: operands must be at least 1-D, got [] @ [2]',
    );
    expectError(
      () => matmul([1, 2] as unknown as Tensor, zeros([2])),
      'INVALID_ARGUMENT',
      /^matmul: a must be a Tensor/,
    );
    expectError(
      () => dot(zeros([2, 2, 2]), zeros([2, 2])),
      'INVALID_ARGUMENT',
      /^dot: operands must have rank <= 2/,
    );
    expectError(
      () => outer(zeros([2]), 3 as unknown as Tensor),
      'INVALID_ARGUMENT',
      /^outer: b must be a Tensor/,
    );
  });
});

describe('purity', () => {
  it('inputs are bit-identical after matmul/dot/outer; results are deterministic', () => {
    fc.assert(
      fc.property(
        matmulShapes(20).chain((c) =>
          fc.tuple(
            arb.tensor({ dtype: 'float32', shape: c.aShape }),
            arb.tensor({ dtype: 'float32', shape: c.bShape }),
          ),
        ),
        ([a, b]) => {
          const before = [a.data(), b.data()];
          const y1 = matmul(a, b).data();
          const y2 = matmul(a, b).data();
          expect(y1).toEqual(y2);
          outer(a, b);
          if (a.rank <= 2 && b.rank <= 2) dot(a, b);
          if (a.rank >= 2 && b.rank >= 2 && a.shape[a.rank - 2] === b.shape[b.rank - 2]) {
            matmul(a, b, { transposeA: true, transposeB: false });
          }
          expect(a.data()).toEqual(before[0]);
          expect(b.data()).toEqual(before[1]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
