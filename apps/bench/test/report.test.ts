import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/harness.js';
import type { Limits } from '../src/limits.js';
import { chartSpec, renderSvg, reportHtml } from '../src/report.js';
import { describeMachine, fractionOfLimit, toRows } from '../src/results.js';
import { tableRows } from '../src/table.js';

const limits: Limits = {
  simdGflops: 40,
  copyGbps: 10,
  setGbps: 20,
  triadGbps: 12,
  bandwidthGbps: 20,
  streamElements: 1 << 22,
};

const result: CaseResult = {
  kernel: 'matmul',
  shape: '(2×2)(2×2)',
  work: { flops: 16, bytes: 48 },
  timings: [
    { impl: 'stepwise', medianMs: 1, minMs: 0.9, maxMs: 2, samples: 5, gflops: 16e-6, gbps: 48e-6 },
    { impl: 'tfjs-wasm', medianMs: 2, minMs: 1.5, maxMs: 3, samples: 5, gflops: 8e-6, gbps: 24e-6 },
    { impl: 'naive-js', medianMs: 4, minMs: 3, maxMs: 5, samples: 5, gflops: 4e-6, gbps: 12e-6 },
  ],
  agreements: [
    { impl: 'stepwise', maxAbsError: 1e-7, scaledError: 1e-7, worstOutput: 'c', ok: true },
    { impl: 'tfjs-wasm', maxAbsError: 2e-7, scaledError: 2e-7, worstOutput: 'c', ok: true },
  ],
  reference: 'naive-js',
  skipped: { 'tfjs-cpu': 'a reason <shown>' },
  copies: { bytesIn: 32e6, bytesOut: 8e6, calls: 2 },
};

describe('results, table and report', () => {
  it('JSON rows carry the contract fields for every timed implementation', () => {
    const rows = toRows([result]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      kernel: 'matmul',
      shape: '(2×2)(2×2)',
      impl: 'stepwise',
      medianMs: 1,
      gflops: 16e-6,
    });
  });

  it('the table shows the bytes Stepwise copied to and from WASM memory and their estimated share of its time', () => {
    const text = tableRows(result, limits);
    // 2·(32 + 8) MB at 20 GB/s = 4 ms: 400% of the 1 ms median (a made-up case).
    expect(text).toContain('stepwise WASM copies: 32.0 MB in, 8.00 MB out (2 calls)');
    expect(text).toContain('400% of its median');
    expect(tableRows({ ...result, copies: null }, limits)).not.toContain('WASM copies');
  });

  it('the table shows the ratio to the best peer, the fraction of the limit and skipped peers', () => {
    const text = tableRows(result, limits);
    expect(text).toContain('2.00×'); // stepwise: the best peer (tfjs-wasm, 2 ms) over 1 ms
    expect(text).toContain('0.50×'); // naive-js
    expect(text).toContain('skipped: a reason <shown>');
    expect(fractionOfLimit(result.timings[0]!, limits)).toBeCloseTo(16e-6 / 40, 12);
  });

  it('renders the Vega-Lite chart to SVG headlessly and embeds it in the page', async () => {
    const svg = await renderSvg(chartSpec([result]));
    expect(svg.startsWith('<svg')).toBe(true);
    // One dot per timed implementation, at distinct positions (log scale of the speed vs the best peer).
    const dots = [...svg.matchAll(/aria-roledescription="circle" transform="translate\(([\d.]+),/g)].map(
      (m) => Number(m[1]),
    );
    expect(dots).toHaveLength(3);
    expect(new Set(dots).size).toBe(3);
    const html = reportHtml(
      describeMachine(limits, 'quick', { version: '4.22.0', wasmSimd: true }),
      [result],
      svg,
    );
    expect(html).toContain('<svg');
    for (const impl of ['stepwise', 'tfjs-wasm', 'naive-js']) expect(html).toContain(`<td>${impl}</td>`);
    expect(html).toContain('40.0 GFLOP/s');
  });
});
