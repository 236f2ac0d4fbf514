/**
 * What users install: every public package is built from scratch (`turbo run build --force` after removing
 * its `dist/`), packed with `pnpm pack` (which
 * also rewrites `workspace:^` ranges) and checked as a tarball:
 * - it holds the build, the licence and the manifest only (no tests, no sources, no source maps that
 *   point to files it does not ship);
 * - `publint --strict` and `@arethetypeswrong/cli` (profile `esm-only`: the packages are ESM only) are clean;
 * - plain Node 20, with no TypeScript loader and no `@stepwise/source` condition, imports every entry by
 *   name from a folder where the tarballs are unpacked as `node_modules`, as after an install.
 * It rebuilds the packages' `dist/` in place (as `pnpm build` does): two such runs at once in one checkout
 * would race on those folders.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hasSource, libraries, type Member, repoRoot, specifierOf } from './support/workspace.js';

const exec = promisify(execFile);
const bin = (name: string): string => join(repoRoot, 'node_modules/.bin', name);

/** Runs a command; never throws: returns its exit code and combined output. */
async function run(
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(file, [...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Published packages whose every source entry exists (a package being written may have none yet). */
const ready = libraries().filter(
  (m) => !m.private && m.exports.length > 0 && m.exports.every((e) => hasSource(m, e)),
);

let root = '';
let buildOutput = '';
const tarballs = new Map<string, string>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'stepwise-published-'));
  // A clean build: tsc never deletes outputs of removed sources, and a turbo cache entry may hold such stale
  // files, so dist/ is removed and the build is forced.
  for (const m of ready) rmSync(join(repoRoot, m.dir, 'dist'), { recursive: true, force: true });
  const build = await run(
    bin('turbo'),
    [
      'run',
      'build',
      '--force',
      '--continue',
      '--output-logs=errors-only',
      ...ready.map((m) => `--filter=${m.name}`),
    ],
    repoRoot,
  );
  buildOutput = build.output;
  for (const m of ready) {
    const packed = await run(
      'pnpm',
      ['pack', '--pack-destination', join(root, 'tarballs'), '--json'],
      join(repoRoot, m.dir),
    );
    if (packed.code !== 0) continue;
    const { filename } = JSON.parse(packed.output.slice(packed.output.indexOf('{'))) as { filename: string };
    tarballs.set(m.name, filename);
    // Unpack as node_modules/<name>, as an install would; link third-party dependencies to the workspace's copies.
    const target = join(root, 'node_modules', m.name);
    mkdirSync(target, { recursive: true });
    await run('tar', ['-xzf', filename, '-C', target, '--strip-components=1'], root);
    for (const dep of m.runtimeDeps.filter((d) => !d.startsWith('@stepwise/'))) {
      const from = join(repoRoot, m.dir, 'node_modules', dep);
      const to = join(root, 'node_modules', dep);
      if (existsSync(from) && !existsSync(to)) {
        mkdirSync(dirname(to), { recursive: true });
        symlinkSync(realpathSync(from), to, 'dir');
      }
    }
  }
}, 600_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

const failedBuild = (m: Member): boolean =>
  new RegExp(`Failed:.*${m.name}#build|${m.name}#build:.*ERROR`).test(buildOutput);

// Packages are checked concurrently: the checks mostly wait on child processes (publint, attw, node).
describe.concurrent.each(ready.map((m) => [m.name, m] as const))('%s (packed)', (name, m) => {
  const tarball = (): string => {
    const t = tarballs.get(name);
    if (t === undefined) throw new Error(`${name} was not packed`);
    return t;
  };

  it('builds with tsc -p tsconfig.build.json', ({ expect }) => {
    expect(
      failedBuild(m),
      buildOutput
        .split('\n')
        .filter((l) => l.includes(name))
        .slice(0, 40)
        .join('\n'),
    ).toBe(false);
  });

  it('ships the build, the licence and the manifest only, with workspace ranges resolved', async ({
    expect,
  }) => {
    const list = await run('tar', ['-tzf', tarball()], root);
    const files = list.output
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace(/^package\//, ''));
    expect(
      files.filter((f) => !/^(dist\/.+|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /\.test\.|(^|\/)test\//.test(f))).toEqual([]);
    expect(files).toContain('LICENSE');
    for (const e of m.exports) {
      expect(files).toContain(e.import!.replace(/^\.\//, ''));
      expect(files).toContain(e.types!.replace(/^\.\//, ''));
    }
    const manifest = readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8');
    expect(manifest).not.toContain('workspace:');
  });

  it('every source map points only to files the package ships', async ({ expect }) => {
    const list = await run('tar', ['-tzf', tarball()], root);
    const files = new Set(list.output.split('\n').map((l) => l.replace(/^package\//, '')));
    const dangling: string[] = [];
    for (const mapFile of [...files].filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(root, 'node_modules', name, mapFile), 'utf8')) as {
        sources: string[];
      };
      for (const s of map.sources) {
        const resolved = join(dirname(mapFile), s).replace(/\\/g, '/');
        if (!files.has(resolved)) dangling.push(`${mapFile} → ${resolved}`);
      }
    }
    expect(dangling.slice(0, 5)).toEqual([]);
  });

  it('publint --strict is clean', async ({ expect }) => {
    const r = await run(bin('publint'), ['run', tarball(), '--strict'], root);
    expect(r.code, r.output).toBe(0);
  });

  it('are-the-types-wrong is clean (ESM-only profile)', async ({ expect }) => {
    const r = await run(
      bin('attw'),
      [tarball(), '--profile', 'esm-only', '--no-definitely-typed', '--no-color', '--no-emoji'],
      root,
    );
    expect(r.code, r.output).toBe(0);
  });

  it('plain Node imports every entry by name (no loader, no source condition)', async ({ expect }) => {
    const specifiers = m.exports.map((e) => specifierOf(m, e));
    const script = `for (const s of ${JSON.stringify(specifiers)}) { const mod = await import(s); const n = Object.keys(mod).length; if (n === 0) throw new Error(s + ' exports nothing'); console.log(s + ': ' + n + ' exports'); }`;
    const r = await run(process.execPath, ['--input-type=module', '-e', script], root);
    console.log(`[published] ${r.output.trim().replace(/\n/g, '; ')}`);
    expect(r.code, r.output).toBe(0);
  });
});
