/**
 * Transcendental activations in WebAssembly SIMD (AssemblyScript source of `src/wasm/activationsModule.ts`;
 * rebuild with `npx tsx packages/tensor/scripts/wasm-build.ts`).
 *
 * The module owns a small fixed scratch area in its own (non-shared) memory: three slots of `CAPACITY`
 * floats. The JavaScript wrapper (`src/wasm/activations.ts`) streams a large array through it chunk by
 * chunk (copy a chunk of each input into its slot, run a kernel, copy the outputs out), so chunks stay in
 * L2 and main memory is read and written once. Kernels read slot 0 (`x`, or `y` for the derivatives
 * computed from the output) and slot 1 (the cotangent `dy`), and write their result over slot 0 (and the
 * derivative `f'(x)` over slot 1 for the forward-with-derivative kernels).
 *
 * Every kernel works on whole `f32x4` vectors, rounding `n` up to a multiple of 4: the lanes past `n` lie
 * inside the slot (its size is a multiple of 4) and are never copied out, so there is no scalar tail and
 * every element takes the same path. All arithmetic is float32.
 *
 * Building blocks (errors measured against float64 over dense sweeps of float32 inputs; see
 * `test/wasm-activations.test.ts`):
 * - `exp`: Cephes `expf` — `x = n·ln2 + r`, `|r| ≤ ln2/2`, with ln2 in two parts (`0.693359375`, exact in
 *   few bits, and `−2.12194440e−4`), a degree-5 polynomial for `(eʳ − 1 − r)/r²`, and `2ⁿ` built from the
 *   exponent bits in two factors `2^⌊n/2⌋·2^(n−⌊n/2⌋)` so gradual underflow (subnormal results) stays
 *   exact. Inputs are clamped to [−104, 89]: above ln(FLT_MAX) the result overflows to +∞, below
 *   ln(2⁻¹⁵⁰) it is 0; NaN passes through. Within 1 ulp on normal results.
 * - `expm1`: the same reduction, `expm1 = 2ⁿ·expm1(r) + (2ⁿ − 1)` with `expm1(r) = r + r²·P(r)`, exact to
 *   an ulp or two near 0 (no cancellation: when `n = 0` it is the polynomial itself); `x ≤ 88`.
 * - `log1p(a)` for `a ∈ [0, 1]`: `u = 1 + a`, Cephes `logf` on `u` (reduced to [√½, √2)), corrected by the
 *   classic `log(u)·a/(u − 1)` so the rounding of `1 + a` cancels.
 * - `Φ(x)` (GELU): for `|x| ≤ 0.75` the Taylor series of `Φ(x) − ½`; beyond, `½·erfc(|x|/√2)` as
 *   `t·exp(−z² + P(t))` with `t = 1/(1 + z/2)` (the form of Numerical Recipes' `erfcc`, refitted), `z²`
 *   evaluated exactly by splitting `x` into a 12-bit head and a tail, so the large exponent adds no
 *   rounding error.
 */

// @ts-nocheck — AssemblyScript, not TypeScript (v128, load/store and memory.data are AssemblyScript builtins).

/** Floats per slot (64 KiB): the largest chunk the wrapper may use. */
export const CAPACITY: i32 = 16384;

/** The scratch area: slots 0, 1, 2 of `CAPACITY` floats each. */
const SCRATCH: usize = memory.data(3 * CAPACITY * 4, 64);

/** Byte address of slot `k` (0, 1 or 2). */
export function slot(k: i32): usize {
  return SCRATCH + <usize>k * CAPACITY * 4;
}

// ---- building blocks ----------------------------------------------------------------------------

const LOG2E: f32 = <f32>Math.LOG2E;
/** High part of ln 2 (9 significant bits, so `n·LN2_HI` is exact). */
const LN2_HI: f32 = 0.693359375;
/** Low part of ln 2: `ln 2 − LN2_HI`. */
const LN2_LO: f32 = -2.1219444e-4;
/** exp overflows to +∞ from ln(FLT_MAX) ≈ 88.72 on. */
const EXP_MAX: f32 = 89;
/** exp is 0 below ln(2⁻¹⁵⁰) ≈ −103.97. */
const EXP_MIN: f32 = -104;
/** `1/√2` */
const SQRT1_2: f32 = <f32>Math.SQRT1_2;
/** `1/√(2π)` */
const INV_SQRT_2PI: f32 = 0.39894228040143268;
/** `√(2/π)` */
const SQRT_2_OVER_PI: f32 = 0.79788456080286536;
/** The cubic coefficient of the tanh approximation of GELU. */
const GELU_C: f32 = 0.044715;
/** `√2` */
const SQRT2: f32 = <f32>Math.SQRT2;

