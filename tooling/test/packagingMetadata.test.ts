/**
 * What a user sees of a package before installing it, checked statically (no build): the manifest's
 * metadata (description, keywords, repository with its directory, Node engine, licence), the README's
 * install command and first example, the exports map against the files on disk, and that the API reference
 * (`typedoc.json`) documents every public entry. `manifestProblems` is the checker; its own tests below feed
 * it deliberately broken manifests, so a broken `exports` map cannot pass unnoticed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraries, repoRoot } from './support/workspace.js';

type Manifest = Readonly<Record<string, unknown>>;

/** Reads a file of the package, or undefined when it does not exist. */
type FileReader = (relativePath: string) => string | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of an `exports` map (ESM only), as readable strings; `exists` says whether a package file exists. */
export function exportsMapProblems(exports: unknown, exists: (path: string) => boolean): string[] {
  if (!isRecord(exports)) return ['"exports" must be an object of subpaths'];
  const problems: string[] = [];
  const subpaths = Object.keys(exports);
  if (!subpaths.includes('.')) problems.push('"exports" has no "." entry');
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath !== '.' && !subpath.startsWith('./'))
      problems.push(`exports key "${subpath}" must start with "./"`);
    if (subpath === './package.json') continue;
    if (!isRecord(target)) {
      problems.push(`exports["${subpath}"] must be an object of conditions, got ${JSON.stringify(target)}`);
      continue;
    }
    const conditions = Object.keys(target);
    if (conditions.includes('require'))
      problems.push(`exports["${subpath}"] has "require", but the package is ESM only`);
    for (const c of ['@stepwise/source', 'types', 'import']) {
      if (typeof target[c] !== 'string') problems.push(`exports["${subpath}"] has no "${c}" target`);
    }
    for (const [c, path] of Object.entries(target)) {
      if (typeof path !== 'string') {
        problems.push(`exports["${subpath}"]["${c}"] must be a path string`);
        continue;
      }
      if (!path.startsWith('./'))
        problems.push(`exports["${subpath}"]["${c}"] = ${path} must start with "./"`);
      if (c === '@stepwise/source' && !exists(path))
        problems.push(`exports["${subpath}"] source ${path} does not exist`);
      if (c !== '@stepwise/source' && !path.startsWith('./dist/'))
        problems.push(`exports["${subpath}"]["${c}"] = ${path} is not in ./dist`);
    }
    if (typeof target['types'] === 'string' && !target['types'].endsWith('.d.ts'))
      problems.push(`exports["${subpath}"].types = ${target['types']} is not a .d.ts file`);
  }
  return problems;
}

