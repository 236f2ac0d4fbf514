/**
 * The committed WebAssembly binaries (`src/wasm/matmulModule.ts`) are up to date with their AssemblyScript
 * source: the recorded source hash matches, and recompiling with the pinned flags reproduces the module
 * byte for byte (so the artifact cannot rot).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMatmul, MODULE_PATH, renderModule, sourceHash } from '../scripts/wasm-build.js';
import { MATMUL_SOURCE_SHA256 } from '../src/wasm/matmulModule.js';

describe('generated WASM module', () => {
  it('records the hash of the current asm/matmul.ts (rerun scripts/wasm-build.ts after editing it)', () => {
    expect(MATMUL_SOURCE_SHA256).toBe(sourceHash());
  });

  it('recompiling asm/matmul.ts reproduces the committed module byte for byte', async () => {
    const simd = await compileMatmul(false);
    const relaxed = await compileMatmul(true);
    expect(renderModule(simd, relaxed)).toBe(readFileSync(MODULE_PATH, 'utf8'));
  }, 300_000);
});
