import type { TfPeers } from './peers/tfjs.js';

/** The implementations compared; `stepwise` first, then the peers. */
export const IMPLS = ['stepwise', 'tfjs-cpu', 'tfjs-wasm', 'naive-js'] as const;
export type ImplName = (typeof IMPLS)[number];

/** Named outputs of one run, compared across implementations before anything is timed. */
export type Outputs = Readonly<Record<string, ArrayLike<number> | number>>;

/** One implementation of a case: `run` is the timed work; `read` and `release` are not timed. */
export interface Impl {
  /** The TF.js backend that must be active while this implementation runs. */
  readonly backend?: 'cpu' | 'wasm';
  /** Does the work once and returns its result. */
  run(): unknown;
  /** The outputs of a result, as plain numbers or arrays (for the agreement check). */
  read(result: unknown): Outputs;
  /** Frees a result (TF.js tensors); called after `read` and after every timed run. */
  release?(result: unknown): void;
}

/** A case made ready to run: its implementations, the ones skipped (with why) and a clean-up. */
export interface Prepared {
  readonly impls: Partial<Record<ImplName, Impl>>;
  readonly skipped: Partial<Record<ImplName, string>>;
  dispose(): void;
}

/** Work done by one run, for GFLOP/s or GB/s. */
export interface Work {
  /** Floating-point operations (a multiply-add counts 2). */
  readonly flops?: number;
  /** The least bytes one run must move to or from memory (each input read once, each output written once). */
  readonly bytes?: number;
}

/** One benchmark case: a kernel at one shape. */
export interface BenchCase {
  readonly kernel: string;
  readonly shape: string;
  readonly work: Work;
  /**
   * Largest allowed `max |impl − reference| / max(1, max |reference|)` per output (a number applies to
   * every output).
   */
  readonly tolerance: number | Readonly<Record<string, number>>;
  /**
   * Runs before the outputs are compared (default 1). Stateful cases (optimizers, training steps) carry
   * their state from run to run, so more than one run checks that the state is carried right.
   */
  readonly checkRuns?: number;
  /** Builds inputs and implementations (not timed). */
  prepare(env: Env): Prepared;
}

/** What a case needs from the outside world: the TF.js peers, when they loaded. */
export interface Env {
  readonly tfjs: TfPeers | null;
}
