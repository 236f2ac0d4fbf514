/**
 * Properties of the samplers: determinism, independence of keys, distributions (moments within 5 standard
 * errors), bounds that are never crossed (also after rounding), exact errors for bad input, and immutability of
 * the key. Moment fixtures for the truncated normal were computed with mpmath 1.3 (60 digits):
 * mean = (φ(a) − φ(b))/Z, variance = 1 + (aφ(a) − bφ(b))/Z − mean², Z = Φ(b) − Φ(a).
 */
import { describe, expect, it } from 'vitest';
import { fc } from '../../testing/src/index.js';
import { random, type Tensor, TensorError } from '../src/index.js';
import { normalCdf } from '../src/random/_normalCdf.js';

const K = 5; // standard errors allowed

/** Sample mean, unbiased variance and standard errors of both (the latter from the sample 4th moment). */
function moments(t: Tensor): { n: number; mean: number; variance: number; seMean: number; seVar: number } {
  const x = t.data();
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m4 /= n;
  return {
    n,
    mean,
    variance: (m2 * n) / (n - 1),
    seMean: Math.sqrt(m2 / n),
    seVar: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n),
  };
}

/**
 * Kolmogorov–Smirnov statistic √n·D of a sample against the CDF `F`. Under the null hypothesis it exceeds
 * 1.95 with probability 0.001 (asymptotic Kolmogorov distribution).
 */
