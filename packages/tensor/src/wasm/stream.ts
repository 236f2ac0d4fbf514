/**
 * Memory-bound kernels (relu, its derivative, Adam's fused update, column statistics) streamed through the
 * WebAssembly SIMD module `asm/stream.ts`: the module owns a small fixed scratch area in its own memory; a
 * large array goes through it chunk by chunk (`set` a chunk of each input in, run the kernel, `set` the
 * outputs out), so the chunk copies stay in L2 and main memory is read and written once. Nothing grows and
 * nothing is allocated in WASM memory per call. Copies are counted by `countCopies`.
 *
 * Each kernel falls back to a monomorphic JavaScript loop when WASM is unavailable or switched off
 * (`STEPWISE_WASM=0`, `setWasmEnabled(false)`), for float64 arrays, and below a measured size: bit-identical
 * results for relu and its derivative, Adam within the bound documented on {@link adamKernel}. Outputs may be the inputs themselves (`out === x`): every chunk of every input is copied in before
 * that chunk's outputs are copied out. (Overlapping views at different offsets are not supported.)
 * Knows nothing of `Tensor`.
 * @module
 */
import { checkFloatArrays, type FloatArray } from './floatArrays.js';
import { countCopies, decodeBase64, wasmApi, wasmEnabled } from './runtime.js';
import { STREAM_SIMD_WASM } from './streamModule.js';

export type { FloatArray } from './floatArrays.js';

/** Exports of the compiled `asm/stream.ts`. */
interface StreamExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly CAPACITY: { readonly value: number };
  readonly MAX_COLS: { readonly value: number };
  slot(k: number): number;
  accumulator(k: number): number;
  relu(n: number): void;
  reluGrad(n: number): void;
  adamF64(
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
    er: number,
    s1: number,
    s2: number,
  ): void;
  adamF32(
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
    er: number,
    s1: number,
    s2: number,
  ): void;
  colSums(rows: number, cols: number): void;
  colMoments(rows: number, cols: number): void;
  scale(n: number, s: number): void;
  axpy(n: number, a: number): void;
  momentumApply(n: number, decay: number, scale: number, nesterov: number): void;
  adamApplyF32(
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
    er: number,
    s1: number,
    s2: number,
    scale: number,
  ): void;
}

/** The instance and its fixed views (the memory never grows, so the views stay valid). */
interface Stream {
  readonly x: StreamExports;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** Float index of each slot. */
  readonly slots: readonly [number, number, number, number];
  /** Float64 index of the accumulators shift, Σd, Σd². */
  readonly acc: readonly [number, number, number];
  /** Floats per slot. */
  readonly capacity: number;
  /** Widest column stripe of the column statistics. */
  readonly maxCols: number;
}

/**
 * Floats per chunk of the element kernels. Measured (`scripts/wasm-stream-measure.ts`, 1e7 elements):
 * 4K–32K floats perform alike for relu; Adam is slowest at 4K–8K; 16K floats (64 KiB per operand, 192 KiB
 * for Adam's three) keeps every operand in L2.
 */
const DEFAULT_CHUNK = 16384;
/**
 * Floats per chunk of the column statistics (rows × stripe width): all three slots (384 KiB, in L2). More
 * rows per chunk make a better shift for the moments; 32K and 96K floats measured alike.
 */
const DEFAULT_COLUMN_CHUNK = 98304;
/**
 * Fewest elements worth a trip through WASM. Measured (two runs on a busy machine): at 256 float32 elements
 * WASM and the branch-free JavaScript loops are about even (relu 2.3–4.0 against 2.7–4.1 ns/element, Adam
 * 5.0–8.3 against 6.5–7.2: call and `set` overheads), at 1024 WASM is 2–3× faster (relu 0.7–1.0 against
 * 2.4–3.5, Adam 2.8–3.9 against 6.4–7.0).
 */
const DEFAULT_MIN_ELEMENTS = 512;
/** Fewest elements (`rows × cols`) for the WASM column statistics: faster already at 32 × 64 (4 µs vs 6). */
const DEFAULT_MIN_COLUMN_ELEMENTS = 2048;

let chunk = DEFAULT_CHUNK;
let columnChunk = DEFAULT_COLUMN_CHUNK;
let minElements = DEFAULT_MIN_ELEMENTS;
let minColumnElements = DEFAULT_MIN_COLUMN_ELEMENTS;

/**
 * Tuning for tests and measurements: the chunk sizes (floats; clamped to the module's capacity), and the
 * smallest sizes sent to WASM (0 sends everything). Omitted fields return to their defaults. @internal
 */
