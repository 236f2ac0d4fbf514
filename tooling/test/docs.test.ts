/**
 * Every documented example runs, so none can rot:
 *
 * - each ```ts block of the guides (`docs/guides/*.md`) and of every package README is written to a
 *   temporary directory outside the repository (so that no linter, typecheck or packer sees it), whose
 *   `node_modules` links the workspace packages and their third-party dependencies as an installation
 *   would, and imported as a module through Vite (which strips the types and resolves `@stepwise/*` to
 *   sources through the `@stepwise/source` condition). In the guides, a line `console.log(…); // text`
 *   must print exactly `text` (the printed values are joined by spaces, as `String` shows them);
 * - the guides' blocks are also type-checked with the repository's strict settings;
 * - each ```ts block of the `@example` tags of the packages' TSDoc runs in full, with the public names of
 *   the package and of the packages it depends on in scope, plus, for short examples, the few values they
 *   assume (`model`, `state`, `x`… of `CONTEXTS`).
 *
 * Blocks fenced as ```ts skip are not run; their count is printed. An `import … from 'vitest'` in a block
 * gets `test`/`it`/`describe` that run their body at once and the real `expect`, so an example of a test
 * file is executed too.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { libraries, type Member, repoRoot } from './support/workspace.js';

/** A fenced block of a Markdown file or a doc comment. */
export interface CodeBlock {
  /** Where it comes from, e.g. `docs/guides/keys.md #2` or `packages/nn/src/dense.ts:40`. */
  readonly origin: string;
  readonly code: string;
  /** Fenced as ```ts skip. */
  readonly skip: boolean;
}

/** The ```ts blocks of a Markdown text (```ts skip blocks are returned with `skip: true`). */
export function markdownBlocks(text: string, origin: string): CodeBlock[] {
  return [...text.matchAll(/^```(?:ts|typescript)( skip)?[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m, i) => ({
    origin: `${origin} #${i + 1}`,
    code: m[2]!,
    skip: m[1] !== undefined,
  }));
}

/** The ```ts blocks inside the doc comments of a TypeScript source, with the ` * ` prefixes removed. */
export function docCommentBlocks(source: string, origin: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const m of source.matchAll(
    /^[ \t]*\*[ \t]?```(?:ts|typescript)( skip)?[ \t]*\n([\s\S]*?)^[ \t]*\*[ \t]?```/gm,
  )) {
    const line = source.slice(0, m.index).split('\n').length;
    const code = m[2]!
      .split('\n')
      .map((l) => l.replace(/^[ \t]*\*[ \t]?/, ''))
      .join('\n');
    out.push({ origin: `${origin}:${line}`, code, skip: m[1] !== undefined });
  }
  return out;
}

/** `console.log(…); // text` lines of a block: the texts, in order. */
export const expectedPrints = (code: string): string[] =>
  [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]!.trim());

const published = libraries().filter((m) => !m.private);
const guidesDir = join(repoRoot, 'docs', 'guides');
const guideFiles = existsSync(guidesDir)
  ? readdirSync(guidesDir)
      .filter((f) => f.endsWith('.md'))
      .sort()
  : [];
