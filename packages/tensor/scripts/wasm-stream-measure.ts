/**
 * CPU time of the streaming kernels (`src/wasm/stream.ts`): ns/element for relu, its derivative and Adam's
 * pass at 1e5, 1e6 and 1e7 float32 elements into preallocated outputs — WebAssembly SIMD vs the JavaScript
 * fallback vs the loops they replace (nn's relu, optim's `adamLoop`) — the chunk size, the small-size
 * threshold, and the column statistics on 256 × 4096. Median of repeated runs of `process.cpuUsage()`
 * (user + system), so time stolen by other processes does not count. Not a test; prints a table:
 *
 *   npx tsx packages/tensor/scripts/wasm-stream-measure.ts [quick]
 */
import { adamLoop } from '../../optim/src/kernels/adam.js';
import { sumKernel, varianceKernel } from '../src/kernels/reduce.js';
import { setWasmEnabled } from '../src/wasm/runtime.js';
import {
  adamKernel,
  reluGradKernel,
  reluKernel,
  setAdamArithmetic,
  setStreamTuning,
} from '../src/wasm/stream.js';

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

const reps = (n: number): number => (quick ? 5 : n >= 1e7 ? 9 : n >= 1e6 ? 21 : 101);

function randn(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 31 - 1;
  }
  return v;
}

/** nn's relu loops as they are today. */
function oldRelu(out: Float32Array, x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    out[i] = Math.max(x[i]!, 0);
  }
}
function oldReluGrad(out: Float32Array, g: Float32Array, x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
}

const ns = (ms: number, n: number): string => ((ms * 1e6) / n).toFixed(2).padStart(7);
const row = (label: string, cells: string[]): void => console.log(label.padEnd(34) + cells.join(' '));

const sizes = quick ? [1e5, 1e6] : [1e5, 1e6, 1e7];
console.log(`ns/element (median CPU time), float32, preallocated outputs; node ${process.version}`);
row(
  'kernel \\ n',
  sizes.map((n) => String(n).padStart(7)),
);

function measureAll(label: string, make: (n: number) => () => void): void {
  row(
    label,
    sizes.map((n) => ns(cpuMs(make(n), reps(n)), n)),
  );
}

const withWasm = (on: boolean, f: () => void) => (): void => {
  setWasmEnabled(on);
  f();
  setWasmEnabled(true);
};

// ---- relu ----
measureAll('relu wasm', (n) => {
  const x = randn(n, 1);
  const out = new Float32Array(n);
  return () => reluKernel(x, out);
});
measureAll('relu wasm in place', (n) => {
  const x = randn(n, 1);
  return () => reluKernel(x, x);
});
measureAll('relu js fallback', (n) => {
  const x = randn(n, 1);
  const out = new Float32Array(n);
  return withWasm(false, () => reluKernel(x, out));
});
measureAll('relu old (nn loop)', (n) => {
  const x = randn(n, 1);
  const out = new Float32Array(n);
  return () => oldRelu(out, x, n);
});

// ---- relu derivative ----
measureAll('reluGrad wasm', (n) => {
  const x = randn(n, 1);
  const dy = randn(n, 2);
  const out = new Float32Array(n);
  return () => reluGradKernel(x, dy, out);
});
measureAll('reluGrad js fallback', (n) => {
  const x = randn(n, 1);
  const dy = randn(n, 2);
  const out = new Float32Array(n);
  return withWasm(false, () => reluGradKernel(x, dy, out));
});
measureAll('reluGrad old (nn loop)', (n) => {
  const x = randn(n, 1);
  const dy = randn(n, 2);
  const out = new Float32Array(n);
  return () => oldReluGrad(out, dy, x, n);
});

// ---- Adam ----
const S1 = 1 / (1 - 0.9 ** 10);
const S2 = 1 / (1 - 0.999 ** 10);
function adamCase(n: number) {
  const g = randn(n, 3);
  const mu = randn(n, 4).map((v) => v * 0.1);
  const nu = randn(n, 5).map((v) => v * v * 0.01);
  return { g, mu, nu, u: new Float32Array(n) };
}
for (const arith of ['f64', 'f32'] as const) {
  measureAll(`adam wasm ${arith} in place`, (n) => {
    const { g, mu, nu, u } = adamCase(n);
    return () => {
      setAdamArithmetic(arith);
      adamKernel(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, S1, S2);
      setAdamArithmetic('f64');
    };
  });
}
measureAll('adam js fallback in place', (n) => {
  const { g, mu, nu, u } = adamCase(n);
  return withWasm(false, () => adamKernel(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, S1, S2));
});
measureAll('adam old (optim adamLoop)', (n) => {
  const { g, mu, nu, u } = adamCase(n);
  return () => adamLoop(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, S1, S2);
});

// ---- chunk size ----
const N = quick ? 1e6 : 1e7;
console.log(`\nchunk size (floats) at n = ${N}: ns/element`);
row(
  'kernel \\ chunk',
  [4096, 8192, 16384, 32768].map((c) => String(c).padStart(7)),
);
for (const [label, make] of [
  [
    'relu',
    () => {
      const x = randn(N, 1);
      const out = new Float32Array(N);
      return () => reluKernel(x, out);
    },
  ],
  [
    'adam in place',
    () => {
      const { g, mu, nu, u } = adamCase(N);
      return () => adamKernel(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, S1, S2);
    },
  ],
] as const) {
  const f = make();
  row(
    label,
    [4096, 8192, 16384, 32768].map((c) => {
      setStreamTuning({ chunk: c });
      return ns(cpuMs(f, reps(N)), N);
    }),
  );
}
setStreamTuning();

// ---- threshold ----
const small = [256, 1024, 2048, 4096, 8192, 32768];
console.log('\nsmall sizes: ns/element, wasm vs js');
row(
  'kernel \\ n',
  small.map((n) => String(n).padStart(7)),
);
for (const on of [true, false]) {
  setStreamTuning({ minElements: 0 });
  row(
    `relu ${on ? 'wasm' : 'js'}`,
    small.map((n) => {
      const x = randn(n, 1);
      const out = new Float32Array(n);
      return ns(
        cpuMs(
          withWasm(on, () => {
            for (let k = 0; k < 100; k++) reluKernel(x, out);
          }),
          51,
        ) / 100,
        n,
      );
    }),
  );
  row(
    `adam ${on ? 'wasm' : 'js'}`,
    small.map((n) => {
      const { g, mu, nu, u } = adamCase(n);
      const f = () => {
        for (let k = 0; k < 100; k++) adamKernel(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, S1, S2);
      };
      return ns(cpuMs(withWasm(on, f), 51) / 100, n);
    }),
  );
}
setStreamTuning();

// ---- column statistics ----
console.log('\ncolumn statistics over axis 0: ms per call');
for (const [rows, cols] of [
  [256, 4096],
  [4096, 256],
  [60000, 784],
  [32, 64],
] as const) {
  const x = randn(rows * cols, 7);
  const out = new Float32Array(cols);
  const cells: string[] = [];
  for (const on of [true, false]) {
    setStreamTuning({ minColumnElements: 0 });
    const r = rows * cols >= 1e6 ? 21 : 101;
    const v = cpuMs(
      withWasm(on, () => varianceKernel(x, 1, rows, cols, 0, out, false)),
      r,
    );
    const s = cpuMs(
      withWasm(on, () => sumKernel(x, 1, rows, cols, out)),
      r,
    );
    cells.push(`${on ? 'wasm' : 'js'}: variance ${v.toFixed(3)} sum ${s.toFixed(3)}`);
  }
  setStreamTuning();
  row(`${rows} × ${cols}`, cells);
}
