/**
 * The committed WebAssembly binaries (`src/wasm/matmulModule.ts`, `src/wasm/streamModule.ts`) are up to date
 * with their AssemblyScript sources: the recorded source hashes match, and recompiling with the pinned flags
 * reproduces each module byte for byte (so the artifacts cannot rot).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS_MODULE_PATH,
  activationsSourceHash,
  compileActivations,
  compileMatmul,
  compileStream,
  MODULE_PATH,
  renderActivationsModule,
  renderModule,
  renderStreamModule,
  STREAM_MODULE_PATH,
  sourceHash,
  streamSourceHash,
} from '../scripts/wasm-build.js';
import { ACTIVATIONS_SOURCE_SHA256 } from '../src/wasm/activationsModule.js';
import { MATMUL_SOURCE_SHA256 } from '../src/wasm/matmulModule.js';
import { STREAM_SOURCE_SHA256 } from '../src/wasm/streamModule.js';

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

/** The static `WebAssembly.Module` reflection used here (the package compiles without the DOM library). */
interface WasmModuleApi {
  readonly Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): unknown[];
    exports(m: object): Array<{ name: string; kind: string }>;
  };
}

describe('generated WASM stream module', () => {
  it('records the hash of the current asm/stream.ts (rerun scripts/wasm-build.ts after editing it)', () => {
    expect(STREAM_SOURCE_SHA256).toBe(streamSourceHash());
  });

  it('recompiling asm/stream.ts reproduces the committed module byte for byte', async () => {
    expect(renderStreamModule(await compileStream())).toBe(readFileSync(STREAM_MODULE_PATH, 'utf8'));
  }, 300_000);

  it('needs no imports and exports its own fixed memory (no shared memory, no threads)', async () => {
    const bytes = await compileStream();
    const api = (globalThis as unknown as { WebAssembly: WasmModuleApi }).WebAssembly;
    const m = new api.Module(bytes);
    expect(api.Module.imports(m)).toEqual([]);
    expect(api.Module.exports(m)).toContainEqual({ name: 'memory', kind: 'memory' });
  }, 300_000);
});

describe('generated WASM activations module', () => {
  it('records the hash of the current asm/activations.ts (rerun scripts/wasm-build.ts after editing it)', () => {
    expect(ACTIVATIONS_SOURCE_SHA256).toBe(activationsSourceHash());
  });

  it('recompiling asm/activations.ts reproduces the committed module byte for byte', async () => {
    expect(renderActivationsModule(await compileActivations())).toBe(
      readFileSync(ACTIVATIONS_MODULE_PATH, 'utf8'),
    );
  }, 300_000);
});
