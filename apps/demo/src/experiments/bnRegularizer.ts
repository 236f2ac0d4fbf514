/**
 * Experiment 4 (issue 12) — does batch norm act as a regularizer? An over-parameterized MLP on a small
 * training subset, four variants (none, dropout, batch norm, batch norm + dropout) over several seeds and
 * two batch sizes; the generalization gap at the end, its mean and spread across seeds, and a verdict.
 */
import { activation, dense, dropout, elu, heNormal, sequential } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam } from '@stepwise/optim';
import { random } from '@stepwise/tensor';
import { type Datum, dotChart, lineChart } from '../charts.js';
import { featureStats, perClassSubset, rowsOf, SPECIES } from '../data/penguins.js';
import { combineHashes } from '../hash.js';
import { type RunResult, trainRun } from '../run.js';
import { type Spread, spread } from '../stats.js';
import { batches, classification, finalEval, num, pct, tensorsOf } from './common.js';
import type { Context, Experiment, ExperimentResult, SummaryRow, Verdict } from './types.js';

const HIDDEN = 3;
const WIDTH = 64;
const PER_CLASS = 12;
const DROPOUT = 0.5;
const LEARNING_RATE = 1e-3;

const VARIANTS = [
  { name: 'no regularization', bn: false, drop: false },
  { name: `dropout ${DROPOUT}`, bn: false, drop: true },
  { name: 'batch norm', bn: true, drop: false },
  { name: `batch norm + dropout ${DROPOUT}`, bn: true, drop: true },
] as const;

/** `HIDDEN` × (dense → [batch norm] → ELU → [dropout]) and 3 logits. */
function mlp(bn: boolean, drop: boolean) {
  const layers = [];
  for (let i = 0; i < HIDDEN; i++) {
    layers.push(dense(WIDTH, { kernelInit: heNormal() }));
    if (bn) layers.push(batchNorm({ momentum: 0.9 }));
    layers.push(activation(elu));
    if (drop) layers.push(dropout(DROPOUT));
  }
  layers.push(dense(3, { kernelInit: heNormal() }));
  return sequential(...layers);
}

/** Number of parameters of the MLP (without batch-norm's γ, β) for 4 inputs. */
export const PARAMETERS = 4 * WIDTH + WIDTH + (HIDDEN - 1) * (WIDTH * WIDTH + WIDTH) + WIDTH * 3 + 3;

/** Generalization gaps (held-out loss − training loss) across seeds, by batch size and variant. */
export interface GapTable {
  readonly batchSizes: readonly number[];
  readonly variants: readonly string[];
  /** `gaps[b][v]`: the gap of each seed. */
  readonly gaps: readonly (readonly (readonly number[])[])[];
}

/** `a − b` counts as an effect only when the mean ± sd intervals of the two do not overlap. */
export const beyondSpread = (a: Spread, b: Spread): boolean => a.mean - b.mean > a.std + b.std;

/**
 * The decision. Variants are `[none, dropout, batch norm, batch norm + dropout]`; the claim holds when, at
 * the smallest batch size, batch norm's mean gap is below the unregularized one by more than the two seed
 * spreads together. The batch-size part holds when that reduction shrinks at the largest batch size.
 */
export function regularizerVerdict(t: GapTable): Verdict {
  const s = t.gaps.map((row) => row.map(spread));
  const smallest = 0;
  const largest = t.batchSizes.length - 1;
  const reduction = (b: number): number => s[b]![0]!.mean - s[b]![2]!.mean;
  const lines = t.batchSizes.map((size, b) => {
    const [none, drop, bn] = s[b] as [Spread, Spread, Spread, Spread];
    const effect = beyondSpread(none, bn);
    const d = reduction(b);
    return (
      `Batch ${size}: gap ${t.variants.map((v, i) => `${v} ${num(s[b]![i]!.mean)} ± ${num(s[b]![i]!.std)}`).join(', ')}. ` +
      `Batch norm ${d > 0 ? 'lowers' : 'raises'} the mean gap by ${num(Math.abs(d))}, ` +
      (effect
        ? 'beyond the seed spread'
        : d > 0
          ? 'but within the seed spread (mean ± sd intervals overlap): no clear effect'
          : beyondSpread(bn, none)
            ? 'beyond the seed spread: the opposite of a regularizing effect'
            : 'within the seed spread: no regularizing effect') +
      `; dropout's gap is ${num(drop.mean)}, batch norm's is ${bn.mean <= drop.mean ? 'not larger' : 'larger'}.`
    );
  });
  const regularizes = beyondSpread(s[smallest]![0]!, s[smallest]![2]!);
  const shrinks = largest > smallest && reduction(largest) < reduction(smallest);
  const summary = regularizes
    ? `At batch size ${t.batchSizes[smallest]} batch norm reduced the generalization gap beyond the seed spread, as claimed. ` +
      (shrinks
        ? `The reduction is smaller at batch size ${t.batchSizes[largest]}, consistent with the regularizing noise shrinking as the batch grows.`
        : `The reduction is not smaller at batch size ${t.batchSizes[largest]}, so this run does not show the noise explanation.`)
    : `At batch size ${t.batchSizes[smallest]} batch norm did not reduce the generalization gap beyond the seed spread: ` +
      'this run does not support the claim that batch norm acts as a regularizer here.' +
      (shrinks && reduction(smallest) > 0
        ? ` (Its mean reduction, within the spread, is smaller at batch size ${t.batchSizes[largest]}.)`
        : '');
  const trend =
    'Gap reduction by batch norm (no regularization − batch norm, positive = regularizing) by batch size: ' +
    `${t.batchSizes.map((size, b) => `${size}: ${num(reduction(b))}`).join(', ')}.`;
  return { supported: regularizes, text: `${lines.join(' ')} ${trend} ${summary}` };
}

