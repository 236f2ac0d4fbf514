import { fc, test } from '@fast-check/vitest';
import { random } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { ADDING_BASELINE_MSE, addingProblem } from '../src/data/adding.js';
import {
  FEATURES,
  featureStats,
  loadPenguins,
  majorityRate,
  parsePenguins,
  penguinData,
  perClassSubset,
  SPECIES,
  standardize,
  stratifiedSplit,
  toTensors,
} from '../src/data/penguins.js';

describe('penguins', () => {
  const table = loadPenguins();

  it('has the 342 complete rows of vega-datasets (2 of 344 lack measurements), 4 finite features, 3 species', () => {
    expect(table.x).toHaveLength(342);
    expect(table.y).toHaveLength(342);
    for (const row of table.x) {
      expect(row).toHaveLength(FEATURES.length);
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
    }
    // Published class sizes of the complete rows: Adelie 151, Chinstrap 68, Gentoo 123.
    expect(SPECIES.map((_, c) => table.y.filter((l) => l === c).length)).toEqual([151, 68, 123]);
    expect(table.x[0]).toEqual([39.1, 18.7, 181, 3750]);
  });

  const cell = fc.oneof(
    fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    fc.constant(null),
    fc.constant('NA'),
  );
  const rawRow = fc.record({
    Species: fc.constantFrom('Adelie', 'Chinstrap', 'Gentoo', 'Emperor', null),
    'Beak Length (mm)': cell,
    'Beak Depth (mm)': cell,
    'Flipper Length (mm)': cell,
    'Body Mass (g)': cell,
  });

  test.prop([fc.array(rawRow, { maxLength: 30 })])(
    'keeps exactly the rows with a known species and four numbers',
    (rows) => {
      const t = parsePenguins(rows);
      const kept = rows.filter(
        (r) => SPECIES.includes(r.Species as never) && FEATURES.every((f) => typeof r[f] === 'number'),
      );
      expect(t.x).toEqual(kept.map((r) => FEATURES.map((f) => r[f])));
      expect(t.y).toEqual(kept.map((r) => SPECIES.indexOf(r.Species as never)));
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0.05, max: 0.95, noNaN: true })])(
    'a stratified split partitions the rows, holds round(f·n_c) of each class out, and is a function of the key',
    (seed, fraction) => {
      const key = random.key(seed);
      const { first, second } = stratifiedSplit(table.y, 3, fraction, key);
      expect([...first, ...second].sort((a, b) => a - b)).toEqual(table.y.map((_, i) => i));
      for (let c = 0; c < 3; c++) {
        const n = table.y.filter((l) => l === c).length;
        expect(second.filter((i) => table.y[i] === c)).toHaveLength(Math.round(fraction * n));
      }
      expect(stratifiedSplit(table.y, 3, fraction, key)).toEqual({ first, second });
    },
  );

  it('different keys hold out different rows', () => {
    const a = stratifiedSplit(table.y, 3, 0.3, random.key(0)).second;
    const b = stratifiedSplit(table.y, 3, 0.3, random.key(1)).second;
    expect(a).not.toEqual(b);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 68 })])(
    'a per-class subset has k distinct rows of each class',
    (seed, k) => {
      const idx = perClassSubset(table.y, 3, k, random.key(seed));
      expect(new Set(idx).size).toBe(3 * k);
      for (let c = 0; c < 3; c++) expect(idx.filter((i) => table.y[i] === c)).toHaveLength(k);
    },
  );

  it('a per-class subset larger than a class is an error naming it', () => {
    expect(() => perClassSubset(table.y, 3, 69, random.key(0))).toThrow(/class 1 has 68 rows, fewer than 69/);
  });

  it('standardizing with the training statistics gives training features of mean 0 and std 1', () => {
    const d = penguinData(random.key(0));
    expect(d.train.y.length + d.heldOut.y.length).toBe(342);
    const s = featureStats(standardize(d.train, d.stats));
    for (const m of s.mean) expect(Math.abs(m)).toBeLessThan(1e-9);
    for (const v of s.std) expect(v).toBeCloseTo(1, 9);
    expect(majorityRate(d.heldOut.y)).toBeCloseTo(45 / 102, 12);
  });

  it('tensors are float32 [n, 4] and int32 [n], and the table is left unchanged', () => {
    const copy = structuredClone(table);
    const t = toTensors(table);
    expect(t.x.shape).toEqual([342, 4]);
    expect(t.x.dtype).toBe('float32');
    expect(t.y.dtype).toBe('int32');
    expect(table).toEqual(copy);
  });
});

describe('the adding problem', () => {
  test.prop([
    fc.integer({ min: 0, max: 2 ** 31 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 2, max: 40 }),
  ])(
    'two markers, one in each half; the target is the float32 sum of the marked values',
    (seed, n, length) => {
      const { x, y } = addingProblem(random.key(seed), n, length);
      expect(x.shape).toEqual([n, length, 2]);
      expect(y.shape).toEqual([n, 1]);
      const xs = x.data();
      const ys = y.data();
      const half = Math.floor(length / 2);
      for (let i = 0; i < n; i++) {
        const marked: number[] = [];
        for (let t = 0; t < length; t++) {
          const v = xs[(i * length + t) * 2]!;
          expect(v >= 0 && v < 1).toBe(true);
          const m = xs[(i * length + t) * 2 + 1]!;
          expect(m === 0 || m === 1).toBe(true);
          if (m === 1) marked.push(t);
        }
        expect(marked).toHaveLength(2);
        expect(marked[0]!).toBeLessThan(half);
        expect(marked[1]!).toBeGreaterThanOrEqual(half);
        const sum = Math.fround(xs[(i * length + marked[0]!) * 2]! + xs[(i * length + marked[1]!) * 2]!);
        expect(ys[i]).toBe(sum);
      }
      const again = addingProblem(random.key(seed), n, length);
      expect(again.x.data()).toEqual(xs);
      expect(again.y.data()).toEqual(ys);
    },
  );

  it('predicting 1 gives about the baseline MSE 1/6', () => {
    const ys = Array.from(addingProblem(random.key(0), 4000, 10).y.data());
    const mse = ys.reduce((a, v) => a + (v - 1) ** 2, 0) / ys.length;
    expect(Math.abs(mse - ADDING_BASELINE_MSE)).toBeLessThan(0.015);
  });

  it('rejects a length below 2', () => {
    expect(() => addingProblem(random.key(0), 1, 1)).toThrow(/length must be ≥ 2, got 1/);
  });
});