export function setStreamTuning(
  t: { chunk?: number; columnChunk?: number; minElements?: number; minColumnElements?: number } = {},
): void {
  const s = instance();
  const cap = s === null ? DEFAULT_CHUNK : s.capacity;
  chunk = Math.max(4, Math.min(cap, Math.floor((t.chunk ?? DEFAULT_CHUNK) / 4) * 4));
  columnChunk = Math.max(1, Math.min(3 * cap, Math.floor(t.columnChunk ?? DEFAULT_COLUMN_CHUNK)));
  minElements = t.minElements ?? DEFAULT_MIN_ELEMENTS;
  minColumnElements = t.minColumnElements ?? DEFAULT_MIN_COLUMN_ELEMENTS;
}

let cached: Stream | null | undefined;

/**
 * The instance, created synchronously on first use, or `null` where the engine does not validate WASM SIMD.
 * Needs neither shared memory nor threads.
 */
function instance(): Stream | null {
  if (cached !== undefined) return cached;
  cached = null;
  const api = wasmApi();
  if (api === undefined) return null;
  try {
    const bytes = decodeBase64(STREAM_SIMD_WASM);
    if (!api.validate(bytes)) return null;
    const x = new api.Instance(new api.Module(bytes), {}).exports as unknown as StreamExports;
    const buf = x.memory.buffer;
    const f64 = new Float64Array(buf);
    cached = {
      x,
      f32: new Float32Array(buf),
      f64,
      slots: [x.slot(0) >> 2, x.slot(1) >> 2, x.slot(2) >> 2, x.slot(3) >> 2],
      acc: [x.accumulator(0) >> 3, x.accumulator(1) >> 3, x.accumulator(2) >> 3],
      capacity: x.CAPACITY.value,
      maxCols: x.MAX_COLS.value,
    };
  } catch {
    cached = null;
  }
  return cached;
}

/** The instance when the WASM kernels are switched on and available. */
const ready = (): Stream | null => (wasmEnabled() ? instance() : null);

/** Whether the streaming WASM kernels will be used (switched on, engine validates WASM SIMD). @internal */
export const streamAvailable = (): boolean => ready() !== null;

// ---- validation ---------------------------------------------------------------------------------

/** The x86 default NaN (sign set, quiet), which V8's `Math.max` returns for any NaN operand on x64. */
const DEFAULT_NAN = 0xffc00000 | 0;
/** The quiet bit of a float32 NaN. */
const QUIET = 0x00400000;

/** The bits of a float32 array (a view, no copy). */
const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

// ---- relu ---------------------------------------------------------------------------------------

/**
 * `Math.max(x[i], 0)` stored to float32, bit for bit, on the bits (branch-free; about 2.5× faster than
 * `Math.max` on random signs): a set sign bit gives `+0`, a NaN gives the default NaN `0xffc00000`.
 */
function relu32(x: Int32Array, out: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const nan = (0x7f800000 - (a & 0x7fffffff)) >> 31; // −1 for a NaN, else 0
    out[i] = (a & ~(a >> 31) & ~nan) | (nan & DEFAULT_NAN);
  }
}

/** As {@link relu32} for float64 and mixed arrays. */
function reluAny(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, 0);
}

/** Streams `x` through the module's `relu`. */
function reluWasm(s: Stream, x: Float32Array, out: Float32Array, n: number): void {
  const { f32, x: k } = s;
  const s0 = s.slots[0];
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    f32.set(a === 0 && b === n ? x : x.subarray(a, b), s0);
    k.relu(b - a);
    out.set(f32.subarray(s0, s0 + b - a), a);
  }
  countCopies(4 * n, 4 * n);
}

/**
 * Rectified linear unit over an array, `out[i] = max(x[i], 0)`, as `Math.max(x[i], 0)` stored to `out`:
 * `−0` and `−∞` give `+0`, `+∞` stays, NaN stays NaN. Large float32 arrays stream through WebAssembly SIMD
 * (results bit-identical to the JavaScript loop, NaN bit patterns included on x64); float64 arrays, small
 * arrays, and engines without WASM SIMD run a JavaScript loop. `out` may be `x` itself (in place).
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH` when an argument is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { reluKernel } from '@stepwise/tensor/kernel';
 * const x = new Float32Array([-1, 0, 2.5]);
 * reluKernel(x, x);
 * Array.from(x); // [0, 0, 2.5]
 * ```
 * @see PyTorch `torch.relu_` (in place), TF.js `tf.relu`; Stepwise's `relu` in `@stepwise/nn` (same values).
 * @category kernels
 * @since 0.2.0
 */
