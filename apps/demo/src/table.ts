/** The summary table printed as the experiments run: fixed-width columns, one row per variant. */
import type { SummaryRow } from './experiments/types.js';

/** Formats a loss or other positive quantity with 4 significant digits (`NaN`, `Infinity` as is). */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return v.toPrecision(4);
}

/** Formats an accuracy as a percentage with one decimal. */
export const fmtPercent = (v: number): string =>
  Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : String(v);

/** Column titles and widths of the console table. */
const COLUMNS = [
  ['#', 2],
  ['variant', 42],
  ['steps', 6],
  ['train loss', 11],
  ['held-out loss', 13],
  ['held-out acc', 12],
  ['non-finite', 10],
  ['hash', 16],
] as const;

const cell = (s: string, width: number, left: boolean): string =>
  left ? s.slice(0, width).padEnd(width) : s.slice(0, width).padStart(width);

/** The header line and its underline. */
export function tableHeader(): string {
  const head = COLUMNS.map(([t, w], i) => cell(t, w, i === 1 || i === 7)).join('  ');
  return `${head}\n${'-'.repeat(head.length)}`;
}

/** One row of the table (the hash shortened to 16 hex digits). */
export function tableRow(experiment: number, r: SummaryRow): string {
  const values = [
    String(experiment),
    r.variant,
    String(r.steps),
    fmtNumber(r.trainLoss),
    fmtNumber(r.heldOutLoss),
    fmtPercent(r.heldOutAccuracy),
    String(r.nonFinite),
    r.hash.slice(0, 16),
  ];
  return values.map((v, i) => cell(v, COLUMNS[i]![1], i === 1 || i === 7)).join('  ');
}
