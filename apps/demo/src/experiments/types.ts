/** What every experiment of the demo produces, and what it is given. */
import type { TopLevelSpec } from 'vega-lite';
import type { PenguinData } from '../data/penguins.js';

/** Whether the measured numbers support the experiment's claim (`null`: inconclusive). */
export interface Verdict {
  readonly supported: boolean | null;
  /** One or more sentences, with the numbers the decision was computed from. */
  readonly text: string;
}

/** A chart: a Vega-Lite spec, rendered to SVG by the report. */
export interface Chart {
  readonly id: string;
  readonly spec: TopLevelSpec;
}

/** One line of an experiment's summary table (one variant, or one variant at one batch size). */
export interface SummaryRow {
  readonly variant: string;
  /** Optimizer steps taken (per seed). */
  readonly steps: number;
  /** Training loss at the end (defined per experiment; see `trainLossNote`). */
  readonly trainLoss: number;
  readonly heldOutLoss: number;
  readonly heldOutAccuracy: number;
  /** Non-finite steps (summed over seeds). */
  readonly nonFinite: number;
  /** SHA-256 of the final parameters and model state (of every seed, combined). */
  readonly hash: string;
  /** Extra columns, e.g. the generalization gap. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The result of one experiment. */
export interface ExperimentResult {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  /** The claim under test, one sentence. */
  readonly claim: string;
  /** The setting and why it was chosen, one paragraph per entry. */
  readonly setting: readonly string[];
  /** How `trainLoss` and `heldOutAccuracy` are defined here. */
  readonly metricsNote: string;
  readonly rows: readonly SummaryRow[];
  readonly charts: readonly Chart[];
  readonly verdict: Verdict;
  /** The seeds the runs used. */
  readonly seeds: readonly number[];
  /** SHA-256 over every run's final parameters, in order. */
  readonly hash: string;
  /** Headline numbers by name (all must be finite unless documented as possibly NaN). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly wallMs: number;
}

/** What an experiment is given. */
export interface Context {
  /** The base seed (`--seed`). */
  readonly seed: number;
  /** Reduced sizes for a smoke test (`--quick`). */
  readonly quick: boolean;
  /** Overrides the number of training steps per run (`--steps`). */
  readonly steps: number | undefined;
  /** The penguins split. */
  readonly data: PenguinData;
  /** Called with each summary row as soon as it is known. */
  readonly onRow: (experiment: number, row: SummaryRow) => void;
}

/** An experiment: a name for the command line and a function of the context. */
export interface Experiment {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly run: (ctx: Context) => ExperimentResult;
}