export function reluKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('reluKernel', ['x', 'out'], [x, out]);
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const s = n >= minElements ? ready() : null;
    if (s !== null) reluWasm(s, x, out, n);
    else relu32(bits(x), bits(out), n);
  } else reluAny(x, out, n);
}

// ---- relu derivative ----------------------------------------------------------------------------

/**
 * `x[i] > 0 ? dy[i] : 0` stored to float32, bit for bit, on the bits of `dy` (branch-free; about 2× faster
 * than the conditional on random signs): the mask of `x > 0` selects `dy`, whose NaNs are quieted as a
 * float64 round trip quiets them.
 */
function reluGrad32(x: Float32Array, dy: Int32Array, out: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = dy[i]!;
    const nan = (0x7f800000 - (g & 0x7fffffff)) >> 31; // −1 for a NaN, else 0
    out[i] = (g | (nan & QUIET)) & -(x[i]! > 0);
  }
}

/** As {@link reluGrad32} for float64 and mixed arrays. */
function reluGradAny(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? dy[i]! : 0;
}

/** Streams `x` and `dy` through the module's `reluGrad`. */
function reluGradWasm(s: Stream, x: Float32Array, dy: Float32Array, out: Float32Array, n: number): void {
  const { f32, x: k } = s;
  const [s0, s1] = s.slots;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const whole = a === 0 && b === n;
    f32.set(whole ? x : x.subarray(a, b), s0);
    f32.set(whole ? dy : dy.subarray(a, b), s1);
    k.reluGrad(b - a);
    out.set(f32.subarray(s0, s0 + b - a), a);
  }
  countCopies(8 * n, 4 * n);
}

/**
 * Backward pass of relu over arrays: `out[i] = x[i] > 0 ? dy[i] : 0` (the derivative `1[x > 0]` times the
 * cotangent; `0` at the kink, as JAX and PyTorch; a NaN `x` gives `0`). Large float32 arrays stream through
 * WebAssembly SIMD (bit-identical to the JavaScript loop); float64 and small arrays run a JavaScript loop.
 * `out` may be `x` or `dy` itself.
 * @param x - the relu's inputs
 * @param dy - the cotangent of its outputs
 * @param out - receives the cotangent of its inputs; all three the same length
 * @throws TensorError `DTYPE_MISMATCH` when an argument is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { reluGradKernel } from '@stepwise/tensor/kernel';
 * const dx = new Float32Array(3);
 * reluGradKernel(new Float32Array([-1, 0, 2]), new Float32Array([5, 6, 7]), dx);
 * Array.from(dx); // [0, 0, 7]
 * ```
 * @see PyTorch `torch.ops.aten.threshold_backward(dy, x, 0)`, TF.js `reluGrad` kernel.
 * @category kernels
 * @since 0.2.0
 */
export function reluGradKernel(x: FloatArray, dy: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('reluGradKernel', ['x', 'dy', 'out'], [x, dy, out]);
  if (x instanceof Float32Array && dy instanceof Float32Array && out instanceof Float32Array) {
    const s = n >= minElements ? ready() : null;
    if (s !== null) reluGradWasm(s, x, dy, out, n);
    else reluGrad32(x, bits(dy), bits(out), n);
  } else reluGradAny(x, dy, out, n);
}

// ---- Adam ---------------------------------------------------------------------------------------

/** Adam's pass in float64 arithmetic over float32 arrays (see {@link adamKernel}). */
function adam32(
  u: Float32Array,
  muOut: Float32Array,
  nuOut: Float32Array,
  g: Float32Array,
  mu: Float32Array,
  nu: Float32Array,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = b1 * mu[i]! + c1 * gi;
    const v = b2 * nu[i]! + c2 * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    u[i] = (m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps);
  }
}

/** As {@link adam32} over float64 and mixed arrays. */
function adamAny(
  u: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = b1 * mu[i]! + c1 * gi;
    const v = b2 * nu[i]! + c2 * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    u[i] = (m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps);
  }
}

/**
 * Which WASM Adam pass the wrapper runs: `f32x4` arithmetic (default: about twice as fast; within a few
 * ulps), or `f64x2` (bit-identical to the JavaScript loop).
 */
let adamArithmetic: 'f64' | 'f32' = 'f32';

/** Selects the WASM Adam pass (tests and measurements compare the two). @internal */
export function setAdamArithmetic(a: 'f64' | 'f32'): void {
  adamArithmetic = a;
}

