/**
 * CPU time of the activation kernels (`src/wasm/activations.ts`): ns/element of each kernel at 1e3, 1e6
 * and 1e7 float32 elements (normal inputs, scale 3) into preallocated outputs — WebAssembly SIMD against
 * the float64 JavaScript loops it replaces (`setWasmEnabled(false)`) — and the chunk size. Median of
 * repeated runs of `process.cpuUsage()` (user + system), so time stolen by other processes does not
 * count. Not a test; prints a table:
 *
 *   npx tsx packages/tensor/scripts/wasm-activations-measure.ts [quick]
 */
import {
  eluGradKernel,
  eluKernel,
  geluKernel,
  geluWithDerivativeKernel,
  mishKernel,
  mishWithDerivativeKernel,
  setActivationTuning,
  sigmoidGradKernel,
  sigmoidKernel,
  siluKernel,
  siluWithDerivativeKernel,
  softplusKernel,
  softplusWithDerivativeKernel,
  tanhGradKernel,
  tanhKernel,
} from '../src/wasm/activations.js';
import { setWasmEnabled } from '../src/wasm/runtime.js';

const quick = process.argv.includes('quick');

/** Median CPU milliseconds of `f` over `reps` runs (after two warm-up runs). */
function cpuMs(f: () => void, reps: number): number {
  f();
  f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1]!;
}

/** Normal values (Box–Muller, fixed seed) scaled by 3. */
function randn(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 3 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

type Case = readonly [
  name: string,
  run: (x: Float32Array, g: Float32Array, o: Float32Array, d: Float32Array) => void,
];
const cases: readonly Case[] = [
  ['sigmoid', (x, _g, o) => sigmoidKernel(x, o)],
  ['sigmoidGrad', (x, g, o) => sigmoidGradKernel(x, g, o)],
  ['tanh', (x, _g, o) => tanhKernel(x, o)],
  ['tanhGrad', (x, g, o) => tanhGradKernel(x, g, o)],
  ['elu', (x, _g, o) => eluKernel(x, o)],
  ['eluGrad', (x, g, o) => eluGradKernel(x, g, o)],
  ['gelu', (x, _g, o) => geluKernel(x, o)],
  ['gelu+d', (x, _g, o, d) => geluWithDerivativeKernel(x, o, d)],
  ['geluTanh', (x, _g, o) => geluKernel(x, o, true)],
  ['geluTanh+d', (x, _g, o, d) => geluWithDerivativeKernel(x, o, d, true)],
  ['silu', (x, _g, o) => siluKernel(x, o)],
  ['silu+d', (x, _g, o, d) => siluWithDerivativeKernel(x, o, d)],
  ['softplus', (x, _g, o) => softplusKernel(x, o)],
  ['softplus+d', (x, _g, o, d) => softplusWithDerivativeKernel(x, o, d)],
  ['mish', (x, _g, o) => mishKernel(x, o)],
  ['mish+d', (x, _g, o, d) => mishWithDerivativeKernel(x, o, d)],
];

const sizes = quick ? [1e3, 1e6] : [1e3, 1e6, 1e7];
const reps = (n: number): number => (quick ? 5 : n >= 1e7 ? 7 : n >= 1e6 ? 15 : 2001);
const ns = (ms: number, n: number): string => ((ms * 1e6) / n).toFixed(2).padStart(7);

console.log(`ns/element, median CPU time; WASM vs float64 JavaScript loops (${quick ? 'quick' : 'full'})`);
console.log(`${'kernel'.padEnd(12)}${sizes.map((n) => `  n=${n.toExponential(0)} wasm    js`).join('')}`);
for (const [name, run] of cases) {
  let line = name.padEnd(12);
  for (const n of sizes) {
    const x = randn(n, 7);
    const g = randn(n, 11);
    const o = new Float32Array(n);
    const d = new Float32Array(n);
    // at 1e3, time 100 calls per run so the clock resolution does not dominate
    const inner = n < 1e5 ? 100 : 1;
    const f = (): void => {
      for (let k = 0; k < inner; k++) run(x, g, o, d);
    };
    setWasmEnabled(true);
    const w = cpuMs(f, reps(n)) / inner;
    setWasmEnabled(false);
    const j = cpuMs(f, Math.max(3, reps(n) >> 1)) / inner;
    setWasmEnabled(true);
    line += `        ${ns(w, n)} ${ns(j, n)}`;
  }
  console.log(line);
}

console.log('\nchunk size (sigmoid and gelu, 1e6 elements, ns/element)');
{
  const n = 1e6;
  const x = randn(n, 7);
  const o = new Float32Array(n);
  for (const c of [1024, 4096, 8192, 16384]) {
    setActivationTuning({ chunk: c });
    const s = cpuMs(() => sigmoidKernel(x, o), reps(n));
    const gl = cpuMs(() => geluKernel(x, o), reps(n));
    console.log(`chunk ${String(c).padStart(6)}: sigmoid ${ns(s, n)}  gelu ${ns(gl, n)}`);
  }
  setActivationTuning();
}

console.log('\nsmall sizes (sigmoid, ns/element): where WASM starts to pay');
for (const n of [8, 16, 32, 64, 128, 256]) {
  const x = randn(n, 7);
  const o = new Float32Array(n);
  const f = (): void => {
    for (let k = 0; k < 10000; k++) sigmoidKernel(x, o);
  };
  setActivationTuning({ minElements: 0 });
  const w = cpuMs(f, 11) / 10000;
  setActivationTuning({ minElements: Number.POSITIVE_INFINITY });
  const j = cpuMs(f, 11) / 10000;
  setActivationTuning();
  console.log(`n=${String(n).padStart(4)}: wasm ${ns(w, n)}  js ${ns(j, n)}`);
}
