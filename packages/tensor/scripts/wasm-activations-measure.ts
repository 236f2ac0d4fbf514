/**
 * CPU time of the activation kernels (`src/wasm/activations.ts`): ns/element of each kernel at 1e3, 1e6
 * and 1e7 float32 elements (normal inputs, scale 3) into preallocated outputs — WebAssembly SIMD against
 * the float64 JavaScript loops it replaces (`setWasmEnabled(false)`) — and the chunk size. Median of
 * repeated runs of `process.cpuUsage()` (user + system), so time stolen by other processes does not
 * count. Not a test; prints a table:
 *
 *   npx tsx packages/tensor/scripts/wasm-activations-measure.ts [quick]
 *
 * With `kernels`, only the WASM kernels themselves (sigmoid, elu, the elu derivative) on data already in
 * the module's slot — ns/element without the copies in and out; with `ulps`, the largest error of sigmoid,
 * elu, selu and their derivatives in float32 ulps of the float64 loops (where `|y| ≥ 1e−3`) over every
 * 193rd float32 with `|x| < 120`, both signs (11.6 million inputs).
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
import { ACTIVATIONS_SIMD_WASM } from '../src/wasm/activationsModule.js';
import { setWasmEnabled } from '../src/wasm/runtime.js';

const quick = process.argv.includes('quick');
const mode = process.argv.includes('kernels') ? 'kernels' : process.argv.includes('ulps') ? 'ulps' : 'table';

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

/** A separate instance of the activation module, its float32 view, the float index of slots 0 and 1. */
function activationModuleForMeasuring(): {
  k: {
    sigmoid(n: number): void;
    elu(n: number, l: number, la: number): void;
    eluGrad(n: number, l: number, la: number): void;
  };
  f32: Float32Array;
  s0: number;
  s1: number;
  capacity: number;
} | null {
  const bytes = Uint8Array.from(atob(ACTIVATIONS_SIMD_WASM), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as {
    memory: WebAssembly.Memory;
    slot(i: number): number;
    CAPACITY: WebAssembly.Global;
    sigmoid(n: number): void;
    elu(n: number, l: number, la: number): void;
    eluGrad(n: number, l: number, la: number): void;
  };
  return {
    k: e,
    f32: new Float32Array(e.memory.buffer),
    s0: e.slot(0) >> 2,
    s1: e.slot(1) >> 2,
    capacity: e.CAPACITY.value as number,
  };
}

/** The WASM kernels alone: each call runs on a freshly filled slot (the fill is not timed). */
function measureKernels(): void {
  const m = activationModuleForMeasuring();
  if (m === null) {
    console.log('no WASM SIMD');
    return;
  }
  const { k, f32, s0, s1, capacity } = m;
  const src = randn(capacity, 7);
  const dy = randn(capacity, 11);
  const kernels: readonly [string, () => void][] = [
    ['sigmoid', () => k.sigmoid(capacity)],
    ['elu', () => k.elu(capacity, 1, 1)],
    ['eluGrad', () => k.eluGrad(capacity, 1, 1)],
  ];
  const samples = new Map<string, number[]>();
  // rounds interleave the kernels, so load from other processes affects them alike
  for (let round = 0; round < 33; round++) {
    for (const [name, run] of kernels) {
      let us = 0;
      for (let c = 0; c < 200; c++) {
        f32.set(src, s0);
        f32.set(dy, s1);
        const t = process.cpuUsage();
        run();
        const d = process.cpuUsage(t);
        us += d.user + d.system;
      }
      if (round >= 3) samples.set(name, [...(samples.get(name) ?? []), us]);
    }
  }
  console.log('ns/element of the WASM kernels alone (median CPU time, data in the slot)');
  for (const [name] of kernels) {
    const t = samples.get(name)!.sort((a, b) => a - b);
    console.log(`${name.padEnd(12)} ${((t[t.length >> 1]! * 1e3) / (200 * capacity)).toFixed(3)}`);
  }
}

/** One float32 ulp at `v` (the subnormal spacing at least). */
function ulpOf(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  const e = Math.floor(Math.log2(a));
  const p = a >= 2 ** (e + 1) ? e + 1 : a < 2 ** e ? e - 1 : e;
  return 2 ** (p - 23);
}

/** Largest ulp error (where `|ref| ≥ 1e−3`) of the WASM kernels against the float64 loops. */
function measureUlps(): void {
  setActivationTuning({ minElements: 0 });
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  const xs: number[] = [];
  for (let b = 0; b < 0x80000000; b += 193) {
    bits[0] = b;
    if (f[0]! >= 120) break;
    xs.push(f[0]!, -f[0]!);
  }
  const x = Float32Array.from(xs);
  const x64 = Float64Array.from(xs);
  const g = Float32Array.from(xs, (_, i) => 0.5 + (i % 7) * 0.25);
  const g64 = Float64Array.from(g);
  const SELU_ALPHA = 1.6732632423543772;
  const SELU_SCALE = 1.0507009873554805;
  const worst = (got: Float32Array, ref: Float64Array): string => {
    let w = 0;
    let at = 0;
    for (let i = 0; i < got.length; i++) {
      const r = ref[i]!;
      if (Number.isNaN(r) || Math.abs(r) < 1e-3) continue;
      const e = Math.abs(got[i]! - r) / ulpOf(r);
      if (e > w) [w, at] = [e, x[i]!];
    }
    return `${w.toFixed(2)} ulps (x = ${at})`;
  };
  const unaryCases: readonly [
    string,
    (a: Float32Array | Float64Array, o: Float32Array | Float64Array) => void,
  ][] = [
    ['sigmoid', sigmoidKernel],
    ['elu', (a, o) => eluKernel(a, o)],
    ['selu', (a, o) => eluKernel(a, o, SELU_ALPHA, SELU_SCALE)],
    ['eluGrad', (a, o) => eluGradKernel(a, a === x ? g : g64, o)],
    ['seluGrad', (a, o) => eluGradKernel(a, a === x ? g : g64, o, SELU_ALPHA, SELU_SCALE)],
  ];
  console.log(`max error where |y| ≥ 1e-3, ${x.length} float32 inputs`);
  for (const [name, run] of unaryCases) {
    const o = new Float32Array(x.length);
    const r = new Float64Array(x.length);
    run(x, o);
    run(x64, r);
    console.log(`${name.padEnd(12)} ${worst(o, r)}`);
  }
  setActivationTuning();
}

if (mode === 'kernels') measureKernels();
else if (mode === 'ulps') measureUlps();
else measureTable();

function measureTable(): void {
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
}