function ksStatistic(t: Tensor, F: (x: number) => number): number {
  const x = Float64Array.from(t.data()).sort();
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = F(x[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return Math.sqrt(n) * d;
}

function expectMoments(t: Tensor, mean: number, variance: number): void {
  const m = moments(t);
  expect(Math.abs(m.mean - mean)).toBeLessThanOrEqual(K * m.seMean);
  expect(Math.abs(m.variance - variance)).toBeLessThanOrEqual(K * m.seVar);
}

/** Expects a TensorError with the code and a message matching `pattern`. */
function expectError(f: () => unknown, pattern: RegExp, code = 'INVALID_ARGUMENT'): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a TensorError matching ${pattern}`).toBeInstanceOf(TensorError);
  expect((err as TensorError).code).toBe(code);
  expect((err as TensorError).message).toMatch(pattern);
}

const samplers: [string, (k: random.Key, shape: number[]) => Tensor][] = [
  ['uniform', (k, s) => random.uniform(k, s)],
  ['uniform f64', (k, s) => random.uniform(k, s, { dtype: 'float64', min: -3, max: 7 })],
  ['normal', (k, s) => random.normal(k, s)],
  ['normal f64', (k, s) => random.normal(k, s, { dtype: 'float64', mean: 1, std: 2 })],
  ['truncatedNormal', (k, s) => random.truncatedNormal(k, s)],
  ['truncatedNormal f64', (k, s) => random.truncatedNormal(k, s, { dtype: 'float64', lower: 0, upper: 3 })],
  ['bernoulli', (k, s) => random.bernoulli(k, 0.3, s)],
  ['randint', (k, s) => random.randint(k, s, -7, 1000)],
];

const bits = (t: Tensor): string =>
  Array.from(t.data(), (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');

describe('every sampler', () => {
  it.each(samplers)('%s: same key, same bits; the key is left bit-identical', (_, f) => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
        (seed, shape) => {
          const k = random.key(seed);
          const before = bits(k);
          const a = f(k, shape);
          const b = f(random.key(seed), shape);
          expect(a.shape).toEqual(shape);
          expect(bits(a)).toBe(bits(b));
          expect(bits(k)).toBe(before);
          expect(Object.isFrozen(k)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it.each(samplers)('%s: different keys and split children give different samples', (_, f) => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const k = random.key(seed);
        const [c1, c2] = random.split(k);
        const samples = [
          f(k, [64]),
          f(random.key(seed + 1), [64]),
          f(c1!, [64]),
          f(c2!, [64]),
          f(random.foldIn(k, 7), [64]),
        ];
        expect(new Set(samples.map(bits)).size).toBe(samples.length);
      }),
      { numRuns: 20 },
    );
  });

  it.each(samplers)('%s: element i depends only on the key and i (prefix and reshape invariance)', (_, f) => {
    const k = random.key(99);
    const long = f(k, [6, 7]).data();
    const short = f(k, [20]).data();
    expect(Array.from(short)).toEqual(Array.from(long.subarray(0, 20)));
  });

  it('golden values pin the bit stream (regression fixture produced by this implementation)', () => {
    const k = random.key(0);
    expect(random.randint(k, [8], 0, 10).toArray()).toEqual(
      random.randint(random.key(0), [8], 0, 10).toArray(),
    );
    // Words of counter (0, 0) under key(0) are the Random123 KAT (0x6b200159, 0x99ba4efe); their xor's top 24
    // bits give the first float32 uniform exactly.
    const w = (0x6b200159 ^ 0x99ba4efe) >>> 0;
    expect(random.uniform(k, [1]).data()[0]).toBe((w >>> 8) / 2 ** 24);
    // float64 uniform: 53 bits, high word first.
    expect(random.uniform(k, [1], { dtype: 'float64' }).data()[0]).toBe(
      ((0x6b200159 >>> 11) * 2 ** 32 + 0x99ba4efe) / 2 ** 53,
    );
    expect(random.bernoulli(k, 0.5, [1]).data()[0]).toBe(w < 2 ** 31 ? 1 : 0);
  });

  it('first normal and truncated normal of key(0) match mpmath on the same 52-bit uniform', () => {
    // u = ((0x6b200159 >>> 12)·2³² + 0x99ba4efe + ½)·2⁻⁵² (the KAT block of counter (0, 0)); mpmath 1.3, 40 digits:
    // Φ⁻¹(u) = −0.20584087926437296094, and Φ⁻¹(Φ(−2) + u·(Φ(2) − Φ(−2))) = −0.19635079178542003822.
    const k = random.key(0);
    const z = random.normal(k, [1], { dtype: 'float64' }).data()[0]!;
    const t = random.truncatedNormal(k, [1], { dtype: 'float64' }).data()[0]!;
    expect(Math.abs(z + 0.20584087926437296094)).toBeLessThan(1e-16);
    expect(Math.abs(t + 0.19635079178542003822)).toBeLessThan(1e-15);
  });

  it('regression pins: randint and permutation of key(0) (values produced by this implementation)', () => {
    expect(random.randint(random.key(0), [8], 0, 10).toArray()).toEqual([7, 2, 6, 5, 5, 3, 7, 8]);
    expect(random.permutation(random.key(0), 5).toArray()).toEqual([3, 2, 4, 1, 0]);
  });
});

describe('random.uniform', () => {
  it('float32 [0, 1): moments 1/2 and 1/12, dtype and shape', () => {
    const u = random.uniform(random.key(1), [200_000]);
    expect(u.dtype).toBe('float32');
    expectMoments(u, 0.5, 1 / 12);
  });

  it('float64 [min, max): moments (min+max)/2 and (max−min)²/12', () => {
    const u = random.uniform(random.key(2), [100, 2000], { min: -3, max: 5, dtype: 'float64' });
    expect(u.dtype).toBe('float64');
    expectMoments(u, 1, 64 / 12);
  });

  it('is uniform over bins (chi-square, 20 bins, 200k draws)', () => {
    const x = random.uniform(random.key(3), [200_000]).data();
    const counts = new Array<number>(20).fill(0);
    for (const v of x) counts[Math.floor(v * 20)]!++;
    const e = x.length / 20;
    const chi2 = counts.reduce((s, c) => s + ((c - e) * (e - c)) / -e, 0);
    // 19 degrees of freedom: mean 19, sd √38 ≈ 6.2.
    expect(chi2).toBeLessThan(19 + K * Math.sqrt(38));
  });

  it('never returns max and never goes below min, also after rounding to float32', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.oneof(
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.integer({ min: 1, max: 40 }).map((k) => k * 1e-7),
        ),
        fc.constantFrom('float32', 'float64') as fc.Arbitrary<'float32' | 'float64'>,
        fc.nat(),
        (min, width, dtype, seed) => {
          const max = min + width;
          fc.pre(min < max && (dtype === 'float64' || Math.fround(min) < max || Math.fround(max) > min));
          let t: Tensor;
          try {
            t = random.uniform(random.key(seed), [512], { min, max, dtype });
          } catch (e) {
            // Only when no float32 lies in [min, max).
            expect((e as TensorError).message).toMatch(/no float32 value lies in/);
            return;
          }
          const bad = t.data().find((v) => !(v >= min && v < max));
          expect(bad, `${bad} outside [${min}, ${max})`).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('clamps values that would round up to max', () => {
    // In float32 every u ≥ 1 − 2⁻²⁵·… rounds 0.99999 + u·1e-5 up to 1; they must become 1 − 2⁻²⁴.
    const t = random.uniform(random.key(4), [100_000], { min: 0.99999, max: 1 });
    const x = t.data();
    expect(Math.max(...x)).toBe(1 - 2 ** -24);
    // An interval holding a single float32.
    const one = random.uniform(random.key(4), [100], { min: 1, max: 1.0000001 }).data();
    expect(new Set(one)).toEqual(new Set([1]));
    // Huge bounds whose difference overflows.
    const big = random
      .uniform(random.key(5), [1000], { min: -1.7e308, max: 1.7e308, dtype: 'float64' })
      .data();
    expect(big.every((v) => Number.isFinite(v) && v >= -1.7e308 && v < 1.7e308)).toBe(true);
  });

  it('rejects bad shapes, dtypes and bounds with INVALID_ARGUMENT', () => {
    const k = random.key(0);
    expectError(
      () => random.uniform(k, [2, -1]),
      /^random\.uniform: shape must contain non-negative integers, got \[2,-1\]/,
    );
    expectError(() => random.uniform(k, [1.5]), /^random\.uniform: shape/);
    expectError(
      () => random.uniform(k, 3 as unknown as number[]),
      /^random\.uniform: shape must be an array/,
    );
    expectError(
      () => random.uniform(k, [2], { dtype: 'int32' as 'float32' }),
      /^random\.uniform: dtype must be float32 or float64, got string "int32"/,
    );
    expectError(
      () => random.uniform(k, [2], { min: 1, max: 1 }),
      /^random\.uniform: min must be less than max, got min 1, max 1/,
    );
    expectError(() => random.uniform(k, [2], { min: 2, max: 1 }), /min 2, max 1/);
    expectError(
      () => random.uniform(k, [2], { min: Number.NaN }),
      /^random\.uniform: min must be a finite number, got number NaN/,
    );
    expectError(
      () => random.uniform(k, [2], { max: Infinity }),
      /^random\.uniform: max must be a finite number, got number Infinity/,
    );
    expectError(
      () => random.uniform(k, [2], { min: 1 + 2 ** -40, max: 1 + 2 ** -39 }),
      /^random\.uniform: no float32 value lies in \[1\.0000/,
    );
  });

  it('has the right shape: Kolmogorov–Smirnov against the uniform CDF', () => {
    const u = random.uniform(random.key(6), [50_000], { min: -1, max: 3, dtype: 'float64' });
    expect(ksStatistic(u, (x) => (x + 1) / 4)).toBeLessThan(1.95);
  });

  it('seed 0 is a seed like any other', () => {
    expectMoments(random.uniform(random.key(0), [200_000]), 0.5, 1 / 12);
    expectMoments(random.normal(random.key(0), [200_000], { dtype: 'float64' }), 0, 1);
  });

  it('rejects samples beyond the 32-bit counter space', () => {
    expectError(
      () => random.uniform(random.key(0), [65536, 65536]),
      /^random\.uniform: shape \[65536,65536\] has 4294967296 elements; a sample holds at most 2\^32 - 1/,
    );
  });

  it('a size-0 shape gives an empty tensor', () => {
    expect(random.uniform(random.key(0), [3, 0]).size).toBe(0);
    expect(random.uniform(random.key(0)).shape).toEqual([]);
  });
});

describe('random.normal', () => {
  it('standard normal float32: mean 0, variance 1, tails symmetric', () => {
    const z = random.normal(random.key(10), [200_000]);
    expect(z.dtype).toBe('float32');
    expectMoments(z, 0, 1);
    const x = z.data();
    let above = 0;
    let below = 0;
    for (const v of x) {
      if (v > 1.959963984540054) above++;
      if (v < -1.959963984540054) below++;
    }
    const se = Math.sqrt((0.025 * 0.975) / x.length);
    expect(Math.abs(above / x.length - 0.025)).toBeLessThan(K * se);
    expect(Math.abs(below / x.length - 0.025)).toBeLessThan(K * se);
  });

  it('has the right shape: Kolmogorov–Smirnov against Φ (float32 and float64)', () => {
    expect(
      ksStatistic(random.normal(random.key(13), [50_000], { dtype: 'float64' }), normalCdf),
    ).toBeLessThan(1.95);
    expect(
      ksStatistic(random.normal(random.key(14), [50_000], { mean: 1, std: 3 }), (x) =>
        normalCdf((x - 1) / 3),
      ),
    ).toBeLessThan(1.95);
  });

  it('mean and std options, float64', () => {
    const z = random.normal(random.key(11), [200_000], { mean: -3, std: 0.5, dtype: 'float64' });
    expect(z.dtype).toBe('float64');
    expectMoments(z, -3, 0.25);
  });

  it('fast-check: moments within 5 SE for random keys, means and stds', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (seed, mean, std) => {
          expectMoments(
            random.normal(random.key(seed), [20_000], { mean, std, dtype: 'float64' }),
            mean,
            std * std,
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('std 0 gives the mean; values are finite', () => {
    expect(new Set(random.normal(random.key(0), [50], { mean: 2, std: 0 }).data())).toEqual(new Set([2]));
    expect(random.normal(random.key(12), [100_000]).data().every(Number.isFinite)).toBe(true);
  });

  it('rejects bad options', () => {
    const k = random.key(0);
    expectError(() => random.normal(k, [2], { std: -1 }), /^random\.normal: std must be >= 0, got -1/);
    expectError(
      () => random.normal(k, [2], { mean: Number.NaN }),
      /^random\.normal: mean must be a finite number/,
    );
    expectError(
      () => random.normal(k, [2], { dtype: 'bool' as 'float32' }),
      /^random\.normal: dtype must be float32 or float64/,
    );
    expectError(() => random.normal(k, [-2]), /^random\.normal: shape/);
  });
});

describe('random.truncatedNormal', () => {
  // [lower, upper, mean, variance] (mpmath, see the header).
  const cases: [number, number, number, number][] = [
    [-2, 2, 0, 0.77374130354992325],
    [-1, 1, 0, 0.29112509477279321],
    [0, 1, 0.4598622292864265, 0.079651824848511312],
    [1, 3, 1.5100495132439839, 0.17345290492412205],
    [-3, 0.5, -0.50373445850494508, 0.47190764231025816],
    [2, Infinity, 2.3732155328228409, 0.11427910041408126],
    [5, 6, 5.1831470904771735, 0.029452430768483057],
    [-8, -6, -6.1584813668399595, 0.02398521340801976],
    [-Infinity, -1, -1.5251352761609812, 0.19909766557034879],
  ];

  it.each(cases)(
    '[%s, %s]: mean %s and variance %s within 5 SE (float64)',
    (lower, upper, mean, variance) => {
      expectMoments(
        random.truncatedNormal(random.key(20), [200_000], { lower, upper, dtype: 'float64' }),
        mean,
        variance,
      );
    },
  );

  it.each([
    [-2, 2],
    [1, 3],
    [-0.5, Infinity],
    [-12, -9],
  ])('[%s, %s] has the right shape: Kolmogorov–Smirnov against the truncated CDF', (a, b) => {
    const z = random.truncatedNormal(random.key(23), [50_000], { lower: a, upper: b, dtype: 'float64' });
    // For far-left intervals use the ratio of lower tails, exact in floating point.
    const Fa = normalCdf(a);
    const Z = normalCdf(b) - Fa;
    expect(ksStatistic(z, (x) => (normalCdf(x) - Fa) / Z)).toBeLessThan(1.95);
  });

  it('defaults to ±2: the standard deviation is 0.8796256610342398 (Keras constant)', () => {
    const z = random.truncatedNormal(random.key(21), [200_000]);
    expect(z.dtype).toBe('float32');
    expectMoments(z, 0, 0.8796256610342398 ** 2);
  });

  it('never leaves [lower, upper], in float32 and float64, even for narrow or far-out bounds', () => {
    const bound = fc.oneof(
      fc.double({ min: -40, max: 40, noNaN: true }),
      fc.constantFrom(-Infinity, Infinity, 0, -2, 2),
    );
    fc.assert(
      fc.property(
        bound,
        bound,
        fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1e-3, noNaN: true })),
        fc.constantFrom('float32', 'float64') as fc.Arbitrary<'float32' | 'float64'>,
        fc.nat(),
        (a, b, narrow, dtype, seed) => {
          const lower = Math.min(a, b);
          const upper = narrow > 0 && Number.isFinite(lower) ? lower + narrow : Math.max(a, b);
          fc.pre(lower < upper);
          let t: Tensor;
          try {
            t = random.truncatedNormal(random.key(seed), [256], { lower, upper, dtype });
          } catch (e) {
            expect((e as TensorError).message).toMatch(/no finite float32 value lies in/);
            return;
          }
          const bad = t.data().find((v) => !(v >= lower && v <= upper && Number.isFinite(v)));
          expect(bad, `${bad} outside [${lower}, ${upper}]`).toBeUndefined();
        },
      ),
      { numRuns: 400 },
    );
  });

  it('samples the far tails accurately: [10, 11] has mean ≈ 10 + 1/10', () => {
    // For a ≫ 1 the tail beyond a is ≈ a + Exponential(a): mean a + 1/a − 2/a³ + …
    const z = random.truncatedNormal(random.key(22), [50_000], { lower: 10, upper: 11, dtype: 'float64' });
    const m = moments(z);
    expect(Math.abs(m.mean - (10 + 1 / 10 - 2 / 1000))).toBeLessThan(0.002);
    const mirrored = random.truncatedNormal(random.key(22), [50_000], {
      lower: -11,
      upper: -10,
      dtype: 'float64',
    });
    expect(Array.from(mirrored.data(), (v) => -v).reduce((s, v) => s + v, 0) / 50_000).toBeCloseTo(m.mean, 2);
  });

  it('an underflowing interval gives the bound nearer 0', () => {
    expect(
      new Set(random.truncatedNormal(random.key(0), [5], { lower: 45, upper: 50, dtype: 'float64' }).data()),
    ).toEqual(new Set([45]));
    expect(
      new Set(
        random.truncatedNormal(random.key(0), [5], { lower: -50, upper: -45, dtype: 'float64' }).data(),
      ),
    ).toEqual(new Set([-45]));
  });

  it('rejects bad bounds', () => {
    const k = random.key(0);
    expectError(
      () => random.truncatedNormal(k, [2], { lower: 1, upper: 1 }),
      /^random\.truncatedNormal: lower must be less than upper, got lower 1, upper 1/,
    );
    expectError(
      () => random.truncatedNormal(k, [2], { lower: Number.NaN }),
      /^random\.truncatedNormal: lower must be a number, got number NaN/,
    );
    expectError(
      () => random.truncatedNormal(k, [2], { upper: '2' as unknown as number }),
      /upper must be a number, got string "2"/,
    );
    expectError(
      () => random.truncatedNormal(k, [2], { lower: 0.1, upper: 0.1 + 1e-12 }),
      /no finite float32 value lies in/,
    );
  });
});

describe('random.bernoulli', () => {
  it.each([0.5, 0.1, 0.9, 0.001])('p = %s: rate within 5 SE, bool dtype', (p) => {
    const b = random.bernoulli(random.key(30), p, [100_000]);
    expect(b.dtype).toBe('bool');
    let ones = 0;
    for (const v of b.data()) ones += v;
    expect(Math.abs(ones / b.size - p)).toBeLessThan(K * Math.sqrt((p * (1 - p)) / b.size));
  });

  it('p = 0 is never true, p = 1 always', () => {
    expect(new Set(random.bernoulli(random.key(31), 0, [10_000]).data())).toEqual(new Set([0]));
    expect(new Set(random.bernoulli(random.key(31), 1, [10_000]).data())).toEqual(new Set([1]));
  });

  it('is monotone in p for a fixed key (a mask for p keeps every true of a mask for p′ < p)', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = random.bernoulli(random.key(seed), lo, [256]).data();
          const y = random.bernoulli(random.key(seed), hi, [256]).data();
          return x.every((v, i) => v <= y[i]!);
        },
      ),
    );
  });

  it.each([-0.1, 1.5, Number.NaN])('p = %s is INVALID_ARGUMENT', (p) => {
    expectError(
      () => random.bernoulli(random.key(0), p, [2]),
      /^random\.bernoulli: p must be a probability in \[0, 1\], got number/,
    );
  });
});

describe('random.randint', () => {
  it('stays in [min, max) and is uniform over a small range (chi-square)', () => {
    const x = random.randint(random.key(40), [100_000], -3, 7);
    expect(x.dtype).toBe('int32');
    const counts = new Array<number>(10).fill(0);
    for (const v of x.data()) counts[v + 3]!++;
    expect(x.data().every((v) => v >= -3 && v < 7)).toBe(true);
    const e = x.size / 10;
    const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(9 + K * Math.sqrt(18));
  });

  it('has no modulo bias for a range of 3·2^30 (a naive w mod span puts half the mass in the first third)', () => {
    const min = -(2 ** 31);
    const x = random.randint(random.key(41), [60_000], min, min + 3 * 2 ** 30).data();
    let first = 0;
    for (const v of x) if (v < min + 2 ** 30) first++;
    expect(Math.abs(first / x.length - 1 / 3)).toBeLessThan(K * Math.sqrt(((1 / 3) * (2 / 3)) / x.length));
  });

  it('covers the full int32 range and any [min, max) drawn by fast-check', () => {
    const full = random.randint(random.key(42), [10_000], -(2 ** 31), 2 ** 31).data();
    expect(Math.min(...full)).toBeLessThan(-(2 ** 30));
    expect(Math.max(...full)).toBeGreaterThan(2 ** 30);
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        fc.nat(),
        (min, span, seed) => {
          const max = Math.min(min + span, 2 ** 31);
          return random
            .randint(random.key(seed), [64], min, max)
            .data()
            .every((v) => v >= min && v < max);
        },
      ),
    );
    expect(new Set(random.randint(random.key(0), [20], 5, 6).data())).toEqual(new Set([5]));
  });

  it('rejects bad bounds', () => {
    const k = random.key(0);
    expectError(
      () => random.randint(k, [2], 3, 3),
      /^random\.randint: min must be less than max, got min 3, max 3/,
    );
    expectError(
      () => random.randint(k, [2], 0.5, 3),
      /^random\.randint: min must be an integer in \[-2147483648, 2147483647\], got number 0.5/,
    );
    expectError(() => random.randint(k, [2], 0, 2 ** 31 + 1), /^random\.randint: max must be an integer/);
    expectError(() => random.randint(k, [2], Number.NaN, 3), /got number NaN/);
    expectError(() => random.randint(k, [2, -1], 0, 3), /^random\.randint: shape/);
  });
});

describe('random.permutation', () => {
  it('is a permutation of 0 … n−1', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const p = random.permutation(random.key(seed), n);
        expect(p.dtype).toBe('int32');
        expect(p.shape).toEqual([n]);
        const sorted = Array.from(p.data()).sort((a, b) => a - b);
        expect(sorted).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('all 6 orders of 3 items are equally likely (chi-square over 12 000 keys)', () => {
    const counts = new Map<string, number>();
    const root = random.key(50);
    const N = 12_000;
    for (let i = 0; i < N; i++) {
      const s = Array.from(random.permutation(random.foldIn(root, i), 3).data()).join('');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const e = N / 6;
    const chi2 = [...counts.values()].reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(5 + K * Math.sqrt(10));
  });

  it('each item lands in each position with probability 1/n (n = 1000, positions of item 0)', () => {
    const p = random.permutation(random.key(51), 100_000).data();
    // The position of the last element is uniform: check its mean over the first half's items.
    let s = 0;
    for (let i = 0; i < p.length; i++) s += i * (p[i]! < 50_000 ? 1 : 0);
    const mean = s / 50_000;
    expect(Math.abs(mean - 49_999.5)).toBeLessThan(K * (100_000 / Math.sqrt(12 * 50_000)));
  });

  it('handles n = 0 and 1, rejects bad n', () => {
    expect(random.permutation(random.key(0), 0).shape).toEqual([0]);
    expect(random.permutation(random.key(0), 1).toArray()).toEqual([0]);
    expectError(
      () => random.permutation(random.key(0), -1),
      /^random\.permutation: n must be an integer in \[0, 2147483648\], got number -1/,
    );
    expectError(() => random.permutation(random.key(0), 2.5), /got number 2.5/);
  });
});