/** Streams `g`, `mu`, `nu` through the module's Adam pass. */
function adamWasm(
  s: Stream,
  u: Float32Array,
  muOut: Float32Array,
  nuOut: Float32Array,
  g: Float32Array,
  mu: Float32Array,
  nu: Float32Array,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const { f32, x: k } = s;
  const [p0, p1, p2] = s.slots;
  const n = g.length;
  const f64 = adamArithmetic === 'f64';
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const len = b - a;
    const whole = a === 0 && b === n;
    f32.set(whole ? g : g.subarray(a, b), p0);
    f32.set(whole ? mu : mu.subarray(a, b), p1);
    f32.set(whole ? nu : nu.subarray(a, b), p2);
    if (f64) k.adamF64(len, b1, c1, b2, c2, eps, epsRoot, s1, s2);
    else k.adamF32(len, b1, c1, b2, c2, eps, epsRoot, s1, s2);
    u.set(f32.subarray(p0, p0 + len), a);
    muOut.set(f32.subarray(p1, p1 + len), a);
    nuOut.set(f32.subarray(p2, p2 + len), a);
  }
  countCopies(12 * n, 12 * n);
}

/**
 * Adam's fused update over arrays, one pass: for each element
 * `m = b1·mu + (1−b1)·g`, `v = b2·nu + (1−b2)·g²`, `u = (m·s1) / (√(v·s2 + epsRoot) + eps)`, writing
 * `muOut = m`, `nuOut = v` and the update `u` (to be scaled by `−learningRate` and added to the parameter).
 * `s1 = 1/(1−b1ᵗ)` and `s2 = 1/(1−b2ᵗ)` are the bias corrections of step `t`. The JavaScript loop (float64
 * arrays, small arrays, no WASM SIMD) computes in float64 and rounds each result once, as
 * `@stepwise/optim`'s loop. Large float32 arrays stream through WebAssembly SIMD in `f32x4` arithmetic, in
 * the formula's order (twice as fast as `f64x2`, which is bound by the square root and division); its
 * measured bound against the float64 loop: `v` within 3 ulps; `m` within `2·2⁻²⁴·(b1|mu| + (1−b1)|g|)`
 * (a few ulps unless the two terms cancel); `u` within `3·2⁻²⁴·(|u| + (b1|mu| + (1−b1)|g|)·s1/d)`, `d` the
 * denominator; plus a float32 subnormal step. A gradient above about 1e19 in magnitude overflows `g²`
 * in float32 where float64 does not. The outputs may be the inputs themselves (`muOut === mu`,
 * `nuOut === nu`, `u === g`: an in-place step).
 * @param u - receives the update
 * @param muOut - receives the new first moment
 * @param nuOut - receives the new second moment
 * @param g - the gradient
 * @param mu - the first moment
 * @param nu - the second moment (all six arrays of one length)
 * @param b1 - decay of the first moment (Optax `b1`, default 0.9 there)
 * @param b2 - decay of the second moment (0.999 there)
 * @param eps - added outside the square root (1e-8 there)
 * @param epsRoot - added inside the square root (0 there)
 * @param s1 - bias correction of the first moment, `1/(1−b1ᵗ)`
 * @param s2 - bias correction of the second moment, `1/(1−b2ᵗ)`
 * @throws TensorError `DTYPE_MISMATCH` when an array is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { adamKernel } from '@stepwise/tensor/kernel';
 * const g = new Float32Array([0.5, -2]);
 * const mu = new Float32Array(2);
 * const nu = new Float32Array(2);
 * const u = new Float32Array(2);
 * adamKernel(u, mu, nu, g, mu, nu, 0.9, 0.999, 1e-8, 0, 1 / (1 - 0.9), 1 / (1 - 0.999));
 * Array.from(u).map((x) => Math.round(x * 1e6) / 1e6); // [1, -1]
 * ```
 * @see Optax `scale_by_adam` (the update before `scale(-lr)`), PyTorch `torch.optim.Adam(fused=True)`
 *   (which also adds the update to the parameter).
 * @category kernels
 * @since 0.2.0
 */
export function adamKernel(
  u: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  b1: number,
  b2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
): void {
  const n = checkFloatArrays(
    'adamKernel',
    ['g', 'mu', 'nu', 'u', 'muOut', 'nuOut'],
    [g, mu, nu, u, muOut, nuOut],
  );
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  if (
    g instanceof Float32Array &&
    mu instanceof Float32Array &&
    nu instanceof Float32Array &&
    u instanceof Float32Array &&
    muOut instanceof Float32Array &&
    nuOut instanceof Float32Array
  ) {
    const s = n >= minElements ? ready() : null;
    if (s !== null) adamWasm(s, u, muOut, nuOut, g, mu, nu, b1, c1, b2, c2, eps, epsRoot, s1, s2);
    else adam32(u, muOut, nuOut, g, mu, nu, b1, c1, b2, c2, eps, epsRoot, s1, s2);
  } else adamAny(u, muOut, nuOut, g, mu, nu, b1, c1, b2, c2, eps, epsRoot, s1, s2);
}

