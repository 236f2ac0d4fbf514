/**
 * The report: one self-contained HTML page (styles and charts inline, no scripts, no network) and a JSON
 * file with every number, written to the report folder with each chart also as a separate SVG file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from './cli.js';
import type { ExperimentResult, SummaryRow, Verdict } from './experiments/types.js';
import type { Environment } from './machine.js';
import { fmtNumber, fmtPercent } from './table.js';

/** An experiment with its charts rendered. */
export interface RenderedExperiment {
  readonly result: ExperimentResult;
  /** SVG text by chart id. */
  readonly svgs: Readonly<Record<string, string>>;
}

/** Everything the report shows. */
export interface ReportData {
  readonly options: Options;
  readonly command: string;
  readonly environment: Environment;
  readonly startedAt: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly experiments: readonly RenderedExperiment[];
}

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The label of a verdict. */
export const verdictLabel = (v: Verdict): string =>
  v.supported === true ? 'supported' : v.supported === false ? 'not supported' : 'inconclusive';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The union of the extra columns of some rows, in first-seen order. */
const extraColumns = (rows: readonly SummaryRow[]): string[] => [
  ...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {}))),
];

function rowsTable(rows: readonly SummaryRow[]): string {
  const extras = extraColumns(rows);
  const head = [
    'variant',
    'steps',
    'train loss',
    'held-out loss',
    'held-out accuracy',
    'non-finite steps',
    ...extras,
    'SHA-256 of final parameters',
  ];
  const body = rows.map((r) => {
    const cells = [
      escapeHtml(r.variant),
      String(r.steps),
      fmtNumber(r.trainLoss),
      fmtNumber(r.heldOutLoss),
      fmtPercent(r.heldOutAccuracy),
      String(r.nonFinite),
      ...extras.map((e) => escapeHtml(r.extra?.[e] ?? '')),
      `<code title="${r.hash}">${r.hash.slice(0, 16)}…</code>`,
    ];
    return `<tr>${cells.map((c, i) => (i === 0 ? `<td>${c}</td>` : `<td class="n">${c}</td>`)).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function experimentSection(e: RenderedExperiment): string {
  const r = e.result;
  const label = verdictLabel(r.verdict);
  return `<section id="${escapeHtml(r.id)}">
<h2>${r.number}. ${escapeHtml(r.title)}</h2>
<p class="claim"><strong>Claim.</strong> ${escapeHtml(r.claim)}</p>
<div class="verdict ${label.replace(' ', '-')}"><strong>Verdict: ${label}.</strong> ${escapeHtml(r.verdict.text)}</div>
<h3>Setting</h3>
${r.setting.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h3>Results</h3>
<p class="note">${escapeHtml(r.metricsNote)}</p>
${rowsTable(r.rows)}
<div class="charts">
${r.charts.map((c) => `<figure id="${escapeHtml(c.id)}">${e.svgs[c.id] ?? ''}</figure>`).join('\n')}
</div>
<p class="meta">Seeds ${r.seeds.join(', ')} · wall time ${seconds(r.wallMs)} · experiment hash <code>${r.hash}</code></p>
</section>`;
}

/** The HTML page. */
export function reportHtml(d: ReportData): string {
  const env = d.environment;
  const envRows: [string, string][] = [
    ['CPU', `${env.cpu} × ${env.cores}`],
    ['memory', `${env.memoryGiB} GiB`],
    ['OS', env.os],
    ['Node.js', env.node],
    ['load average at start', String(env.loadAverage)],
    ['source commit', env.commit ?? 'unknown'],
    ...Object.entries(env.versions),
    ['started', d.startedAt],
    ['wall time', seconds(d.wallMs)],
    ['CPU time (this process)', seconds(d.cpuMs)],
    ['command', d.command],
    ['seed', String(d.options.seed)],
    ['mode', d.options.quick ? 'quick (reduced sizes)' : 'full'],
    ['steps override', d.options.steps === undefined ? 'none (presets)' : String(d.options.steps)],
  ];
  const summary = d.experiments
    .map(({ result: r }) => {
      const label = verdictLabel(r.verdict);
      return `<tr><td><a href="#${escapeHtml(r.id)}">${r.number}. ${escapeHtml(r.title)}</a></td><td class="${label.replace(' ', '-')}">${label}</td><td><code>${r.hash.slice(0, 16)}…</code></td><td class="n">${seconds(r.wallMs)}</td></tr>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stepwise demo report</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; }
.verdict { padding: 0.6em 0.9em; border-left: 5px solid #999; background: #f6f6f6; margin: 1em 0; }
.verdict.supported { border-color: #1b9e77; background: #eef8f4; }
.verdict.not-supported { border-color: #d95f02; background: #fcf1ea; }
td.supported { color: #137a5b; font-weight: 600; } td.not-supported { color: #b34c00; font-weight: 600; }
td.inconclusive { color: #666; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; }
.note, .meta { color: #555; font-size: 13px; } code { font-size: 12px; }
</style>
</head>
<body>
<h1>Stepwise demo report</h1>
<p>Real networks trained with <code>@stepwise/tensor</code>, <code>nn</code>, <code>norm</code>, <code>optim</code> and
<code>train</code> on the Palmer penguins table (from the <code>vega-datasets</code> package) and on the adding problem.
Each experiment tests one claim with fixed seeds; its verdict is computed from the measured numbers. Training is
bit-reproducible: running the same command again prints the same hashes.</p>
<table><thead><tr><th>experiment</th><th>verdict</th><th>hash</th><th>wall time</th></tr></thead><tbody>${summary}</tbody></table>
${d.experiments.map(experimentSection).join('\n')}
<h2>Machine and versions</h2>
<table><tbody>${envRows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>
</body>
</html>
`;
}

/** JSON with non-finite numbers written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);

/** The JSON record of a run (every number, no SVG). */
export function reportJson(d: ReportData): string {
  return toJson({
    options: d.options,
    command: d.command,
    environment: d.environment,
    startedAt: d.startedAt,
    wallMs: d.wallMs,
    cpuMs: d.cpuMs,
    experiments: d.experiments.map(({ result: r }) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      claim: r.claim,
      verdict: { label: verdictLabel(r.verdict), ...r.verdict },
      hash: r.hash,
      seeds: r.seeds,
      wallMs: r.wallMs,
      metrics: r.metrics,
      rows: r.rows,
      charts: r.charts.map((c) => `charts/${c.id}.svg`),
    })),
  });
}

/** Writes `index.html`, `results.json` and `charts/<id>.svg` into `dir` (created if needed). */
export function writeReport(dir: string, d: ReportData): void {
  mkdirSync(join(dir, 'charts'), { recursive: true });
  for (const e of d.experiments) {
    for (const [id, svg] of Object.entries(e.svgs)) writeFileSync(join(dir, 'charts', `${id}.svg`), svg);
  }
  writeFileSync(join(dir, 'results.json'), reportJson(d));
  writeFileSync(join(dir, 'index.html'), reportHtml(d));
}
