import * as t from 'io-ts';
import { FiniteNumber, validateOptions } from '../hyperparams.js';
import type { Schedule } from './Schedule.js';

/** Options of {@link piecewiseConstant}. @category schedules @since 0.1.0 */
export interface PiecewiseConstantOptions {
  /** Value before the first boundary. */
  readonly initValue: number;
  /** Step boundaries (integers `>= 0`, as object keys) mapped to the factor (`>= 0`) applied from there on. */
  readonly boundariesAndScales?: Readonly<Record<number, number>>;
}

type Boundaries = Readonly<Record<number, number>>;

const isBoundaries = (u: unknown): u is Boundaries =>
  typeof u === 'object' &&
  u !== null &&
  !Array.isArray(u) &&
  Object.entries(u).every(
    ([k, v]) => /^(0|[1-9]\d*)$/.test(k) && typeof v === 'number' && Number.isFinite(v) && v >= 0,
  );

const BoundariesAndScales = new t.Type<Boundaries, Boundaries, unknown>(
  'an object mapping integer step boundaries >= 0 to finite scales >= 0',
  isBoundaries,
  (u, c) => (isBoundaries(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** io-ts codec of {@link PiecewiseConstantOptions}. @category hyperparameters @since 0.1.0 */
export const PiecewiseConstantOptions: t.Type<PiecewiseConstantOptions, PiecewiseConstantOptions, unknown> =
  t.intersection([
    t.type({ initValue: FiniteNumber }),
    t.partial({ boundariesAndScales: BoundariesAndScales }),
  ]);

/**
 * A step function: `initValue` multiplied by the scale of every boundary `<= step` (a boundary is
 * inclusive: at step `b` its scale already applies).
 *
 * @throws OptimError `INVALID_HYPERPARAMETER` for a non-integer or negative boundary or a negative scale.
 * @example
 * ```ts
 * import { piecewiseConstant } from '@stepwise/optim';
 * const lr = piecewiseConstant({ initValue: 0.1, boundariesAndScales: { 100: 0.1, 200: 0.1 } });
 * [lr(99), lr(100), lr(200)]; // [0.1, 0.01, 0.001] (up to rounding)
 * ```
 * @see Optax `piecewise_constant_schedule` (same); Keras `PiecewiseConstantDecay` takes values, not scales.
 * @category schedules
 * @since 0.1.0
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): Schedule {
  const o = validateOptions('piecewiseConstant', PiecewiseConstantOptions, options);
  const entries = Object.entries(o.boundariesAndScales ?? {})
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const boundaries = entries.map((e) => e[0]);
  const scales = entries.map((e) => e[1]);
  return (step) => {
    let v = o.initValue;
    for (let i = 0; i < boundaries.length && boundaries[i]! <= step; i++) v *= scales[i]!;
    return v;
  };
}
