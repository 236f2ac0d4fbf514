import { resetWasmCopyStats, type WasmCopyStats, wasmCopyStats } from '@stepwise/tensor/kernel';
import { Bench } from 'tinybench';
import { type Agreement, compareOutputs, DisagreementError } from './check.js';
import { type Clock, nowOf } from './clock.js';
import { type BenchCase, type Env, IMPLS, type Impl, type ImplName, type Work } from './types.js';

/** How long and how often to measure. */
export interface Budget {
  /** Interleaved rounds; each implementation is measured once per round. */
  readonly rounds: number;
  /** Time budget of one implementation in one round (tinybench `time`; at least one run). */
  readonly roundMs: number;
  /** Warm-up time per implementation after the agreement check (at least one extra run unless slow). */
  readonly warmupMs: number;
  /** An implementation whose checked run took longer than this is measured in the first round only. */
  readonly slowMs: number;
  /**
   * An implementation whose checked run took longer than this is not run again: that run's time is its one
   * sample (a run of seconds is not affected by JIT warm-up; this keeps `--quick` quick).
   */
  readonly reuseCheckMs: number;
}

export const FULL_BUDGET: Budget = {
  rounds: 5,
  roundMs: 150,
  warmupMs: 200,
  slowMs: 4000,
  reuseCheckMs: 20_000,
};
export const QUICK_BUDGET: Budget = { rounds: 3, roundMs: 25, warmupMs: 25, slowMs: 150, reuseCheckMs: 300 };
/** One checked run per implementation, one timed sample: for the smoke test. */
export const SMOKE_BUDGET: Budget = {
  rounds: 1,
  roundMs: 0,
  warmupMs: 0,
  slowMs: 0,
  reuseCheckMs: Number.POSITIVE_INFINITY,
};

/** Timing of one implementation on one case. */
export interface Timing {
  readonly impl: ImplName;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  readonly gflops?: number;
  readonly gbps?: number;
}

