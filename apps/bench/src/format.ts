/** `1000000` → `1e6`, `2500000` → `2.5e6`, `4096` → `4096`: element counts as the tables print them. */
export function fmtCount(n: number): string {
  if (n < 1e5) return `${n}`;
  const e = Math.floor(Math.log10(n));
  const m = n / 10 ** e;
  return Number.isInteger(Math.round(m * 1000) / 1000) ? `${Math.round(m)}e${e}` : `${+m.toFixed(3)}e${e}`;
}

/** A duration in ms with three significant digits and a unit that fits (µs, ms, s). */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** A number with three significant digits (no exponent below 1e6). */
export function fmt3(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return x.toPrecision(3);
}
