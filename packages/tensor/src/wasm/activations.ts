/**
 * Transcendental activations (sigmoid, tanh, elu/selu, gelu, silu, softplus, mish) and their derivatives
 * over typed arrays, for fused kernels such as `@stepwise/nn`'s activations. Large float32 arrays stream
 * through the WebAssembly SIMD module `asm/activations.ts` (its own small fixed scratch memory, chunk by
 * chunk as `src/wasm/stream.ts` does; copies counted by `countCopies`); float64 arrays, small arrays, and
 * engines without WASM SIMD (or `STEPWISE_WASM=0`, `setWasmEnabled(false)`) run JavaScript loops in float64
 * arithmetic rounded once to the output.
 *
 * The WASM results are float32 arithmetic: within a few ulps of the float64 loops (bounds measured over
 * dense sweeps of float32 inputs, in each kernel's TSDoc and in `test/wasm-activations.test.ts`), not bit
 * for bit. Outputs may be the inputs themselves (`out === x`); a derivative output `d` must be distinct
 * from `out`. Knows nothing of `Tensor`.
 * @module
 */
import { TensorError } from '../core/TensorError.js';
import { ACTIVATIONS_SIMD_WASM } from './activationsModule.js';
import { checkFloatArrays, type FloatArray } from './floatArrays.js';
import { countCopies, decodeBase64, wasmApi, wasmEnabled } from './runtime.js';

/** Exports of the compiled `asm/activations.ts`. */
interface ActivationExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly CAPACITY: { readonly value: number };
  slot(k: number): number;
  sigmoid(n: number): void;
  sigmoidGrad(n: number): void;
  tanh(n: number): void;
  tanhGrad(n: number): void;
  elu(n: number, lambda: number, la: number): void;
  eluGrad(n: number, lambda: number, la: number): void;
  gelu(n: number): void;
  geluD(n: number): void;
  geluTanh(n: number): void;
  geluTanhD(n: number): void;
  silu(n: number): void;
  siluD(n: number): void;
  softplus(n: number): void;
  softplusD(n: number): void;
  mish(n: number): void;
  mishD(n: number): void;
}

/** The instance, its fixed float32 view and the float index of slots 0 and 1. */
interface Module {
  readonly k: ActivationExports;
  readonly f32: Float32Array;
  readonly s0: number;
  readonly s1: number;
  readonly capacity: number;
}

/**
 * Floats per chunk: 1K to 16K measured alike (sigmoid 3.8–4.0, gelu 8.9–9.0 ns/element at 1e6,
 * `scripts/wasm-activations-measure.ts`); 16K (64 KiB per operand) makes the fewest calls and keeps both
 * slots in L2.
 */
const DEFAULT_CHUNK = 16384;
/**
 * Fewest elements worth a trip through WASM. Measured (sigmoid, ns/element, WASM vs the float64 loop):
 * 16 elements 12.7 vs 16.1, 32: 8.1 vs 15.5, 64: 5.9 vs 14.7, 256: 4.4 vs 14.5 (the call and the copies
 * cost about 150 ns); the other kernels' loops are as slow or slower, so only the tiniest arrays stay in
 * JavaScript.
 */
const DEFAULT_MIN_ELEMENTS = 32;

let chunk = DEFAULT_CHUNK;
let minElements = DEFAULT_MIN_ELEMENTS;

let cached: Module | null | undefined;

/** The instance, created synchronously on first use, or `null` where the engine does not validate WASM SIMD. */
function instance(): Module | null {
  if (cached !== undefined) return cached;
  cached = null;
  const api = wasmApi();
  if (api === undefined) return null;
  try {
    const bytes = decodeBase64(ACTIVATIONS_SIMD_WASM);
    if (!api.validate(bytes)) return null;
    const k = new api.Instance(new api.Module(bytes), {}).exports as unknown as ActivationExports;
    cached = {
      k,
      f32: new Float32Array(k.memory.buffer),
      s0: k.slot(0) >> 2,
      s1: k.slot(1) >> 2,
      capacity: k.CAPACITY.value,
    };
  } catch {
    cached = null;
  }
  return cached;
}

