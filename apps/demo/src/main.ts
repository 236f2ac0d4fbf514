/**
 * `pnpm demo`: trains real networks, prints a summary table and writes an HTML report. Exit code 0 on
 * success, 2 for a bad command line (one-line error and the usage), 1 for any other failure.
 */
import { parseArgs, USAGE, UsageError } from './cli.js';
import { runDemo } from './demo.js';

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      console.error(USAGE);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  await runDemo(
    options,
    ['pnpm demo', ...(argv[0] === '--' ? argv : argv.length > 0 ? ['--', ...argv] : [])].join(' '),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  },
);