// ---- column statistics (axis 0 of [rows, cols] float32) -----------------------------------------

/**
 * Streams the `rows × cols` float32 matrix at `x[off…]` through a column kernel, stripe by stripe and chunk
 * by chunk (whole rows of a stripe), writing the float64 column sums to `out[0…cols)`, or for `moments`
 * the centred sums `Σd²` to `out[0…cols)` and `Σd` to `out[cols…2·cols)`.
 *
 * Moments: the shift is the mean of the stripe's first chunk (its column sums, computed on the chunk
 * already in WASM memory). When all rows fit one chunk, that is the exact two-pass algorithm; otherwise a
 * shifted one whose shift is the mean of many rows. (Narrowing the stripe so that all rows fit measured
 * slower: one `set` per row and stripe, e.g. 8192 copies of 512 bytes for 256 × 4096, cost more than the
 * arithmetic.)
 */
function columnsWasm(
  s: Stream,
  x: Float32Array,
  off: number,
  rows: number,
  cols: number,
  out: Float64Array,
  moments: boolean,
): void {
  const { f32, f64, x: k } = s;
  const s0 = s.slots[0];
  const [sh, a1, a2] = s.acc;
  const stripe = Math.min(s.maxCols, cols);
  for (let c0 = 0; c0 < cols; c0 += stripe) {
    const w = Math.min(stripe, cols - c0);
    const perChunk = Math.max(1, Math.floor(columnChunk / w));
    f64.fill(0, a1, a1 + w);
    f64.fill(0, a2, a2 + w);
    for (let r0 = 0; r0 < rows; r0 += perChunk) {
      const r1 = Math.min(rows, r0 + perChunk);
      if (w === cols) f32.set(x.subarray(off + r0 * cols, off + r1 * cols), s0);
      else {
        for (let r = r0; r < r1; r++) {
          const at = off + r * cols + c0;
          f32.set(x.subarray(at, at + w), s0 + (r - r0) * w);
        }
      }
      if (!moments) k.colSums(r1 - r0, w);
      else {
        if (r0 === 0) {
          k.colSums(r1, w);
          for (let c = 0; c < w; c++) {
            f64[sh + c] = f64[a1 + c]! / r1;
            f64[a1 + c] = 0;
          }
        }
        k.colMoments(r1 - r0, w);
      }
    }
    if (moments) {
      out.set(f64.subarray(a2, a2 + w), c0);
      out.set(f64.subarray(a1, a1 + w), cols + c0);
    } else out.set(f64.subarray(a1, a1 + w), c0);
  }
  countCopies(4 * rows * cols, (moments ? 16 : 8) * cols);
}

/**
 * Column sums of the `rows × cols` float32 matrix at `x[off…]`, accumulated in float64:
 * `sums[c] = Σ_r x[off + r·cols + c]` for `c < cols`, through WebAssembly SIMD.
 * @returns false, having written nothing, when WASM is unavailable or switched off or the matrix is below
 *   the measured size where it pays (the caller then runs its JavaScript loop).
 * @internal
 */
export function streamColumnSums(
  x: Float32Array,
  off: number,
  rows: number,
  cols: number,
  sums: Float64Array,
): boolean {
  if (rows < 2 || rows * cols < minColumnElements) return false;
  const s = ready();
  if (s === null) return false;
  columnsWasm(s, x, off, rows, cols, sums, false);
  return true;
}

/**
 * Centred moments of the columns of the `rows × cols` float32 matrix at `x[off…]`, accumulated in float64,
 * with `d = x[r, c] − k[c]`: `out[c] = Σ_r d²` and `out[cols + c] = Σ_r d`, so `Σd² − (Σd)²/rows` is the
 * centred sum of squares (the corrected two-pass formula of `varianceKernel`). `k` is the column mean when
 * all rows fit one chunk (then this is the two-pass algorithm, reading memory once), otherwise the mean of
 * the first chunk's `R` rows (`R ≥ 24`; 125 for 784 columns): a shifted formula whose float64 rounding
 * error grows by the factor `1 + (k − μ)²/σ²` over the two-pass one — about `1 + 1/R` for rows in random
 * order, and at worst `rows/R` (the mean of `R` of the rows lies within `√((rows − R)/R)` standard
 * deviations of the mean, by Samuelson's inequality). Both stay far below float32 rounding: the two-pass
 * error is about `rows · 2⁻⁵³` relative.
 * @returns false, having written nothing, when not run (as {@link streamColumnSums}).
 * @internal
 */