/** The instance when the WASM kernels are switched on, available, and `n` is large enough. */
const ready = (n: number): Module | null => (n >= minElements && wasmEnabled() ? instance() : null);

/**
 * Tuning for tests and measurements: the chunk size (floats; a multiple of 4 within the module's capacity)
 * and the fewest elements sent to WASM (0 sends everything). Omitted fields return to their defaults.
 * @internal
 */
export function setActivationTuning(t: { chunk?: number; minElements?: number } = {}): void {
  const cap = instance()?.capacity ?? DEFAULT_CHUNK;
  chunk = Math.max(4, Math.min(cap, Math.floor((t.chunk ?? DEFAULT_CHUNK) / 4) * 4));
  minElements = t.minElements ?? DEFAULT_MIN_ELEMENTS;
}

// ---- drivers: stream arrays through the slots ---------------------------------------------------

/** `out = f(x)` through slot 0, chunk by chunk (`out` may be `x`). */
function mapUnary(m: Module, x: Float32Array, out: Float32Array, run: (len: number) => void): void {
  const { f32, s0 } = m;
  const n = x.length;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    f32.set(a === 0 && b === n ? x : x.subarray(a, b), s0);
    run(b - a);
    out.set(f32.subarray(s0, s0 + b - a), a);
  }
  countCopies(4 * n, 4 * n);
}

/** `out = f(x, dy)` with `x` in slot 0 and `dy` in slot 1 (`out` may be either input). */
function mapBinary(
  m: Module,
  x: Float32Array,
  dy: Float32Array,
  out: Float32Array,
  run: (len: number) => void,
): void {
  const { f32, s0, s1 } = m;
  const n = x.length;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const whole = a === 0 && b === n;
    f32.set(whole ? x : x.subarray(a, b), s0);
    f32.set(whole ? dy : dy.subarray(a, b), s1);
    run(b - a);
    out.set(f32.subarray(s0, s0 + b - a), a);
  }
  countCopies(8 * n, 4 * n);
}

/** `out = f(x)` from slot 0 and `d = f'(x)` from slot 1 (`out` may be `x`). */
function mapWithDerivative(
  m: Module,
  x: Float32Array,
  out: Float32Array,
  d: Float32Array,
  run: (len: number) => void,
): void {
  const { f32, s0, s1 } = m;
  const n = x.length;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    f32.set(a === 0 && b === n ? x : x.subarray(a, b), s0);
    run(b - a);
    out.set(f32.subarray(s0, s0 + b - a), a);
    d.set(f32.subarray(s1, s1 + b - a), a);
  }
  countCopies(4 * n, 8 * n);
}

// ---- validation ---------------------------------------------------------------------------------

/** Checks that the derivative output is not the value output. */
function checkDistinct(op: string, out: FloatArray, d: FloatArray): void {
  if (out.buffer === d.buffer && out.byteOffset === d.byteOffset && out.length > 0) {
    throw new TensorError('INVALID_ARGUMENT', op, 'd must not be the same memory as out');
  }
}

