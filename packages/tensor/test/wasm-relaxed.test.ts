/**
 * The relaxed-SIMD binary (fused multiply-add) against the JavaScript reference. Node 20 validates it only
 * with `--experimental-wasm-relaxed-simd`, so a child process with that flag runs it (odd sizes, block edges,
 * every transpose combination, one and two threads) and reports the flavour it ran and the worst error
 * relative to the float32 rounding bound.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFlavor } from '../src/wasm/runtime.js';

const describeWasm = detectFlavor() === null ? describe.skip : describe;

describeWasm('relaxed SIMD binary', () => {
  it('runs under --experimental-wasm-relaxed-simd and stays within the float32 bound', () => {
    const src = (p: string): string => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));
    const script = join(tmpdir(), `stepwise-wasm-relaxed-${process.pid}.mts`);
    writeFileSync(
      script,
      `import { matmulKernel } from ${src('../src/kernels/matmul.ts')};
import { setMaxThreads, setThreadThreshold, startWasmPool, wasmMatmulF32 } from ${src('../src/wasm/matmul.ts')};
import { detectFlavor } from ${src('../src/wasm/runtime.ts')};
const threads = await startWasmPool();
setThreadThreshold(0);
let s = 12345;
const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1);
let worst = 0;
let identical = true;
for (const [m, n, k] of [[1, 2, 3], [7, 9, 17], [33, 65, 300], [79, 523, 260]]) {
  for (const ta of [false, true]) for (const tb of [false, true]) {
    const a = rnd(m * k), b = rnd(k * n);
    const ref = new Float64Array(m * n), mag = new Float64Array(m * n);
    matmulKernel(Float64Array.from(a), 0, Float64Array.from(b), 0, ref, 0, m, n, k, ta, tb);
    matmulKernel(Float64Array.from(a, Math.abs), 0, Float64Array.from(b, Math.abs), 0, mag, 0, m, n, k, ta, tb);
    const c1 = new Float32Array(m * n), c2 = new Float32Array(m * n);
    setMaxThreads(1);
    wasmMatmulF32(a, 0, b, 0, c1, 0, m, n, k, ta, tb);
    setMaxThreads(4);
    wasmMatmulF32(a, 0, b, 0, c2, 0, m, n, k, ta, tb);
    for (let i = 0; i < m * n; i++) {
      const bound = (k + 2) * 2 ** -24 * mag[i] + 2 ** -24 * Math.abs(ref[i]) + 1e-30;
      worst = Math.max(worst, Math.abs(c1[i] - ref[i]) / bound);
      if (!Object.is(c1[i], c2[i])) identical = false;
    }
  }
}
console.log(JSON.stringify({ flavor: detectFlavor(), threads, worst, identical }));
`,
    );
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)), // where `tsx` resolves
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      flavor: string;
      threads: number;
      worst: number;
      identical: boolean;
    };
    expect(out.flavor).toBe('relaxed');
    expect(out.worst).toBeLessThanOrEqual(1);
    expect(out.identical).toBe(true);
  }, 150_000);
});
