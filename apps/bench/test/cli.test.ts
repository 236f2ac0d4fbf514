import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE, UsageError } from '../src/cli.js';

describe('parseArgs', () => {
  it('defaults to a full run with no outputs', () => {
    expect(parseArgs([])).toEqual({
      filter: null,
      quick: false,
      clock: 'wall',
      json: null,
      report: null,
      help: false,
    });
  });

  it('reads every option, in both --flag value and --flag=value forms, after pnpm’s --', () => {
    const o = parseArgs(['--', '--quick', '--filter', 'matmul|adam', '--json=out.json', '--report', 'rep']);
    expect(o.quick).toBe(true);
    expect(o.filter?.test('adam update 1e6')).toBe(true);
    expect(o.filter?.test('relu fwd 1e6')).toBe(false);
    expect(o.json).toBe('out.json');
    expect(o.report).toBe('rep');
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--clock', 'cpu']).clock).toBe('cpu');
    expect(parseArgs(['--clock=wall']).clock).toBe('wall');
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['stray'], "unexpected argument 'stray'"],
    [['--json'], '--json needs a value'],
    [['--report', '--quick'], '--report needs a value'],
    [['--filter', '('], "--filter: invalid regular expression '('"],
    [['--quick=yes'], '--quick takes no value'],
    [['--json='], '--json needs a value'],
    [['--clock', 'sundial'], "--clock must be wall or cpu, got 'sundial'"],
  ])('%j is a UsageError: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('the bench command', () => {
  const app = fileURLToPath(new URL('..', import.meta.url));
  const bench = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@stepwise/source', 'src/main.ts', ...args],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );

  it('prints a one-line error and the usage for a bad option, exit code 2', () => {
    const r = bench('--frobnicate');
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe("bench: unknown option '--frobnicate'");
    expect(r.stderr).toContain(USAGE);
    expect(r.stdout).toBe('');
  });

  it('prints the usage for --help, exit code 0', () => {
    const r = bench('--help');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(USAGE);
  });
});
