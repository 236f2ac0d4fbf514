import { CLOCKS, type Clock } from './clock.js';

/** Parsed command line of `pnpm bench`. */
export interface Options {
  readonly filter: RegExp | null;
  readonly quick: boolean;
  readonly clock: Clock;
  readonly json: string | null;
  readonly report: string | null;
  readonly help: boolean;
}

export const USAGE = `usage: pnpm bench [-- options]

Times the hot kernels of training for stepwise, tfjs-cpu, tfjs-wasm and naive-js in one process,
after checking that their outputs agree.

options:
  --filter <regex>   only the cases whose "kernel shape" matches (e.g. 'matmul|adam', 'relu fwd 1e7')
  --quick            fewer sizes and shorter timing (about a minute)
  --clock <wall|cpu> time samples by elapsed time (default) or by this process's CPU time (for a busy machine)
  --json <file>      write { machine, results: [{ kernel, shape, impl, medianMs, gflops?, gbps? }] }
  --report <dir>     write <dir>/index.html: the table and a Vega-Lite chart (SVG)
  --help             this text`;

/** A bad command line: the message is one line; the caller prints it with {@link USAGE} and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` (without `node` and the script). A leading `--` (from `pnpm bench -- …`) is ignored. */
export function parseArgs(argv: readonly string[]): Options {
  let filter: RegExp | null = null;
  let quick = false;
  let clock: Clock = 'wall';
  let json: string | null = null;
  let report: string | null = null;
  let help = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) {
        if (inline === '') throw new UsageError(`${flag} needs a value`);
        return inline;
      }
      return value(i++, flag);
    };
    switch (flag) {
      case '--':
        if (i === 0) break;
        throw new UsageError(`unexpected argument '--'`);
      case '--filter': {
        const src = take();
        try {
          filter = new RegExp(src, 'i');
        } catch {
          throw new UsageError(`--filter: invalid regular expression '${src}'`);
        }
        break;
      }
      case '--quick':
        if (inline !== undefined) throw new UsageError('--quick takes no value');
        quick = true;
        break;
      case '--clock': {
        const c = take();
        if (!(CLOCKS as readonly string[]).includes(c))
          throw new UsageError(`--clock must be wall or cpu, got '${c}'`);
        clock = c as Clock;
        break;
      }
      case '--json':
        json = take();
        break;
      case '--report':
        report = take();
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new UsageError(
          arg.startsWith('-') ? `unknown option '${arg}'` : `unexpected argument '${arg}'`,
        );
    }
  }
  return { filter, quick, clock, json, report, help };
}
