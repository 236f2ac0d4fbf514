/**
 * Bundles an import the way an application's bundler would (esbuild, minified, tree-shaken, honouring
 * `sideEffects: false`), resolving workspace packages to their TypeScript sources through the
 * `@stepwise/source` condition so that no build is needed. The esbuild metafile tells which source files
 * were loaded at all and which contributed bytes to the output.
 * @module
 */
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { repoRoot } from './workspace.js';

/** What a bundle contains. Paths are relative to the repository root. */
export interface BundleReport {
  /** Minified output size in bytes. */
  readonly bytes: number;
  /** Gzip (level 9) size of the minified output in bytes. */
  readonly gzipBytes: number;
  /** Every file esbuild loaded, including those whose code was then dropped by tree shaking. */
  readonly loaded: readonly string[];
  /** Files that contributed at least one byte to the output. */
  readonly included: readonly string[];
  /** Bare imports that were left external (third-party packages and Node built-ins). */
  readonly externals: readonly string[];
  /** Every bare import (`pkg`, `@scope/pkg/sub`, `node:fs`) with the file that made it. */
  readonly bareImports: ReadonlyArray<{ readonly importer: string; readonly specifier: string }>;
}

export interface BundleOptions {
  /** Folder the entry's imports resolve from. */
  readonly resolveDir: string;
  /** `neutral` (no Node built-ins, like a browser bundle) or `node`. */
  readonly platform: 'neutral' | 'node';
  /** Leave third-party packages external (only `@stepwise/*` is bundled). */
  readonly externalThirdParty: boolean;
}

type BareImport = { readonly importer: string; readonly specifier: string };

/**
 * Records every bare import with its importer; when `external`, leaves every bare import that is not a
 * `@stepwise/*` package external.
 */
const bareImports = (seen: BareImport[], external: boolean): Plugin => ({
  name: 'bare-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      seen.push({ importer: relative(repoRoot, args.importer), specifier: args.path });
      if (!external || args.path.startsWith('@stepwise/')) return undefined;
      return { path: args.path, external: true };
    });
  },
});

/** Bundles the module `contents` (TypeScript) and reports its size and contents. */
export async function bundle(contents: string, options: BundleOptions): Promise<BundleReport> {
  const seen: BareImport[] = [];
  const result = await build({
    stdin: { contents, resolveDir: options.resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: options.platform,
    conditions: ['@stepwise/source'],
    outfile: 'bundle.js',
    logLevel: 'silent',
    plugins: [bareImports(seen, options.externalThirdParty)],
  });
  const output = result.outputFiles.find((f) => f.path.endsWith('.js'));
  if (output === undefined) throw new Error('esbuild produced no JavaScript output');
  const meta = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (meta === undefined) throw new Error('esbuild metafile has no entry output');
  const isFile = (p: string): boolean => p !== 'entry.ts' && p !== '<stdin>';
  return {
    bytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    loaded: Object.keys(result.metafile.inputs).filter(isFile).sort(),
    included: Object.entries(meta.inputs)
      .filter(([p, v]) => isFile(p) && v.bytesInOutput > 0)
      .map(([p]) => p)
      .sort(),
    externals: [...new Set(seen.map((i) => i.specifier))].filter((s) => !s.startsWith('@stepwise/')).sort(),
    bareImports: seen,
  };
}

/** The workspace folder (`packages/x`, `apps/y`) a repository-relative path lies in, if any. */
export function memberDirOf(path: string): string | undefined {
  const m = /^(packages|apps)\/([^/]+)\//.exec(path);
  return m === null ? undefined : `${m[1]}/${m[2]}`;
}
