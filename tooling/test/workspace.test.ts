/**
 * The checks CI enforces besides the tests: every workspace member typechecks (strict, with the options of
 * its `tsconfig.json`, reading the other packages' sources through the `@stepwise/source` condition) and is
 * lint- and format-clean (Biome, configured in `tooling/biome.shared.json`). One case per member, so a
 * failure names the member and shows the diagnostics. Fix formatting and import order with `pnpm lint:fix`.
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
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

/** Typecheck diagnostics of every member, grouped by the member folder of the file they are in. */
interface TypecheckResult {
  readonly byDir: ReadonlyMap<string, string[]>;
  /** Diagnostics in no member's files (configuration errors, root files). */
  readonly other: string[];
  readonly programs: number;
  readonly files: number;
}

/**
 * Typechecks every member with the TypeScript API. Members whose `tsconfig.json` resolves to the same
 * compiler options (all of them, today) share one program, so the sources they all import (tensor's, through
 * the `@stepwise/source` condition) are checked once rather than once per member; a member with its own
 * options gets its own program. Equivalent to `tsc -p <member>/tsconfig.json` for each member.
 */
function typecheckAll(dirs: readonly string[]): TypecheckResult {
  const groups = new Map<string, { options: ts.CompilerOptions; files: Set<string> }>();
  const other: string[] = [];
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => repoRoot,
    getNewLine: () => '\n',
  };
  for (const dir of dirs) {
    const configPath = join(repoRoot, dir, 'tsconfig.json');
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error !== undefined) {
      other.push(ts.formatDiagnostics([read.error], host));
      continue;
    }
    const parsed = ts.parseJsonConfigFileContent(
      read.config,
      ts.sys,
      join(repoRoot, dir),
      undefined,
      configPath,
    );
    other.push(...parsed.errors.map((d) => ts.formatDiagnostics([d], host)));
    const { configFilePath: _ignored, ...options } = parsed.options;
    const key = JSON.stringify(options);
    const group = groups.get(key) ?? { options, files: new Set<string>() };
    for (const f of parsed.fileNames) group.files.add(f);
    groups.set(key, group);
  }
  const byDir = new Map<string, string[]>(dirs.map((d) => [d, []]));
  let files = 0;
  for (const { options, files: rootNames } of groups.values()) {
    const program = ts.createProgram({ rootNames: [...rootNames], options });
    files += program.getSourceFiles().filter((f) => !f.fileName.includes('/node_modules/')).length;
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.formatDiagnostics([d], host).trim();
      const file = d.file === undefined ? undefined : relative(repoRoot, realpathSync(d.file.fileName));
      const dir = file === undefined ? undefined : dirs.find((m) => file.startsWith(`${m}/`));
      if (dir === undefined) other.push(text);
      else byDir.get(dir)!.push(text);
    }
  }
  return { byDir, other, programs: groups.size, files };
}

describe('typecheck (strict tsc, the options of each member tsconfig.json)', () => {
  const dirs = all.map((m) => m.dir).filter((dir) => existsSync(join(repoRoot, dir, 'tsconfig.json')));
  let result: TypecheckResult | undefined;
  beforeAll(() => {
    result = typecheckAll(dirs);
    console.log(`[typecheck] ${result.files} workspace files in ${result.programs} program(s)`);
  }, 600_000);

  it('configuration and files outside members', () => {
    expect(result!.other).toEqual([]);
  });

  it.for(dirs)('%s', (dir) => {
    const diagnostics = result!.byDir.get(dir)!;
    expect(diagnostics.slice(0, 30).join('\n'), `${diagnostics.length} type errors in ${dir}`).toBe('');
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
