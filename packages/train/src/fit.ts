import { TensorError } from '@stepwise/tensor';
import { type Batch, isDataset } from './data/Dataset.js';
import { type ProgressStream, shouldShowProgress, terminalProgressBar } from './internal/progressBar.js';
import { type EvalMetrics, type EvalStep, evaluate } from './makeEvalStep.js';
import type { TrainStep } from './makeTrainStep.js';
import type { TrainState } from './TrainState.js';

/** What {@link fit} records per epoch. @category training @since 0.1.0 */
export interface EpochRecord {
  /** Epoch index (from 0). */
  readonly epoch: number;
  /** Steps taken in the epoch. */
  readonly steps: number;
  /** Mean training loss over the epoch's finite steps (NaN if none). */
  readonly loss: number;
  /** Mean gradient global norm over the epoch's finite steps (NaN if none). */
  readonly gradNorm: number;
  /** Steps whose loss or gradients were non-finite. */
  readonly nonFinite: number;
  /** Steps the optimizer skipped (see `applyIfFinite`). */
  readonly skipped: number;
  /** Metrics on `evalData` after the epoch, when `evalData` and `evalStep` are given. */
  readonly eval?: EvalMetrics;
}

/**
 * A progress report of {@link fit}: after each step, and after each epoch.
 * @category training
 * @since 0.1.0
 */
export type FitProgress<P, S, O> =
  | {
      readonly type: 'step';
      readonly epoch: number;
      readonly epochs: number;
      /** Steps done in this epoch (from 1). */
      readonly batch: number;
      /** Batches per epoch, when the data knows its size. */
      readonly batches: number | undefined;
      readonly state: TrainState<P, S, O>;
    }
  | {
      readonly type: 'epoch';
      readonly epoch: number;
      readonly epochs: number;
      readonly record: EpochRecord;
      readonly state: TrainState<P, S, O>;
    };

/** Options of {@link fit}. @category training @since 0.1.0 */
export interface FitOptions<P, S, O> {
  /** Run epochs `initialEpoch … epochs − 1` (default 1). */
  readonly epochs?: number;
  /** First epoch to run, to resume a run (default 0; the shuffle order of epoch `e` depends only on `e`). */
  readonly initialEpoch?: number;
  /** Called after each step and each epoch; giving it turns the default progress bar off. */
  readonly onProgress?: (event: FitProgress<P, S, O>) => void;
  /** Batches to evaluate on after each epoch (with `evalStep`). */
  readonly evalData?: Iterable<Batch>;
  /** The evaluation step for `evalData` (from `makeEvalStep`). */
  readonly evalStep?: EvalStep<P, S>;
  /**
   * Show a terminal progress bar: by default only when the stream is a TTY, `CI` is not set and no
   * `onProgress` is given; `false` never; `true` always (off a TTY, as plain lines at the start and end
   * of each epoch).
   */
  readonly progress?: boolean;
  /** Where the bar is drawn (default `process.stdout`; no bar without `process`, e.g. in a browser). */
  readonly stream?: ProgressStream;
}

/** What {@link fit} returns. @category training @since 0.1.0 */
export interface FitResult<P, S, O> {
  readonly state: TrainState<P, S, O>;
  readonly history: readonly EpochRecord[];
}

const checkCount = (name: string, v: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'fit',
      `${name} must be a non-negative integer, got ${String(v)}`,
    );
  }
  return v;
};

/**
 * Runs a training step over the data for some epochs: a fold `state = step(state, batch)` over every batch
 * of every epoch, recording a per-epoch {@link EpochRecord} (mean loss and gradient norm, non-finite and
 * skipped steps, eval metrics). Epoch `e` of a `Dataset` is `data.epoch(e)` (a new shuffle order per
 * epoch, reproducible from the key); any other iterable is iterated again each epoch (an array, not a
 * one-shot generator).
 *
 * By default a progress bar (`cli-progress`) is drawn on stdout, one line per epoch, when stdout is a
 * TTY, `CI` is not set and no `onProgress` is given. Synchronous: it returns when the run is done.
 *
 * @param step - A training step (from `makeTrainStep`, or your own `(state, batch) => state`).
 * @param state - The initial state (from `initTrainState`, or a decoded checkpoint).
 * @param data - Batches: a `Dataset` (e.g. `pipe(dataset({ x, y }), shuffle(key), batch(32))`) or an
 * iterable.
 * @param options - {@link FitOptions}.
 * @returns The final state and the history; the state is never hidden or kept.
 * @throws TensorError `INVALID_ARGUMENT` for bad options, or `evalData` without `evalStep`; whatever the
 * step throws.
 * @example
 * ```ts
 * const { state: trained, history } = fit(step, state, batches, { epochs: 5, evalData: test, evalStep });
 * history.at(-1)?.eval?.accuracy;
 * ```
 * @see Keras `Model.fit` (a method that mutates the model), Flax's training-loop recipe.
 * @category training
 * @since 0.1.0
 */
