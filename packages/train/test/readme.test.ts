import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Runs every ```ts block of README.md as a module, so the documented examples cannot rot, and checks each
// `console.log(...); // expected` comment against what the block printed. The blocks are also type-checked
// with the package's strict settings. They are written to a temporary directory outside the repository
// (so that no linter or packer ever sees them) whose node_modules links to this package's dependencies
// and to the package itself, as an installation would.
const pkg = join(import.meta.dirname, '..');
const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), 'stepwise-train-readme-'));

beforeAll(() => {
  const deps = join(pkg, 'node_modules');
  const scope = join(dir, 'node_modules', '@stepwise');
  mkdirSync(scope, { recursive: true });
  for (const name of readdirSync(deps).filter((n) => !n.startsWith('.') && n !== '@stepwise')) {
    symlinkSync(realpathSync(join(deps, name)), join(dir, 'node_modules', name), 'dir');
  }
  for (const name of readdirSync(join(deps, '@stepwise'))) {
    symlinkSync(realpathSync(join(deps, '@stepwise', name)), join(scope, name), 'dir');
  }
  symlinkSync(pkg, join(scope, 'train'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
});
const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
afterAll(() => {
  log.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

describe('README examples', () => {
  it('has the examples the docs promise (first model, skipping, fit, data, custom step, checkpoints, diagnostics)', () => {
    expect(blocks.length).toBe(7);
  });

  it.each(blocks.map((b, i) => [i, b] as const))(
    'block %i runs and prints what its comments say',
    async (i, code) => {
      const file = join(dir, `block${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      log.mockClear();
      await import(file);
      const printed = log.mock.calls.map((c) => c.map(String).join(' '));
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) expect(printed).toContain(e);
    },
  );

  it('type-checks (strict, as the package)', () => {
    const files = blocks.map((code, i) => {
      const file = join(dir, `typed${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const configPath = join(pkg, 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, ts.sys.readFile).config,
      ts.sys,
      pkg,
    );
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  }, 180_000);
});
