/** @internal @module */
/** Formats a value for an error message: numbers as JavaScript prints them, strings quoted. */
export function fmtValue(u: unknown): string {
  if (typeof u === 'function') return 'a function';
  if (typeof u === 'string') return JSON.stringify(u);
  if (typeof u === 'number' || typeof u === 'boolean' || u === undefined || u === null) return String(u);
  try {
    const s = JSON.stringify(u);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return Object.prototype.toString.call(u);
  }
}
