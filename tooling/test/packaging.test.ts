/**
 * Packaging of the public packages, checked on their manifests (no build needed): ESM with
 * `sideEffects: false`; an `exports` map whose `@stepwise/source` condition comes first (tests, typecheck
 * and the demo read sources through it) and whose `types`/`import` targets are where `tsc -p
 * tsconfig.build.json` writes (`src/x.ts` → `dist/x.js` + `dist/x.d.ts`); published files that hold the
 * build and the licence but no tests; workspace dependencies as `workspace:^` ranges.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExportEntry, libraries, type Member, repoRoot } from './support/workspace.js';

const published = libraries().filter((m) => !m.private);
const workspaceNames = new Set(libraries().map((m) => m.name));

/** The build output paths that `tooling/tsconfig/build.json` (rootDir src, outDir dist) gives a source. */
const builtFrom = (source: string): { js: string; dts: string } => {
  const stem = source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
  return { js: `${stem}.js`, dts: `${stem}.d.ts` };
};

/** Problems of one `exports` entry, as readable strings (empty when it is right). */
function exportEntryProblems(e: ExportEntry): string[] {
  const problems: string[] = [];
  const where = `exports["${e.subpath}"]`;
  if (e.source === undefined || !/^\.\/src\/.+\.ts$/.test(e.source)) {
    problems.push(`${where} has no "@stepwise/source": "./src/….ts" target`);
    return problems;
  }
  if (e.conditions[0] !== '@stepwise/source') problems.push(`${where}: "@stepwise/source" must come first`);
  const { js, dts } = builtFrom(e.source);
  if (e.types !== dts) problems.push(`${where}.types is ${e.types}, the build writes ${dts}`);
  if (e.import !== js) problems.push(`${where}.import is ${e.import}, the build writes ${js}`);
  const order = e.conditions.filter((c) => c !== '@stepwise/source');
  if (order.indexOf('types') > 0) problems.push(`${where}: "types" must come before "import"/"default"`);
  const last = e.conditions[e.conditions.length - 1];
  if (e.conditions.includes('default') && last !== 'default')
    problems.push(`${where}: "default" must be last`);
  return problems;
}

describe.each(published.map((m) => [m.name, m] as const))('%s', (_name, m: Member) => {
  const pkg = m.manifest;

  it('is an ESM package without side effects, MIT, with a repository directory', () => {
    expect(pkg['type']).toBe('module');
    expect(pkg['sideEffects']).toBe(false);
    expect(pkg['license']).toBe('MIT');
    expect((pkg['repository'] as { directory?: string } | undefined)?.directory).toBe(m.dir);
    expect(existsSync(join(repoRoot, m.dir, 'LICENSE'))).toBe(true);
  });

  it('exports map: source condition first, types/import where the build writes them', () => {
    expect(m.exports.map((e) => e.subpath)).toContain('.');
    expect(m.exports.flatMap(exportEntryProblems)).toEqual([]);
    expect(Object.keys(pkg['exports'] as object)).toContain('./package.json');
    const root = m.exports.find((e) => e.subpath === '.')!;
    expect(pkg['main']).toBe(root.import);
    expect(pkg['types']).toBe(root.types);
  });

  it('publishes dist and the licence, never tests or sources', () => {
    const files = pkg['files'] as string[];
    expect(files).toEqual(expect.arrayContaining(['dist', 'LICENSE']));
    expect(files.filter((f) => /(^|\/)(test|src)(\/|$)|\.test\./.test(f))).toEqual([]);
    const build = JSON.parse(readFileSync(join(repoRoot, m.dir, 'tsconfig.build.json'), 'utf8')) as {
      extends?: string;
    };
    expect(build.extends).toBe('../../tooling/tsconfig/build.json');
  });

  it('depends on workspace packages through workspace:^ ranges, never on private members', () => {
    const deps = { ...(pkg['dependencies'] as object), ...(pkg['peerDependencies'] as object) } as Record<
      string,
      string
    >;
    const internal = Object.entries(deps).filter(([name]) => name.startsWith('@stepwise/'));
    for (const [name, range] of internal) {
      expect(workspaceNames.has(name), `${name} is not a published workspace package`).toBe(true);
      expect(range, name).toBe('workspace:^');
    }
  });
});

describe('exportEntryProblems', () => {
  const good: ExportEntry = {
    subpath: './kernel',
    source: './src/kernel.ts',
    import: './dist/kernel.js',
    types: './dist/kernel.d.ts',
    conditions: ['@stepwise/source', 'types', 'import', 'default'],
  };

  it('accepts a well-formed entry', () => {
    expect(exportEntryProblems(good)).toEqual([]);
  });

  it('finds a broken map: wrong targets, conditions out of order, missing source', () => {
    expect(exportEntryProblems({ ...good, import: './dist/index.js' })).toHaveLength(1);
    expect(exportEntryProblems({ ...good, types: './src/kernel.ts' })).toHaveLength(1);
    expect(
      exportEntryProblems({ ...good, conditions: ['types', '@stepwise/source', 'import', 'default'] }),
    ).toHaveLength(1);
    expect(
      exportEntryProblems({ ...good, conditions: ['@stepwise/source', 'import', 'types', 'default'] }),
    ).toHaveLength(1);
    expect(
      exportEntryProblems({ ...good, conditions: ['@stepwise/source', 'types', 'default', 'import'] }),
    ).toHaveLength(1);
    expect(exportEntryProblems({ ...good, source: undefined })).toHaveLength(1);
  });
});
