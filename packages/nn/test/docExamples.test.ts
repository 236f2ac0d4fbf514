/**
 * Every fenced ```ts example in the TSDoc of `src/` runs: the block is extracted from the comment, its
 * `import` lines are dropped (every public name of `@stepwise/tensor` and `@stepwise/nn` is in scope
 * instead), the types are stripped with esbuild, and the code is executed. An example that throws, or that
 * uses a name that does not exist, fails this test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tensorApi from '@stepwise/tensor';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as nnApi from '../src/index.js';

const srcDir = join(import.meta.dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The ```ts blocks of the doc comments of a file, with the comment's ` * ` prefix removed. */
function examples(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*\*\s?```ts\n([\s\S]*?)^\s*\*\s?```$/gm)) {
    out.push(
      m[1]!
        .split('\n')
        .map((line) => line.replace(/^\s*\*\s?/, ''))
        .join('\n'),
    );
  }
  return out;
}

const scope: Record<string, unknown> = { ...tensorApi, ...nnApi };
const names = Object.keys(scope);

function run(code: string): void {
  const body = code
    .split('\n')
    .filter((l) => !/^\s*import\s/.test(l))
    .join('\n');
  const js = transformSync(body, { loader: 'ts', format: 'esm' }).code;
  new Function(...names, js)(...names.map((n) => scope[n]));
}

describe('TSDoc examples run', () => {
  for (const file of filesUnder(srcDir)) {
    const blocks = examples(readFileSync(file, 'utf8'));
    blocks.forEach((code, i) => {
      it(`${relative(srcDir, file)} example ${i + 1}`, () => {
        expect(() => run(code)).not.toThrow();
      });
    });
  }
});
