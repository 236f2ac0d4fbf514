/**
 * The root README's 30-second example runs and prints exactly the output the README shows under it. The
 * block is bundled with esbuild (workspace packages resolved to their sources) and run with plain Node.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/workspace.js';

/** The fenced code blocks of a Markdown section (from its heading to the next `## ` heading), in order. */
function blocksOfSection(markdown: string, heading: string): Array<{ lang: string; code: string }> {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const rest = markdown.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** Bundles a TypeScript snippet (resolving `@stepwise/*` from `apps/demo`, which depends on all of them) and runs it. */
async function runSnippet(code: string): Promise<string> {
  const out = await build({
    stdin: { contents: code, resolveDir: join(repoRoot, 'apps/demo'), loader: 'ts', sourcefile: 'readme.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    conditions: ['@stepwise/source'],
    logLevel: 'silent',
    packages: 'bundle',
  });
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-readme-'));
  try {
    const file = join(dir, 'snippet.mjs');
    writeFileSync(file, out.outputFiles[0]!.contents);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: dir });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README.md', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

  it('has a 30-second example: a ts block followed by its expected output', () => {
    const blocks = blocksOfSection(readme, 'A 30-second example');
    expect(blocks.map((b) => b.lang)).toEqual(['ts', 'text']);
  });

  it('the 30-second example prints what the README says', async () => {
    const [code, expected] = blocksOfSection(readme, 'A 30-second example');
    expect(await runSnippet(code!.code)).toBe(expected!.code);
  });

  it('gives the two fresh-machine commands with the pinned pnpm', () => {
    const pinned = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).packageManager as string;
    const pnpm = `npx -y ${pinned}`;
    expect(readme).toContain(`${pnpm} install && ${pnpm} demo`);
    expect(readme).toContain(`${pnpm} install && ${pnpm} test`);
  });

  it('.ci/run installs that pnpm and runs the same test command', () => {
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^set -euo pipefail$/m);
    expect(ci).toContain('packageManager');
    expect(ci).toMatch(/^pnpm install --frozen-lockfile$/m);
    expect(ci).toMatch(/^pnpm test 2>&1 \| tee /m);
  });
});
