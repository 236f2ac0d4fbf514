import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPERIMENT_IDS } from '../src/cli.js';

// `pnpm demo -- --quick` twice with the same seed, as separate processes (run side by side): every
// experiment must produce its charts and finite headline metrics, and both runs the same hashes.

const appDir = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'stepwise-demo-'));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
}

function runQuick(name: string): Promise<Run> {
  const dir = join(root, name);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@stepwise/source',
        'src/main.ts',
        '--',
        '--quick',
        '--seed',
        '3',
        '--out',
        dir,
      ],
      { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, dir }));
  });
}

interface Results {
  readonly experiments: readonly {
    readonly id: string;
    readonly hash: string;
    readonly charts: readonly string[];
    readonly metrics: Readonly<Record<string, unknown>>;
    readonly rows: readonly { readonly hash: string; readonly steps: number }[];
    readonly verdict: { readonly label: string; readonly text: string };
  }[];
  readonly options: { readonly quick: boolean; readonly seed: number };
}

let runs: [Run, Run];
const results = (r: Run): Results => JSON.parse(readFileSync(join(r.dir, 'results.json'), 'utf8')) as Results;
const hashLines = (r: Run): string[] =>
  r.stdout.split('\n').filter((l) => /^\s+\d\. \S+\s.*[0-9a-f]{64}$/.test(l));

beforeAll(async () => {
  runs = await Promise.all([runQuick('a'), runQuick('b')]);
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pnpm demo -- --quick', () => {
  it('exits 0 and names the report folder at the end', () => {
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`Report written to ${r.dir}/index.html`);
    }
  });

  it('runs every experiment, each with its charts rendered to SVG in the page and as files', () => {
    const res = results(runs[0]);
    const html = readFileSync(join(runs[0].dir, 'index.html'), 'utf8');
    expect(res.options.quick).toBe(true);
    expect(res.experiments.map((e) => e.id)).toEqual([...EXPERIMENT_IDS]);
    let charts = 0;
    for (const e of res.experiments) {
      expect(e.charts.length, e.id).toBeGreaterThanOrEqual(2);
      for (const c of e.charts) {
        const path = join(runs[0].dir, c);
        expect(existsSync(path), path).toBe(true);
        const svg = readFileSync(path, 'utf8');
        expect(svg.startsWith('<svg'), path).toBe(true);
        expect(svg, path).toMatch(/<path[^>]*d="M/);
        expect(html).toContain(svg);
        charts++;
      }
      expect(['supported', 'not supported', 'inconclusive']).toContain(e.verdict.label);
      expect(e.verdict.text.length).toBeGreaterThan(20);
    }
    expect(html.match(/<svg/g)?.length).toBe(charts);
  });

  it('every headline metric is a finite number', () => {
    for (const e of results(runs[0]).experiments) {
      expect(Object.keys(e.metrics).length, e.id).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(e.metrics)) {
        expect(typeof v === 'number' && Number.isFinite(v), `${e.id}: ${k} = ${String(v)}`).toBe(true);
      }
      for (const row of e.rows) expect(row.steps).toBeGreaterThan(0);
    }
  });

  it('is bit-reproducible: two runs with the same seed print and record the same hashes', () => {
    const [a, b] = runs.map(results) as [Results, Results];
    expect(b.experiments.map((e) => e.hash)).toEqual(a.experiments.map((e) => e.hash));
    expect(b.experiments.map((e) => e.rows.map((r) => r.hash))).toEqual(
      a.experiments.map((e) => e.rows.map((r) => r.hash)),
    );
    const printed = hashLines(runs[0]);
    expect(printed).toHaveLength(EXPERIMENT_IDS.length);
    expect(hashLines(runs[1])).toEqual(printed);
    for (const [i, e] of a.experiments.entries()) expect(printed[i]).toContain(e.hash);
  });
});
