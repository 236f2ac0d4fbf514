/**
 * The API reference builds: TypeDoc (configured in `typedoc.json`: every public entry point, the guides as
 * project documents, `validation` of undocumented exports, broken `{@link}`s and referenced-but-unexported
 * types) converts the sources without errors, and its only warnings are the known ones below. Nothing is
 * written (`--emit none`); `pnpm run docs` writes the site to `docs/site/`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { repoRoot } from './support/workspace.js';

const exec = promisify(execFile);

/**
 * Known warnings. `decodeCheckpoint` and `loadCheckpoint` have an overload without the `like` parameter
 * that shares the documented comment (TypeDoc reports the `@param like` as unused there).
 */
const KNOWN_WARNINGS = [
  'The signature @stepwise/train.decodeCheckpoint has an @param with name "like", which was not used',
  'The signature @stepwise/train.loadCheckpoint has an @param with name "like", which was not used',
];

it('TypeDoc converts every package without errors or new warnings', async () => {
  let output: string;
  try {
    const r = await exec(
      join(repoRoot, 'node_modules/.bin/typedoc'),
      ['--emit', 'none', '--logLevel', 'Warn'],
      {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    output = `${r.stdout}${r.stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`typedoc failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const warnings = lines
    .filter((l) => l.startsWith('[warning]') && !/^\[warning\] Found \d+ errors/.test(l))
    .map((l) => l.replace(/^\[warning\] /, ''));
  const errors = lines.filter((l) => l.startsWith('[error]'));
  expect(errors).toEqual([]);
  expect(warnings.filter((w) => !KNOWN_WARNINGS.includes(w))).toEqual([]);
}, 180_000);