/** `v` in all four lanes. */
function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** `(eʳ − 1 − r)/r²` for `|r| ≤ ln2/2`: Cephes `expf`'s polynomial. */
function expPoly(r: v128): v128 {
  let y = f32x4.add(f32x4.mul(splat(1.98756915e-4), r), splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), splat(1.6666665459e-1));
  return f32x4.add(f32x4.mul(y, r), splat(5.0000001201e-1));
}

/** `2^n` for integer lanes `n ∈ [−126, 127]`, from the exponent bits. */
function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/**
 * `exp(a + b)` for `a + b ∈ [−104, 89]`, where `a` is exact and large and `b` a small correction: the
 * reduction `r = (a − n·LN2_HI) − n·LN2_LO + b` takes `b` in after the exact part, so the sum is never
 * rounded at the magnitude of `a`.
 */
function expSum(a: v128, b: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(f32x4.add(a, b), splat(LOG2E)));
  const r = f32x4.add(f32x4.sub(f32x4.sub(a, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO))), b);
  const y = f32x4.add(f32x4.add(f32x4.mul(expPoly(r), f32x4.mul(r, r)), r), splat(1));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const h = i32x4.shr_s(ni, 1);
  return f32x4.mul(f32x4.mul(y, pow2(h)), pow2(i32x4.sub(ni, h)));
}

/** `eˣ`: +∞ above 88.72, 0 below −103.97, NaN for NaN. */
function exp4(x: v128): v128 {
  // pmin/pmax keep their first operand when the comparison fails, so NaN passes through.
  const c = f32x4.pmax(f32x4.pmin(x, splat(EXP_MAX)), splat(EXP_MIN));
  return expSum(c, f32x4.splat(0));
}

