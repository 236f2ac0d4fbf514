/**
 * Selective imports are real: a bundle of one function of `@stepwise/tensor` carries only the modules that
 * function needs, not the rest of the package. Sizes are printed so they can be reported; the byte bound is
 * deliberately generous (the contents checks are the precise ones).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BundleReport, bundle } from './support/bundle.js';
import { repoRoot } from './support/workspace.js';

const tensorDir = join(repoRoot, 'packages/tensor');

/** Bundles `import { names } from '@stepwise/tensor'` for a browser-like target (no Node built-ins). */
const bundleNames = (names: readonly string[]): Promise<BundleReport> =>
  bundle(`export { ${names.join(', ')} } from '@stepwise/tensor';`, {
    resolveDir: tensorDir,
    platform: 'neutral',
    externalThirdParty: false,
  });

/** Modules a bundle of `add` alone must not contain: they belong to unrelated features. */
const UNRELATED_TO_ADD: ReadonlyArray<readonly [string, RegExp]> = [
  ['matrix multiplication', /\/(kernels\/matmul|ops\/linalg\/)/],
  ['random numbers (threefry, samplers)', /\/random\//],
  ['pytrees', /\/tree\//],
  ['gradient transformations (grad, vjp, jvp)', /\/autodiff\/(transforms|backward)\.ts$/],
];

const report = (label: string, r: BundleReport): void => {
  console.log(
    `[import cost] ${label}: ${r.bytes} bytes minified, ${r.gzipBytes} bytes gzip, ` +
      `${r.included.length} modules: ${r.included.map((p) => p.replace('packages/tensor/src/', '')).join(' ')}`,
  );
};

describe("import { add } from '@stepwise/tensor'", () => {
  it('bundles to a small file (minified, tree-shaken) that holds only tensor modules', async () => {
    const r = await bundleNames(['add']);
    report('add', r);
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.bytes).toBeLessThan(25_000);
    expect(r.included.every((p) => p.startsWith('packages/tensor/src/'))).toBe(true);
    expect(r.included).toContain('packages/tensor/src/kernels/elementwise.ts');
  });

  it.each(UNRELATED_TO_ADD)('contains no code of %s', async (_what, pattern) => {
    const r = await bundleNames(['add']);
    expect(r.included.filter((p) => pattern.test(p))).toEqual([]);
  });

  it('is smaller than a bundle of the whole package, which does contain the unrelated modules', async () => {
    // The positive control: the same detector finds those modules when they are imported, so the
    // checks above can fail.
    const all = await bundle(`export * from '@stepwise/tensor';`, {
      resolveDir: tensorDir,
      platform: 'neutral',
      externalThirdParty: false,
    });
    report('export * (whole package)', all);
    const add = await bundleNames(['add']);
    expect(add.bytes).toBeLessThan(all.bytes);
    expect(all.included.some((p) => /\/autodiff\/transforms\.ts$/.test(p))).toBe(true);
    const addGrad = await bundleNames(['add', 'grad']);
    expect(addGrad.included.filter((p) => /\/autodiff\/transforms\.ts$/.test(p))).toHaveLength(1);
  });
});