const guideBlocks = guideFiles.flatMap((f) =>
  markdownBlocks(readFileSync(join(guidesDir, f), 'utf8'), `docs/guides/${f}`),
);
// Packages still being written may have no README yet.
const readmeBlocks = published.flatMap((m) => {
  const file = join(repoRoot, m.dir, 'README.md');
  return existsSync(file) ? markdownBlocks(readFileSync(file, 'utf8'), `${m.dir}/README.md`) : [];
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const exampleBlocks = published.flatMap((m) =>
  filesUnder(join(repoRoot, m.dir, 'src')).flatMap((f) =>
    docCommentBlocks(readFileSync(f, 'utf8'), relative(repoRoot, f)).map((b) => ({ ...b, member: m })),
  ),
);

const dir = mkdtempSync(join(tmpdir(), 'stepwise-docs-'));
const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);

/** `test`/`it`/`describe` for blocks that show a test file: the body runs at once; pending bodies are awaited. */
const pending: Promise<unknown>[] = [];
const runAtOnce = (_name: string, ...rest: unknown[]): void => {
  const fn = rest.find((r) => typeof r === 'function') as (() => unknown) | undefined;
  if (fn !== undefined) pending.push(Promise.resolve().then(fn));
};
(globalThis as Record<string, unknown>)['__stepwiseDocTest'] = {
  test: runAtOnce,
  it: runAtOnce,
  describe: (_name: string, fn: () => void) => fn(),
  expect,
};

beforeAll(() => {
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@stepwise'), { recursive: true });
  for (const m of published) {
    symlinkSync(join(repoRoot, m.dir), join(modules, m.name), 'dir');
    const deps = join(repoRoot, m.dir, 'node_modules');
    if (!existsSync(deps)) continue;
    for (const name of readdirSync(deps).filter((n) => !n.startsWith('.') && n !== '@stepwise')) {
      const to = join(modules, name);
      if (!existsSync(to)) symlinkSync(realpathSync(join(deps, name)), to, 'dir');
    }
  }
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  mkdirSync(join(dir, 'run')); // where examples save checkpoints ('run/ckpt.json')
  writeFileSync(
    join(dir, 'vitest-shim.ts'),
    'const t = (globalThis as any).__stepwiseDocTest;\nexport const { test, it, describe, expect } = t;\n',
  );
});

afterAll(() => {
  log.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

let fileCount = 0;
/** Writes a block as a module of the temporary directory, `vitest` imports pointing at the shim. */
function writeBlock(code: string, prefix: string): string {
  const file = join(dir, `${prefix}-${fileCount++}.ts`);
  writeFileSync(file, `${code.replace(/from 'vitest'/g, "from './vitest-shim.js'")}\nexport {};\n`);
  return file;
}

/** Imports a block, returns what it printed with console.log (one string per call). */
async function runBlock(code: string, prefix: string): Promise<string[]> {
  const file = writeBlock(code, prefix);
  log.mockClear();
  pending.length = 0;
  await import(/* @vite-ignore */ file);
  await Promise.all(pending);
  return log.mock.calls.map((c) => c.map(String).join(' '));
}

/**
 * The values that short TSDoc examples of a package use without defining them (`model`, `state`, `x`…),
 * as a module of the temporary directory. An example gets, as `let` bindings, only the names it uses and
 * does not declare itself, so it runs in full; any other free name (a renamed or removed export, a typo)
 * fails the test with a ReferenceError.
 */
const CONTEXTS: Record<string, { readonly names: readonly string[]; readonly source: string }> = {
  '@stepwise/train': {
    names: [
      'x',
      'y',
      'xTest',
      'yTest',
      'model',
      'optimizer',
      'inputShape',
      'state',
      'state0',
      'step',
      'evalStep',
      'grads',
      'text',
      'batches',
      'test',
    ],
    source: `
import { accuracy, activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { adam } from '@stepwise/optim';
import { cast, grad, greater, random, sum, type Tensor } from '@stepwise/tensor';
import { batch, dataset, encodeCheckpoint, initTrainState, makeEvalStep, makeTrainStep } from '@stepwise/train';
import { pipe } from 'fp-ts/function';
const x = random.normal(random.key(11), [64, 4]);
const y = cast(greater(sum(x, 1), 0), 'int32');
const xTest = random.normal(random.key(12), [32, 4]);
const yTest = cast(greater(sum(xTest, 1), 0), 'int32');
const model = sequential(dense(8), activation(relu), dense(2));
const optimizer = adam({ learningRate: 1e-2 });
const inputShape = [32, 4];
const state = initTrainState({ model, optimizer, key: random.key(0), inputShape });
const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
const evalStep = makeEvalStep({ model, loss: softmaxCrossEntropy, metrics: { accuracy } });
const grads = grad((p: typeof state.params): Tensor => softmaxCrossEntropy(model.apply(p, state.modelState, x).y, y))(state.params);
export const context: Record<string, unknown> = {
  x, y, xTest, yTest, model, optimizer, inputShape, state, state0: state, step, evalStep, grads,
  text: encodeCheckpoint(state),
  batches: pipe(dataset({ x, y }), batch(32)),
  test: pipe(dataset({ x: xTest, y: yTest }), batch(32)),
};
`,
  },
};

const scopeFiles = new Map<string, { file: string; names: string[] }>();
/**
 * A module of the temporary directory exporting \`scope\`: the public names of the packages \`m\` depends on,
 * then \`@stepwise/tensor\`'s, then \`m\`'s own (later ones win: \`ones\` is the tensor creation function in
 * \`@stepwise/norm\`'s examples, not \`@stepwise/nn\`'s initializer).
 */
function writeScope(m: Member): { file: string; names: string[] } {
  const cached = scopeFiles.get(m.name);
  if (cached !== undefined) return cached;
  const deps = [...m.runtimeDeps, ...Object.keys((m.manifest['devDependencies'] ?? {}) as object)].filter(
    (d) =>
      d.startsWith('@stepwise/') &&
      d !== m.name &&
      d !== '@stepwise/tensor' &&
      published.some((p) => p.name === d),
  );
  const order = [...deps, ...(m.name === '@stepwise/tensor' ? [] : ['@stepwise/tensor']), m.name];
  const file = `scope-${m.name.replace('@stepwise/', '')}.ts`;
  // Pipelines compose with fp-ts's `pipe`, and results are fp-ts `Either`s: `pipe`, `isLeft` and `isRight`
  // are in scope for packages that depend on fp-ts.
  const fpTs = m.runtimeDeps.includes('fp-ts');
  writeFileSync(
    join(dir, file),
    `${fpTs ? "import { pipe } from 'fp-ts/function';\nimport { isLeft, isRight } from 'fp-ts/Either';\n" : ''}${order.map((d, i) => `import * as m${i} from '${d}';`).join('\n')}\nexport const scope: Record<string, unknown> = { ${fpTs ? 'pipe, isLeft, isRight, ' : ''}${order.map((_, i) => `...m${i}`).join(', ')} };\n`,
  );
  const names = order.flatMap((d) => {
    const p = published.find((x) => x.name === d)!;
    return exportedNames(join(repoRoot, p.dir, 'src/index.ts'));
  });
  const entry = {
    file: file.replace(/\.ts$/, '.js'),
    names: [...new Set([...(fpTs ? ['pipe', 'isLeft', 'isRight'] : []), ...names])],
  };
  scopeFiles.set(m.name, entry);
  return entry;
}

/** The value names a module exports (read with the TypeScript checker). */
function exportedNames(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    customConditions: ['@stepwise/source'],
    allowImportingTsExtensions: true,
  });
  const checker = program.getTypeChecker();
  const sym = checker.getSymbolAtLocation(program.getSourceFile(entry)!);
  return sym === undefined
    ? []
    : checker
        .getExportsOfModule(sym)
        .filter((s) => {
          const t = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          return (t.flags & ts.SymbolFlags.Value) !== 0;
        })
        .map((s) => s.name);
}

const runnable = (blocks: readonly CodeBlock[]) =>
  blocks.filter((b) => !b.skip).map((b) => [b.origin, b] as const);

describe('extraction (the runner cannot silently find nothing)', () => {
  it('finds ts blocks, marks ts skip blocks, ignores other languages', () => {
    const md = '# t\n\n```ts\nconst a = 1;\n```\n\n```sh\nls\n```\n\n```ts skip\nnot run\n```\n';
    expect(markdownBlocks(md, 'x.md')).toEqual([
      { origin: 'x.md #1', code: 'const a = 1;\n', skip: false },
      { origin: 'x.md #2', code: 'not run\n', skip: true },
    ]);
  });

  it('finds the ts blocks of doc comments with their line numbers', () => {
    const src =
      '/**\n * Doubles.\n * @example\n * ```ts\n * double(2); // 4\n * ```\n */\nexport const double = 1;\n';
    expect(docCommentBlocks(src, 'a.ts')).toEqual([
      { origin: 'a.ts:4', code: 'double(2); // 4\n', skip: false },
    ]);
  });

  it('reads the expected output of console.log lines only', () => {
    expect(
      expectedPrints('console.log(a, b); // 1 2\nconst c = 3; // not printed\n  console.log(c); // 3'),
    ).toEqual(['1 2', '3']);
  });
});

describe('doc examples', () => {
  it('counts (skipped blocks are listed)', () => {
    const skipped = [...guideBlocks, ...readmeBlocks, ...exampleBlocks].filter((b) => b.skip);
    console.info(
      `[docs] ${guideBlocks.length} guide blocks, ${readmeBlocks.length} README blocks, ${exampleBlocks.length} TSDoc @example blocks; ${skipped.length} skipped (\`\`\`ts skip)${skipped.length > 0 ? `: ${skipped.map((b) => b.origin).join(', ')}` : ''}`,
    );
    expect(guideFiles.length).toBeGreaterThanOrEqual(5);
    expect(guideBlocks.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(guideFiles.length);
  });

  describe.each(runnable(guideBlocks))('%s', (_origin, block) => {
    it('runs and prints what its comments say', async () => {
      const printed = await runBlock(block.code, 'guide');
      expect(printed).toEqual(expectedPrints(block.code));
    });
  });

  it('the guides type-check (strict, as the packages)', () => {
    const files = guideBlocks.filter((b) => !b.skip).map((b) => writeBlock(b.code, 'typed'));
    writeFileSync(
      join(dir, 'vitest-shim.d.ts'),
      "export declare const test: typeof import('vitest').test, it: typeof import('vitest').it, describe: typeof import('vitest').describe, expect: typeof import('vitest').expect;\n",
    );
    const base = ts.parseJsonConfigFileContent(
      ts.readConfigFile(join(repoRoot, 'tooling/tsconfig/base.json'), ts.sys.readFile).config,
      ts.sys,
      join(repoRoot, 'tooling/tsconfig'),
    );
    // `vitest` is resolved from the repository root for the shim's declarations.
    symlinkSync(realpathSync(join(repoRoot, 'node_modules/vitest')), join(dir, 'node_modules/vitest'), 'dir');
    const program = ts.createProgram(files, {
      ...base.options,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
      .map((d) => {
        const origin = guideBlocks.filter((b) => !b.skip)[files.indexOf(d.file!.fileName)]!.origin;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${origin} line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
  }, 180_000);

  describe.each(runnable(readmeBlocks))('%s', (_origin, block) => {
    it('runs', async () => {
      await runBlock(block.code, basename(block.origin.split('/')[1] ?? 'readme'));
    });
  });

  describe('TSDoc @example blocks', () => {
    it.each(runnable(exampleBlocks))('%s runs', async (_origin, block) => {
      const m = (block as (typeof exampleBlocks)[number]).member;
      const scope = writeScope(m);
      const imported = new Set(
        [...block.code.matchAll(/^\s*import\s+(?:type\s+)?\{([^}]*)\}\s*from/gm)].flatMap((x) =>
          x[1]!.split(',').map(
            (n) =>
              n
                .trim()
                .replace(/^type\s+/, '')
                .split(/\s+as\s+/)
                .pop()!,
          ),
        ),
      );
      const declared = new Set(
        [
          ...block.code.matchAll(/\b(?:const|let|var|function|class|type|interface)\s+([A-Za-z_$][\w$]*)/g),
        ].map((x) => x[1]!),
      );
      for (const x of block.code.matchAll(/\b(?:const|let|var)\s*[[{]([^=]*)[\]}]\s*=/g)) {
        // `{ a, b: c, ...d }` declares a, c and d (a key before `:` is a property name, not a binding).
        for (const part of x[1]!.split(',')) {
          const name = (part.includes(':') ? part.slice(part.indexOf(':') + 1) : part).replace(
            /[.[\]{}\s]/g,
            '',
          );
          if (/^[A-Za-z_$][\w$]*$/.test(name)) declared.add(name);
        }
      }
      const names = scope.names.filter(
        (n) =>
          !declared.has(n) && !imported.has(n) && new RegExp(`(?<![\\w$.])${n}(?![\\w$])`).test(block.code),
      );
      const context = CONTEXTS[m.name];
      let contextLine = '';
      if (context !== undefined) {
        const file = `context-${m.name.replace('@stepwise/', '')}.ts`;
        if (!existsSync(join(dir, file))) writeFileSync(join(dir, file), context.source);
        const wanted = context.names.filter(
          (n) =>
            !declared.has(n) &&
            !imported.has(n) &&
            new RegExp(`(?<![\\w$.])${n}(?![\\w$:])`).test(block.code),
        );
        if (wanted.length > 0)
          contextLine = `import { context as __context } from './${file.replace(/\.ts$/, '.js')}';\nlet { ${wanted.join(', ')} } = __context as any;\n`;
      }
      const prelude = `import { scope as __scope } from './${scope.file}';\nconst { ${names.filter((n) => !contextLine.includes(` ${n},`) && !contextLine.includes(` ${n} }`)).join(', ')} } = __scope as any;\n${contextLine}`;
      // Examples that write files (saveCheckpoint('run/ckpt.json', …)) write them in the temporary directory.
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        await runBlock(`${prelude}${block.code}`, 'example');
      } finally {
        process.chdir(cwd);
      }
    });
  });
});
