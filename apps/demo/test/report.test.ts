import { describe, expect, it } from 'vitest';
import { dotChart, lineChart, renderSvg } from '../src/charts.js';
import { parseArgs } from '../src/cli.js';
import type { ExperimentResult } from '../src/experiments/types.js';
import { escapeHtml, reportHtml, reportJson, toJson, verdictLabel } from '../src/report.js';

const result: ExperimentResult = {
  id: 'x',
  number: 9,
  title: 'A <test> & more',
  claim: 'claims "things"',
  setting: ['one', 'two'],
  metricsNote: 'note',
  rows: [
    {
      variant: 'v<1>',
      steps: 3,
      trainLoss: Number.NaN,
      heldOutLoss: Number.POSITIVE_INFINITY,
      heldOutAccuracy: 0.5,
      nonFinite: 2,
      hash: 'ab'.repeat(32),
      extra: { gap: '0.1 ± 0.01' },
    },
  ],
  charts: [
    {
      id: 'c1',
      spec: lineChart([{ variant: 'a', step: 0, v: 1 }], {
        title: 't',
        x: 'step',
        y: 'v',
        xTitle: 'x',
        yTitle: 'y',
        color: 'variant',
      }),
    },
  ],
  verdict: { supported: false, text: 'because 1 < 2' },
  seeds: [0],
  hash: 'cd'.repeat(32),
  metrics: { m: 1 },
  wallMs: 1234,
};

const environment = {
  cpu: 'cpu',
  cores: 2,
  memoryGiB: 1,
  os: 'os',
  node: 'v20',
  loadAverage: 1,
  versions: { vega: '5' },
  commit: null,
};

describe('report', () => {
  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('labels verdicts', () => {
    expect(verdictLabel({ supported: true, text: '' })).toBe('supported');
    expect(verdictLabel({ supported: false, text: '' })).toBe('not supported');
    expect(verdictLabel({ supported: null, text: '' })).toBe('inconclusive');
  });

  it('writes non-finite numbers as strings in JSON', () => {
    expect(JSON.parse(toJson({ a: Number.NaN, b: [Number.NEGATIVE_INFINITY, 1] }))).toEqual({
      a: 'NaN',
      b: ['-Infinity', 1],
    });
  });

  it('the page holds the chart SVG inline, the escaped texts, the verdict and the machine', () => {
    const data = {
      options: parseArgs(['--quick']),
      command: 'pnpm demo -- --quick',
      environment,
      startedAt: '2026-01-01T00:00:00.000Z',
      wallMs: 1000,
      cpuMs: 900,
      experiments: [{ result, svgs: { c1: '<svg id="chart-c1"></svg>' } }],
    };
    const html = reportHtml(data);
    expect(html).toContain('<svg id="chart-c1"></svg>');
    expect(html).toContain('A &lt;test&gt; &amp; more');
    expect(html).toContain('v&lt;1&gt;');
    expect(html).not.toContain('<test>');
    expect(html).toContain('Verdict: not supported.');
    expect(html).toContain('because 1 &lt; 2');
    expect(html).toContain('cd'.repeat(32));
    expect(html).not.toMatch(/<script/i);
    const json = JSON.parse(reportJson(data));
    expect(json.experiments[0].rows[0].trainLoss).toBe('NaN');
    expect(json.experiments[0].charts).toEqual(['charts/c1.svg']);
  });
});

describe('charts', () => {
  it('render headlessly to SVG with their titles and marks', async () => {
    const svg = await renderSvg(
      lineChart(
        [
          { variant: 'a', step: 0, v: 1 },
          { variant: 'a', step: 1, v: 0.1 },
          { variant: 'b', step: 0, v: null },
          { variant: 'b', step: 1, v: 0.5 },
        ],
        {
          title: 'Loss curve',
          x: 'step',
          y: 'v',
          xTitle: 'step',
          yTitle: 'loss',
          color: 'variant',
          logY: true,
        },
      ),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Loss curve');
    expect(svg).toMatch(/<path[^>]*d="M/);
    const dots = await renderSvg(
      dotChart(
        [
          { variant: 'a', batch: 'b1', gap: 0.1 },
          { variant: 'a', batch: 'b1', gap: 0.2 },
        ],
        { title: 'Gaps', category: 'variant', value: 'gap', valueTitle: 'gap', column: 'batch' },
      ),
    );
    expect(dots).toContain('Gaps');
  });
});