/** Checks a scalar parameter is a finite number. */
function finite(op: string, name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TensorError('INVALID_ARGUMENT', op, `${name} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/** Both arrays float32 (the WASM path). */
const both32 = (a: FloatArray, b: FloatArray): boolean =>
  a instanceof Float32Array && b instanceof Float32Array;

// ---- JavaScript loops (float64 arithmetic, one rounding on the store) ---------------------------

/** Stable `σ(v)`: `1/(1 + e^{−v})` for `v ≥ 0`, `eᵛ/(1 + eᵛ)` otherwise. */
const sigmoidScalar = (v: number): number => {
  const a = Math.exp(-Math.abs(v));
  return v >= 0 ? 1 / (1 + a) : a / (1 + a);
};

const INV_SQRT_PI = 0.5641895835477563;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const GELU_C = 0.044715;

/** `1/(2n + 1)`, so the erf series multiplies instead of dividing. */
const INV_ODD = Float64Array.from({ length: 128 }, (_, n) => 1 / (2 * n + 1));

/** `erf(x)` for `0 ≤ x < 2.5`: `2/√π·e^{−x²}·Σ (2x²)ⁿ x/(1·3·…·(2n+1))` (positive terms, ~1e-16). */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 128; n++) {
    term *= twoX2 * INV_ODD[n]!;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/** `erfc(x)` for `x ≥ 2.5`: Laplace's continued fraction (50 levels below 4, 20 above; ~1e-16). */
function erfcFraction(x: number): number {
  if (x > 27.3) return 0;
  let f = x;
  for (let k = x < 4 ? 50 : 20; k >= 1; k--) f = x + (0.5 * k) / f;
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** `Φ(v) = ½·erfc(−v/√2)` in float64, relative accuracy kept in the lower tail. */
function normalCdf(v: number): number {
  const x = -v * Math.SQRT1_2;
  if (x >= 2.5) return 0.5 * erfcFraction(x);
  if (x > -2.5) return 0.5 * (1 - (x < 0 ? -erfSeries(-x) : erfSeries(x)));
  return 0.5 * (2 - erfcFraction(-x));
}

/** `σ(2u)` with `u = √(2/π)(v + 0.044715v³)`: `½(1 + tanh u)` without cancellation. */
const halfOnePlusTanh = (v: number): number => sigmoidScalar(2 * SQRT_2_OVER_PI * (v + GELU_C * v * v * v));

function sigmoidJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = sigmoidScalar(x[i]!);
}

function sigmoidGradJs(y: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = y[i]!;
    out[i] = dy[i]! * s * (1 - s);
  }
}

function tanhJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
}

function tanhGradJs(y: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = y[i]!;
    out[i] = dy[i]! * (1 - t * t);
  }
}

function eluJs(x: FloatArray, out: FloatArray, n: number, lambda: number, la: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? lambda * v : la * Math.expm1(v);
  }
}

function eluGradJs(
  x: FloatArray,
  dy: FloatArray,
  out: FloatArray,
  n: number,
  lambda: number,
  la: number,
): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? lambda * dy[i]! : la * Math.exp(v) * dy[i]!;
  }
}

function geluJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v * normalCdf(v);
  }
}

function geluDJs(x: FloatArray, out: FloatArray, d: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const c = normalCdf(v);
    out[i] = v * c;
    d[i] = c + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
  }
}

function geluTanhJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v * halfOnePlusTanh(v);
  }
}

function geluTanhDJs(x: FloatArray, out: FloatArray, d: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const s = halfOnePlusTanh(v);
    // |v| clamped to 12 in the derivative's second term: beyond, σ(1 − σ) < e^{−142}, and ±∞ gives 1, 0 (not NaN).
    const vc = Math.min(Math.max(v, -12), 12);
    const du = SQRT_2_OVER_PI * (1 + 3 * GELU_C * vc * vc);
    out[i] = v * s;
    d[i] = s + 2 * vc * s * (1 - s) * du;
  }
}

function siluJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v * sigmoidScalar(v);
  }
}

function siluDJs(x: FloatArray, out: FloatArray, d: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const s = sigmoidScalar(v);
    out[i] = v * s;
    d[i] = s * (1 + v * (1 - s));
  }
}

function softplusJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
}

function softplusDJs(x: FloatArray, out: FloatArray, d: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.exp(-Math.abs(v));
    out[i] = Math.max(v, 0) + Math.log1p(a);
    d[i] = v >= 0 ? 1 / (1 + a) : a / (1 + a);
  }
}

function mishJs(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.exp(-Math.abs(v));
    out[i] = v > 0 ? (v * (1 + 2 * a)) / (1 + 2 * a + 2 * a * a) : (v * a * (2 + a)) / (2 + 2 * a + a * a);
  }
}

function mishDJs(x: FloatArray, out: FloatArray, d: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.exp(-Math.abs(v));
    const s = v > 0 ? 1 / (1 + a) : a / (1 + a);
    const pos = v > 0;
    const den = pos ? 1 + 2 * a + 2 * a * a : 2 + 2 * a + a * a;
    const t = (pos ? 1 + 2 * a : a * (2 + a)) / den;
    const sech2 = (4 * (pos ? a * a : 1) * (1 + a) * (1 + a)) / (den * den);
    out[i] = v * t;
    d[i] = t + v * sech2 * s;
  }
}

// ---- public kernels -----------------------------------------------------------------------------

/**
 * Logistic sigmoid over an array, `out[i] = σ(x[i]) = 1/(1 + e^{−x[i]})`, without overflow or cancellation
 * (the float64 loop from `e^{−|x|}`; WebAssembly as `1/(1 + e^{−x})` on `x` clamped to `[−89, 88]`, where
 * `e^{−x}` is exactly 0 or ∞; tiny outputs keep their relative precision). Large float32 arrays run in
 * WebAssembly SIMD: within 3 ulps of the float64 value (measured 2.7), `σ(±∞) = 1, 0`, NaN stays NaN;
 * outputs below 2⁻¹²⁶ ≈ 1.2e−38 are subnormal down to about 4.2e−39 (`x ≈ −88.37`) and 0 below.
 * Float64 and small arrays run a float64 JavaScript loop. `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH` when an argument is not a Float32Array or Float64Array;
 *   `SHAPE_MISMATCH` when the lengths differ.
 * @example
 * ```ts
 * import { sigmoidKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(3);
 * sigmoidKernel(new Float32Array([0, 1000, -1000]), y);
 * Array.from(y); // [0.5, 1, 0]
 * ```
 * @see PyTorch `torch.sigmoid`, TF.js `tf.sigmoid`; `sigmoid` of `@stepwise/nn` uses this kernel.
 * @category kernels
 * @since 0.2.0
 */
export function sigmoidKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('sigmoidKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.sigmoid(len));
  else sigmoidJs(x, out, n);
}

/**
 * Backward pass of the sigmoid from its output: `out[i] = dy[i]·y[i]·(1 − y[i])` with `y = σ(x)`.
 * WebAssembly SIMD for large float32 arrays (within 2 ulps). `out` may be `y` or `dy`.
 * @param y - the sigmoid's outputs
 * @param dy - the cotangent of the outputs
 * @param out - receives the cotangent of the inputs; all three the same length
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { sigmoidGradKernel } from '@stepwise/tensor/kernel';
 * const dx = new Float32Array(1);
 * sigmoidGradKernel(new Float32Array([0.5]), new Float32Array([2]), dx);
 * dx[0]; // 0.5
 * ```
 * @see PyTorch `torch.ops.aten.sigmoid_backward(dy, y)`, TF.js `sigmoidGrad`.
 * @category kernels
 * @since 0.2.0
 */
export function sigmoidGradKernel(y: FloatArray, dy: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('sigmoidGradKernel', ['y', 'dy', 'out'], [y, dy, out]);
  const m = both32(y, dy) && out instanceof Float32Array ? ready(n) : null;
  if (m !== null)
    mapBinary(m, y as Float32Array, dy as Float32Array, out as Float32Array, (len) => m.k.sigmoidGrad(len));
  else sigmoidGradJs(y, dy, out, n);
}

/**
 * Hyperbolic tangent over an array, `out[i] = tanh(x[i])`. Large float32 arrays run in WebAssembly SIMD
 * (Cephes `tanhf`: an odd polynomial below |x| = 0.625, `(1 − e^{−2|x|})/(1 + e^{−2|x|})` above): within
 * 2 ulps of `Math.tanh` (measured 1.5), `tanh(±0) = ±0`, `tanh(±∞) = ±1`, NaN stays NaN. Float64 and
 * small arrays use
 * `Math.tanh`. `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { tanhKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(2);
 * tanhKernel(new Float32Array([0, 1000]), y);
 * Array.from(y); // [0, 1]
 * ```
 * @see PyTorch `torch.tanh`, TF.js `tf.tanh`; `tanh` of `@stepwise/nn` uses this kernel.
 * @category kernels
 * @since 0.2.0
 */
export function tanhKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('tanhKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.tanh(len));
  else tanhJs(x, out, n);
}

/**
 * Backward pass of tanh from its output: `out[i] = dy[i]·(1 − y[i]²)` with `y = tanh(x)`; WebAssembly SIMD
 * computes `(1 − y)(1 + y)`, which does not cancel as `y → ±1` (within 2 ulps). `out` may be `y` or `dy`.
 * @param y - the tanh's outputs
 * @param dy - the cotangent of the outputs
 * @param out - receives the cotangent of the inputs; all three the same length
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { tanhGradKernel } from '@stepwise/tensor/kernel';
 * const dx = new Float32Array(1);
 * tanhGradKernel(new Float32Array([0.5]), new Float32Array([2]), dx);
 * dx[0]; // 1.5
 * ```
 * @see PyTorch `torch.ops.aten.tanh_backward(dy, y)`, TF.js `tanhGrad`.
 * @category kernels
 * @since 0.2.0
 */
export function tanhGradKernel(y: FloatArray, dy: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('tanhGradKernel', ['y', 'dy', 'out'], [y, dy, out]);
  const m = both32(y, dy) && out instanceof Float32Array ? ready(n) : null;
  if (m !== null)
    mapBinary(m, y as Float32Array, dy as Float32Array, out as Float32Array, (len) => m.k.tanhGrad(len));
  else tanhGradJs(y, dy, out, n);
}

/**
 * Scaled exponential linear unit over an array: `out[i] = λ·x` for `x > 0`, `λα·(eˣ − 1)` otherwise
 * (`expm1`, exact near 0; saturates at `−λα`). `λ = 1` is elu; `α = SELU_ALPHA`, `λ = SELU_SCALE` of
 * `@stepwise/nn` is selu. WebAssembly SIMD for large float32 arrays with `α > 0`: within 3 ulps of the
 * float64 value (`λ` and `λα` rounded to float32 first; measured 0.8 for elu, 1.8 for selu), `±0` kept;
 * other `α` run the float64 loop. `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @param alpha - saturation `α` (finite; default 1)
 * @param scale - scale `λ` (finite; default 1)
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel};
 *   `INVALID_ARGUMENT` when `alpha` or `scale` is not finite.
 * @example
 * ```ts
 * import { eluKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(3);
 * eluKernel(new Float32Array([-1000, 0, 2]), y);
 * Array.from(y); // [-1, 0, 2]
 * ```
 * @see PyTorch `torch.nn.functional.elu(x, alpha)` and `selu`, TF.js `tf.elu`, `tf.selu`.
 * @category kernels
 * @since 0.2.0
 */
export function eluKernel(x: FloatArray, out: FloatArray, alpha = 1, scale = 1): void {
  const n = checkFloatArrays('eluKernel', ['x', 'out'], [x, out]);
  const la = finite('eluKernel', 'scale', scale) * finite('eluKernel', 'alpha', alpha);
  // The WASM kernel sends ±0 through the linear branch (`λ·(±0)`), which has the sign of `λα·expm1(±0)` only for α > 0.
  const m = both32(x, out) && alpha > 0 ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.elu(len, scale, la));
  else eluJs(x, out, n, scale, la);
}

/**
 * Backward pass of {@link eluKernel}: `out[i] = λ·dy` for `x > 0`, `λα·eˣ·dy` otherwise (at 0 the left
 * derivative `λα`). WebAssembly SIMD for large float32 arrays (within 3 ulps; `eˣ` is 0 for `x < −87.7`, where
 * it is below 1e−38). `out` may be `x` or `dy`.
 * @param x - the elu's inputs
 * @param dy - the cotangent of the outputs
 * @param out - receives the cotangent of the inputs; all three the same length
 * @param alpha - saturation `α` (finite; default 1)
 * @param scale - scale `λ` (finite; default 1)
 * @throws TensorError as {@link eluKernel}.
 * @example
 * ```ts
 * import { eluGradKernel } from '@stepwise/tensor/kernel';
 * const dx = new Float32Array(2);
 * eluGradKernel(new Float32Array([0, 3]), new Float32Array([1, 1]), dx, 2);
 * Array.from(dx); // [2, 1]
 * ```
 * @see PyTorch `torch.ops.aten.elu_backward`, TF.js `eluGrad`.
 * @category kernels
 * @since 0.2.0
 */
export function eluGradKernel(x: FloatArray, dy: FloatArray, out: FloatArray, alpha = 1, scale = 1): void {
  const n = checkFloatArrays('eluGradKernel', ['x', 'dy', 'out'], [x, dy, out]);
  const la = finite('eluGradKernel', 'scale', scale) * finite('eluGradKernel', 'alpha', alpha);
  const m = both32(x, dy) && out instanceof Float32Array ? ready(n) : null;
  if (m !== null) {
    mapBinary(m, x as Float32Array, dy as Float32Array, out as Float32Array, (len) =>
      m.k.eluGrad(len, scale, la),
    );
  } else eluGradJs(x, dy, out, n, scale, la);
}

/**
 * Gaussian error linear unit over an array: exact `out[i] = x·Φ(x) = ½x·erfc(−x/√2)`, or with
 * `approximate` the tanh form `x·σ(2u)`, `u = √(2/π)(x + 0.044715x³)`. Large float32 arrays run in
 * WebAssembly SIMD (exact form: `erfc` as `t·exp(−z² + P(t))`, `t = 1/(1 + z/2)`, with `z²` split so it is
 * exact): within 6 ulps (exact form; measured 5.7) or 4 ulps (tanh form; 3.3) of the float64 value where
 * `|y| ≥ 1e−3`, and within `3e−7·max(1, |y|)` absolutely everywhere; `gelu(−∞)` is NaN as `−∞·0` (as
 * PyTorch). `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @param approximate - the tanh approximation instead of the exact form (default `false`)
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { geluKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(2);
 * geluKernel(new Float32Array([0, 1]), y);
 * Array.from(y); // [0, 0.8413447141647339]
 * ```
 * @see PyTorch `torch.nn.functional.gelu(x, approximate='none' | 'tanh')`, TF.js `gelu`.
 * @category kernels
 * @since 0.2.0
 */
export function geluKernel(x: FloatArray, out: FloatArray, approximate = false): void {
  const n = checkFloatArrays('geluKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) {
    const k = m.k;
    mapUnary(
      m,
      x as Float32Array,
      out as Float32Array,
      approximate ? (l) => k.geluTanh(l) : (l) => k.gelu(l),
    );
  } else if (approximate) geluTanhJs(x, out, n);
  else geluJs(x, out, n);
}

/**
 * {@link geluKernel} and its derivative in one pass: `out[i] = gelu(x)`, `d[i] = gelu'(x)` — exact:
 * `Φ(x) + x·φ(x)`; tanh form: `σ(2u) + 2x·σ(2u)(1 − σ(2u))·u'(x)`. Same bounds as {@link geluKernel}
 * (the derivative within `3e−7·max(1, |d|)` absolutely; ulps are meaningless near its zero at −0.75).
 * `out` may be `x`; `d` must be distinct from `out`.
 * @param x - input values
 * @param out - receives `gelu(x)`
 * @param d - receives `gelu'(x)`; all three the same length
 * @param approximate - the tanh approximation instead of the exact form (default `false`)
 * @throws TensorError as {@link geluKernel}; `INVALID_ARGUMENT` when `d` is `out`.
 * @example
 * ```ts
 * import { geluWithDerivativeKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(1);
 * const d = new Float32Array(1);
 * geluWithDerivativeKernel(new Float32Array([0]), y, d);
 * d[0]; // 0.5
 * ```
 * @see PyTorch `torch.ops.aten.gelu_backward`, which recomputes `Φ` instead of keeping `d`.
 * @category kernels
 * @since 0.2.0
 */
export function geluWithDerivativeKernel(
  x: FloatArray,
  out: FloatArray,
  d: FloatArray,
  approximate = false,
): void {
  const n = checkFloatArrays('geluWithDerivativeKernel', ['x', 'out', 'd'], [x, out, d]);
  checkDistinct('geluWithDerivativeKernel', out, d);
  const m = both32(x, out) && d instanceof Float32Array ? ready(n) : null;
  if (m !== null) {
    const k = m.k;
    mapWithDerivative(
      m,
      x as Float32Array,
      out as Float32Array,
      d as Float32Array,
      approximate ? (l) => k.geluTanhD(l) : (l) => k.geluD(l),
    );
  } else if (approximate) geluTanhDJs(x, out, d, n);
  else geluDJs(x, out, d, n);
}

/**
 * SiLU (swish) over an array, `out[i] = x·σ(x)` with the stable sigmoid. WebAssembly SIMD for large
 * float32 arrays: within 4 ulps of the float64 value (measured 3.4). `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { siluKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(2);
 * siluKernel(new Float32Array([0, 1000]), y);
 * Array.from(y); // [0, 1000]
 * ```
 * @see PyTorch `torch.nn.functional.silu`, TF.js `tf.swish`(α = 1 there).
 * @category kernels
 * @since 0.2.0
 */
export function siluKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('siluKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.silu(len));
  else siluJs(x, out, n);
}

/**
 * {@link siluKernel} and its derivative `σ(x)·(1 + x·(1 − σ(x)))` in one pass. `out` may be `x`; `d` must
 * be distinct from `out`. Same bounds as {@link siluKernel} (the derivative absolutely within
 * `3e−7·max(1, |d|)` near its zero at x ≈ −1.28).
 * @param x - input values
 * @param out - receives `silu(x)`
 * @param d - receives `silu'(x)`; all three the same length
 * @throws TensorError as {@link siluKernel}; `INVALID_ARGUMENT` when `d` is `out`.
 * @example
 * ```ts
 * import { siluWithDerivativeKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(1);
 * const d = new Float32Array(1);
 * siluWithDerivativeKernel(new Float32Array([0]), y, d);
 * d[0]; // 0.5
 * ```
 * @see PyTorch `torch.ops.aten.silu_backward`.
 * @category kernels
 * @since 0.2.0
 */
export function siluWithDerivativeKernel(x: FloatArray, out: FloatArray, d: FloatArray): void {
  const n = checkFloatArrays('siluWithDerivativeKernel', ['x', 'out', 'd'], [x, out, d]);
  checkDistinct('siluWithDerivativeKernel', out, d);
  const m = both32(x, out) && d instanceof Float32Array ? ready(n) : null;
  if (m !== null)
    mapWithDerivative(m, x as Float32Array, out as Float32Array, d as Float32Array, (len) => m.k.siluD(len));
  else siluDJs(x, out, d, n);
}

/**
 * Softplus over an array, `out[i] = log(1 + eˣ)` as `max(x, 0) + log1p(e^{−|x|})` (no overflow, the tiny
 * `≈ eˣ` of very negative `x` kept). WebAssembly SIMD for large float32 arrays: within 4 ulps of the
 * float64 value (measured 3.0), values below 2⁻¹²⁶ (`x < −87.3`) flushed to 0. `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { softplusKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(2);
 * softplusKernel(new Float32Array([0, 1000]), y);
 * Array.from(y); // [0.6931471824645996, 1000]
 * ```
 * @see PyTorch `torch.nn.functional.softplus` (which returns `x` above its threshold 20), TF.js `tf.softplus`.
 * @category kernels
 * @since 0.2.0
 */
export function softplusKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('softplusKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.softplus(len));
  else softplusJs(x, out, n);
}

/**
 * {@link softplusKernel} and its derivative `σ(x)` in one pass. `out` may be `x`; `d` must be distinct
 * from `out`.
 * @param x - input values
 * @param out - receives `softplus(x)`
 * @param d - receives `σ(x)`; all three the same length
 * @throws TensorError as {@link softplusKernel}; `INVALID_ARGUMENT` when `d` is `out`.
 * @example
 * ```ts
 * import { softplusWithDerivativeKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(1);
 * const d = new Float32Array(1);
 * softplusWithDerivativeKernel(new Float32Array([0]), y, d);
 * d[0]; // 0.5
 * ```
 * @see PyTorch `torch.ops.aten.softplus_backward`.
 * @category kernels
 * @since 0.2.0
 */
export function softplusWithDerivativeKernel(x: FloatArray, out: FloatArray, d: FloatArray): void {
  const n = checkFloatArrays('softplusWithDerivativeKernel', ['x', 'out', 'd'], [x, out, d]);
  checkDistinct('softplusWithDerivativeKernel', out, d);
  const m = both32(x, out) && d instanceof Float32Array ? ready(n) : null;
  if (m !== null)
    mapWithDerivative(m, x as Float32Array, out as Float32Array, d as Float32Array, (len) =>
      m.k.softplusD(len),
    );
  else softplusDJs(x, out, d, n);
}

/**
 * Mish over an array, `out[i] = x·tanh(softplus(x))`, from one exponential `a = e^{−|x|}`:
 * `x(1 + 2a)/(1 + 2a + 2a²)` for `x > 0`, `x·a(2 + a)/(2 + 2a + a²)` otherwise. WebAssembly SIMD for large
 * float32 arrays: within 5 ulps of the float64 value (measured 4.5). `out` may be `x` itself.
 * @param x - input values
 * @param out - receives the result; same length as `x`
 * @throws TensorError `DTYPE_MISMATCH`, `SHAPE_MISMATCH` as {@link sigmoidKernel}.
 * @example
 * ```ts
 * import { mishKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(2);
 * mishKernel(new Float32Array([0, 1000]), y);
 * Array.from(y); // [0, 1000]
 * ```
 * @see PyTorch `torch.nn.functional.mish`; TF.js has none.
 * @category kernels
 * @since 0.2.0
 */
export function mishKernel(x: FloatArray, out: FloatArray): void {
  const n = checkFloatArrays('mishKernel', ['x', 'out'], [x, out]);
  const m = both32(x, out) ? ready(n) : null;
  if (m !== null) mapUnary(m, x as Float32Array, out as Float32Array, (len) => m.k.mish(len));
  else mishJs(x, out, n);
}

/**
 * {@link mishKernel} and its derivative `tanh(sp) + x·sech²(sp)·σ(x)`, `sp = softplus(x)`, in one pass.
 * `out` may be `x`; `d` must be distinct from `out`.
 * @param x - input values
 * @param out - receives `mish(x)`
 * @param d - receives `mish'(x)`; all three the same length
 * @throws TensorError as {@link mishKernel}; `INVALID_ARGUMENT` when `d` is `out`.
 * @example
 * ```ts
 * import { mishWithDerivativeKernel } from '@stepwise/tensor/kernel';
 * const y = new Float32Array(1);
 * const d = new Float32Array(1);
 * mishWithDerivativeKernel(new Float32Array([0]), y, d);
 * d[0]; // 0.6000000238418579
 * ```
 * @see PyTorch `torch.ops.aten.mish_backward`.
 * @category kernels
 * @since 0.2.0
 */
export function mishWithDerivativeKernel(x: FloatArray, out: FloatArray, d: FloatArray): void {
  const n = checkFloatArrays('mishWithDerivativeKernel', ['x', 'out', 'd'], [x, out, d]);
  checkDistinct('mishWithDerivativeKernel', out, d);
  const m = both32(x, out) && d instanceof Float32Array ? ready(n) : null;
  if (m !== null)
    mapWithDerivative(m, x as Float32Array, out as Float32Array, d as Float32Array, (len) => m.k.mishD(len));
  else mishDJs(x, out, d, n);
}