/** Everything measured for one case. */
export interface CaseResult {
  readonly kernel: string;
  readonly shape: string;
  readonly work: Work;
  readonly timings: readonly Timing[];
  readonly agreements: readonly Agreement[];
  /** The implementation the others were compared with. */
  readonly reference: ImplName | null;
  readonly skipped: Partial<Record<ImplName, string>>;
  /**
   * Bytes Stepwise's run copied between JS-heap buffers and WASM memory (one untimed run, counted by
   * `wasmCopyStats`), or `null` when it made no WASM call.
   */
  readonly copies: WasmCopyStats | null;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** Runs `impl` once and frees the result (the timed unit). */
function once(impl: Impl): void {
  const r = impl.run();
  impl.release?.(r);
}

/**
 * Measures one case: prepares it, runs every implementation once and compares its outputs with the
 * reference (`naive-js` when present, else `stepwise`), throwing {@link DisagreementError} beyond the
 * tolerance; then warms up and times the implementations in interleaved tinybench rounds (the order rotates
 * each round), and reports the median, min and max of all samples, timed by `clock`. Slow implementations get fewer samples
 * ({@link Budget}).
 */
export async function runCase(
  c: BenchCase,
  env: Env,
  budget: Budget,
  clock: Clock = 'wall',
): Promise<CaseResult> {
  const now = nowOf(clock);
  const prepared = c.prepare(env);
  try {
    const skipped: Partial<Record<ImplName, string>> = { ...prepared.skipped };
    const activate = (impl: Impl): void => {
      if (impl.backend !== undefined) {
        if (env.tfjs === null) throw new Error('a TF.js implementation without TF.js');
        env.tfjs.use(impl.backend);
      }
    };
    // 1. Agreement: one run each (after `checkRuns - 1` others), outputs compared before anything is timed.
    // A peer that throws is skipped with its error as the reason; Stepwise throwing fails the case.
    const outputs = new Map<ImplName, ReturnType<Impl['read']>>();
    let copies: WasmCopyStats | null = null;
    const firstMs = new Map<ImplName, number>();
    for (const name of IMPLS) {
      const impl = prepared.impls[name];
      if (impl === undefined) continue;
      try {
        activate(impl);
        for (let k = 1; k < (c.checkRuns ?? 1); k++) once(impl);
        if (name === 'stepwise') resetWasmCopyStats();
        const t0 = now();
        const r = impl.run();
        firstMs.set(name, now() - t0);
        if (name === 'stepwise') {
          const st = wasmCopyStats();
          copies = st.calls > 0 ? st : null;
        }
        outputs.set(name, impl.read(r));
        impl.release?.(r);
      } catch (e) {
        if (name === 'stepwise') throw e;
        skipped[name] = `threw ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    const names = IMPLS.filter((n) => outputs.has(n));
    const impls = names.map((n) => [n, prepared.impls[n]!] as const);
    const reference: ImplName | null = outputs.has('naive-js') ? 'naive-js' : (names[0] ?? null);
    const agreements: Agreement[] = [];
    if (reference !== null) {
      for (const name of names) {
        if (name === reference) continue;
        agreements.push(compareOutputs(name, outputs.get(name)!, outputs.get(reference)!, c.tolerance));
      }
    }
    outputs.clear();
    const bad = agreements.filter((a) => !a.ok);
    if (bad.length > 0) {
      const detail = bad
        .map(
          (a) =>
            `${a.impl} vs ${reference}: ${a.worstOutput} off by ${a.scaledError.toExponential(2)} (scaled)`,
        )
        .join('; ');
      throw new DisagreementError(`${c.kernel} ${c.shape}: implementations disagree: ${detail}`);
    }
    // 2. Warm-up (the checked run was the first call).
    const slow = (n: ImplName): boolean => firstMs.get(n)! > budget.slowMs;
    for (const [name, impl] of impls) {
      if (slow(name)) continue;
      activate(impl);
      const end = now() + budget.warmupMs;
      do once(impl);
      while (now() < end);
    }
    // 3. Interleaved rounds, each a tinybench run of every implementation in a rotated order.
    const samples = new Map<ImplName, number[]>(names.map((n) => [n, []]));
    const reuse = (n: ImplName): boolean => firstMs.get(n)! > budget.reuseCheckMs;
    for (const n of names) if (reuse(n)) samples.get(n)!.push(firstMs.get(n)!);
    for (let round = 0; round < budget.rounds; round++) {
      const bench = new Bench({
        time: budget.roundMs,
        iterations: 1,
        warmup: false,
        now,
        retainSamples: true,
        throws: true,
      });
      for (let j = 0; j < impls.length; j++) {
        const [name, impl] = impls[(j + round) % impls.length]!;
        if ((round > 0 && slow(name)) || reuse(name)) continue;
        bench.add(name, () => once(impl), { beforeAll: () => activate(impl) });
      }
      if (bench.tasks.length === 0) continue;
      await bench.run();
      for (const task of bench.tasks) {
        const res = task.result;
        if (res.state !== 'completed') throw new Error(`${c.kernel} ${c.shape} ${task.name}: ${res.state}`);
        samples.get(task.name as ImplName)!.push(...(res.latency.samples ?? []));
      }
    }
    const timings = names.map((impl): Timing => {
      const s = samples.get(impl)!.sort((a, b) => a - b);
      const medianMs = median(s);
      return {
        impl,
        medianMs,
        minMs: s[0]!,
        maxMs: s[s.length - 1]!,
        samples: s.length,
        ...(c.work.flops === undefined ? {} : { gflops: c.work.flops / medianMs / 1e6 }),
        ...(c.work.bytes === undefined ? {} : { gbps: c.work.bytes / medianMs / 1e6 }),
      };
    });
    return {
      kernel: c.kernel,
      shape: c.shape,
      work: c.work,
      timings,
      agreements,
      reference,
      skipped,
      copies,
    };
  } finally {
    prepared.dispose();
  }
}
