import type { ImplName, Outputs } from './types.js';

/** How far one implementation's outputs are from the reference's. */
export interface Agreement {
  readonly impl: ImplName;
  /** Largest `|impl − reference|` over every element of every output. */
  readonly maxAbsError: number;
  /** Largest `|impl − reference| / max(1, max |reference|)`, per output, maximised over outputs. */
  readonly scaledError: number;
  /** The output where `scaledError` was reached. */
  readonly worstOutput: string;
  readonly ok: boolean;
}

/** Thrown when implementations disagree beyond the case's tolerance. */
export class DisagreementError extends Error {
  override readonly name = 'DisagreementError';
}

const asArray = (v: ArrayLike<number> | number): ArrayLike<number> => (typeof v === 'number' ? [v] : v);

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/**
 * Compares `actual` with `reference`, output by output (same names, same lengths). NaN anywhere, a missing
 * output or a length mismatch is an infinite error.
 */
export function compareOutputs(
  impl: ImplName,
  actual: Outputs,
  reference: Outputs,
  tolerance: number | Readonly<Record<string, number>>,
): Agreement {
  let maxAbsError = 0;
  let scaledError = 0;
  let worstOutput = '';
  let ok = true;
  for (const name of Object.keys(reference)) {
    const ref = asArray(reference[name]!);
    const got = actual[name] === undefined ? undefined : asArray(actual[name]);
    const tol = typeof tolerance === 'number' ? tolerance : (tolerance[name] ?? 1e-4);
    let err = 0;
    if (got === undefined || got.length !== ref.length) err = Number.POSITIVE_INFINITY;
    else {
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(got[i]! - ref[i]!);
        if (!(d <= err)) err = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
      }
    }
    const scaled = err / Math.max(1, maxAbs(ref));
    if (!(scaled <= tol)) ok = false;
    if (err > maxAbsError) maxAbsError = err;
    if (scaled >= scaledError) {
      scaledError = scaled;
      worstOutput = name;
    }
  }
  return { impl, maxAbsError, scaledError, worstOutput, ok };
}
