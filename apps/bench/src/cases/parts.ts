import { isTensor, recycle, type Tensor } from '@stepwise/tensor';
import type { Tensor as TfTensor, Variable as TfVariable } from '@tensorflow/tfjs-core';
import type { TfPeers } from '../peers/tfjs.js';
import type { Env, Impl, ImplName, Outputs, Prepared } from '../types.js';

export type { TfTensor, TfVariable };
export type Tf = TfPeers['tf'];

/** Reads Stepwise tensors as arrays (a copy; outside the timed region). */
export function readTensors(r: Readonly<Record<string, Tensor | number>>): Outputs {
  const out: Record<string, ArrayLike<number> | number> = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'number' ? v : v.data();
  return out;
}

/**
 * A Stepwise implementation: `run` returns named tensors (or numbers). With `recycleOutputs`, the outputs are
 * given back with `recycle` after each run, as the TF.js implementations `dispose()` theirs (only for runs
 * whose outputs are fresh tensors, never inputs or state carried between runs).
 */
export function stepwiseImpl(
  run: () => Readonly<Record<string, Tensor | number>>,
  options: { readonly recycleOutputs?: boolean } = {},
): Impl {
  const impl: Impl = { run, read: (r) => readTensors(r as Record<string, Tensor | number>) };
  if (options.recycleOutputs !== true) return impl;
  return {
    ...impl,
    release: (r) => {
      for (const v of Object.values(r as Record<string, Tensor | number>)) if (isTensor(v)) recycle(v);
    },
  };
}

/** A plain typed-array implementation: `run` returns named arrays. */
export function naiveImpl(run: () => Outputs): Impl {
  return { run, read: (r) => r as Outputs };
}

/** What a case builds for one TF.js backend. */
export interface TfSetup {
  /** The timed work; returns named tensors (variables among them are read but never disposed). */
  run(): Readonly<Record<string, TfTensor>>;
  /** Disposes the inputs and variables made by the set-up. */
  dispose(): void;
}

/** Builds a case's parts into a {@link Prepared}. */
export class Parts {
  readonly impls: Partial<Record<ImplName, Impl>> = {};
  readonly skipped: Partial<Record<ImplName, string>> = {};
  readonly #disposers: (() => void)[] = [];

  add(name: ImplName, impl: Impl): this {
    this.impls[name] = impl;
    return this;
  }

  skip(name: ImplName, reason: string): this {
    this.skipped[name] = reason;
    return this;
  }

  /**
   * Adds `tfjs-cpu` and `tfjs-wasm`, each set up with its backend active (tensors live in that backend); a
   * backend whose set-up throws is skipped with the error as the reason.
   */
  tfjs(env: Env, setup: (tf: Tf) => TfSetup): this {
    const peers = env.tfjs;
    if (peers === null) {
      this.skip('tfjs-cpu', 'TF.js did not load').skip('tfjs-wasm', 'TF.js did not load');
      return this;
    }
    const { tf } = peers;
    for (const backend of ['cpu', 'wasm'] as const) {
      let s: TfSetup;
      try {
        s = peers.on(backend, () => setup(tf));
      } catch (e) {
        this.skip(`tfjs-${backend}`, `set-up threw ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      this.#disposers.push(() => peers.on(backend, () => s.dispose()));
      this.add(`tfjs-${backend}`, {
        backend,
        run: () => s.run(),
        read: (r) => {
          const out: Record<string, ArrayLike<number>> = {};
          for (const [k, t] of Object.entries(r as Record<string, TfTensor>))
            out[k] = t.dataSync() as Float32Array;
          return out;
        },
        release: (r) => {
          for (const t of Object.values(r as Record<string, TfTensor>)) {
            if (!(t instanceof tf.Variable)) t.dispose();
          }
        },
      });
    }
    return this;
  }

  onDispose(f: () => void): this {
    this.#disposers.push(f);
    return this;
  }

  done(): Prepared {
    const disposers = this.#disposers;
    return {
      impls: this.impls,
      skipped: this.skipped,
      dispose: () => {
        for (const d of disposers) d();
      },
    };
  }
}
