/**
 * TSDoc coverage of the public API, read with the TypeScript checker from each package's entry points
 * (the same names the reference site documents): every exported name has a summary, `@category` and
 * `@since`; every exported function also has an `@example` and an `@see` (its Keras / PyTorch / Optax / JAX
 * equivalent and the differences). Namespaces (`random`, `tree`, `arb`) are checked member by member.
 *
 * The gaps that existed when this test was written are listed in `KNOWN_GAPS`; a new gap fails, and so does
 * a listed gap that has been fixed (remove it from the list), so the list can only shrink.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { libraries, repoRoot } from './support/workspace.js';

/** `module name:tag`, e.g. `@stepwise/tensor/kernel readBuffer:@example`. */
const KNOWN_GAPS = new Set<string>([
  '@stepwise/optim decodeOptions:@see',
  '@stepwise/optim leafMask:@see',
  '@stepwise/tensor isFloat:@example',
  '@stepwise/tensor isFloat:@see',
  '@stepwise/tensor isTensor:@example',
  '@stepwise/tensor isTensor:@see',
  '@stepwise/tensor promoteTypes:@example',
  '@stepwise/tensor promoteTypes:@see',
  '@stepwise/tensor.tree numLeaves:@see',
  '@stepwise/tensor/kernel adoptBuffer:@example',
  '@stepwise/tensor/kernel adoptBuffer:@see',
  '@stepwise/tensor/kernel allocateBuffer:@example',
  '@stepwise/tensor/kernel allocateBuffer:@see',
  '@stepwise/tensor/kernel isAnyTraced:@category',
  '@stepwise/tensor/kernel isAnyTraced:@example',
  '@stepwise/tensor/kernel isAnyTraced:@see',
  '@stepwise/tensor/kernel isAnyTraced:@since',
  '@stepwise/tensor/kernel readBuffer:@example',
  '@stepwise/tensor/kernel readBuffer:@see',
  '@stepwise/train ProgressStream:@category',
  '@stepwise/train ProgressStream:@since',
  '@stepwise/train decodeCheckpoint:@see',
  '@stepwise/train formatCheckpointErrors:@see',
  '@stepwise/train fromEpochs:@see',
  '@stepwise/train isDataset:@example',
  '@stepwise/train isDataset:@see',
  '@stepwise/train loadCheckpoint:@see',
  '@stepwise/train saveCheckpoint:@see',
]);

const published = libraries().filter((m) => !m.private);
const entries = published.flatMap((m) =>
  m.exports
    .filter((e) => e.source !== undefined)
    .map((e) => ({
      name: e.subpath === '.' ? m.name : `${m.name}/${e.subpath.replace(/^\.\//, '')}`,
      file: join(repoRoot, m.dir, e.source!),
    })),
);

/** Every documentation gap of the public API, as `module name:tag` strings. */
function gaps(): string[] {
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      customConditions: ['@stepwise/source'],
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const out: string[] = [];
  const visit = (moduleSymbol: ts.Symbol, where: string): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      // Re-exports of third-party code (`fc` is fast-check) are documented by their authors.
      const files = (s.declarations ?? []).map((d) => d.getSourceFile().fileName);
      if (files.length === 0 || files.some((f) => f.includes('/node_modules/'))) continue;
      if (s.flags & ts.SymbolFlags.ValueModule && s.valueDeclaration && ts.isSourceFile(s.valueDeclaration)) {
        visit(s, `${where}.${exported.name}`);
        continue;
      }
      const id = `${where} ${exported.name}`;
      // The doc comment directly above each declaration (a file header above the first declaration is not
      // its documentation); inline tags (`/** Summary. @category x @since 0.1.0 */`) count as tags.
      const docs = (s.declarations ?? []).flatMap((d) => {
        const node = ts.isVariableDeclaration(d) ? d.parent.parent : d;
        const own = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
        return own.length === 0 ? [] : [own[own.length - 1]!.getText()];
      });
      const text = docs.join('\n');
      const tags = new Set([...text.matchAll(/@(category|since|example|see)\b/g)].map((t) => `@${t[1]}`));
      const summary = text
        .replace(/^\/\*\*|\*\/$/g, '')
        .replace(/^\s*\*/gm, '')
        .split(/(?:^|\s)@\w/)[0]!
        .trim();
      if (summary === '') out.push(`${id}:summary`);
      const wanted = ['@category', '@since'];
      const isFunction =
        (s.flags & ts.SymbolFlags.Function) !== 0 ||
        (s.declarations ?? []).some(
          (d) =>
            ts.isVariableDeclaration(d) &&
            d.initializer !== undefined &&
            (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)),
        );
      if (isFunction) wanted.push('@example', '@see');
      for (const t of wanted) if (!tags.has(t)) out.push(`${id}:${t}`);
    }
  };
  for (const e of entries) {
    const source = program.getSourceFile(e.file);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (symbol !== undefined) visit(symbol, e.name);
  }
  return out.sort();
}

describe('TSDoc coverage of the public API', () => {
  const found = gaps();

  it('no new gaps: every export has a summary, @category and @since; functions also @example and @see', () => {
    console.info(`[docs coverage] ${found.length} known gaps: ${found.join(', ')}`);
    expect(found.filter((g) => !KNOWN_GAPS.has(g))).toEqual([]);
  });

  it('the known-gap list is current (remove fixed entries)', () => {
    const present = new Set(found);
    expect([...KNOWN_GAPS].filter((g) => !present.has(g))).toEqual([]);
  });
});