/** Problems of a public package's manifest and README, as readable strings (empty when it is right). */
export function manifestProblems(pkg: Manifest, dir: string, read: FileReader): string[] {
  const problems: string[] = [];
  const name = String(pkg['name']);
  if (typeof pkg['description'] !== 'string' || pkg['description'].length < 20)
    problems.push('"description" is missing or too short');
  const keywords = pkg['keywords'];
  if (!Array.isArray(keywords) || keywords.length < 3 || !keywords.every((k) => typeof k === 'string'))
    problems.push('"keywords" must list at least three strings');
  const repo = pkg['repository'];
  if (
    !isRecord(repo) ||
    repo['type'] !== 'git' ||
    typeof repo['url'] !== 'string' ||
    repo['directory'] !== dir
  )
    problems.push(`"repository" must be { type: "git", url, directory: "${dir}" }`);
  if (!isRecord(pkg['engines']) || typeof pkg['engines']['node'] !== 'string')
    problems.push('"engines.node" is missing');
  if (pkg['license'] !== 'MIT' || read('LICENSE') === undefined)
    problems.push('MIT licence or LICENSE file missing');
  if (pkg['type'] !== 'module' || pkg['sideEffects'] !== false)
    problems.push('must be "type": "module" with "sideEffects": false');
  const files = pkg['files'];
  if (!Array.isArray(files) || !files.includes('dist')) problems.push('"files" must include "dist"');
  else if (files.some((f) => /(^|\/)(test|tests|src|scripts)(\/|$)|\.test\./.test(String(f))))
    problems.push(`"files" must not publish tests, sources or scripts: ${files.join(', ')}`);
  problems.push(...exportsMapProblems(pkg['exports'], (p) => read(p.replace(/^\.\//, '')) !== undefined));

  const readme = read('README.md');
  if (readme === undefined) return [...problems, 'README.md is missing'];
  const install = /```(?:sh|bash|shell)\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  if (!/\b(pnpm add|npm install|npm i|yarn add)\b/.test(install) || !install.includes(name))
    problems.push(`README has no install command for ${name} in a sh block`);
  const firstTs = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  if (!new RegExp(`from '${name.replace('/', '\\/')}(/[\\w-]+)?'`).test(firstTs))
    problems.push(`README's first ts block does not import from ${name}`);
  return problems;
}

const published = libraries().filter((m) => !m.private);
const reader =
  (dir: string): FileReader =>
  (p) => {
    const file = join(repoRoot, dir, p);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };

describe.each(published.map((m) => [m.name, m] as const))('%s', (_name, m) => {
  it('manifest metadata, exports map, README install and first example', () => {
    expect(manifestProblems(m.manifest, m.dir, reader(m.dir))).toEqual([]);
  });
});

describe('API reference', () => {
  it('typedoc.json documents every public entry of every package, and every guide', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, 'typedoc.json'), 'utf8')) as {
      entryPoints: string[];
      projectDocuments: string[];
    };
    const sources = published.flatMap((m) =>
      m.exports.filter((e) => e.source !== undefined).map((e) => join(m.dir, e.source!.replace(/^\.\//, ''))),
    );
    expect([...config.entryPoints].sort()).toEqual([...sources].sort());
    expect(config.projectDocuments).toContain('docs/guides/*.md');
  });
});

describe('manifestProblems (the checker can fail)', () => {
  const good: Manifest = {
    name: '@stepwise/demo-pkg',
    description: 'A package that is described well enough.',
    keywords: ['a', 'b', 'c'],
    repository: { type: 'git', url: 'git+https://example.invalid/x.git', directory: 'packages/demo-pkg' },
    engines: { node: '>=20' },
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    files: ['dist', 'LICENSE'],
    exports: {
      '.': { '@stepwise/source': './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
      './package.json': './package.json',
    },
  };
  const files: Record<string, string> = {
    LICENSE: 'MIT',
    'src/index.ts': '',
    'README.md':
      "# x\n\n```sh\npnpm add @stepwise/demo-pkg\n```\n\n```ts\nimport { a } from '@stepwise/demo-pkg';\n```\n",
  };
  const read: FileReader = (p) => files[p];
  const problemsOf = (patch: Record<string, unknown>, readFile: FileReader = read): string[] =>
    manifestProblems({ ...good, ...patch }, 'packages/demo-pkg', readFile);

  it('accepts a good manifest', () => {
    expect(manifestProblems(good, 'packages/demo-pkg', read)).toEqual([]);
  });

  it('catches broken exports maps', () => {
    const entry = (e: Record<string, unknown>) => ({ exports: { '.': e } });
    const base = {
      '@stepwise/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
    };
    expect(problemsOf({ exports: './dist/index.js' })).toEqual(['"exports" must be an object of subpaths']);
    expect(problemsOf({ exports: { './kernel': base } })).toEqual(['"exports" has no "." entry']);
    expect(problemsOf(entry({ ...base, '@stepwise/source': './src/missing.ts' }))).toEqual([
      'exports["."] source ./src/missing.ts does not exist',
    ]);
    expect(problemsOf(entry({ ...base, require: './dist/index.cjs' }))).toContain(
      'exports["."] has "require", but the package is ESM only',
    );
    expect(problemsOf(entry({ ...base, import: './src/index.ts' }))).toEqual([
      'exports["."]["import"] = ./src/index.ts is not in ./dist',
    ]);
    expect(problemsOf(entry({ ...base, types: './dist/index.js' }))).toEqual([
      'exports["."].types = ./dist/index.js is not a .d.ts file',
    ]);
    const { types: _types, ...noTypes } = base;
    expect(problemsOf(entry(noTypes))).toEqual(['exports["."] has no "types" target']);
    expect(problemsOf(entry({ ...base, import: 'dist/index.js' }))).toEqual([
      'exports["."]["import"] = dist/index.js must start with "./"',
      'exports["."]["import"] = dist/index.js is not in ./dist',
    ]);
  });

  it('catches missing metadata, published tests and README gaps', () => {
    expect(problemsOf({ keywords: [] })).toEqual(['"keywords" must list at least three strings']);
    expect(problemsOf({ repository: 'https://example.invalid/x' })).toHaveLength(1);
    expect(problemsOf({ files: ['dist', 'test'] })).toHaveLength(1);
    expect(problemsOf({ sideEffects: true })).toHaveLength(1);
    expect(problemsOf({}, (p) => (p === 'LICENSE' ? undefined : read(p)))).toEqual([
      'MIT licence or LICENSE file missing',
    ]);
    const readmeWithout =
      (readme: string): FileReader =>
      (p) =>
        p === 'README.md' ? readme : read(p);
    expect(problemsOf({}, readmeWithout("```ts\nimport { a } from '@stepwise/demo-pkg';\n```\n"))).toEqual([
      'README has no install command for @stepwise/demo-pkg in a sh block',
    ]);
    expect(
      problemsOf({}, readmeWithout('```sh\nnpm install @stepwise/demo-pkg\n```\n```ts\nconst a = 1;\n```\n')),
    ).toEqual(["README's first ts block does not import from @stepwise/demo-pkg"]);
  });
});
