/**
 * Charts as Vega-Lite specs, rendered headlessly to SVG with `vega` (no browser, no canvas: text widths
 * are estimated by Vega's own metrics).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A row of chart data. */
export type Datum = Readonly<Record<string, string | number | null>>;

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  readonly title: string;
  readonly x: string;
  readonly y: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** Field that colours the lines (one line per value). */
  readonly color: string;
  /** Field that dashes the lines (e.g. train vs held-out). */
  readonly strokeDash?: string;
  /** Its values in order: the first is drawn solid, the next dashed, then dotted. */
  readonly strokeDashOrder?: readonly string[];
  /** Field that splits the chart into columns. */
  readonly column?: string;
  /** Order of the column values (default: as they first appear). */
  readonly columnOrder?: readonly string[];
  readonly logY?: boolean;
  /** Draw a point per datum (for short series). */
  readonly points?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Solid, dashed, dotted. */
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

/** A column facet over `field`, its values in `order` when given, else in order of appearance. */
const columnFacet = (field: string, order: readonly string[] | undefined) => ({
  field,
  type: 'nominal',
  title: null,
  sort: order === undefined ? null : [...order],
});

/** Replaces non-finite numbers by `null` (Vega-Lite drops them; JSON cannot hold NaN). */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A line chart, one line per `color` value, optionally dashed by `strokeDash` and faceted by `column`. */
export function lineChart(values: readonly Datum[], o: LineChartOptions): TopLevelSpec {
  const encoding = {
    x: { field: o.x, type: 'quantitative', title: o.xTitle },
    y: {
      field: o.y,
      type: 'quantitative',
      title: o.yTitle,
      ...(o.logY === true ? { scale: { type: 'log' } } : {}),
    },
    color: {
      field: o.color,
      type: 'nominal',
      title: null,
      sort: null,
      legend: { orient: 'bottom', columns: 2 },
    },
    ...(o.strokeDash === undefined
      ? {}
      : {
          strokeDash: {
            field: o.strokeDash,
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom' },
            ...(o.strokeDashOrder === undefined
              ? {}
              : {
                  scale: { domain: [...o.strokeDashOrder], range: DASHES.slice(0, o.strokeDashOrder.length) },
                }),
          },
        }),
  };
  const mark = { type: 'line', point: o.points === true, strokeWidth: 1.6, clip: true };
  const inner = { mark, encoding, width: o.width ?? 360, height: o.height ?? 220 };
  const base = {
    $schema: SCHEMA,
    title: o.title,
    data: { values: [...values] },
    config: { font: 'sans-serif' },
  };
  if (o.column === undefined) return { ...base, ...inner } as TopLevelSpec;
  return {
    ...base,
    facet: { column: columnFacet(o.column, o.columnOrder) },
    spec: inner,
  } as TopLevelSpec;
}

/** Options of {@link dotChart}. */
export interface DotChartOptions {
  readonly title: string;
  /** Categorical field on the y axis. */
  readonly category: string;
  /** Numeric field on the x axis. */
  readonly value: string;
  readonly valueTitle: string;
  /** Field that splits the chart into columns. */
  readonly column?: string;
  /** Order of the column values (default: as they first appear). */
  readonly columnOrder?: readonly string[];
  readonly width?: number;
}

/**
 * One dot per datum (e.g. per seed) and, per category, the mean with a ±1 standard deviation bar: the
 * spread across seeds is visible next to the effect.
 */
export function dotChart(values: readonly Datum[], o: DotChartOptions): TopLevelSpec {
  const y = { field: o.category, type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } };
  const x = { field: o.value, type: 'quantitative', title: o.valueTitle, scale: { zero: false } };
  const layer = [
    {
      mark: { type: 'point', opacity: 0.7, filled: true },
      encoding: { x, y, color: { field: o.category, type: 'nominal', legend: null, sort: null } },
    },
    { mark: { type: 'errorbar', extent: 'stdev', ticks: true }, encoding: { x, y } },
    {
      mark: { type: 'tick', thickness: 2, color: 'black' },
      encoding: { x: { aggregate: 'mean', field: o.value, type: 'quantitative' }, y },
    },
  ];
  const inner = { layer, width: o.width ?? 300, height: { step: 22 } };
  const base = {
    $schema: SCHEMA,
    title: o.title,
    data: { values: [...values] },
    config: { font: 'sans-serif' },
  };
  if (o.column === undefined) return { ...base, ...inner } as TopLevelSpec;
  return {
    ...base,
    facet: { column: columnFacet(o.column, o.columnOrder) },
    spec: inner,
  } as TopLevelSpec;
}

/** Renders a Vega-Lite spec to an SVG string headlessly. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
