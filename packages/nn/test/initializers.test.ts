import { matmul, random, reshape, type Tensor, TensorError, transpose } from '@stepwise/tensor';
import { arb, expectAllClose, fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  calculateGain,
  computeFans,
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  ones,
  orthogonal,
  relu,
  TRUNCATED_NORMAL_STD,
  varianceScaling,
  xavierNormal,
  xavierUniform,
  zeros,
} from '../src/index.js';
import { erf } from '../src/internal/erf.js';

interface Stats {
  readonly mean: number;
  readonly std: number;
  readonly maxAbs: number;
  readonly n: number;
}

function stats(t: Tensor): Stats {
  const d = t.data();
  let s = 0;
  let s2 = 0;
  let m = 0;
  for (const v of d) {
    s += v;
    s2 += v * v;
    m = Math.max(m, Math.abs(v));
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), maxAbs: m, n: d.length };
}

type Dist = 'truncated' | 'normal' | 'uniform';

interface Preset {
  readonly name: string;
  readonly init: Initializer;
  /** The standard deviation the formula promises for a shape's fans. */
  readonly std: (fanIn: number, fanOut: number) => number;
  readonly dist: Dist;
}

const avg = (a: number, b: number): number => (a + b) / 2;

/** Every preset and mode, with its formula (REFERENCE.md §3). */
const PRESETS: readonly Preset[] = [
  { name: 'heNormal', init: heNormal(), std: (i) => Math.sqrt(2 / i), dist: 'truncated' },
  { name: 'heUniform', init: heUniform(), std: (i) => Math.sqrt(2 / i), dist: 'uniform' },
  { name: 'glorotNormal', init: glorotNormal(), std: (i, o) => Math.sqrt(1 / avg(i, o)), dist: 'truncated' },
  { name: 'glorotUniform', init: glorotUniform(), std: (i, o) => Math.sqrt(1 / avg(i, o)), dist: 'uniform' },
  { name: 'lecunNormal', init: lecunNormal(), std: (i) => Math.sqrt(1 / i), dist: 'truncated' },
  { name: 'lecunUniform', init: lecunUniform(), std: (i) => Math.sqrt(1 / i), dist: 'uniform' },
  ...(['fanIn', 'fanOut', 'fanAvg'] as const).flatMap((mode) =>
    (['truncatedNormal', 'untruncatedNormal', 'uniform'] as const).map(
      (distribution): Preset => ({
        name: `varianceScaling(3, ${mode}, ${distribution})`,
        init: varianceScaling({ scale: 3, mode, distribution }),
        std: (i, o) => Math.sqrt(3 / (mode === 'fanIn' ? i : mode === 'fanOut' ? o : avg(i, o))),
        dist:
          distribution === 'truncatedNormal'
            ? 'truncated'
            : distribution === 'uniform'
              ? 'uniform'
              : 'normal',
      }),
    ),
  ),
  { name: 'kaimingNormal()', init: kaimingNormal(), std: (i) => Math.SQRT2 / Math.sqrt(i), dist: 'normal' },
  {
    name: 'kaimingNormal(fanOut, tanh)',
    init: kaimingNormal({ mode: 'fanOut', nonlinearity: 'tanh' }),
    std: (_i, o) => 5 / 3 / Math.sqrt(o),
    dist: 'normal',
  },
  {
    name: 'kaimingUniform(a=√5)',
    init: kaimingUniform({ a: Math.sqrt(5) }),
    std: (i) => 1 / Math.sqrt(i) / Math.sqrt(3),
    dist: 'uniform',
  },
  {
    name: 'kaimingUniform(fanOut, relu)',
    init: kaimingUniform({ mode: 'fanOut', nonlinearity: 'relu' }),
    std: (_i, o) => Math.SQRT2 / Math.sqrt(o),
    dist: 'uniform',
  },
  {
    name: 'xavierNormal(gain 2)',
    init: xavierNormal({ gain: 2 }),
    std: (i, o) => 2 * Math.sqrt(2 / (i + o)),
    dist: 'normal',
  },
  { name: 'xavierUniform()', init: xavierUniform(), std: (i, o) => Math.sqrt(2 / (i + o)), dist: 'uniform' },
];

/** Kurtosis of each distribution, for the standard error of the sample standard deviation. */
const KURTOSIS: Record<Dist, number> = { truncated: 2.37, normal: 3, uniform: 1.8 };

