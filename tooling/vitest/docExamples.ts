/**
 * Runs the TSDoc examples of a package as tests: every fenced ```ts block is extracted from its comment, its
 * `import` lines are dropped (the names of the `api` given are in scope instead), the types are stripped with
 * esbuild, and the code is executed. An example that throws, or that uses a name that does not exist, fails.
 * A line `expr; // value` whose comment is a number or an array of numbers (optionally after `=` or `≈`; `≈` or a
 * trailing `…` means "to these digits") is also checked: `expr` must evaluate to that value.
 * Used by the `docExamples.test.ts` of `@stepwise/nn` and `@stepwise/norm`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

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

/** The numbers of a comment like `[0.6931…, 1000]` with their tolerances, or null if it is prose. */
function expectedNumbers(comment: string): Array<[number, number]> | null {
  const approx = comment.includes('≈');
  const v = comment.replace(/^.*[=≈]\s*/, '').trim();
  if (!/^[[\]\d\s,.\-…e]+$/.test(v) || !/\d/.test(v)) return null;
  return [...v.matchAll(/-?\d+(?:\.(\d+))?(?:e-?\d+)?(…)?/g)].map((m) => {
    const value = Number.parseFloat(m[0].replace('…', ''));
    const tol = m[2] || approx ? 10 ** -(m[1]?.length ?? 0) : Math.max(1e-6 * Math.abs(value), 1e-7);
    return [value, tol];
  });
}

function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(flat);
  throw new Error(`example value ${String(v)} is not a number or an array of numbers`);
}

function check(actual: unknown, comment: string): void {
  const want = expectedNumbers(comment)!;
  const got = flat(actual);
  expect(got.length, `value count for // ${comment}`).toBe(want.length);
  want.forEach(([value, tol], i) => {
    expect(Math.abs(got[i]! - value), `element ${i} of // ${comment}: got ${got[i]}`).toBeLessThanOrEqual(
      tol,
    );
  });
}

/** Rewrites `expr; // value` into `__check(expr, "value");` where the comment holds numbers. */
function withChecks(line: string): string {
  const m = /^(?!\s*(?:const|let|var)\s)(.+);\s*\/\/\s*(.+)$/.exec(line);
  if (!m || expectedNumbers(m[2]!) === null) return line;
  return `__check(${m[1]}, ${JSON.stringify(m[2])});`;
}

function run(code: string, scope: Readonly<Record<string, unknown>>): void {
  const names = Object.keys(scope);
  const body = code
    .split('\n')
    .filter((l) => !/^\s*import\s/.test(l))
    .map(withChecks)
    .join('\n');
  const js = transformSync(body, { loader: 'ts', format: 'esm' }).code;
  new Function(...names, js)(...names.map((n) => scope[n]));
}

/**
 * Declares one test per fenced ```ts example in the TSDoc of the files under `srcDir`, run with the names of
 * `api` in scope (later spreads win on name clashes, e.g. tensor's `ones` over nn's initializer `ones`).
 */
export function describeDocExamples(srcDir: string, api: Readonly<Record<string, unknown>>): void {
  const scope = { ...api, __check: check };
  describe('TSDoc examples run', () => {
    for (const file of filesUnder(srcDir)) {
      const blocks = examples(readFileSync(file, 'utf8'));
      blocks.forEach((code, i) => {
        it(`${relative(srcDir, file)} example ${i + 1}`, () => {
          expect(() => run(code, scope)).not.toThrow();
        });
      });
    }
  });
}