/** `eˣ − 1` for `x ≤ 88` (the elu branch uses `x ≤ 0`); `±0` stays `±0`; −1 below −30. */
function expm14(x: v128): v128 {
  const c = f32x4.pmax(f32x4.pmin(x, splat(88)), splat(-30));
  const n = f32x4.nearest(f32x4.mul(c, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  const q = f32x4.add(f32x4.mul(expPoly(r), f32x4.mul(r, r)), r);
  const s = pow2(i32x4.trunc_sat_f32x4_s(n));
  const e = f32x4.add(f32x4.mul(s, q), f32x4.sub(s, splat(1)));
  return v128.bitselect(x, e, f32x4.eq(x, f32x4.splat(0)));
}

/** `log(u)` for `u ∈ [1, 2]`: Cephes `logf` on `m = u` or `u/2` in [√½, √2), with `e = 0` or 1. */
function log12(u: v128): v128 {
  const big = f32x4.gt(u, splat(SQRT2));
  const m = v128.bitselect(f32x4.mul(u, splat(0.5)), u, big);
  const e = v128.and(big, splat(1));
  const x = f32x4.sub(m, splat(1));
  const z = f32x4.mul(x, x);
  let y = f32x4.sub(f32x4.mul(splat(7.0376836292e-2), x), splat(1.151461031e-1));
  y = f32x4.add(f32x4.mul(y, x), splat(1.167699874e-1));
  y = f32x4.sub(f32x4.mul(y, x), splat(1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, x), splat(1.4249322787e-1));
  y = f32x4.sub(f32x4.mul(y, x), splat(1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, x), splat(2.0000714765e-1));
  y = f32x4.sub(f32x4.mul(y, x), splat(2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, x), splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, x), z);
  y = f32x4.add(y, f32x4.mul(e, splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  return f32x4.add(f32x4.add(x, y), f32x4.mul(e, splat(LN2_HI)));
}

/** `log(1 + a)` for `a ∈ [0, 1]` (or NaN), as `log(u)·a/(u − 1)` with `u = 1 + a` (`a` when `u = 1`). */
function log1p4(a: v128): v128 {
  const u = f32x4.add(a, splat(1));
  const l = f32x4.div(f32x4.mul(log12(u), a), f32x4.sub(u, splat(1)));
  return v128.bitselect(a, l, f32x4.eq(u, splat(1)));
}

/** `σ(x) = 1/(1 + e^{−x})` from `a = e^{−|x|}`: `1/(1 + a)` for `x ≥ 0`, `a/(1 + a)` otherwise. */
function sigmoidOf(x: v128, a: v128): v128 {
  const s = f32x4.div(splat(1), f32x4.add(splat(1), a));
  return v128.bitselect(s, f32x4.mul(a, s), f32x4.ge(x, f32x4.splat(0)));
}

/** `1 − σ(x) = σ(−x)` from `a = e^{−|x|}` without cancellation: `a/(1 + a)` for `x ≥ 0`, `1/(1 + a)` otherwise. */
function sigmoidComplementOf(x: v128, a: v128): v128 {
  const s = f32x4.div(splat(1), f32x4.add(splat(1), a));
  return v128.bitselect(f32x4.mul(a, s), s, f32x4.ge(x, f32x4.splat(0)));
}

/**
 * `Φ(x) − ½ = x·Q(x²)` for `|x| ≤ 0.75`: the Taylor series `φ(0)·Σ (−1)ᵏ x^{2k+1}/(2ᵏ k! (2k+1))` to `k = 7`
 * (truncation below 1e−10 there).
 */
function cdfSmall(x: v128): v128 {
  const s = f32x4.mul(x, x);
  let y = splat(<f32>(-1.0 / (128.0 * 5040.0 * 15.0)));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(1.0 / (64.0 * 720.0 * 13.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(-1.0 / (32.0 * 120.0 * 11.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(1.0 / (16.0 * 24.0 * 9.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(-1.0 / (8.0 * 6.0 * 7.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(1.0 / (4.0 * 2.0 * 5.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(<f32>(-1.0 / (2.0 * 3.0))));
  y = f32x4.add(f32x4.mul(y, s), splat(1));
  return f32x4.mul(f32x4.mul(y, x), splat(INV_SQRT_2PI));
}

/**
 * `log(erfc(z)/t) + z²` for `t = 1/(1 + z/2) ∈ [0.16, 0.8]` (`z ∈ [0.5, 10.5]`), a degree-9 polynomial in
 * `t − 0.48` (the form of Numerical Recipes' `erfcc`, refitted in float64 to near-minimax on this interval:
 * error 1.5e−9; the float32 evaluation adds about 1.1e−7).
 */
function erfcPoly(t: v128): v128 {
  const u = f32x4.sub(t, splat(0.48));
  let y = f32x4.add(f32x4.mul(splat(0.2529999315738678), u), splat(-0.097320556640625));
  y = f32x4.add(f32x4.mul(y, u), splat(-0.2788795828819275));
  y = f32x4.add(f32x4.mul(y, u), splat(0.15353035926818848));
  y = f32x4.add(f32x4.mul(y, u), splat(0.26591846346855164));
  y = f32x4.add(f32x4.mul(y, u), splat(-0.1854277104139328));
  y = f32x4.add(f32x4.mul(y, u), splat(-0.3614089787006378));
  y = f32x4.add(f32x4.mul(y, u), splat(0.211481511592865));
  y = f32x4.add(f32x4.mul(y, u), splat(1.3372665643692017));
  return f32x4.add(f32x4.mul(y, u), splat(-0.6986210942268372));
}

/** `−(z² − a)` where `z² = x²/2` and `a = −xh²/2` is the exact part (`x = xh + xl`, `xh` 12 bits). */
function halfSquareTail(xh: v128, xl: v128): v128 {
  return f32x4.neg(f32x4.add(f32x4.mul(xh, xl), f32x4.mul(f32x4.mul(xl, xl), splat(0.5))));
}

// ---- loops --------------------------------------------------------------------------------------

/** Byte end of `n` floats rounded up to whole vectors. */
function end4(n: i32): usize {
  return <usize>((n + 3) & ~3) * 4;
}

// ---- sigmoid ------------------------------------------------------------------------------------

/** `σ(x)` in place on slot 0 (the stable form: `e^{−|x|}` never overflows). */
export function sigmoid(n: i32): void {
  const p = slot(0);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    v128.store(p + i, sigmoidOf(x, exp4(f32x4.neg(f32x4.abs(x)))));
  }
}

/** `dy·y·(1 − y)` into slot 0, with `y = σ(x)` in slot 0 and `dy` in slot 1. */
export function sigmoidGrad(n: i32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const y = v128.load(p + i);
    v128.store(p + i, f32x4.mul(f32x4.mul(v128.load(g + i), y), f32x4.sub(splat(1), y)));
  }
}

// ---- tanh ---------------------------------------------------------------------------------------

/**
 * `tanh(x)` in place on slot 0 (Cephes `tanhf`): for `|x| < 0.625` the odd polynomial
 * `|x| + |x|·x²·P(x²)`, else `1 − 2/(e^{2|x|} + 1)` (1 once `e^{2|x|}` overflows); the sign of `x` is then
 * copied on (so `tanh(−0) = −0`).
 */
export function tanh(n: i32): void {
  const p = slot(0);
  const end = end4(n);
  const sign = f32x4.splat(-0.0);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const ax = f32x4.abs(x);
    const s = f32x4.mul(x, x);
    let y = f32x4.add(f32x4.mul(splat(-5.70498872745e-3), s), splat(2.06390887954e-2));
    y = f32x4.add(f32x4.mul(y, s), splat(-5.37397155531e-2));
    y = f32x4.add(f32x4.mul(y, s), splat(1.33314422036e-1));
    y = f32x4.add(f32x4.mul(y, s), splat(-3.33332819422e-1));
    const small = f32x4.add(ax, f32x4.mul(f32x4.mul(y, s), ax));
    const e = exp4(f32x4.add(ax, ax));
    const large = f32x4.sub(splat(1), f32x4.div(splat(2), f32x4.add(e, splat(1))));
    const t = v128.bitselect(small, large, f32x4.lt(ax, splat(0.625)));
    v128.store(p + i, v128.or(t, v128.and(x, sign)));
  }
}

/** `dy·(1 − y²)` into slot 0, with `y = tanh(x)` in slot 0 and `dy` in slot 1, as `(1 − y)(1 + y)`. */
export function tanhGrad(n: i32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const y = v128.load(p + i);
    const d = f32x4.mul(f32x4.sub(splat(1), y), f32x4.add(splat(1), y));
    v128.store(p + i, f32x4.mul(v128.load(g + i), d));
  }
}

// ---- elu / selu ---------------------------------------------------------------------------------

/** `x > 0 ? λ·x : λα·expm1(x)` in place on slot 0 (`la = λα`). */
export function elu(n: i32, lambda: f32, la: f32): void {
  const p = slot(0);
  const end = end4(n);
  const L = f32x4.splat(lambda);
  const LA = f32x4.splat(la);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const neg = f32x4.mul(LA, expm14(x));
    v128.store(p + i, v128.bitselect(f32x4.mul(L, x), neg, f32x4.gt(x, f32x4.splat(0))));
  }
}

/** `x > 0 ? λ·dy : λα·eˣ·dy` into slot 0, with `x` in slot 0 and `dy` in slot 1. */
export function eluGrad(n: i32, lambda: f32, la: f32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end4(n);
  const L = f32x4.splat(lambda);
  const LA = f32x4.splat(la);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const dy = v128.load(g + i);
    const neg = f32x4.mul(f32x4.mul(LA, exp4(x)), dy);
    v128.store(p + i, v128.bitselect(f32x4.mul(L, dy), neg, f32x4.gt(x, f32x4.splat(0))));
  }
}

// ---- gelu (exact) -------------------------------------------------------------------------------

/**
 * `Φ(x)` and, when `withPdf`, `φ(x)` stored to slot 1: `Φ(x) = ½·erfc(−x/√2)`, from `erfc(|x|/√2)` (`1 − h`
 * for `x > 0`, `h` otherwise, with `h = ½·erfc`), so the lower tail keeps its relative accuracy. Inputs
 * below −14 give `Φ = 0` (the true value is below 2⁻¹⁴⁹), and `φ = 0` for `|x| > 14`.
 */
function geluLoop(n: i32, withDerivative: bool): void {
  const p = slot(0);
  const q = slot(1);
  const end = end4(n);
  const headMask = i32x4.splat(-4096);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const ax = f32x4.pmin(f32x4.abs(x), splat(14));
    const xh = v128.and(ax, headMask);
    const xl = f32x4.sub(ax, xh);
    const a = f32x4.mul(f32x4.mul(xh, xh), splat(-0.5));
    const tail = halfSquareTail(xh, xl);
    const t = f32x4.div(splat(1), f32x4.add(splat(1), f32x4.mul(ax, splat(0.5 * SQRT1_2))));
    const h = f32x4.mul(f32x4.mul(t, expSum(a, f32x4.add(tail, erfcPoly(t)))), splat(0.5));
    const tails = v128.bitselect(f32x4.sub(splat(1), h), h, f32x4.gt(x, f32x4.splat(0)));
    const near = f32x4.add(cdfSmall(x), splat(0.5));
    const cdf = v128.and(v128.bitselect(near, tails, f32x4.le(ax, splat(0.75))), f32x4.ge(x, splat(-14)));
    v128.store(p + i, f32x4.mul(x, cdf));
    if (withDerivative) {
      const pdf = v128.and(
        f32x4.mul(expSum(a, tail), splat(INV_SQRT_2PI)),
        f32x4.le(f32x4.abs(x), splat(14)),
      );
      v128.store(q + i, f32x4.add(cdf, f32x4.mul(x, pdf)));
    }
  }
}

/** `x·Φ(x)` in place on slot 0. */
export function gelu(n: i32): void {
  geluLoop(n, false);
}

/** `x·Φ(x)` in place on slot 0 and its derivative `Φ(x) + x·φ(x)` into slot 1. */
export function geluD(n: i32): void {
  geluLoop(n, true);
}

// ---- gelu (tanh approximation) ------------------------------------------------------------------

/** `2√(2/π)`, in float64. */
const K1: f64 = 1.5957691216057308;
/** `2√(2/π)·0.044715`, in float64. */
const K2: f64 = 1.5957691216057308 * 0.044715;

/** `x·(K1 + K2·x²)` in float64 on two lanes. */
function z64(x: v128): v128 {
  return f64x2.mul(x, f64x2.add(f64x2.splat(K1), f64x2.mul(f64x2.mul(x, x), f64x2.splat(K2))));
}

/**
 * `x·σ(z)` with `z = 2u = 2√(2/π)(x + 0.044715x³)` (`½(1 + tanh u) = σ(2u)`) in place on slot 0, and when
 * `withDerivative` `σ + 2x·σ(1 − σ)·√(2/π)(1 + 3·0.044715x²)` into slot 1. `z` is computed in float64 and
 * split into a float32 head and tail, which `exp` takes in separately: in the tails `σ(z) ≈ e^{−|z|}`
 * amplifies any rounding of `z` by `|z|`. `x` is clamped to ±12 inside `z` (`|z| > 142` there: σ is 0 or 1
 * exactly, and the tail stays small), and
 * `1 − σ` is computed as `σ(−z)`, so nothing cancels or overflows.
 */
function geluTanhLoop(n: i32, withDerivative: bool): void {
  const p = slot(0);
  const q = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const xc = f32x4.pmax(f32x4.pmin(x, splat(12)), splat(-12));
    const zl = z64(f64x2.promote_low_f32x4(xc));
    const zh = z64(f64x2.promote_low_f32x4(v128.shuffle<i32>(xc, xc, 2, 3, 2, 3)));
    const head = v128.shuffle<i32>(f32x4.demote_f64x2_zero(zl), f32x4.demote_f64x2_zero(zh), 0, 1, 4, 5);
    const tl = f64x2.sub(zl, f64x2.promote_low_f32x4(head));
    const th = f64x2.sub(zh, f64x2.promote_low_f32x4(v128.shuffle<i32>(head, head, 2, 3, 2, 3)));
    const tail = v128.shuffle<i32>(f32x4.demote_f64x2_zero(tl), f32x4.demote_f64x2_zero(th), 0, 1, 4, 5);
    // e^{−|z|} from the parts of −|z|: (head, tail) when z < 0, else (−head, −tail).
    const neg = f32x4.lt(head, f32x4.splat(0));
    const ea = f32x4.pmax(v128.bitselect(head, f32x4.neg(head), neg), splat(EXP_MIN));
    const a = expSum(ea, v128.bitselect(tail, f32x4.neg(tail), neg));
    const s = sigmoidOf(head, a);
    v128.store(p + i, f32x4.mul(x, s));
    if (withDerivative) {
      const x2 = f32x4.mul(xc, xc);
      const du = f32x4.mul(f32x4.add(splat(1), f32x4.mul(x2, splat(3 * GELU_C))), splat(SQRT_2_OVER_PI));
      const w = f32x4.mul(f32x4.mul(f32x4.mul(f32x4.add(xc, xc), s), sigmoidComplementOf(head, a)), du);
      v128.store(q + i, f32x4.add(s, w));
    }
  }
}

/** The tanh approximation of GELU in place on slot 0. */
export function geluTanh(n: i32): void {
  geluTanhLoop(n, false);
}

/** The tanh approximation of GELU in place on slot 0, its derivative into slot 1. */
export function geluTanhD(n: i32): void {
  geluTanhLoop(n, true);
}

// ---- silu ---------------------------------------------------------------------------------------

/** `x·σ(x)` in place on slot 0, and when `withDerivative` `σ·(1 + x·(1 − σ))` into slot 1. */
function siluLoop(n: i32, withDerivative: bool): void {
  const p = slot(0);
  const q = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const a = exp4(f32x4.neg(f32x4.abs(x)));
    const s = sigmoidOf(x, a);
    v128.store(p + i, f32x4.mul(x, s));
    if (withDerivative) {
      v128.store(q + i, f32x4.mul(s, f32x4.add(splat(1), f32x4.mul(x, sigmoidComplementOf(x, a)))));
    }
  }
}

/** `x·σ(x)` in place on slot 0. */
export function silu(n: i32): void {
  siluLoop(n, false);
}

/** `x·σ(x)` in place on slot 0, its derivative into slot 1. */
export function siluD(n: i32): void {
  siluLoop(n, true);
}

// ---- softplus -----------------------------------------------------------------------------------

/** `max(x, 0) + log1p(e^{−|x|})` in place on slot 0, and when `withDerivative` `σ(x)` into slot 1. */
function softplusLoop(n: i32, withDerivative: bool): void {
  const p = slot(0);
  const q = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const a = exp4(f32x4.neg(f32x4.abs(x)));
    // f32x4.max propagates NaN, as Math.max does; max(−0, 0) is +0 either way here (log1p(1) is added).
    v128.store(p + i, f32x4.add(f32x4.max(x, f32x4.splat(0)), log1p4(a)));
    if (withDerivative) v128.store(q + i, sigmoidOf(x, a));
  }
}

/** softplus in place on slot 0. */
export function softplus(n: i32): void {
  softplusLoop(n, false);
}

/** softplus in place on slot 0, its derivative `σ(x)` into slot 1. */
export function softplusD(n: i32): void {
  softplusLoop(n, true);
}

// ---- mish ---------------------------------------------------------------------------------------

/**
 * `x·tanh(softplus x)` in place on slot 0 from `a = e^{−|x|}`: `x(1 + 2a)/(1 + 2a + 2a²)` for `x > 0`,
 * `x·a(2 + a)/(2 + 2a + a²)` otherwise; when `withDerivative`, `t + x·sech²(softplus x)·σ(x)` into slot 1
 * with `sech² = 4a²(1 + a)²/den²` for `x > 0`, `4(1 + a)²/den²` otherwise.
 */
function mishLoop(n: i32, withDerivative: bool): void {
  const p = slot(0);
  const q = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const a = exp4(f32x4.neg(f32x4.abs(x)));
    const pos = f32x4.gt(x, f32x4.splat(0));
    const a2 = f32x4.add(a, a);
    const aa = f32x4.mul(a, a);
    const onePlus2a = f32x4.add(splat(1), a2);
    const tnum = v128.bitselect(onePlus2a, f32x4.mul(a, f32x4.add(splat(2), a)), pos);
    const den = v128.bitselect(
      f32x4.add(onePlus2a, f32x4.add(aa, aa)),
      f32x4.add(f32x4.add(splat(2), a2), aa),
      pos,
    );
    v128.store(p + i, f32x4.div(f32x4.mul(x, tnum), den));
    if (withDerivative) {
      const t = f32x4.div(tnum, den);
      const s = sigmoidOf(x, a);
      const opa = f32x4.add(splat(1), a);
      const num = f32x4.mul(f32x4.mul(splat(4), v128.bitselect(aa, splat(1), pos)), f32x4.mul(opa, opa));
      const sech2 = f32x4.div(num, f32x4.mul(den, den));
      v128.store(q + i, f32x4.add(t, f32x4.mul(f32x4.mul(x, sech2), s)));
    }
  }
}

/** mish in place on slot 0. */
export function mish(n: i32): void {
  mishLoop(n, false);
}

/** mish in place on slot 0, its derivative into slot 1. */
export function mishD(n: i32): void {
  mishLoop(n, true);
}
