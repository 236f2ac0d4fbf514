/**
 * The checks CI enforces besides the tests: every workspace member typechecks (`tsc -p`, strict, reading the
 * other packages' sources through the `@stepwise/source` condition) and is lint- and format-clean (Biome,
 * configured in `tooling/biome.shared.json`). One case per member, so a failure names the member and shows
 * the diagnostics. Fix formatting and import order with `pnpm lint:fix`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { members, repoRoot } from './support/workspace.js';

const run = promisify(execFile);
const bin = (name: string): string => join(repoRoot, 'node_modules/.bin', name);

/** Runs a tool; returns its exit code and combined output (trimmed to the first lines). */
async function tool(name: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(bin(name), [...args], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').slice(0, 80).join('\n');
    return { code: typeof e.code === 'number' ? e.code : 1, output: output || String(error) };
  }
}

const all = members();
const ROOT_FILES = ['package.json', 'biome.json', 'turbo.json', 'vitest.config.ts', 'tsconfig.base.json'];

describe('typecheck (tsc -p <member>/tsconfig.json)', () => {
  const dirs = all.map((m) => m.dir).filter((dir) => existsSync(join(repoRoot, dir, 'tsconfig.json')));
  it.for(dirs)('%s', async (dir) => {
    const r = await tool('tsc', ['-p', join(dir, 'tsconfig.json'), '--noEmit', '--pretty', 'false']);
    expect(r.output.trim(), `tsc found errors in ${dir}`).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('lint and format (biome check)', () => {
  it.for(all.map((m) => m.dir))('%s', async (dir) => {
    const r = await tool('biome', ['check', '--max-diagnostics=50', '--colors=off', dir]);
    expect(r.code, `biome check ${dir} (fix with: pnpm lint:fix)\n${r.output}`).toBe(0);
  });

  it('root configuration files', async () => {
    const files = ROOT_FILES.filter((f) => existsSync(join(repoRoot, f)));
    const r = await tool('biome', ['check', '--max-diagnostics=50', '--colors=off', ...files]);
    expect(r.code, `biome check ${files.join(' ')}\n${r.output}`).toBe(0);
  });
});
