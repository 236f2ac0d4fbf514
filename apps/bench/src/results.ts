import { cpus, loadavg, totalmem } from 'node:os';
import type { Clock } from './clock.js';
import type { CaseResult, Timing } from './harness.js';
import type { Limits } from './limits.js';
import type { ImplName } from './types.js';

/** The machine and run a result file describes. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly arch: string;
  readonly node: string;
  readonly v8: string;
  /** 1-minute load average at start: above the core count, timings are inflated by other processes. */
  readonly loadAverage: number;
  readonly date: string;
  readonly profile: 'full' | 'quick';
  /** What the samples measure: elapsed (`wall`) or process CPU time (`cpu`). */
  readonly clock: Clock;
  readonly tfjs: {
    readonly version: string | null;
    readonly wasmSimd: boolean | null;
    readonly error?: string;
  };
  readonly limits: Limits;
}

/** One row of the JSON file (the contract's fields, plus the spread of the samples). */
export interface ResultRow {
  readonly kernel: string;
  readonly shape: string;
  readonly impl: ImplName;
  readonly medianMs: number;
  readonly gflops?: number;
  readonly gbps?: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  /** Stepwise's rows: bytes copied into and out of WASM memory by one run. */
  readonly wasmBytesIn?: number;
  readonly wasmBytesOut?: number;
}

/** The `--json` file. */
export interface ResultFile {
  readonly machine: Machine;
  readonly results: readonly ResultRow[];
}

export function describeMachine(
  limits: Limits,
  profile: 'full' | 'quick',
  tfjs: Machine['tfjs'],
  clock: Clock = 'wall',
): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: process.platform,
    arch: process.arch,
    node: process.versions.node,
    v8: process.versions.v8,
    loadAverage: loadavg()[0]!,
    date: new Date().toISOString(),
    profile,
    clock,
    tfjs,
    limits,
  };
}

export function toRows(results: readonly CaseResult[]): ResultRow[] {
  return results.flatMap((r) =>
    r.timings.map(
      (t: Timing): ResultRow => ({
        kernel: r.kernel,
        shape: r.shape,
        impl: t.impl,
        medianMs: t.medianMs,
        ...(t.gflops === undefined ? {} : { gflops: t.gflops }),
        ...(t.gbps === undefined ? {} : { gbps: t.gbps }),
        minMs: t.minMs,
        maxMs: t.maxMs,
        samples: t.samples,
        ...(t.impl === 'stepwise' && r.copies !== null
          ? { wasmBytesIn: r.copies.bytesIn, wasmBytesOut: r.copies.bytesOut }
          : {}),
      }),
    ),
  );
}

/** The fastest peer's median (every implementation but `stepwise`), or null when no peer ran. */
export function bestPeerMs(r: CaseResult): number | null {
  const peers = r.timings.filter((t) => t.impl !== 'stepwise').map((t) => t.medianMs);
  return peers.length === 0 ? null : Math.min(...peers);
}

/** Throughput as a fraction of the machine's limit: GFLOP/s of the SIMD limit, else GB/s of bandwidth. */
export function fractionOfLimit(t: Timing, limits: Limits): number | null {
  if (t.gflops !== undefined) return limits.simdGflops === null ? null : t.gflops / limits.simdGflops;
  if (t.gbps !== undefined) return t.gbps / limits.bandwidthGbps;
  return null;
}
