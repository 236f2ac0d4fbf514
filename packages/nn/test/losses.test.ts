import {
  cast,
  grad,
  log,
  mean,
  mul,
  neg,
  oneHot,
  random,
  sum,
  type Tensor,
  TensorError,
  tensor,
} from '@stepwise/tensor';
import { arb, checkGrads, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryCrossEntropy,
  huber,
  logSoftmax,
  meanAbsoluteError,
  meanSquaredError,
  sigmoid,
  softmax,
  softmaxCrossEntropy,
} from '../src/index.js';

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });
const i32 = (v: number[]): Tensor => tensor(v, { dtype: 'int32' });

/** Two float64 tensors of one random shape. */
const pairOfShape = arb
  .shape({ minRank: 1, maxRank: 3, maxSide: 4 })
  .chain((shape) =>
    fc.tuple(
      arb.tensor({ dtype: 'float64', shape, min: -5, max: 5, minMagnitude: 0 }),
      arb.tensor({ dtype: 'float64', shape, min: -5, max: 5 }),
    ),
  );

/** Logits `[B, C]` with int32 labels `[B]`. */
const logitsAndLabels = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 }))
  .chain(([b, c]) =>
    fc.tuple(
      arb.tensor({ dtype: 'float64', shape: [b, c], min: -10, max: 10 }),
      fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: b, maxLength: b }),
    ),
  );

describe('regression losses', () => {
  it('fixtures: Keras/PyTorch values', () => {
    // mse: ((1−1)² + (2−4)²)/2 = 2; mae: (0 + 2)/2 = 1.
    expect(meanSquaredError(f64([1, 2]), f64([1, 4])).item()).toBe(2);
    expect(meanAbsoluteError(f64([1, 2]), f64([1, 4])).item()).toBe(1);
    // huber(δ=1): d = [0.5, 3, −2] → [½·0.25, 1·(3 − ½), 1·(2 − ½)] = [0.125, 2.5, 1.5], mean 1.375.
    expect(huber()(f64([0.5, 3, -2]), f64([0, 0, 0])).item()).toBeCloseTo(1.375, 15);
    // huber(δ=2): d = [1, 3] → [½, 2·(3 − 1)] = [0.5, 4], mean 2.25.
    expect(huber(2)(f64([1, 3]), f64([0, 0])).item()).toBeCloseTo(2.25, 15);
  });

  it('are means over every element; gradients match central differences', () => {
    fc.assert(
      fc.property(pairOfShape, ([p, t]) => {
        const td = Array.from(t.data());
        const d = Array.from(p.data() as Float64Array, (v, i) => v - td[i]!);
        const n = d.length;
        expect(meanSquaredError(p, t).item()).toBeCloseTo(d.reduce((s, v) => s + v * v, 0) / n, 10);
        expect(meanAbsoluteError(p, t).item()).toBeCloseTo(d.reduce((s, v) => s + Math.abs(v), 0) / n, 10);
        const hub =
          d.reduce((s, v) => s + (Math.abs(v) <= 1.5 ? 0.5 * v * v : 1.5 * (Math.abs(v) - 0.75)), 0) / n;
        expect(huber(1.5)(p, t).item()).toBeCloseTo(hub, 10);
        // Keep residuals away from the kinks of |d| and of huber at ±δ.
        if (d.some((v) => Math.abs(v) < 1e-2 || Math.abs(Math.abs(v) - 1.5) < 1e-2)) return;
        checkGrads(meanSquaredError, [p, t], { order: 2 });
        checkGrads(meanAbsoluteError, [p, t]);
        checkGrads(huber(1.5), [p, t]);
      }),
      { numRuns: 30 },
    );
  });

  it('reject mismatched shapes and bad deltas', () => {
    expect(() => meanSquaredError(f64([1, 2]), f64([[1, 2]]))).toThrow(
      /meanSquaredError: yPred \[2\] and yTrue \[1,2\] must have the same shape/,
    );
    expect(() => huber(0)).toThrow(/huber: delta must be > 0/);
    expect(() => huber(Number.NaN)).toThrow(TensorError);
  });
});

describe('binaryCrossEntropy (from logits)', () => {
  it('equals −mean(y log σ(z) + (1 − y) log(1 − σ(z))) and is stable at huge logits', () => {
    fc.assert(
      fc.property(pairOfShape, ([z, y0]) => {
        const y = tensor(
          y0.data().map((v) => (v + 5) / 10),
          { shape: y0.shape, dtype: 'float64' },
        );
        const s = Array.from(sigmoid(z).data());
        const yd = Array.from(y.data());
        let ref = 0;
        s.forEach((p, i) => {
          ref -= yd[i]! * Math.log(p) + (1 - yd[i]!) * Math.log(1 - p);
        });
        expect(binaryCrossEntropy(z, y).item()).toBeCloseTo(ref / s.length, 9);
        checkGrads(binaryCrossEntropy, [z, y], { order: 2 });
      }),
      { numRuns: 12 },
    );
    expect(binaryCrossEntropy(f64([0]), f64([1])).item()).toBeCloseTo(Math.LN2, 15);
    expect(binaryCrossEntropy(f64([1000, -1000]), f64([0, 1])).item()).toBe(1000);
    expect(binaryCrossEntropy(f64([1000, -1000]), f64([1, 0])).item()).toBe(0);
    const g = grad((z: Tensor) => binaryCrossEntropy(z, f64([0, 1])))(f64([1000, -1000])).data();
    expect(Array.from(g)).toEqual([0.5, -0.5]); // (σ(z) − y)/N
  });
});

