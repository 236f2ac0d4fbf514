import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tensor, tree } from '@stepwise/tensor';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Runs and type-checks every ```ts block of README.md as a module (written to test/.readme/, git-ignored
// and removed afterwards), so the documented examples cannot rot. A block that declares `params` exports
// it for a check of the result.
const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(import.meta.dirname, '.readme');

beforeAll(() => mkdirSync(dir, { recursive: true }));
const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
afterAll(() => {
  log.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

describe('README examples run', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(4));

  it.each(blocks.map((b, i) => [i, b] as const))('block %i', async (i, code) => {
    const file = join(dir, `block${i}.ts`);
    const exported = /\blet params\b/.test(code) ? '\nexport { params };\n' : '\nexport {};\n';
    writeFileSync(file, code + exported);
    log.mockClear();
    const mod = (await import(file)) as { params?: { w: Tensor; b: Tensor } };
    if (mod.params !== undefined) {
      // The training loop recovers y = x·[2, -1, 0.5] + 0.3.
      const w = tree.leaves(mod.params.w)[0]!.data();
      [2, -1, 0.5].forEach((v, k) => expect(w[k]).toBeCloseTo(v, 2));
      expect(mod.params.b.data()[0]).toBeCloseTo(0.3, 2);
    }
    // A `console.log(...); // expected` comment is checked against what was printed (a trailing
    // parenthetical is commentary; array brackets and commas are ignored).
    const norm = (t: string): string =>
      t
        .replace(/[[\],]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const printed = log.mock.calls.map((c) => norm(c.map(String).join(' ')));
    for (const m of code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)) {
      const expected = norm(m[1]!.replace(/\s*\([^)]*\)$/, ''));
      expect(printed).toContain(expected);
    }
  });

  it('type-check (strict, as the package)', () => {
    const files = blocks.map((code, i) => {
      const file = join(dir, `typed${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const configPath = join(import.meta.dirname, '..', 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, ts.sys.readFile).config,
      ts.sys,
      join(import.meta.dirname, '..'),
    );
    // Snippets may declare values they do not use.
    const options = { ...config.options, noUnusedLocals: false, noEmit: true };
    const program = ts.createProgram(files, options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });
});
