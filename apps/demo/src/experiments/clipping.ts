/**
 * Experiment 3 — gradient clipping for an RNN. A `simpleRnn` on the adding problem trained with plain
 * SGD at a learning rate where its gradients explode: no clipping vs `clipValue` vs `clipNorm` vs
 * `globalClipNorm`, each wrapped in `applyIfFinite`, which skips (and counts) non-finite steps.
 */
import { dense, meanSquaredError, sequential, simpleRnn } from '@stepwise/nn';
import { applyIfFinite, sgd } from '@stepwise/optim';
import { abs, cast, less, mean, random, sub, type Tensor } from '@stepwise/tensor';
import { type Batch, fromEpochs, type MetricFn } from '@stepwise/train';
import { type Datum, finiteOrNull, lineChart } from '../charts.js';
import { ADDING_BASELINE_MSE, addingProblem } from '../data/adding.js';
import { combineHashes } from '../hash.js';
import { type RunResult, trainRun } from '../run.js';
import { num, pct } from './common.js';
import type { Context, Experiment, ExperimentResult, SummaryRow, Verdict } from './types.js';

const UNITS = 32;
const BATCH = 32;
const LENGTH = 30;
const LEARNING_RATE = 0.1;
const CLIP = 1;
const HELD_OUT = 256;
/** A prediction within this distance of the target counts as correct. */
export const TOLERANCE = 0.1;

/** Share of predictions within {@link TOLERANCE} of the target. */
export const withinTolerance: MetricFn = (yPred: Tensor, yTrue: Tensor): Tensor =>
  mean(cast(less(abs(sub(yPred, yTrue)), TOLERANCE), 'float32'));

const VARIANTS = [
  { name: 'no clipping', clip: {} },
  { name: `clipValue ${CLIP}`, clip: { clipValue: CLIP } },
  { name: `clipNorm ${CLIP}`, clip: { clipNorm: CLIP } },
  { name: `globalClipNorm ${CLIP}`, clip: { globalClipNorm: CLIP } },
] as const;

/** Per-variant numbers the verdict reads. */
export interface ClippingOutcome {
  readonly name: string;
  readonly nonFinite: number;
  /** Held-out MSE at initialization. */
  readonly initialMse: number;
  /** Held-out MSE after the last step. */
  readonly heldOutMse: number;
}

/**
 * The decision: the unclipped run must blow up (a non-finite step, or a held-out MSE above 10 × the
 * baseline), and every clipped run must have no non-finite step, end below its initial held-out MSE
 * (progress) and not above the unclipped run.
 */
export function clippingVerdict(unclipped: ClippingOutcome, clipped: readonly ClippingOutcome[]): Verdict {
  const exploded = unclipped.nonFinite > 0 || !(unclipped.heldOutMse < 10 * ADDING_BASELINE_MSE);
  const better = (c: ClippingOutcome): boolean =>
    c.nonFinite === 0 &&
    Number.isFinite(c.heldOutMse) &&
    c.heldOutMse < c.initialMse &&
    !(c.heldOutMse >= unclipped.heldOutMse);
  const learned = clipped.filter((c) => c.heldOutMse < ADDING_BASELINE_MSE).map((c) => c.name);
  const text = [
    `Without clipping: ${unclipped.nonFinite} non-finite steps, held-out MSE ${num(unclipped.initialMse)} → ${num(unclipped.heldOutMse)}` +
      (exploded
        ? ' (the gradients exploded).'
        : ' (no explosion at this learning rate, so the test is moot).'),
    ...clipped.map(
      (c) =>
        `${c.name}: ${c.nonFinite} non-finite steps, held-out MSE ${num(c.initialMse)} → ${num(c.heldOutMse)}: ` +
        (better(c)
          ? 'finite, improving, better than no clipping.'
          : 'not finite, not improving or not better.'),
    ),
    learned.length > 0
      ? `Below the predict-1 baseline (MSE ${num(ADDING_BASELINE_MSE)}): ${learned.join(', ')}.`
      : `No run got below the predict-1 baseline (MSE ${num(ADDING_BASELINE_MSE)}) in this many steps: clipping kept ` +
        'training stable, solving the task needs longer training.',
  ].join(' ');
  if (!exploded) return { supported: null, text };
  return { supported: clipped.every(better), text };
}

/** Mean of the finite numbers of a list (NaN when none). */
const finiteMean = (xs: readonly number[]): number => {
  const f = xs.filter(Number.isFinite);
  return f.length === 0 ? Number.NaN : f.reduce((a, b) => a + b, 0) / f.length;
};

