import { fmt3, fmtMs } from './format.js';
import type { CaseResult } from './harness.js';
import type { Limits } from './limits.js';
import { bestPeerMs, fractionOfLimit } from './results.js';
import type { ImplName } from './types.js';

const COLUMNS = [
  ['kernel', 26],
  ['shape', 26],
  ['impl', 9],
  ['median', 10],
  ['min–max', 19],
  ['throughput', 14],
  ['vs best peer', 12],
  ['% limit', 7],
  ['max |err|', 9],
] as const;

const pad = (s: string, w: number, right = false): string => (right ? s.padStart(w) : s.padEnd(w));

/** The header line of the table (and a rule under it). */
export function tableHeader(): string {
  const head = COLUMNS.map(([name, w], i) => pad(name, w, i >= 3)).join('  ');
  return `${head}\n${'─'.repeat(head.length)}`;
}

/**
 * The cells of one case's rows, one row per timed implementation: kernel and shape (first row only),
 * implementation, median time, the min–max spread of the samples, GFLOP/s (matmuls, the training step) or
 * GB/s (memory-bound kernels), the speed relative to the fastest peer (`2.00×` = twice as fast), the
 * fraction of the machine's limit, and the largest absolute difference from the reference's outputs.
 */
export function rowCells(
  r: CaseResult,
  limits: Limits,
): { readonly impl: ImplName; readonly cells: string[] }[] {
  const best = bestPeerMs(r);
  return r.timings.map((t, i) => {
    const throughput =
      t.gflops !== undefined
        ? `${fmt3(t.gflops)} GFLOP/s`
        : t.gbps !== undefined
          ? `${fmt3(t.gbps)} GB/s`
          : '';
    const frac = fractionOfLimit(t, limits);
    const agreement = r.agreements.find((a) => a.impl === t.impl);
    const err = t.impl === r.reference ? 'ref' : agreement === undefined ? '' : fmt3(agreement.maxAbsError);
    const cells = [
      i === 0 ? r.kernel : '',
      i === 0 ? r.shape : '',
      t.impl,
      fmtMs(t.medianMs),
      `${fmtMs(t.minMs)}–${fmtMs(t.maxMs)}`,
      throughput,
      best === null ? '' : `${(best / t.medianMs).toFixed(2)}×`,
      frac === null ? '' : `${(100 * frac).toFixed(1)}%`,
      err,
    ];
    return { impl: t.impl, cells };
  });
}

/** The text rows of one case ({@link rowCells}), then one line per skipped implementation with its reason. */
export function tableRows(r: CaseResult, limits: Limits): string {
  const lines = rowCells(r, limits).map(({ cells }) =>
    cells.map((c, j) => pad(c, COLUMNS[j]![1], j >= 3)).join('  '),
  );
  const note = copiesNote(r, limits);
  if (note !== null) lines.push(`${pad('', COLUMNS[0][1])}  ${pad('', COLUMNS[1][1])}  ${note}`);
  for (const [impl, why] of Object.entries(r.skipped)) {
    lines.push(
      `${pad('', COLUMNS[0][1])}  ${pad('', COLUMNS[1][1])}  ${pad(impl, COLUMNS[2][1])}  skipped: ${why}`,
    );
  }
  return lines.join('\n');
}

/** The limits, as the table's footnote. */
export function limitsNote(limits: Limits): string {
  const simd =
    limits.simdGflops === null
      ? 'no WASM SIMD on this engine: no FLOP/s limit'
      : `WASM SIMD f32x4 mul+add ${fmt3(limits.simdGflops)} GFLOP/s (one thread, hand-assembled loop, 14 accumulators)`;
  return (
    `limits (measured now, best sample): ${simd}; bandwidth ${fmt3(limits.bandwidthGbps)} GB/s ` +
    `(best of JS copy ${fmt3(limits.copyGbps)}, TypedArray.set ${fmt3(limits.setGbps)}, ` +
    `triad ${fmt3(limits.triadGbps)} GB/s over 3×32 MiB Float64Arrays)`
  );
}

/**
 * The copy split of Stepwise's run: bytes copied into and out of WASM memory, and what they cost at the
 * `TypedArray.set` rate measured at start (read and write counted, as the limit is), as a share of its median.
 */
export function copiesNote(r: CaseResult, limits: Limits): string | null {
  const c = r.copies;
  if (c === null) return null;
  const mb = (b: number): string => `${fmt3(b / 1e6)} MB`;
  const ms = (2 * (c.bytesIn + c.bytesOut)) / limits.setGbps / 1e6;
  const t = r.timings.find((x) => x.impl === 'stepwise');
  const share = t === undefined ? '' : ` = ${((100 * ms) / t.medianMs).toFixed(0)}% of its median`;
  return `stepwise WASM copies: ${mb(c.bytesIn)} in, ${mb(c.bytesOut)} out (${c.calls} calls) ≈ ${fmtMs(ms)} at TypedArray.set's ${fmt3(limits.setGbps)} GB/s${share}`;
}