export function streamColumnMoments(
  x: Float32Array,
  off: number,
  rows: number,
  cols: number,
  out: Float64Array,
): boolean {
  if (rows < 2 || rows * cols < minColumnElements) return false;
  const s = ready();
  if (s === null) return false;
  columnsWasm(s, x, off, rows, cols, out, true);
  return true;
}

// ---- scale and axpy -----------------------------------------------------------------------------

/** `out[i] = x[i] · s` in float64, rounded once on the store (one loop per array type: monomorphic). */
function scale32(x: Float32Array, s: number, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! * s;
}

/** As {@link scale32} for other array types. */
function scaleAny(x: FloatArray, s: number, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! * s;
}

/**
 * Scales an array: `out[i] = x[i] · s`, each product computed in float64 and rounded once to `out`'s type.
 * Large float32 arrays stream through WebAssembly SIMD (`f64x2`, bit-identical to the JavaScript loop but
 * for NaN payloads); float64 and small arrays run a JavaScript loop. `out` may be `x` itself (in place).
 * @param x - input values
 * @param s - the factor (any number)
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH` when an array is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { scaleKernel } from '@stepwise/tensor/kernel';
 * const x = new Float32Array([1, -2, 4]);
 * scaleKernel(x, -0.5, x);
 * Array.from(x); // [-0.5, 1, -2]
 * ```
 * @see BLAS `sscal`; Optax `scale` (Stepwise's `scale` in `@stepwise/optim` runs this kernel).
 * @category kernels
 * @since 0.2.0
 */
export function scaleKernel(x: FloatArray, s: number, out: FloatArray): void {
  const n = checkFloatArrays('scaleKernel', ['x', 'out'], [x, out]);
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const st = n >= minElements ? ready() : null;
    if (st === null) {
      scale32(x, s, out, n);
      return;
    }
    const { f32, x: k } = st;
    const s0 = st.slots[0];
    for (let a = 0; a < n; a += chunk) {
      const b = Math.min(n, a + chunk);
      f32.set(a === 0 && b === n ? x : x.subarray(a, b), s0);
      k.scale(b - a, s);
      out.set(f32.subarray(s0, s0 + b - a), a);
    }
    countCopies(4 * n, 4 * n);
  } else scaleAny(x, s, out, n);
}

/** `out[i] = y[i] + a · x[i]` (`a = 1`: `y[i] + x[i]`) in float64, rounded once (monomorphic float32 loop). */
function axpy32(y: Float32Array, a: number, x: Float32Array, out: Float32Array, n: number): void {
  if (a === 1) for (let i = 0; i < n; i++) out[i] = y[i]! + x[i]!;
  else for (let i = 0; i < n; i++) out[i] = y[i]! + a * x[i]!;
}

/** As {@link axpy32} for other array types. */
function axpyAny(y: FloatArray, a: number, x: FloatArray, out: FloatArray, n: number): void {
  if (a === 1) for (let i = 0; i < n; i++) out[i] = y[i]! + x[i]!;
  else for (let i = 0; i < n; i++) out[i] = y[i]! + a * x[i]!;
}

/**
 * `out[i] = y[i] + a · x[i]` (with `a = 1` exactly `y[i] + x[i]`), computed in float64 and rounded once to
 * `out`'s type: applying updates (`a = 1`) and decayed weights. Large float32 arrays stream through
 * WebAssembly SIMD (`f64x2`, bit-identical to the JavaScript loop but for NaN payloads); float64 and small
 * arrays run a JavaScript loop. `out` may be `y` or `x` itself (in place).
 * @param y - the base values
 * @param a - the factor of `x`
 * @param x - the values added, scaled by `a`
 * @param out - receives the result; all three the same length
 * @throws TensorError `DTYPE_MISMATCH` when an array is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { axpyKernel } from '@stepwise/tensor/kernel';
 * const p = new Float32Array([1, 2]);
 * axpyKernel(p, 1, new Float32Array([0.5, -0.5]), p);
 * Array.from(p); // [1.5, 1.5]
 * ```
 * @see BLAS `saxpy`; Optax `apply_updates` (Stepwise's `applyUpdates` runs this kernel).
 * @category kernels
 * @since 0.2.0
 */
