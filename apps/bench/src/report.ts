import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { fmt3, fmtMs } from './format.js';
import type { CaseResult } from './harness.js';
import { bestPeerMs, type Machine } from './results.js';
import { copiesNote, rowCells } from './table.js';
import { IMPLS } from './types.js';

const COLORS: Record<string, string> = {
  stepwise: '#1b9e77',
  'tfjs-cpu': '#d95f02',
  'tfjs-wasm': '#7570b3',
  'naive-js': '#999999',
};

/**
 * The Vega-Lite spec: one row per case, a dot per implementation at its speed relative to the fastest peer
 * (log scale, a dashed rule at 1).
 */
export function chartSpec(results: readonly CaseResult[]): TopLevelSpec {
  const values = results.flatMap((r) => {
    const best = bestPeerMs(r);
    return r.timings.map((t) => ({
      case: `${r.kernel} ${r.shape}`,
      impl: t.impl,
      speed: best === null ? 1 : best / t.medianMs,
      median: fmtMs(t.medianMs),
    }));
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title:
      'Speed relative to the fastest peer (right is faster; 1 = the fastest of tfjs-cpu, tfjs-wasm, naive-js)',
    width: 560,
    height: { step: 18 },
    layer: [
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#888', strokeDash: [4, 3] },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'circle', size: 90, opacity: 0.9 },
        encoding: {
          y: { field: 'case', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420 } },
          x: {
            field: 'speed',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'speed vs best peer (log scale)',
          },
          color: {
            field: 'impl',
            sort: [...IMPLS],
            scale: { domain: [...IMPLS], range: IMPLS.map((i) => COLORS[i]!) },
            legend: { orient: 'top', title: null },
          },
          tooltip: [{ field: 'impl' }, { field: 'median' }, { field: 'speed', format: '.2f' }],
        },
      },
    ],
    config: { font: 'sans-serif' },
  };
}

/** Renders a Vega-Lite spec to SVG headlessly. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML page: machine, limits, the chart and the full table. */
export function reportHtml(machine: Machine, results: readonly CaseResult[], svg: string): string {
  const rows = results
    .flatMap((r) => [
      ...rowCells(r, machine.limits).map(({ impl, cells }) => {
        const cls = impl === 'stepwise' ? ' class="sw"' : '';
        return `<tr${cls}>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
      }),
      ...[copiesNote(r, machine.limits)]
        .filter((n): n is string => n !== null)
        .map((n) => `<tr><td></td><td></td><td colspan="7">${esc(n)}</td></tr>`),
      ...Object.entries(r.skipped).map(
        ([impl, why]) =>
          `<tr><td></td><td></td><td>${esc(impl)}</td><td colspan="6">skipped: ${esc(why)}</td></tr>`,
      ),
    ])
    .join('\n');
  const l = machine.limits;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stepwise benchmarks</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 13px; }
td, th { padding: 2px 8px; text-align: right; border-bottom: 1px solid #eee; }
td:nth-child(-n+3), th:nth-child(-n+3) { text-align: left; }
tr.sw td { font-weight: bold; }
.note { color: #555; font-size: 13px; max-width: 60em; }
</style></head><body>
<h1>Stepwise benchmarks</h1>
<p class="note">${esc(machine.cpu)} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${esc(machine.node)} (V8 ${esc(machine.v8)}),
${esc(machine.date)}, profile <b>${machine.profile}</b>, ${machine.clock === 'cpu' ? 'CPU-time' : 'wall-clock'} samples, load average ${machine.loadAverage.toFixed(2)} at start
(above ${machine.cores}, other processes inflate the timings). TF.js ${esc(machine.tfjs.version ?? 'not loaded')}${
    machine.tfjs.wasmSimd === null ? '' : `, WASM SIMD ${machine.tfjs.wasmSimd ? 'on' : 'off'}, one thread`
  }.</p>
<p class="note">Limits measured at start (best sample, one thread): WASM SIMD f32x4 mul+add
${l.simdGflops === null ? 'unavailable' : `${fmt3(l.simdGflops)} GFLOP/s`} (a hand-assembled loop with 14 accumulators);
bandwidth ${fmt3(l.bandwidthGbps)} GB/s, the best of a JS copy loop (${fmt3(l.copyGbps)}), <code>TypedArray.set</code>
(${fmt3(l.setGbps)}) and an unrolled triad (${fmt3(l.triadGbps)}) over 3 × 32 MiB arrays. "% limit" is GFLOP/s over the
SIMD figure for matmuls and the training step, GB/s over the bandwidth figure for memory-bound kernels.</p>
${svg}
<table><thead><tr><th>kernel</th><th>shape</th><th>impl</th><th>median</th><th>min – max</th><th>throughput</th>
<th>vs best peer</th><th>% limit</th><th>max |err|</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/** Writes `dir/index.html` (and the chart's spec as `dir/chart.vl.json`); returns the page's path. */
export async function writeReport(
  dir: string,
  machine: Machine,
  results: readonly CaseResult[],
): Promise<string> {
  const spec = chartSpec(results);
  const svg = await renderSvg(spec);
  mkdirSync(dir, { recursive: true });
  const page = join(dir, 'index.html');
  writeFileSync(page, reportHtml(machine, results, svg));
  writeFileSync(join(dir, 'chart.vl.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return page;
}
