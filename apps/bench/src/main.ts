/**
 * `pnpm bench`: times the hot kernels of training for Stepwise and its peers (TF.js CPU and WASM backends,
 * plain typed-array loops) in one process. See README.md for the columns and the method.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs, USAGE, UsageError } from './cli.js';
import type { CaseResult } from './harness.js';
import type { TfPeers } from './peers/tfjs.js';
import type { Machine, ResultFile } from './results.js';

/**
 * An output path as the user typed it: relative to the directory `pnpm bench` was called from (pnpm runs
 * the script in `apps/bench` and passes the caller's directory as `INIT_CWD`).
 */
const outputPath = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      log(`bench: ${e.message}`);
      log(USAGE);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The kernels, the peers and the harness load only once the command line is known to be good.
  const { allCases } = await import('./cases/index.js');
  const { DisagreementError } = await import('./check.js');
  const { FULL_BUDGET, QUICK_BUDGET, runCase } = await import('./harness.js');
  const { measureLimits } = await import('./limits.js');
  const { loadTfPeers } = await import('./peers/tfjs.js');
  const { describeMachine, toRows } = await import('./results.js');
  const { limitsNote, tableHeader, tableRows } = await import('./table.js');
  const profile = options.quick ? 'quick' : 'full';
  const cases = allCases(profile).filter(
    (c) => options.filter === null || options.filter.test(`${c.kernel} ${c.shape}`),
  );
  if (cases.length === 0) {
    log(`bench: --filter ${options.filter} matches no case`);
    log(USAGE);
    return 2;
  }
  let tfjs: TfPeers | null = null;
  let tfInfo: Machine['tfjs'];
  try {
    tfjs = await loadTfPeers();
    const version = (
      createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json') as { version: string }
    ).version;
    tfInfo = { version, wasmSimd: tfjs.wasmSimd };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    log(`bench: TF.js did not load, its rows are skipped: ${error}`);
    tfInfo = { version: null, wasmSimd: null, error };
  }
  // Start Stepwise's WASM worker pool before timing, so large products run on every core from the first sample
  // (it otherwise starts lazily, on the first product, once the event loop turns).
  const { startWasmPool } = await import('@stepwise/tensor/kernel');
  log(`stepwise WASM matmul threads: ${await startWasmPool()}`);
  log('measuring this machine’s limits…');
  const limits = await measureLimits(options.quick, options.clock);
  const machine = describeMachine(limits, profile, tfInfo, options.clock);
  const print = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  print(
    `${machine.cpu} × ${machine.cores}, Node ${machine.node}, ${profile} run, ${options.clock === 'cpu' ? 'CPU-time' : 'wall-clock'} samples, ` +
      `load average ${machine.loadAverage.toFixed(2)}` +
      (machine.loadAverage > machine.cores
        ? options.clock === 'cpu'
          ? ' (the machine is busy)'
          : ' (the machine is busy: wall-clock timings are inflated; try --clock cpu)'
        : ''),
  );
  print(limitsNote(limits));
  print('');
  print(tableHeader());
  const budget = options.quick ? QUICK_BUDGET : FULL_BUDGET;
  const results: CaseResult[] = [];
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    log(`[${i + 1}/${cases.length}] ${c.kernel} ${c.shape}`);
    try {
      const r = await runCase(c, { tfjs }, budget, options.clock);
      results.push(r);
      print(tableRows(r, limits));
    } catch (e) {
      const what = e instanceof DisagreementError ? 'DISAGREEMENT' : 'ERROR';
      const msg = `${what} in ${c.kernel} ${c.shape}: ${e instanceof Error ? e.message : String(e)}`;
      failures.push(msg);
      print(`!! ${msg}`);
    }
  }
  if (options.json !== null) {
    const file: ResultFile = { machine, results: toRows(results) };
    const path = outputPath(options.json);
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
    log(`wrote ${path}`);
  }
  if (options.report !== null) {
    const { writeReport } = await import('./report.js');
    log(`wrote ${await writeReport(outputPath(options.report), machine, results)}`);
  }
  if (failures.length > 0) {
    log(`\n${failures.length} case(s) failed:\n${failures.join('\n')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