export function axpyKernel(y: FloatArray, a: number, x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('axpyKernel', ['y', 'x', 'out'], [y, x, out]);
  if (y instanceof Float32Array && x instanceof Float32Array && out instanceof Float32Array) {
    const st = n >= minElements ? ready() : null;
    if (st === null) {
      axpy32(y, a, x, out, n);
      return;
    }
    const { f32, x: k } = st;
    const [s0, s1] = st.slots;
    for (let lo = 0; lo < n; lo += chunk) {
      const hi = Math.min(n, lo + chunk);
      const whole = lo === 0 && hi === n;
      f32.set(whole ? y : y.subarray(lo, hi), s0);
      f32.set(whole ? x : x.subarray(lo, hi), s1);
      k.axpy(hi - lo, a);
      out.set(f32.subarray(s0, s0 + hi - lo), lo);
    }
    countCopies(8 * n, 4 * n);
  } else axpyAny(y, a, x, out, n);
}

// ---- Adam and the parameter update in one pass --------------------------------------------------

/** Rounds to float32 or keeps float64, as storing to an array of `like`'s type would. */
const roundLike = (like: FloatArray, v: number): number =>
  like instanceof Float32Array ? Math.fround(v) : v;

/**
 * The JavaScript loop of {@link adamApplyKernel}: Adam's float64 pass as `adamKernel`'s loop, the update
 * rounded to `g`'s type (as `adamKernel` stores it), scaled and rounded again (as `scaleKernel`), added to
 * the parameter and rounded on the store (as `axpyKernel`).
 */
function adamApplyLoop(
  pOut: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  p: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  b1: number,
  b2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
  scale: number,
): void {
  const n = g.length;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = b1 * mu[i]! + c1 * gi;
    const v = b2 * nu[i]! + c2 * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    const u = roundLike(g, (m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps));
    pOut[i] = p[i]! + roundLike(g, u * scale);
  }
}

/**
 * Adam's fused update **and** the parameter step in one pass over a leaf: the moments and the update `u` as
 * {@link adamKernel} computes them, then `pOut = p + u·scale` (`scale = −learningRate`), with the same
 * roundings as `adamKernel`, `scaleKernel` and `axpyKernel` applied one after the other, so the results are
 * the same bits as those three passes; it reads four arrays and writes three instead of reading eight and
 * writing four, and writes no update array at all. Large float32 arrays stream through WebAssembly SIMD;
 * float64, mixed and small arrays run a JavaScript loop. Outputs may be their inputs (`pOut === p`,
 * `muOut === mu`, `nuOut === nu`: in place).
 * @param pOut - receives the new parameters
 * @param muOut - receives the new first moment
 * @param nuOut - receives the new second moment
 * @param p - the parameters
 * @param g - the gradient
 * @param mu - the first moment
 * @param nu - the second moment
 * @param b1 - decay of the first moment
 * @param b2 - decay of the second moment
 * @param eps - added to the denominator outside the square root
 * @param epsRoot - added inside the square root
 * @param s1 - the first bias correction `1/(1−b1ᵗ)`
 * @param s2 - the second bias correction `1/(1−b2ᵗ)`
 * @param scale - the factor of the update, `−learningRate`
 * @throws TensorError `DTYPE_MISMATCH` when an array is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { adamApplyKernel } from '@stepwise/tensor/kernel';
 * const p = new Float32Array([1, 1]);
 * const m = new Float32Array(2);
 * const v = new Float32Array(2);
 * adamApplyKernel(p, m, v, p, new Float32Array([0.5, -0.5]), m, v, 0.9, 0.999, 1e-8, 0, 10, 1000, -0.1);
 * Array.from(p); // [0.8999999761581421, 1.100000023841858]
 * ```
 * @see Optax `adam` followed by `apply_updates`, which XLA fuses the same way; PyTorch's `Adam(fused=True)`.
 * @category kernels
 * @since 0.2.0
 */
export function adamApplyKernel(
  pOut: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  p: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  b1: number,
  b2: number,
  eps: number,
  epsRoot: number,
  s1: number,
  s2: number,
  scale: number,
): void {
  const n = checkFloatArrays(
    'adamApplyKernel',
    ['g', 'mu', 'nu', 'p', 'pOut', 'muOut', 'nuOut'],
    [g, mu, nu, p, pOut, muOut, nuOut],
  );
  const all32 =
    g instanceof Float32Array &&
    mu instanceof Float32Array &&
    nu instanceof Float32Array &&
    p instanceof Float32Array &&
    pOut instanceof Float32Array &&
    muOut instanceof Float32Array &&
    nuOut instanceof Float32Array;
  const st = all32 && n >= minElements && adamArithmetic === 'f32' ? ready() : null;
  if (st === null) {
    adamApplyLoop(pOut, muOut, nuOut, p, g, mu, nu, b1, b2, eps, epsRoot, s1, s2, scale);
    return;
  }
  const { f32, x: k } = st;
  const [q0, q1, q2, q3] = st.slots;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const G = g as Float32Array;
  const MU = mu as Float32Array;
  const NU = nu as Float32Array;
  const P = p as Float32Array;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const len = b - a;
    const whole = a === 0 && b === n;
    f32.set(whole ? G : G.subarray(a, b), q0);
    f32.set(whole ? MU : MU.subarray(a, b), q1);
    f32.set(whole ? NU : NU.subarray(a, b), q2);
    f32.set(whole ? P : P.subarray(a, b), q3);
    k.adamApplyF32(len, b1, c1, b2, c2, eps, epsRoot, s1, s2, scale);
    pOut.set(f32.subarray(q3, q3 + len), a);
    muOut.set(f32.subarray(q1, q1 + len), a);
    nuOut.set(f32.subarray(q2, q2 + len), a);
  }
  countCopies(16 * n, 12 * n);
}