export function fit<P, S, O>(
  step: TrainStep<P, S, O>,
  state: TrainState<P, S, O>,
  data: Iterable<Batch>,
  options: FitOptions<P, S, O> = {},
): FitResult<P, S, O> {
  if (typeof step !== 'function') throw new TensorError('INVALID_ARGUMENT', 'fit', 'step must be a function');
  if (typeof data?.[Symbol.iterator] !== 'function') {
    throw new TensorError('INVALID_ARGUMENT', 'fit', 'data must be an iterable of batches');
  }
  const epochs = checkCount('epochs', options.epochs ?? 1);
  const initialEpoch = checkCount('initialEpoch', options.initialEpoch ?? 0);
  const { onProgress, evalData, evalStep } = options;
  if (evalData !== undefined && typeof evalStep !== 'function') {
    throw new TensorError('INVALID_ARGUMENT', 'fit', 'evalData needs an evalStep (makeEvalStep)');
  }
  const stream: ProgressStream | undefined =
    options.stream ?? (typeof process === 'undefined' ? undefined : process.stdout);
  const show =
    stream !== undefined && (options.progress ?? (onProgress === undefined && shouldShowProgress(stream)));
  const bar = show ? terminalProgressBar(stream, options.progress === true) : undefined;
  const batches = isDataset(data) ? data.size : Array.isArray(data) ? data.length : undefined;
  const history: EpochRecord[] = [];
  let s = state;
  try {
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      bar?.startEpoch(epoch, epochs, batches);
      const sums = { steps: 0, finite: 0, loss: 0, gradNorm: 0, nonFinite: 0, skipped: 0 };
      for (const b of isDataset(data) ? (data.epoch(epoch) as Iterable<Batch>) : data) {
        s = step(s, b);
        accumulate(sums, s.metrics);
        bar?.step(sums.steps, s.metrics.loss);
        onProgress?.({ type: 'step', epoch, epochs, batch: sums.steps, batches, state: s });
      }
      const base = {
        epoch,
        steps: sums.steps,
        loss: sums.finite === 0 ? Number.NaN : sums.loss / sums.finite,
        gradNorm: sums.finite === 0 ? Number.NaN : sums.gradNorm / sums.finite,
        nonFinite: sums.nonFinite,
        skipped: sums.skipped,
      };
      const record: EpochRecord = Object.freeze(
        evalData !== undefined && evalStep !== undefined
          ? { ...base, eval: evaluate(evalStep, s, evalData) }
          : base,
      );
      history.push(record);
      bar?.endEpoch(summaryOf(record));
      onProgress?.({ type: 'epoch', epoch, epochs, record, state: s });
    }
  } finally {
    // A step that throws must not leave the bar's redraw timer running (it would keep the process alive).
    bar?.close();
  }
  return Object.freeze({ state: s, history: Object.freeze(history) });
}

/** Running sums of an epoch's step metrics. */
interface EpochSums {
  steps: number;
  finite: number;
  loss: number;
  gradNorm: number;
  nonFinite: number;
  skipped: number;
}

function accumulate(sums: EpochSums, m: TrainState['metrics']): void {
  sums.steps++;
  if (m.nonFinite) sums.nonFinite++;
  else {
    sums.finite++;
    sums.loss += m.loss;
    sums.gradNorm += m.gradNorm;
  }
  if (m.skipped) sums.skipped++;
}

const summaryOf = (r: EpochRecord): string => {
  const parts = [`| mean loss ${r.loss.toPrecision(4)}`];
  if (r.skipped > 0) parts.push(`skipped ${r.skipped}`);
  for (const [k, v] of Object.entries(r.eval ?? {})) parts.push(`val_${k} ${v.toPrecision(4)}`);
  return parts.join(' ');
};
