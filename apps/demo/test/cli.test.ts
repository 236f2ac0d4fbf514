import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OUT,
  DEFAULT_SEED,
  EXPERIMENT_IDS,
  MAX_SEED,
  parseArgs,
  USAGE,
  UsageError,
} from '../src/cli.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the CLI the way `pnpm demo` does (tsx, source condition). */
const cli = (args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@stepwise/source', 'src/main.ts', ...args], {
    cwd: appDir,
    encoding: 'utf8',
    timeout: 120_000,
  });

const usageError = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(argv)}`);
};

describe('parseArgs', () => {
  it('defaults: every experiment, seed 0, presets, ./report, full mode', () => {
    expect(parseArgs([])).toEqual({
      experiments: EXPERIMENT_IDS,
      seed: DEFAULT_SEED,
      steps: undefined,
      out: DEFAULT_OUT,
      quick: false,
      help: false,
    });
    expect(parseArgs(['--'])).toEqual(parseArgs([]));
  });

  it('reads every option, separate or inline', () => {
    expect(parseArgs(['--', 'clipping', '--seed', '7', '--steps=12', '--out', 'x/y', '--quick'])).toEqual({
      experiments: ['clipping'],
      seed: 7,
      steps: 12,
      out: 'x/y',
      quick: true,
      help: false,
    });
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--help']).help).toBe(true);
  });

  test.prop([
    fc.array(fc.integer({ min: 0, max: EXPERIMENT_IDS.length - 1 }), { minLength: 1, maxLength: 8 }),
    fc.boolean(),
  ])(
    'any subset, by name or number, in any order and repeated, runs in the fixed order',
    (picks, byNumber) => {
      const args = picks.map((i) => (byNumber ? String(i + 1) : EXPERIMENT_IDS[i]!));
      const expected = EXPERIMENT_IDS.filter((_, i) => picks.includes(i));
      expect(parseArgs(args).experiments).toEqual(expected);
    },
  );

  test.prop([fc.integer({ min: 0, max: MAX_SEED })])('a seed in range round-trips', (seed) => {
    expect(parseArgs(['--seed', String(seed)]).seed).toBe(seed);
    expect(parseArgs([`--seed=${seed}`]).seed).toBe(seed);
  });

  it('rejects bad input with a one-line message naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /unknown experiment 'nope'/],
      [['5'], /unknown experiment '5'/],
      [['0'], /unknown experiment '0'/],
      [['--fast'], /unknown option '--fast'/],
      [['-x'], /unknown option '-x'/],
      [['--seed'], /--seed needs a value/],
      [['--seed', '--quick'], /--seed needs a value/],
      [['--seed='], /--seed needs a value/],
      [['--seed', '-1'], /--seed must be an integer from 0/],
      [['--seed', '1.5'], /--seed must be an integer/],
      [['--seed', String(MAX_SEED + 1)], /--seed must be an integer/],
      [['--steps', '0'], /--steps must be an integer from 1/],
      [['--steps', 'ten'], /--steps must be an integer/],
      [['--quick=yes'], /--quick takes no value/],
      [['--quick', '--quick'], /--quick given twice/],
      [['--out'], /--out needs a value/],
      [['clipping', '--', 'vanishing'], /unknown option '--'/],
    ];
    for (const [argv, pattern] of cases) {
      const message = usageError(argv);
      expect(message, JSON.stringify(argv)).toMatch(pattern);
      expect(message).not.toContain('\n');
    }
  });

  it('the usage names every experiment and option', () => {
    for (const id of EXPERIMENT_IDS) expect(USAGE).toContain(id);
    for (const flag of ['--seed', '--steps', '--out', '--quick', '--help']) expect(USAGE).toContain(flag);
  });
});

describe('the command line', () => {
  it('an unknown experiment: one-line error, the usage, exit code 2, nothing run', () => {
    const r = cli(['--', 'vanishing', 'bogus']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `error: unknown experiment 'bogus' (expected one of ${EXPERIMENT_IDS.join(', ')} or 1-4)`,
    );
    expect(r.stderr).toContain(USAGE);
    expect(r.stdout).toBe('');
  });

  it('a bad option value: exit code 2', () => {
    const r = cli(['--steps', '-3']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: --steps must be an integer from 1 to 100000, got '-3'");
  });

  it('--help prints the usage and exits 0', () => {
    const r = cli(['--', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(USAGE);
  });
});