function run(ctx: Context): ExperimentResult {
  const t0 = performance.now();
  const steps = ctx.steps ?? (ctx.quick ? 30 : 150);
  const key = random.foldIn(random.key(ctx.seed), 3);
  const [trainKey, heldOutKey, runKey] = random.split(key, 3);
  // One epoch of `steps` fresh batches; batch b of epoch e comes from foldIn(foldIn(trainKey, e), b).
  const data = fromEpochs<Batch>(function* (e) {
    for (let b = 0; b < steps; b++)
      yield addingProblem(random.foldIn(random.foldIn(trainKey!, e), b), BATCH, LENGTH);
  }, steps);
  const heldOut = addingProblem(heldOutKey!, HELD_OUT, LENGTH);
  const rows: SummaryRow[] = [];
  const perStep: Datum[] = [];
  const runs: RunResult<unknown, unknown, unknown>[] = [];
  const outcomes: ClippingOutcome[] = [];
  for (const v of VARIANTS) {
    const r = trainRun({
      model: sequential(simpleRnn(UNITS), dense(1)),
      optimizer: applyIfFinite(sgd({ learningRate: LEARNING_RATE, ...v.clip })),
      loss: meanSquaredError,
      metrics: { accuracy: withinTolerance },
      key: runKey!,
      inputShape: [BATCH, LENGTH, 2],
      data,
      batchesPerEpoch: steps,
      steps,
      evalEvery: Math.max(1, Math.round(steps / 5)),
      evalSets: { heldOut },
    }) as RunResult<unknown, unknown, unknown>;
    runs.push(r);
    let cumulative = 0;
    for (const s of r.steps) {
      cumulative += s.nonFinite ? 1 : 0;
      perStep.push({
        variant: v.name,
        step: s.step,
        loss: finiteOrNull(s.loss),
        gradNorm: finiteOrNull(s.gradNorm),
        nonFinite: cumulative,
      });
    }
    const last = r.evals[r.evals.length - 1]!.sets.heldOut!;
    const tail = r.steps.slice(-Math.max(1, Math.round(steps / 10)));
    const row: SummaryRow = {
      variant: v.name,
      steps: r.steps.length,
      trainLoss: finiteMean(tail.map((s) => s.loss)),
      heldOutLoss: last.loss,
      heldOutAccuracy: last.accuracy ?? Number.NaN,
      nonFinite: r.nonFinite,
      hash: r.hash,
      extra: {
        'max grad norm': num(Math.max(...r.steps.map((s) => s.gradNorm).filter(Number.isFinite))),
        skipped: String(r.skipped),
      },
    };
    rows.push(row);
    outcomes.push({
      name: v.name,
      nonFinite: r.nonFinite,
      initialMse: r.evals[0]!.sets.heldOut!.loss,
      heldOutMse: last.loss,
    });
    ctx.onRow(3, row);
  }
  const [unclipped, ...clipped] = outcomes as [ClippingOutcome, ...ClippingOutcome[]];
  const verdict = clippingVerdict(unclipped, clipped);
  return {
    id: 'clipping',
    number: 3,
    title: 'Gradient clipping for an RNN',
    claim:
      'At a learning rate where a recurrent network’s gradients explode, clipping them (by value, by norm or by ' +
      'global norm) keeps training finite and its loss going down.',
    setting: [
      `The adding problem: sequences of ${LENGTH} steps, each a value in [0, 1) and a marker that is 1 at two steps ` +
        '(one in each half); the target is the sum of the two marked values. Every training batch is freshly ' +
        `generated from the run’s key; ${HELD_OUT} held-out sequences come from another key. Always predicting 1 ` +
        `gives MSE ${num(ADDING_BASELINE_MSE)} (the baseline).`,
      `simpleRnn(${UNITS}) (tanh, Glorot/orthogonal init) and a dense output, MSE loss. Plain SGD at learning rate ` +
        `${LEARNING_RATE}, batches of ${BATCH}, ${steps} steps: without clipping the gradients of this network explode ` +
        `within the first steps. Clipping thresholds are ${CLIP} (the value used in Keras’ documentation). Every ` +
        'optimizer is wrapped in applyIfFinite, so a non-finite step is counted and skipped instead of poisoning the ' +
        'parameters. All variants see the same batches from the same initialization.',
    ],
    metricsNote:
      `Training loss is the mean finite batch MSE over the last ${Math.max(1, Math.round(steps / 10))} steps ` +
      `(NaN if none was finite); accuracy is the share of held-out sequences predicted within ±${TOLERANCE} of the ` +
      `target (predicting 1 always scores about ${pct(0.19)}). Gradient norms are global L2 norms before clipping.`,
    rows,
    charts: [
      {
        id: 'clipping-grad-norm',
        spec: lineChart(perStep, {
          title: 'Global gradient norm per step, before clipping (log; gaps are non-finite steps)',
          x: 'step',
          y: 'gradNorm',
          xTitle: 'step',
          yTitle: 'gradient norm (log)',
          color: 'variant',
          logY: true,
        }),
      },
      {
        id: 'clipping-loss',
        spec: lineChart(perStep, {
          title: 'Training batch loss (log; gaps are non-finite steps)',
          x: 'step',
          y: 'loss',
          xTitle: 'step',
          yTitle: 'MSE (log)',
          color: 'variant',
          logY: true,
        }),
      },
      {
        id: 'clipping-non-finite',
        spec: lineChart(perStep, {
          title: 'Non-finite steps so far (skipped by applyIfFinite)',
          x: 'step',
          y: 'nonFinite',
          xTitle: 'step',
          yTitle: 'non-finite steps',
          color: 'variant',
        }),
      },
    ],
    verdict,
    seeds: [ctx.seed],
    hash: combineHashes(runs.map((r) => r.hash)),
    metrics: Object.fromEntries([
      ...rows.map((r) => [`${r.variant} non-finite steps`, r.nonFinite]),
      ...rows.slice(1).flatMap((r) => [
        [`${r.variant} held-out MSE`, r.heldOutLoss],
        [`${r.variant} held-out accuracy`, r.heldOutAccuracy],
        [`${r.variant} train loss`, r.trainLoss],
      ]),
    ]),
    wallMs: performance.now() - t0,
  };
}

/** Experiment 3. */
export const clipping: Experiment = { id: 'clipping', number: 3, title: 'Gradient clipping for an RNN', run };