// ---- momentum and the parameter update in one pass ----------------------------------------------

/** The JavaScript loop of {@link momentumApplyKernel}, with each store's rounding made explicit. */
function momentumApplyLoop(
  pOut: FloatArray,
  tOut: FloatArray,
  p: FloatArray,
  g: FloatArray,
  t: FloatArray,
  decay: number,
  scale: number,
  nesterov: boolean,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const ti = gi + decay * t[i]!;
    const stored = roundLike(tOut, ti);
    tOut[i] = stored;
    // The update has the gradient's type: the stored trace, or Nesterov's look-ahead from the unrounded one.
    const u = nesterov ? roundLike(g, gi + decay * ti) : roundLike(g, stored);
    pOut[i] = p[i]! + roundLike(g, u * scale);
  }
}

/**
 * Momentum and the parameter step in one pass over a leaf: `t' = g + decay·t`, the update `u = t'` (with
 * `nesterov`, `u = g + decay·t'`), and `pOut = p + u·scale` (`scale = −learningRate`), each value computed in
 * float64 and rounded where `trace`, `scale` and `applyUpdates` store it, so the results are the same bits as
 * those three passes (but for NaN payloads). Reads three arrays and writes two instead of eight streams. Large
 * float32 arrays stream through WebAssembly SIMD (`f64x2`); float64, mixed and small arrays run a JavaScript
 * loop. Outputs may be their inputs (`pOut === p`, `tOut === t`).
 * @param pOut - receives the new parameters
 * @param tOut - receives the new momentum
 * @param p - the parameters
 * @param g - the gradient
 * @param t - the momentum
 * @param decay - the momentum's decay `μ`
 * @param scale - the factor of the update, `−learningRate`
 * @param nesterov - Nesterov's look-ahead update
 * @throws TensorError `DTYPE_MISMATCH` when an array is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { momentumApplyKernel } from '@stepwise/tensor/kernel';
 * const p = new Float64Array([1]);
 * const t = new Float64Array([2]);
 * momentumApplyKernel(p, t, p, new Float64Array([1]), t, 0.5, -0.1, false);
 * [p[0], t[0]]; // [0.8, 2]
 * ```
 * @see Optax `sgd(momentum=...)` followed by `apply_updates`; PyTorch `SGD(momentum=..., foreach=True)`.
 * @category kernels
 * @since 0.2.0
 */
export function momentumApplyKernel(
  pOut: FloatArray,
  tOut: FloatArray,
  p: FloatArray,
  g: FloatArray,
  t: FloatArray,
  decay: number,
  scale: number,
  nesterov: boolean,
): void {
  const n = checkFloatArrays('momentumApplyKernel', ['g', 't', 'p', 'pOut', 'tOut'], [g, t, p, pOut, tOut]);
  const all32 =
    g instanceof Float32Array &&
    t instanceof Float32Array &&
    p instanceof Float32Array &&
    pOut instanceof Float32Array &&
    tOut instanceof Float32Array;
  const st = all32 && n >= minElements ? ready() : null;
  if (st === null) {
    momentumApplyLoop(pOut, tOut, p, g, t, decay, scale, nesterov);
    return;
  }
  const { f32, x: k } = st;
  const [q0, q1, q2] = st.slots;
  const G = g as Float32Array;
  const T = t as Float32Array;
  const P = p as Float32Array;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const len = b - a;
    const whole = a === 0 && b === n;
    f32.set(whole ? G : G.subarray(a, b), q0);
    f32.set(whole ? T : T.subarray(a, b), q1);
    f32.set(whole ? P : P.subarray(a, b), q2);
    k.momentumApply(len, decay, scale, nesterov ? 1 : 0);
    pOut.set(f32.subarray(q2, q2 + len), a);
    tOut.set(f32.subarray(q1, q1 + len), a);
  }
  countCopies(12 * n, 8 * n);
}