function run(ctx: Context): ExperimentResult {
  const t0 = performance.now();
  const seeds = Array.from({ length: ctx.quick ? 2 : 5 }, (_, i) => ctx.seed + i);
  const full = PER_CLASS * SPECIES.length;
  const batchSizes = ctx.quick ? [6, full] : [6, 12, full];
  const steps = ctx.steps ?? (ctx.quick ? 30 : 240);
  const subsetKey = random.foldIn(random.key(ctx.seed), 40);
  const subset = rowsOf(
    ctx.data.train,
    perClassSubset(ctx.data.train.y, SPECIES.length, PER_CLASS, subsetKey),
  );
  const { train, heldOut } = tensorsOf(subset, ctx.data.heldOut, featureStats(subset));
  const evalEvery = Math.max(1, Math.round(steps / 12));
  const rows: SummaryRow[] = [];
  const curves: Datum[] = [];
  const gapDots: Datum[] = [];
  const hashes: string[] = [];
  const gaps: number[][][] = batchSizes.map(() => VARIANTS.map(() => []));
  const metrics: Record<string, number> = {};
  batchSizes.forEach((size, b) => {
    VARIANTS.forEach((v, vi) => {
      const runs: RunResult<unknown, unknown, unknown>[] = [];
      for (const seed of seeds) {
        const [dataKey, runKey] = random.split(random.foldIn(random.key(seed), 4), 2);
        const { data, perEpoch } = batches(train, size, dataKey!);
        const r = trainRun({
          model: mlp(v.bn, v.drop),
          optimizer: adam({ learningRate: LEARNING_RATE }),
          ...classification,
          key: runKey!,
          inputShape: [size, 4],
          data,
          batchesPerEpoch: perEpoch,
          steps,
          evalEvery,
          evalSets: { train, heldOut },
        }) as RunResult<unknown, unknown, unknown>;
        runs.push(r);
        hashes.push(r.hash);
        const gap = finalEval(r, 'heldOut').loss - finalEval(r, 'train').loss;
        gaps[b]![vi]!.push(gap);
        gapDots.push({ variant: v.name, batch: `batch ${size}`, seed, gap });
        for (const p of r.evals) {
          for (const set of ['train', 'heldOut'] as const) {
            curves.push({
              variant: v.name,
              batch: `batch ${size}`,
              seed,
              step: p.step,
              set: set === 'train' ? 'train' : 'held-out',
              loss: p.sets[set]!.loss,
              accuracy: p.sets[set]!.accuracy ?? Number.NaN,
            });
          }
        }
      }
      const fin = runs.map((r) => ({ tr: finalEval(r, 'train'), ho: finalEval(r, 'heldOut') }));
      const g = spread(gaps[b]![vi]!);
      const accGap = spread(fin.map((f) => f.tr.accuracy - f.ho.accuracy));
      const row: SummaryRow = {
        variant: `${v.name}, batch ${size}`,
        steps: runs[0]!.steps.length,
        trainLoss: spread(fin.map((f) => f.tr.loss)).mean,
        heldOutLoss: spread(fin.map((f) => f.ho.loss)).mean,
        heldOutAccuracy: spread(fin.map((f) => f.ho.accuracy)).mean,
        nonFinite: runs.reduce((a, r) => a + r.nonFinite, 0),
        hash: combineHashes(runs.map((r) => r.hash)),
        extra: {
          'loss gap (mean ± sd)': `${num(g.mean)} ± ${num(g.std)}`,
          'accuracy gap': `${pct(accGap.mean)} ± ${pct(accGap.std)}`,
        },
      };
      rows.push(row);
      metrics[`${v.name}, batch ${size}: gap mean`] = g.mean;
      metrics[`${v.name}, batch ${size}: gap std`] = g.std;
      metrics[`${v.name}, batch ${size}: held-out accuracy`] = row.heldOutAccuracy;
      ctx.onRow(4, row);
    });
  });
  // Mean curves over seeds, one line per variant and split.
  const meanCurves: Datum[] = [];
  const groups = new Map<string, Datum[]>();
  for (const d of curves) {
    const k = `${d.variant}|${d.batch}|${d.set}|${d.step}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  for (const ds of groups.values()) {
    const d = ds[0]!;
    meanCurves.push({
      ...d,
      seed: null,
      loss: spread(ds.map((x) => x.loss as number)).mean,
      accuracy: spread(ds.map((x) => x.accuracy as number)).mean,
    });
  }
  const verdict = regularizerVerdict({ batchSizes, variants: VARIANTS.map((v) => v.name), gaps });
  return {
    id: 'bn-regularizer',
    number: 4,
    title: 'Does batch norm act as a regularizer?',
    claim:
      'Batch normalization acts like a regularizer (the noise of mini-batch statistics), reducing the gap between ' +
      'training and held-out performance, and so the need for dropout; the effect shrinks as the batch grows.',
    setting: [
      `Over-parameterized on purpose: ${HIDDEN} hidden ELU layers of ${WIDTH} units (He init), ${PARAMETERS} weights, ` +
        `trained on ${PER_CLASS} penguins per species (${train.y.shape[0]} rows, fixed, chosen from the training split by ` +
        `the base seed and standardized with their own statistics); evaluated on the same ${heldOut.y.shape[0]} held-out ` +
        'rows as the other experiments. A network this large memorizes so few rows, so any regularizer has room to act.',
      `Adam at its default learning rate ${LEARNING_RATE}, no weight decay, no early stopping, the same ${steps} steps for ` +
        'every variant and batch size (equal numbers of updates, so that differences between batch sizes come from the ' +
        `noise of the batches, not from more or fewer updates). Dropout rate ${DROPOUT} after each hidden activation (the usual rate for hidden units); ` +
        'batch norm (momentum 0.9) between each dense layer and its activation.',
      `Batch sizes ${batchSizes.join(', ')}: batch ${batchSizes[0]} gives noisy batch statistics; batch ` +
        `${full} is the whole training subset, where the statistics are the same at every step and their ` +
        `noise is gone. Seeds ${seeds.join(', ')} vary the initialization, the batch order and the dropout masks.`,
      'These settings are not tuned to make the claim come out true; the verdict is whatever the numbers give.',
    ],
    metricsNote:
      'Losses and accuracies are means over seeds, measured in inference mode (no dropout, moving statistics) on ' +
      'the whole training subset and on the held-out split after the last step. The generalization gap is held-out ' +
      'loss − training loss (cross-entropy), reported as mean ± sample standard deviation across seeds.',
    rows,
    charts: [
      {
        id: 'bn-regularizer-gap',
        spec: dotChart(gapDots, {
          title: 'Generalization gap at the end (held-out − train loss): one dot per seed, mean and ±1 sd',
          category: 'variant',
          value: 'gap',
          valueTitle: 'loss gap',
          column: 'batch',
          columnOrder: batchSizes.map((b) => `batch ${b}`),
          width: 260,
        }),
      },
      {
        id: 'bn-regularizer-curves',
        spec: lineChart(meanCurves, {
          title: 'Train (solid) and held-out (dashed) loss, mean over seeds (log)',
          x: 'step',
          y: 'loss',
          xTitle: 'step',
          yTitle: 'cross-entropy (log)',
          color: 'variant',
          strokeDash: 'set',
          strokeDashOrder: ['train', 'held-out'],
          column: 'batch',
          columnOrder: batchSizes.map((b) => `batch ${b}`),
          logY: true,
          width: 280,
        }),
      },
      {
        id: 'bn-regularizer-accuracy',
        spec: lineChart(meanCurves, {
          title: 'Train (solid) and held-out (dashed) accuracy, mean over seeds',
          x: 'step',
          y: 'accuracy',
          xTitle: 'step',
          yTitle: 'accuracy',
          color: 'variant',
          strokeDash: 'set',
          strokeDashOrder: ['train', 'held-out'],
          column: 'batch',
          columnOrder: batchSizes.map((b) => `batch ${b}`),
          width: 280,
        }),
      },
    ],
    verdict,
    seeds,
    hash: combineHashes(hashes),
    metrics,
    wallMs: performance.now() - t0,
  };
}

/** Experiment 4 (issue 12). */
export const bnRegularizer: Experiment = {
  id: 'bn-regularizer',
  number: 4,
  title: 'Does batch norm act as a regularizer?',
  run,
};