describe('softmaxCrossEntropy', () => {
  it('fixture: two examples, int32 and one-hot labels agree', () => {
    const logits = f64([
      [2, 0, 0],
      [0, 0, 5],
    ]);
    // Row 0: log(e² + 2) − 2; row 1: log(e⁵ + 2) − 5; mean of the two.
    const ref = (Math.log(Math.exp(2) + 2) - 2 + Math.log(Math.exp(5) + 2) - 5) / 2;
    expect(softmaxCrossEntropy(logits, i32([0, 2])).item()).toBeCloseTo(ref, 15);
    expect(
      softmaxCrossEntropy(
        logits,
        f64([
          [1, 0, 0],
          [0, 0, 1],
        ]),
      ).item(),
    ).toBeCloseTo(ref, 15);
  });

  it('equals −mean Σ y·logSoftmax(z); the fused gradient matches autodiff and central differences', () => {
    fc.assert(
      fc.property(logitsAndLabels, ([z, labels]) => {
        const c = z.shape[1]!;
        const idx = i32(labels);
        const y = cast(oneHot(idx, c), 'float64');
        const composed = (zz: Tensor): Tensor => neg(mean(sum(mul(logSoftmax(zz), y), -1)));
        expect(softmaxCrossEntropy(z, idx).item()).toBeCloseTo(composed(z).item() as number, 10);
        expect(softmaxCrossEntropy(z, y).item()).toBeCloseTo(composed(z).item() as number, 10);
        const gFused = grad((zz: Tensor) => softmaxCrossEntropy(zz, idx))(z);
        expectAllClose(gFused, grad(composed)(z), { rtol: 1e-9, atol: 1e-12 });
        // Closed form: (softmax(z) − onehot)/B.
        const yd = Array.from(y.data());
        const closed = Array.from(softmax(z).data() as Float64Array, (v, k) => (v - yd[k]!) / z.shape[0]!);
        expectAllClose(gFused, tensor(closed, { shape: z.shape, dtype: 'float64' }), {
          rtol: 1e-9,
          atol: 1e-12,
        });
        checkGrads((zz: Tensor) => softmaxCrossEntropy(zz, idx), [z], { order: 2 });
        checkGrads(softmaxCrossEntropy, [z, y], { order: 2 });
      }),
      { numRuns: 12 },
    );
  });

  it('probability labels: value and gradient for soft targets', () => {
    const z = random.normal(random.key(3), [3, 4], { dtype: 'float64' });
    const y = softmax(random.normal(random.key(4), [3, 4], { dtype: 'float64' }));
    const ref = neg(mean(sum(mul(y, log(softmax(z))), -1)));
    expect(softmaxCrossEntropy(z, y).item()).toBeCloseTo(ref.item() as number, 12);
    checkGrads(softmaxCrossEntropy, [z, y], { order: 2 });
  });

  it('is stable for huge logits and works with a leading [B, T, C] layout', () => {
    expect(softmaxCrossEntropy(f64([[1000, -1000, 0]]), i32([0])).item()).toBe(0);
    expect(softmaxCrossEntropy(f64([[1000, -1000, 0]]), i32([1])).item()).toBe(2000);
    const z = random.normal(random.key(0), [2, 3, 4], { dtype: 'float64' });
    const labels = tensor([0, 1, 2, 3, 0, 1], { dtype: 'int32', shape: [2, 3] });
    checkGrads((zz: Tensor) => softmaxCrossEntropy(zz, labels), [z]);
  });

  it('rejects bad labels with clear errors', () => {
    const z = f64([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(() => softmaxCrossEntropy(z, i32([0, 3]))).toThrow(
      /softmaxCrossEntropy: label 3 at position 1 is out of range for 3 classes/,
    );
    expect(() => softmaxCrossEntropy(z, i32([-1, 0]))).toThrow(/label -1 at position 0/);
    expect(() => softmaxCrossEntropy(z, f64([0, 1]))).toThrow(/class indices and must be int32, got float64/);
    expect(() => softmaxCrossEntropy(z, i32([0, 1, 2]))).toThrow(
      /labels \[3\] must be class indices \[2\] or a distribution \[2,3\]/,
    );
    try {
      softmaxCrossEntropy(z, i32([0, 3]));
    } catch (e) {
      expect((e as TensorError).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('accuracy', () => {
  it('multi-class with indices or one-hot; binary from logits; ties go to the first class', () => {
    const z = f64([
      [2, 1, 0],
      [0, 3, 1],
      [1, 1, 0],
      [0, 0, 9],
    ]);
    expect(accuracy(z, i32([0, 1, 1, 2])).item()).toBe(0.75);
    expect(accuracy(z, i32([0, 1, 0, 2])).item()).toBe(1);
    expect(accuracy(z, oneHot(i32([0, 0, 0, 2]), 3)).item()).toBe(0.75);
    expect(accuracy(f64([2, -1, 0.5, -3]), f64([1, 0, 0, 0])).item()).toBe(0.75);
    expect(accuracy(f64([[2], [-1]]), i32([1, 1])).item()).toBe(0.5);
    expect(accuracy(z, i32([0, 1, 1, 2])).dtype).toBe('float32');
    expect(() => accuracy(z, i32([0, 1]))).toThrow(/accuracy: labels \[2\] fit neither/);
  });
});
