/** Pieces the penguin experiments share: tensors of a split, batched datasets, curves and summary rows. */
import { accuracy, type Initializer, softmaxCrossEntropy } from '@stepwise/nn';
import { random } from '@stepwise/tensor';
import { type Batch, batch, type Dataset, dataset, shuffle } from '@stepwise/train';
import { type Datum, finiteOrNull } from '../charts.js';
import { standardize, type Table, toTensors } from '../data/penguins.js';
import type { RunResult } from '../run.js';
import type { SummaryRow } from './types.js';

/** Loss and metric of every classification experiment. */
export const classification = { loss: softmaxCrossEntropy, metrics: { accuracy } } as const;

/** The training batches of a table: shuffled every epoch from `key`, `size` rows each (last may be short). */
export function batches(t: Batch, size: number, key: random.Key): { data: Dataset<Batch>; perEpoch: number } {
  const n = t.x.shape[0]!;
  return { data: batch(size)(shuffle(key)(dataset({ x: t.x, y: t.y }))), perEpoch: Math.ceil(n / size) };
}

/** The train and held-out tables as tensors, standardized with the training statistics or unscaled. */
export function tensorsOf(
  train: Table,
  heldOut: Table,
  stats: { mean: readonly number[]; std: readonly number[] } | null,
): { train: Batch; heldOut: Batch } {
  const s = (t: Table): Table => (stats === null ? t : standardize(t, stats));
  return { train: toTensors(s(train)), heldOut: toTensors(s(heldOut)) };
}

/** A naive initializer: `N(0, std²)` whatever the layer's fan-in (Keras 1's `RandomNormal(stddev=0.05)`). */
export const smallNormal =
  (std: number): Initializer =>
  (key, shape, dtype) =>
    random.normal(key, shape, { std, dtype: dtype === 'float64' ? 'float64' : 'float32' });

/** The evaluation curves of a run as chart data: one datum per evaluation, set and metric. */
export function evalCurves(
  variant: string,
  r: RunResult<unknown, unknown, unknown>,
  extra: Datum = {},
): Datum[] {
  return r.evals.flatMap((p) =>
    Object.entries(p.sets).flatMap(([set, m]) =>
      Object.entries(m).map(([metric, v]) => ({
        variant,
        step: p.step,
        set,
        metric,
        value: finiteOrNull(v),
        ...extra,
      })),
    ),
  );
}

/** The last evaluation of a set. */
export function finalEval(
  r: RunResult<unknown, unknown, unknown>,
  set: string,
): { loss: number; accuracy: number } {
  const m = r.evals[r.evals.length - 1]!.sets[set]!;
  return { loss: m.loss, accuracy: m.accuracy ?? Number.NaN };
}

/** The summary row of one classification run evaluated on `train` and `heldOut`. */
export function classificationRow(variant: string, r: RunResult<unknown, unknown, unknown>): SummaryRow {
  const tr = finalEval(r, 'train');
  const ho = finalEval(r, 'heldOut');
  return {
    variant,
    steps: r.steps.length,
    trainLoss: tr.loss,
    heldOutLoss: ho.loss,
    heldOutAccuracy: ho.accuracy,
    nonFinite: r.nonFinite,
    hash: r.hash,
  };
}

/** Formats a number for prose: 3 significant digits, or `NaN`/`Infinity`. */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** A proportion as a percentage with one decimal. */
export const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : String(v));