describe('initializers: statistics for large fans', () => {
  const shapes: ReadonlyArray<readonly number[]> = [
    [300, 500],
    [3, 3, 40, 60], // conv kernel: fanIn 360, fanOut 540
  ];
  for (const p of PRESETS) {
    it(`${p.name}: sample mean and std within 5 standard errors of the formula`, () => {
      fc.assert(
        fc.property(arb.key(), fc.constantFrom(...shapes), (key, shape) => {
          const [fanIn, fanOut] = computeFans(shape);
          const sigma = p.std(fanIn, fanOut);
          const s = stats(p.init(key, shape));
          const seStd = sigma * Math.sqrt((KURTOSIS[p.dist] - 1) / (4 * s.n));
          expect(Math.abs(s.std - sigma), `std ${s.std} vs ${sigma}`).toBeLessThan(5 * seStd);
          expect(Math.abs(s.mean), `mean ${s.mean}`).toBeLessThan((5 * sigma) / Math.sqrt(s.n));
          if (p.dist === 'truncated') {
            // Never beyond 2·stddev of the underlying (pre-truncation) normal; float32 rounding allowance.
            const bound = (2 * sigma) / TRUNCATED_NORMAL_STD;
            expect(s.maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
            expect(s.maxAbs).toBeGreaterThan(0.99 * bound);
          }
          if (p.dist === 'uniform') {
            const limit = sigma * Math.sqrt(3);
            expect(s.maxAbs).toBeLessThanOrEqual(limit * (1 + 1e-6));
            expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
          }
        }),
        { numRuns: 2 },
      );
    });
  }

  it('same key, same weights; another key, other weights', () => {
    for (const p of PRESETS.concat([
      { name: 'orthogonal', init: orthogonal(), std: () => 0, dist: 'normal' },
    ])) {
      const a = p.init(random.key(7), [20, 30]);
      const b = p.init(random.key(7), [20, 30]);
      const c = p.init(random.key(8), [20, 30]);
      expect(a.data(), p.name).toEqual(b.data());
      expect(a.data(), p.name).not.toEqual(c.data());
      expect(a.dtype).toBe('float32');
      expect(p.init(random.key(7), [20, 30], 'float64').dtype).toBe('float64');
    }
  });

  it('the truncated-normal correction is the std of N(0,1) truncated to ±2', () => {
    const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    const mass = erf(2 / Math.SQRT2); // Φ(2) − Φ(−2)
    expect(Math.sqrt(1 - (4 * phi2) / mass)).toBeCloseTo(TRUNCATED_NORMAL_STD, 15);
  });
});

describe('initializers: fans, gains, orthogonal, constants', () => {
  it('computeFans follows Keras for every rank', () => {
    expect(computeFans([])).toEqual([1, 1]);
    expect(computeFans([7])).toEqual([7, 7]);
    expect(computeFans([784, 256])).toEqual([784, 256]);
    expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    expect(computeFans([5, 16, 32])).toEqual([80, 160]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 5 }), (shape) => {
        const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
        expect(computeFans(shape)).toEqual([shape.at(-2)! * rf, shape.at(-1)! * rf]);
      }),
    );
  });

  it('calculateGain matches PyTorch', () => {
    for (const n of [
      'linear',
      'conv1d',
      'conv2d',
      'conv3d',
      'convTranspose2d',
      'conv_transpose3d',
      'sigmoid',
    ] as const) {
      expect(calculateGain(n)).toBe(1);
    }
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(calculateGain('leakyRelu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(calculateGain('leakyRelu', 0)).toBeCloseTo(Math.SQRT2, 15);
    expect(calculateGain('selu')).toBe(0.75);
  });

  it('orthogonal: orthonormal columns (or rows) times the gain, for dense and conv shapes', () => {
    const cases: Array<[readonly number[], number]> = [
      [[64, 64], 1],
      [[80, 30], 2],
      [[30, 80], 1],
      [[3, 3, 4, 8], 1.5],
    ];
    for (const [shape, gain] of cases) {
      const w = orthogonal({ gain })(random.key(3), shape, 'float64');
      expect(w.shape).toEqual(shape);
      const cols = shape.at(-1)!;
      const rows = w.size / cols;
      const w2 = reshape(w, [rows, cols]);
      const gram = rows >= cols ? matmul(transpose(w2), w2) : matmul(w2, transpose(w2));
      const k = Math.min(rows, cols);
      const eye = new Float64Array(k * k);
      for (let i = 0; i < k; i++) eye[i * k + i] = gain * gain;
      expectAllClose(gram.data(), eye, { atol: 1e-12, rtol: 0, checkDType: false });
    }
  });

  it('zeros, ones and constant fill any dtype and ignore the key', () => {
    expect(zeros()(random.key(0), [2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones()(random.key(0), [3], 'int32').toArray()).toEqual([1, 1, 1]);
    expect(ones()(random.key(0), [3], 'int32').dtype).toBe('int32');
    expect(constant(0.5)(random.key(1), [2], 'float64').toArray()).toEqual([0.5, 0.5]);
  });

  it('bad input gives clear typed errors', () => {
    const err = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(TensorError);
      expect(f).toThrow(re);
    };
    err(
      () => varianceScaling({ scale: 0 }),
      /varianceScaling: scale must be a positive finite number, got 0/,
    );
    err(
      () => varianceScaling({ mode: 'fan_in' as never }),
      /varianceScaling: unknown mode "fan_in"; expected one of 'fanIn', 'fanOut', 'fanAvg'/,
    );
    err(() => varianceScaling({ distribution: 'gauss' as never }), /unknown distribution "gauss"/);
    err(() => calculateGain('swishy'), /calculateGain: unknown nonlinearity "swishy"/);
    err(() => calculateGain('leakyRelu', Number.NaN), /negative slope NaN is not a valid number/);
    err(() => kaimingNormal({ nonlinearity: 'gelu' as never }), /unknown nonlinearity "gelu"/);
    err(() => kaimingUniform({ mode: 'fanAvg' as never }), /kaimingUniform: unknown mode "fanAvg"/);
    err(
      () => heNormal()(random.key(0), [2, 2], 'int32'),
      /varianceScaling: random initializers produce float32 or float64/,
    );
    err(() => glorotUniform()(random.key(0), [2, -1]), /shape must be an array of non-negative integers/);
    err(() => orthogonal()(random.key(0), [5]), /orthogonal: needs a shape of rank ≥ 2, got \[5\]/);
    err(() => orthogonal({ gain: -1 }), /gain must be a finite number ≥ 0/);
    err(() => constant(Number.NaN), /constant: value must be a finite number/);
    err(() => computeFans([2.5]), /computeFans: shape must be an array of non-negative integers/);
  });
});

describe('signal propagation through a deep ReLU stack', () => {
  /** Second moment of the pre-activations after each of `depth` dense ReLU layers (no bias). */
  function secondMoments(init: Initializer, depth: number, width: number, seed: number): number[] {
    const keys = random.split(random.key(seed), depth + 1);
    let h = random.normal(keys[depth]!, [64, width]);
    const out: number[] = [];
    for (let l = 0; l < depth; l++) {
      const z = matmul(h, init(keys[l]!, [width, width]));
      const d = z.data();
      let s = 0;
      for (const v of d) s += v * v;
      out.push(s / d.length);
      h = relu(z);
    }
    return out;
  }

  it('heNormal keeps the variance within a band over 30 layers; a badly scaled init collapses or explodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const he = secondMoments(heNormal(), 30, 128, seed);
        for (const q of he) {
          // E[q] stays 1, but log q drifts like a random walk (step ≈ √(2/width)); over 40 seeds × 30 layers
          // q stayed within [0.24, 10], so a band of 32× either way is safe and still 2⁻²⁵ from collapse.
          expect(q).toBeGreaterThan(1 / 32);
          expect(q).toBeLessThan(32);
        }
        // Glorot/LeCun scale (variance 1/n) halves the signal at every ReLU layer: 2⁻³⁰ ≈ 1e-9.
        const small = secondMoments(lecunNormal(), 30, 128, seed);
        expect(small.at(-1)!).toBeLessThan(1e-6);
        // Twice He's variance doubles it at every layer: 2³⁰ ≈ 1e9.
        const big = secondMoments(varianceScaling({ scale: 4 }), 30, 128, seed);
        expect(big.at(-1)!).toBeGreaterThan(1e6);
      }),
      { numRuns: 1 },
    );
  });
});
