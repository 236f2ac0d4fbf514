/**
 * The demo run: the chosen experiments in order, a summary table printed as rows arrive, charts rendered
 * to SVG, and the report written to a folder.
 */
import { resolve } from 'node:path';
import { random } from '@stepwise/tensor';
import { renderSvg } from './charts.js';
import type { ExperimentId, Options } from './cli.js';
import { penguinData } from './data/penguins.js';
import { bnInput } from './experiments/bnInput.js';
import { bnRegularizer } from './experiments/bnRegularizer.js';
import { clipping } from './experiments/clipping.js';
import type { Experiment } from './experiments/types.js';
import { vanishing } from './experiments/vanishing.js';
import { environment } from './machine.js';
import { type RenderedExperiment, type ReportData, verdictLabel, writeReport } from './report.js';
import { tableHeader, tableRow } from './table.js';

/** The experiments by command-line name. */
export const EXPERIMENTS: Readonly<Record<ExperimentId, Experiment>> = {
  vanishing,
  'bn-input': bnInput,
  clipping,
  'bn-regularizer': bnRegularizer,
};

/** The key of the fixed held-out split of the penguins (the same whatever `--seed`, so runs compare). */
export const SPLIT_KEY_SEED = 0;

/** What {@link runDemo} returns. */
export interface DemoResult {
  /** Absolute path of the report folder. */
  readonly dir: string;
  readonly report: ReportData;
}

/** Runs the demo: prints with `log`, writes the report to `options.out`. */
export async function runDemo(
  options: Options,
  command: string,
  log: (line: string) => void = console.log,
): Promise<DemoResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const env = environment();
  const data = penguinData(random.key(SPLIT_KEY_SEED));
  log(
    `Stepwise demo — seed ${options.seed}${options.quick ? ', quick mode' : ''}` +
      `${options.steps === undefined ? '' : `, ${options.steps} steps per run`}; ` +
      `penguins: ${data.train.y.length} training rows, ${data.heldOut.y.length} held out`,
  );
  log(tableHeader());
  const rendered: RenderedExperiment[] = [];
  for (const id of options.experiments) {
    const result = EXPERIMENTS[id].run({
      seed: options.seed,
      quick: options.quick,
      steps: options.steps,
      data,
      onRow: (n, row) => log(tableRow(n, row)),
    });
    log(
      `   → ${result.number}. ${result.title}: ${verdictLabel(result.verdict)} (${(result.wallMs / 1000).toFixed(1)} s)`,
    );
    const svgs: Record<string, string> = {};
    for (const c of result.charts) svgs[c.id] = await renderSvg(c.spec);
    rendered.push({ result, svgs });
  }
  const cpu = process.cpuUsage(cpu0);
  const report: ReportData = {
    options,
    command,
    environment: env,
    startedAt,
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    experiments: rendered,
  };
  const dir = resolve(options.out);
  writeReport(dir, report);
  log('');
  log('Verdicts and reproducibility hashes (SHA-256 of every run’s final parameters):');
  for (const { result: r } of rendered) {
    log(`  ${r.number}. ${r.id.padEnd(15)} ${verdictLabel(r.verdict).padEnd(14)} ${r.hash}`);
  }
  log(`Wall time ${(report.wallMs / 1000).toFixed(1)} s (CPU ${(report.cpuMs / 1000).toFixed(1)} s).`);
  log(`Report written to ${dir}/index.html`);
  return { dir, report };
}
