/**
 * Experiment 2 — batch norm as the first layer replaces standardization. The penguins left unscaled
 * (body mass in grams, around 4 000, next to bill depth in millimetres, around 17): a small MLP on the raw
 * inputs, on standardized inputs, and on the raw inputs through a batch-norm first layer.
 */
import { activation, dense, heNormal, relu, sequential } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam, applyIfFinite } from '@stepwise/optim';
import { random } from '@stepwise/tensor';
import { type Datum, lineChart } from '../charts.js';
import { FEATURES } from '../data/penguins.js';
import { combineHashes } from '../hash.js';
import { type RunResult, trainRun } from '../run.js';
import { batches, classification, classificationRow, evalCurves, num, pct, tensorsOf } from './common.js';
import type { Context, Experiment, ExperimentResult, SummaryRow, Verdict } from './types.js';

const BATCH = 32;
const WIDTH = 32;
const LEARNING_RATE = 1e-3;

/** The decision, from the held-out accuracies of unscaled, standardized and batch-norm-first inputs. */
export function bnInputVerdict(
  accuracy: { unscaled: number; standardized: number; batchNorm: number },
  heldOutSize: number,
): Verdict {
  const margin = 2 / heldOutSize;
  const { unscaled, standardized, batchNorm: bn } = accuracy;
  const scalingMatters = standardized > unscaled + margin;
  const bnMatches = bn >= standardized - margin;
  const numbers =
    `Held-out accuracy: unscaled ${pct(unscaled)}, standardized ${pct(standardized)}, batch-norm first layer ` +
    `${pct(bn)} (margin: two held-out examples, ${pct(margin)}).`;
  if (!scalingMatters) {
    return {
      supported: null,
      text:
        `${numbers} Unscaled inputs did not do worse than standardized ones by more than the margin, so this run ` +
        `cannot show that batch norm replaces a scaling that mattered; inconclusive.`,
    };
  }
  return {
    supported: bnMatches,
    text: bnMatches
      ? `${numbers} Standardizing mattered (unscaled is worse by more than the margin), and the batch-norm first ` +
        'layer on the raw inputs reached the standardized accuracy within the margin.'
      : `${numbers} Standardizing mattered, but the batch-norm first layer on the raw inputs fell short of the ` +
        'standardized accuracy by more than the margin.',
  };
}

function run(ctx: Context): ExperimentResult {
  const t0 = performance.now();
  const raw = tensorsOf(ctx.data.train, ctx.data.heldOut, null);
  const std = tensorsOf(ctx.data.train, ctx.data.heldOut, ctx.data.stats);
  const steps = ctx.steps ?? (ctx.quick ? 48 : 320);
  const key = random.foldIn(random.key(ctx.seed), 2);
  const [dataKey, runKey] = random.split(key, 2);
  const mlp = (first: 'none' | 'batchNorm') =>
    sequential(
      ...(first === 'batchNorm' ? [batchNorm({ momentum: 0.9 })] : []),
      dense(WIDTH, { kernelInit: heNormal() }),
      activation(relu),
      dense(WIDTH, { kernelInit: heNormal() }),
      activation(relu),
      dense(3, { kernelInit: heNormal() }),
    );
  const variants = [
    { name: 'unscaled inputs', sets: raw, first: 'none' as const },
    { name: 'standardized inputs', sets: std, first: 'none' as const },
    { name: 'unscaled + batch-norm first layer', sets: raw, first: 'batchNorm' as const },
  ];
  const rows: SummaryRow[] = [];
  const curves: Datum[] = [];
  const runs: RunResult<unknown, unknown, unknown>[] = [];
  for (const v of variants) {
    const { data, perEpoch } = batches(v.sets.train, BATCH, dataKey!);
    const r = trainRun({
      model: mlp(v.first),
      optimizer: applyIfFinite(adam({ learningRate: LEARNING_RATE })),
      ...classification,
      key: runKey!,
      inputShape: [BATCH, 4],
      data,
      batchesPerEpoch: perEpoch,
      steps,
      evalEvery: perEpoch,
      evalSets: { train: v.sets.train, heldOut: v.sets.heldOut },
    }) as RunResult<unknown, unknown, unknown>;
    runs.push(r);
    curves.push(...evalCurves(v.name, r));
    const row = classificationRow(v.name, r);
    rows.push(row);
    ctx.onRow(2, row);
  }
  const [u, s, b] = rows.map((r) => r.heldOutAccuracy) as [number, number, number];
  const verdict = bnInputVerdict({ unscaled: u, standardized: s, batchNorm: b }, raw.heldOut.y.shape[0]!);
  const pick = (set: string, metric: string) => curves.filter((d) => d.set === set && d.metric === metric);
  const { mean, std: sd } = ctx.data.stats;
  return {
    id: 'bn-input',
    number: 2,
    title: 'Batch norm as the first layer replaces standardization',
    claim:
      'A batch-normalization layer placed first learns on unscaled inputs as well as the same network does on ' +
      'standardized inputs.',
    setting: [
      `Raw feature scales (training mean ± std): ${FEATURES.map((f, i) => `${f} ${num(mean[i]!)} ± ${num(sd[i]!)}`).join(', ')}.`,
      `An MLP with two hidden ReLU layers of ${WIDTH} units (He init); Adam (learning rate ${LEARNING_RATE}, batches of ` +
        `${BATCH}, ${steps} steps) wrapped in applyIfFinite. Adam is the most forgiving common choice for badly scaled ` +
        'inputs (each parameter gets its own step size), so the unscaled control is not set up to fail.',
      'The standardized variant uses the training split’s mean and standard deviation (never the held-out ' +
        'statistics). The batch-norm layer (momentum 0.9) sees the raw inputs and normalizes them with batch ' +
        'statistics in training and its moving statistics at inference.',
    ],
    metricsNote:
      'Training loss and accuracy are measured in inference mode on the whole training split after the last step; ' +
      'held-out likewise on the held-out split.',
    rows,
    charts: [
      {
        id: 'bn-input-loss',
        spec: lineChart(pick('train', 'loss'), {
          title: 'Training loss (whole training split, inference mode, log scale)',
          x: 'step',
          y: 'value',
          xTitle: 'step',
          yTitle: 'cross-entropy (log)',
          color: 'variant',
          logY: true,
        }),
      },
      {
        id: 'bn-input-accuracy',
        spec: lineChart(pick('heldOut', 'accuracy'), {
          title: 'Held-out accuracy',
          x: 'step',
          y: 'value',
          xTitle: 'step',
          yTitle: 'accuracy',
          color: 'variant',
        }),
      },
    ],
    verdict,
    seeds: [ctx.seed],
    hash: combineHashes(runs.map((r) => r.hash)),
    metrics: Object.fromEntries(
      rows.flatMap((r) => [
        [`${r.variant} held-out accuracy`, r.heldOutAccuracy],
        [`${r.variant} train loss`, r.trainLoss],
      ]),
    ),
    wallMs: performance.now() - t0,
  };
}

/** Experiment 2. */
export const bnInput: Experiment = {
  id: 'bn-input',
  number: 2,
  title: 'Batch norm as the first layer replaces standardization',
  run,
};
