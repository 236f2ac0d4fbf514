/**
 * One training run: `@stepwise/train`'s `fit` over a dataset of batches, with the step's loss and
 * gradient norm recorded at every step and the model evaluated (inference mode) on fixed batches at
 * regular intervals. Pure apart from the clock: the same options give bit-identical results.
 */
import type { Layer } from '@stepwise/nn';
import type { GradientTransformation } from '@stepwise/optim';
import type { random } from '@stepwise/tensor';
import {
  type Batch,
  type Dataset,
  type EvalMetrics,
  evaluate,
  fit,
  initTrainState,
  type LossFn,
  type MetricFn,
  makeEvalStep,
  makeTrainStep,
  type TrainState,
} from '@stepwise/train';
import { hashTree } from './hash.js';

/** What one training step measured. */
export interface StepRecord {
  /** 1-based step number. */
  readonly step: number;
  /** The batch loss before the update. */
  readonly loss: number;
  /** Global L2 norm of the gradients, before clipping. */
  readonly gradNorm: number;
  /** Loss or gradients were NaN/±Inf. */
  readonly nonFinite: boolean;
  /** The optimizer skipped the step (`applyIfFinite`): params and model state unchanged. */
  readonly skipped: boolean;
}

/** Evaluations after `step` steps (0 = at initialization), one entry per evaluation set. */
export interface EvalPoint {
  readonly step: number;
  readonly sets: Readonly<Record<string, EvalMetrics>>;
}

/** What {@link trainRun} returns. */
export interface RunResult<P, S, O> {
  readonly state: TrainState<P, S, O>;
  readonly steps: readonly StepRecord[];
  readonly evals: readonly EvalPoint[];
  /** Steps whose loss or gradients were non-finite. */
  readonly nonFinite: number;
  /** Steps the optimizer skipped (`applyIfFinite`). */
  readonly skipped: number;
  /** SHA-256 of the final params and model state. */
  readonly hash: string;
  /** Wall time of the run in milliseconds (not part of any result that is compared). */
  readonly wallMs: number;
}

/** Options of {@link trainRun}. */
export interface RunOptions<P, S, O> {
  readonly model: Layer<P, S>;
  readonly optimizer: GradientTransformation<O>;
  readonly loss: LossFn;
  /** Metrics besides the loss, e.g. `{ accuracy }`. */
  readonly metrics: Readonly<Record<string, MetricFn>>;
  /** Initialization and dropout key. */
  readonly key: random.Key;
  /** Shape of an input batch (batch dimension first). */
  readonly inputShape: readonly number[];
  /** Batches by epoch (e.g. `batch(b)(shuffle(k)(dataset(...)))`). */
  readonly data: Dataset<Batch>;
  /** Batches in one epoch of `data`. */
  readonly batchesPerEpoch: number;
  /** Steps to train; rounded up to whole epochs. */
  readonly steps: number;
  /** Evaluate every this many steps (and at the start and the end). */
  readonly evalEvery: number;
  /** Named evaluation batches, e.g. `{ train, heldOut }`. */
  readonly evalSets: Readonly<Record<string, Batch>>;
}

/** Trains a model with `fit` and records steps and evaluations. */
export function trainRun<P, S, O>(o: RunOptions<P, S, O>): RunResult<P, S, O> {
  const t0 = performance.now();
  const init = initTrainState({
    model: o.model,
    optimizer: o.optimizer,
    key: o.key,
    inputShape: o.inputShape,
  });
  const step = makeTrainStep({ model: o.model, loss: o.loss, optimizer: o.optimizer });
  const evalStep = makeEvalStep({ model: o.model, loss: o.loss, metrics: o.metrics });
  const evalAt = (s: TrainState<P, S, O>): EvalPoint => ({
    step: s.step,
    sets: Object.fromEntries(
      Object.entries(o.evalSets).map(([name, b]) => [name, evaluate(evalStep, s, [b])]),
    ),
  });
  const steps: StepRecord[] = [];
  const evals: EvalPoint[] = [evalAt(init)];
  const epochs = Math.max(1, Math.ceil(o.steps / o.batchesPerEpoch));
  const total = epochs * o.batchesPerEpoch;
  const { state } = fit(step, init, o.data, {
    epochs,
    progress: false,
    onProgress: (event) => {
      if (event.type !== 'step') return;
      const s = event.state;
      const m = s.metrics;
      steps.push({
        step: s.step,
        loss: m.loss,
        gradNorm: m.gradNorm,
        nonFinite: m.nonFinite,
        skipped: m.skipped,
      });
      if (s.step % o.evalEvery === 0 || s.step === total) evals.push(evalAt(s));
    },
  });
  if (evals[evals.length - 1]!.step !== state.step) evals.push(evalAt(state));
  return {
    state,
    steps,
    evals,
    nonFinite: steps.filter((s) => s.nonFinite).length,
    skipped: steps.filter((s) => s.skipped).length,
    hash: hashTree({ params: state.params, modelState: state.modelState }),
    wallMs: performance.now() - t0,
  };
}
