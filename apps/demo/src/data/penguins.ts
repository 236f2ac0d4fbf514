/**
 * The Palmer penguins table shipped in the `vega-datasets` npm package: four body measurements and the
 * species of 344 penguins (Gorman, Williams & Fraser 2014). Rows with a missing measurement are dropped
 * (2 rows), leaving 342. Loading is a pure function of the file; splits and subsets are pure functions of a
 * PRNG key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { random, type Tensor, tensor } from '@stepwise/tensor';

/** The feature columns, in order, as named in `penguins.json`. */
export const FEATURES = [
  'Beak Length (mm)',
  'Beak Depth (mm)',
  'Flipper Length (mm)',
  'Body Mass (g)',
] as const;

/** The classes, in label order. */
export const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'] as const;

/** A table of examples: `x` rows of {@link FEATURES} (float64 values) and integer labels into {@link SPECIES}. */
export interface Table {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

/** A table as tensors: `x` float32 `[n, 4]`, `y` int32 `[n]`. */
export interface TensorTable {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** Absolute path of `penguins.json` inside the installed `vega-datasets` package. */
export function penguinsPath(): string {
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(entry), '..', 'data', 'penguins.json');
}

/**
 * Parses the rows of `penguins.json`, keeping those with a known species and all four measurements
 * finite numbers.
 */
export function parsePenguins(rows: unknown): Table {
  if (!Array.isArray(rows)) throw new Error('penguins.json: expected an array of rows');
  const x: number[][] = [];
  const y: number[] = [];
  for (const row of rows as Record<string, unknown>[]) {
    const label = SPECIES.indexOf(row?.Species as (typeof SPECIES)[number]);
    const values = FEATURES.map((f) => row?.[f]);
    if (label < 0 || !values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) continue;
    x.push(values as number[]);
    y.push(label);
  }
  return { x, y };
}

/** Reads and parses the penguins table from `vega-datasets`. */
export function loadPenguins(path: string = penguinsPath()): Table {
  return parsePenguins(JSON.parse(readFileSync(path, 'utf8')));
}

/** The rows `idx` of a table. */
export const rowsOf = (t: Table, idx: readonly number[]): Table => ({
  x: idx.map((i) => t.x[i]!),
  y: idx.map((i) => t.y[i]!),
});

/**
 * A stratified split from a key: within each class `c`, the rows are permuted with
 * `random.permutation(foldIn(key, c))` and the first `round(fraction · n_c)` go to `second`. Both index
 * lists are sorted.
 */
export function stratifiedSplit(
  labels: readonly number[],
  classes: number,
  fraction: number,
  key: random.Key,
): { first: number[]; second: number[] } {
  const first: number[] = [];
  const second: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    const perm = random.permutation(random.foldIn(key, c), members.length).data();
    const k = Math.round(fraction * members.length);
    for (let j = 0; j < members.length; j++) (j < k ? second : first).push(members[perm[j]!]!);
  }
  const byIndex = (a: number, b: number): number => a - b;
  return { first: first.sort(byIndex), second: second.sort(byIndex) };
}

/**
 * `k` rows of each class from a key (the first `k` of each class's permutation), sorted by index.
 * @throws Error when a class has fewer than `k` rows.
 */
export function perClassSubset(
  labels: readonly number[],
  classes: number,
  k: number,
  key: random.Key,
): number[] {
  const out: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    if (members.length < k) throw new Error(`class ${c} has ${members.length} rows, fewer than ${k}`);
    const perm = random.permutation(random.foldIn(key, c), members.length).data();
    for (let j = 0; j < k; j++) out.push(members[perm[j]!]!);
  }
  return out.sort((a, b) => a - b);
}

/** Per-feature mean and population standard deviation of a table's rows. */
export function featureStats(t: Table): { mean: number[]; std: number[] } {
  const d = t.x[0]?.length ?? 0;
  const n = t.x.length;
  const mean = Array.from({ length: d }, (_, j) => t.x.reduce((a, r) => a + r[j]!, 0) / n);
  const std = mean.map((m, j) => Math.sqrt(t.x.reduce((a, r) => a + (r[j]! - m) ** 2, 0) / n));
  return { mean, std };
}

/** `(x − mean) / std` feature by feature (a zero std leaves the centred value). */
export function standardize(t: Table, stats: { mean: readonly number[]; std: readonly number[] }): Table {
  return {
    x: t.x.map((r) => r.map((v, j) => (v - stats.mean[j]!) / (stats.std[j]! || 1))),
    y: t.y,
  };
}

/** A table as float32/int32 tensors. */
export function toTensors(t: Table): TensorTable {
  const d = t.x[0]?.length ?? 0;
  return {
    x: tensor(Float32Array.from(t.x.flat()), { shape: [t.x.length, d] }),
    y: tensor(Int32Array.from(t.y), { shape: [t.y.length] }),
  };
}

/** Share of the most frequent label (the accuracy of always predicting it). */
export function majorityRate(labels: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.length === 0 ? Number.NaN : Math.max(...counts.values()) / labels.length;
}

/** The penguins data every experiment uses: a fixed 70/30 stratified split from `key`. */
export interface PenguinData {
  /** Unscaled training rows. */
  readonly train: Table;
  /** Unscaled held-out rows. */
  readonly heldOut: Table;
  /** Standardization statistics of the training rows (never of the held-out ones). */
  readonly stats: { mean: number[]; std: number[] };
}

/** Loads the table and splits it: 30 % of each species held out, chosen by `key`. */
export function penguinData(key: random.Key, table: Table = loadPenguins()): PenguinData {
  const { first, second } = stratifiedSplit(table.y, SPECIES.length, 0.3, key);
  const train = rowsOf(table, first);
  return { train, heldOut: rowsOf(table, second), stats: featureStats(train) };
}
