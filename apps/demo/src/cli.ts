/** The command line of `pnpm demo`: a pure parser from arguments to options, and the usage text. */

/** The experiments by command-line name, in run order. */
export const EXPERIMENT_IDS = ['vanishing', 'bn-input', 'clipping', 'bn-regularizer'] as const;

/** An experiment's command-line name. */
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

/** Parsed command line. */
export interface Options {
  /** Experiments to run, in run order (all by default). */
  readonly experiments: readonly ExperimentId[];
  readonly seed: number;
  /** Training steps per run; `undefined`: each experiment's preset. */
  readonly steps: number | undefined;
  /** Report folder. */
  readonly out: string;
  readonly quick: boolean;
  readonly help: boolean;
}

/** The default base seed. */
export const DEFAULT_SEED = 0;

/** The default report folder, relative to the working directory. */
export const DEFAULT_OUT = 'report';

/** Largest `--seed` (experiment 4 also uses the next seeds; keys take 32-bit words). */
export const MAX_SEED = 2 ** 32 - 16;

/** Largest `--steps`. */
export const MAX_STEPS = 100_000;

export const USAGE = `usage: pnpm demo [-- [experiment ...] [options]]

Trains real networks on the Palmer penguins (from the vega-datasets package) and on the adding problem,
prints a summary table as it goes and writes an HTML report with charts.

experiments (default: all, by name or number):
  1  vanishing        deep sigmoid MLP vs ReLU/ELU + He init vs ELU + He + batch norm
  2  bn-input         unscaled inputs vs standardized vs a batch-norm first layer
  3  clipping         simpleRnn on the adding problem: no clipping vs clipValue, clipNorm, globalClipNorm
  4  bn-regularizer   does batch norm regularize? none / dropout / batch norm / both, seeds x batch sizes

options:
  --seed <n>     base seed, 0 to ${MAX_SEED} (default ${DEFAULT_SEED}); same seed, same hashes
  --steps <n>    training steps per run (1 to ${MAX_STEPS}), overriding each experiment's preset
  --out <dir>    report folder (default ./${DEFAULT_OUT}); index.html, results.json, charts/*.svg
  --quick        reduced sizes for a smoke test (well under 30 s)
  --help, -h     this text`;

/** A bad command line: the message is one line; the caller prints it with {@link USAGE} and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses an integer option value in `[min, max]`. */
function integer(flag: string, v: string, min: number, max: number): number {
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${v}'`);
  }
  return n;
}

/** An experiment by name or number. */
function experimentOf(arg: string): ExperimentId {
  const byNumber = /^\d+$/.test(arg) ? EXPERIMENT_IDS[Number(arg) - 1] : undefined;
  const id = byNumber ?? EXPERIMENT_IDS.find((e) => e === arg);
  if (id === undefined) {
    throw new UsageError(`unknown experiment '${arg}' (expected one of ${EXPERIMENT_IDS.join(', ')} or 1-4)`);
  }
  return id;
}

/**
 * Parses `argv` (without `node` and the script). A leading `--` (from `pnpm demo -- …`) is ignored.
 * @throws UsageError for an unknown experiment or option, a missing or bad value, or a repeated option.
 */
export function parseArgs(argv: readonly string[]): Options {
  const chosen = new Set<ExperimentId>();
  let seed = DEFAULT_SEED;
  let steps: number | undefined;
  let out = DEFAULT_OUT;
  let quick = false;
  let help = false;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' && i === 0) continue;
    if (!arg.startsWith('-')) {
      chosen.add(experimentOf(arg));
      continue;
    }
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    const value = (): string => {
      if (inline !== undefined) {
        if (inline === '') throw new UsageError(`${flag} needs a value`);
        return inline;
      }
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--seed':
        seed = integer(flag, value(), 0, MAX_SEED);
        break;
      case '--steps':
        steps = integer(flag, value(), 1, MAX_STEPS);
        break;
      case '--out':
        out = value();
        break;
      case '--quick':
        noValue();
        quick = true;
        break;
      case '--help':
      case '-h':
        noValue();
        help = true;
        break;
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  const experiments = EXPERIMENT_IDS.filter((e) => chosen.size === 0 || chosen.has(e));
  return { experiments, seed, steps, out, quick, help };
}
