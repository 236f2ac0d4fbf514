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
 * Every kernel works on whole `f32x4` vectors, rounding `n` up to a multiple of 4 (16 for the loops unrolled
 * by four vectors): the lanes past `n` lie inside the slot (its size is a multiple of 16) and are never
 * copied out, so there is no scalar tail and every element takes the same path. All arithmetic is float32.
 *
 * Building blocks (errors measured against float64 over dense sweeps of float32 inputs; see
 * `test/wasm-activations.test.ts`):
 * - `exp`: Cephes `expf` — `x = n·ln2 + r`, `|r| ≤ ln2/2`, with ln2 in two parts (`0.693359375`, exact in
 *   few bits, and `−2.12194440e−4`), a degree-5 polynomial for `(eʳ − 1 − r)/r²`; `n` rounded by adding
 *   the magic bias `1.5·2²³` (no `nearest`/`trunc_sat`, which V8 expands to many instructions). `expNeg`
 *   (inputs `≤ 0`: silu, softplus, mish, tanh) takes `2ⁿ` straight from the
 *   biased bits and flushes results below 2⁻¹²⁶ to 0; `expSum` (GELU) builds `2ⁿ` in two factors so
 *   subnormal results stay exact, and takes a large exact part and a small correction separately. Within
 *   1 ulp on normal results; NaN passes through.
 * - sigmoid, elu and the elu derivative (the hot kernels, `sigmoidStep`, `expm1Step`, `eluGradStep`): the
 *   same reduction, their constants loaded once per call and passed as parameters (V8 keeps them in
 *   registers), four vectors per iteration, and a near-minimax polynomial `eʳ ≈ 1 + r + r²·Q(r)` of degree 6
 *   (degree 7 for elu, whose results near 0 are the polynomial itself); no compare for the range: the input
 *   is clamped where `2ⁿ` becomes exactly 0 (or ∞ for sigmoid's `e^{−x}`, whose `1/(1 + ∞)` is 0).
 *   `expm1 = (2ⁿ − 1) + 2ⁿr + 2ⁿr·(r·Q(r))`, exact to an ulp near 0 (no cancellation: when `n = 0` it is
 *   the polynomial).
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

/**
 * The constants of the kernels, broadcast to four lanes where used by `v128.load32_splat` (one
 * instruction): V8 rebuilds a `v128.const` from general registers at every use (about four), which measured
 * 10–20% slower.
 */
const KTABLE: usize = memory.data<f32>(
  [
    1.98756915e-4, // 0: K_EXP_P5
    1.3981999507e-3, // 1: K_EXP_P4
    8.3334519073e-3, // 2: K_EXP_P3
    4.1665795894e-2, // 3: K_EXP_P2
    1.6666665459e-1, // 4: K_EXP_P1
    5.0000001201e-1, // 5: K_EXP_P0
    LOG2E, // 6: K_LOG2E
    LN2_HI, // 7: K_LN2_HI
    LN2_LO, // 8: K_LN2_LO
    1, // 9: K_ONE
    EXP_MIN, // 10: K_EXP_MIN
    -30, // 11: K_EXPM1_MIN
    SQRT2, // 12: K_SQRT2
    0.5, // 13: K_HALF
    7.0376836292e-2, // 14: K_LOG_P8
    1.151461031e-1, // 15: K_LOG_P7
    1.167699874e-1, // 16: K_LOG_P6
    1.2420140846e-1, // 17: K_LOG_P5
    1.4249322787e-1, // 18: K_LOG_P4
    1.6668057665e-1, // 19: K_LOG_P3
    2.0000714765e-1, // 20: K_LOG_P2
    2.4999993993e-1, // 21: K_LOG_P1
    3.3333331174e-1, // 22: K_LOG_P0
    <f32>(-1.0 / (128.0 * 5040.0 * 15.0)), // 23: K_CDF_Q7
    <f32>(1.0 / (64.0 * 720.0 * 13.0)), // 24: K_CDF_Q6
    <f32>(-1.0 / (32.0 * 120.0 * 11.0)), // 25: K_CDF_Q5
    <f32>(1.0 / (16.0 * 24.0 * 9.0)), // 26: K_CDF_Q4
    <f32>(-1.0 / (8.0 * 6.0 * 7.0)), // 27: K_CDF_Q3
    <f32>(1.0 / (4.0 * 2.0 * 5.0)), // 28: K_CDF_Q2
    <f32>(-1.0 / (2.0 * 3.0)), // 29: K_CDF_Q1
    INV_SQRT_2PI, // 30: K_INV_SQRT_2PI
    0.48, // 31: K_ERFC_T0
    0.2529999315738678, // 32: K_ERFC_P9
    -0.097320556640625, // 33: K_ERFC_P8
    -0.2788795828819275, // 34: K_ERFC_P7
    0.15353035926818848, // 35: K_ERFC_P6
    0.26591846346855164, // 36: K_ERFC_P5
    -0.1854277104139328, // 37: K_ERFC_P4
    -0.3614089787006378, // 38: K_ERFC_P3
    0.211481511592865, // 39: K_ERFC_P2
    1.3372665643692017, // 40: K_ERFC_P1
    -0.6986210942268372, // 41: K_ERFC_P0
    -5.70498872745e-3, // 42: K_TANH_P4
    2.06390887954e-2, // 43: K_TANH_P3
    -5.37397155531e-2, // 44: K_TANH_P2
    1.33314422036e-1, // 45: K_TANH_P1
    -3.33332819422e-1, // 46: K_TANH_P0
    2, // 47: K_TWO
    0.625, // 48: K_TANH_SMALL
    14, // 49: K_CDF_CLAMP
    -0.5, // 50: K_MINUS_HALF
    0.5 * SQRT1_2, // 51: K_ERFC_HALF_SQRT1_2
    0.75, // 52: K_CDF_SMALL
    -14, // 53: K_CDF_MIN
    12, // 54: K_GELU_TANH_CLAMP
    -12, // 55: K_GELU_TANH_MIN
    3 * GELU_C, // 56: K_THREE_GELU_C
    SQRT_2_OVER_PI, // 57: K_SQRT_2_OVER_PI
    4, // 58: K_FOUR
    12582912, // 59: K_MAGIC
    12583039, // 60: K_MAGIC_POW2
    -0.0, // 61: K_SIGN
    -87.33654, // 62: K_EXP_CUTOFF
    0.4999999701976776, // 63: K_Q2
    0.16666539013385773, // 64: K_Q3
    0.04166761785745621, // 65: K_Q4
    0.008367064408957958, // 66: K_Q5
    0.0013857806334272027, // 67: K_Q6
    -0.16666539013385773, // 68: K_NEG_Q3
    -0.008367064408957958, // 69: K_NEG_Q5
    -LOG2E, // 70: K_NEG_LOG2E
    88, // 71: K_SIGMOID_MAX
    -89, // 72: K_SIGMOID_MIN
    -88, // 73: K_EXP_FLUSH
    0.5, // 74: K_M2
    0.1666666567325592, // 75: K_M3
    0.04166635498404503, // 76: K_M4
    0.008333389647305012, // 77: K_M5
    0.001394124235957861, // 78: K_M6
    0.00019846748909913003, // 79: K_M7
  ],
  4,
);

const K_EXP_P5: i32 = 0;
const K_EXP_P4: i32 = 1;
const K_EXP_P3: i32 = 2;
const K_EXP_P2: i32 = 3;
const K_EXP_P1: i32 = 4;
const K_EXP_P0: i32 = 5;
const K_LOG2E: i32 = 6;
const K_LN2_HI: i32 = 7;
const K_LN2_LO: i32 = 8;
const K_ONE: i32 = 9;
const K_EXP_MIN: i32 = 10;
const K_EXPM1_MIN: i32 = 11;
const K_SQRT2: i32 = 12;
const K_HALF: i32 = 13;
const K_LOG_P8: i32 = 14;
const K_LOG_P7: i32 = 15;
const K_LOG_P6: i32 = 16;
const K_LOG_P5: i32 = 17;
const K_LOG_P4: i32 = 18;
const K_LOG_P3: i32 = 19;
const K_LOG_P2: i32 = 20;
const K_LOG_P1: i32 = 21;
const K_LOG_P0: i32 = 22;
const K_CDF_Q7: i32 = 23;
const K_CDF_Q6: i32 = 24;
const K_CDF_Q5: i32 = 25;
const K_CDF_Q4: i32 = 26;
const K_CDF_Q3: i32 = 27;
const K_CDF_Q2: i32 = 28;
const K_CDF_Q1: i32 = 29;
const K_INV_SQRT_2PI: i32 = 30;
const K_ERFC_T0: i32 = 31;
const K_ERFC_P9: i32 = 32;
const K_ERFC_P8: i32 = 33;
const K_ERFC_P7: i32 = 34;
const K_ERFC_P6: i32 = 35;
const K_ERFC_P5: i32 = 36;
const K_ERFC_P4: i32 = 37;
const K_ERFC_P3: i32 = 38;
const K_ERFC_P2: i32 = 39;
const K_ERFC_P1: i32 = 40;
const K_ERFC_P0: i32 = 41;
const K_TANH_P4: i32 = 42;
const K_TANH_P3: i32 = 43;
const K_TANH_P2: i32 = 44;
const K_TANH_P1: i32 = 45;
const K_TANH_P0: i32 = 46;
const K_TWO: i32 = 47;
const K_TANH_SMALL: i32 = 48;
const K_CDF_CLAMP: i32 = 49;
const K_MINUS_HALF: i32 = 50;
const K_ERFC_HALF_SQRT1_2: i32 = 51;
const K_CDF_SMALL: i32 = 52;
const K_CDF_MIN: i32 = 53;
const K_GELU_TANH_CLAMP: i32 = 54;
const K_GELU_TANH_MIN: i32 = 55;
const K_THREE_GELU_C: i32 = 56;
const K_SQRT_2_OVER_PI: i32 = 57;
const K_FOUR: i32 = 58;
/** `1.5·2²³`: adding it rounds to an integer, kept in the low mantissa bits. */
const K_MAGIC: i32 = 59;
/** `1.5·2²³ + 127`: adding it leaves the biased exponent `n + 127` in the low bits (`<< 23` is `2ⁿ`). */
const K_MAGIC_POW2: i32 = 60;
/** `−0`: the sign bit alone. */
const K_SIGN: i32 = 61;
/** `ln(2⁻¹²⁶)`: below it `expNeg` flushes to 0. */
const K_EXP_CUTOFF: i32 = 62;

/**
 * `(eʳ − 1 − r)/r² ≈ Q(r) = Q2 + Q3·r + … + Q6·r⁴` for `|r| ≤ 0.35` (`eʳ ≈ 1 + r + r²·Q(r)`, degree 6): a
 * minimax fit in float64 (Lawson iterations on `[−0.3486, 0.3486]`, weighted by `r²/|eʳ − 1|`, coefficients
 * rounded to float32) whose error is 1.5e−8 relative to `eʳ − 1`, so below 0.1 ulp of `eʳ`; one term fewer
 * than Cephes' `expf`, the same accuracy after float32 rounding (sigmoid measured 2.5 ulps before and after).
 */
const K_Q2: i32 = 63;
const K_Q3: i32 = 64;
const K_Q4: i32 = 65;
const K_Q5: i32 = 66;
const K_Q6: i32 = 67;
/** `−Q3`, `−Q5`: `Q(−r)` for the kernels that reduce `−x` without negating it. */
const K_NEG_Q3: i32 = 68;
const K_NEG_Q5: i32 = 69;
const K_NEG_LOG2E: i32 = 70;
/** sigmoid clamps `x` to `[−89, 88]`: `e^{−x}` is then `2⁻¹²⁷·… = 0` (σ = 1) or `2¹²⁸·… = ∞` (σ = 0) beyond. */
const K_SIGMOID_MAX: i32 = 71;
const K_SIGMOID_MIN: i32 = 72;
/** `eˣ` of `max(x, −88)`: `n = −127` there, so `2ⁿ` is the bits of +0 and the result 0 (no compare needed). */
const K_EXP_FLUSH: i32 = 73;

/**
 * `(eʳ − 1 − r)/r² ≈ M2 + M3·r + … + M7·r⁵` (degree 7, as Cephes' `expf`) for elu, whose results near 0 are
 * `expm1(r)` itself: the same weighted fit, error 2.2e−9 relative to `expm1(r)` (with degree 6, elu measured
 * 0.96 ulp against 0.93 with Cephes' polynomial; with this one 0.82).
 */
const K_M2: i32 = 74;
const K_M3: i32 = 75;
const K_M4: i32 = 76;
const K_M5: i32 = 77;
const K_M6: i32 = 78;
const K_M7: i32 = 79;

/** Constant `i` of `KTABLE` in four lanes (one broadcasting load). */
function kc(i: i32): v128 {
  return v128.load32_splat(KTABLE + <usize>i * 4);
}

/** `(eʳ − 1 − r)/r²` for `|r| ≤ ln2/2`: Cephes `expf`'s polynomial. */
function expPoly(r: v128): v128 {
  let y = f32x4.add(f32x4.mul(kc(K_EXP_P5), r), kc(K_EXP_P4));
  y = f32x4.add(f32x4.mul(y, r), kc(K_EXP_P3));
  y = f32x4.add(f32x4.mul(y, r), kc(K_EXP_P2));
  y = f32x4.add(f32x4.mul(y, r), kc(K_EXP_P1));
  return f32x4.add(f32x4.mul(y, r), kc(K_EXP_P0));
}

/** `2^n` for integer lanes `n ∈ [−126, 127]`, from the exponent bits (`127 << 23` is the bits of 1). */
function pow2(n: v128): v128 {
  return i32x4.add(i32x4.shl(n, 23), kc(K_ONE));
}

/** `−|x|` (the sign bit set). */
function negAbs(x: v128): v128 {
  return v128.or(x, kc(K_SIGN));
}

/** `|x|` (the sign bit cleared). */
function abs(x: v128): v128 {
  return v128.andnot(x, kc(K_SIGN));
}

/**
 * `eᶻ` for `z ≤ 0` (lanes with `z > 0` give unspecified values, for the callers that discard them): the
 * magic-bias rounding leaves `2ⁿ` in the bits of `t << 23`, no clamp is needed, and below `ln(2⁻¹²⁶)` the
 * result is flushed to 0 (its true value is below 1.2e−38). NaN gives NaN, −∞ gives 0.
 */
function expNeg(z: v128): v128 {
  const t = f32x4.add(f32x4.mul(z, kc(K_LOG2E)), kc(K_MAGIC_POW2));
  const n = f32x4.sub(t, kc(K_MAGIC_POW2));
  const r = f32x4.sub(f32x4.sub(z, f32x4.mul(n, kc(K_LN2_HI))), f32x4.mul(n, kc(K_LN2_LO)));
  const y = f32x4.add(f32x4.add(f32x4.mul(expPoly(r), f32x4.mul(r, r)), r), kc(K_ONE));
  return v128.andnot(f32x4.mul(y, i32x4.shl(t, 23)), f32x4.lt(z, kc(K_EXP_CUTOFF)));
}

/**
 * `exp(a + b)` for `a + b ∈ [−104, 89]`, where `a` is exact and large and `b` a small correction: the
 * reduction `r = (a − n·LN2_HI) − n·LN2_LO + b` takes `b` in after the exact part, so the sum is never
 * rounded at the magnitude of `a`.
 */
function expSum(a: v128, b: v128): v128 {
  const t = f32x4.add(f32x4.mul(f32x4.add(a, b), kc(K_LOG2E)), kc(K_MAGIC));
  const n = f32x4.sub(t, kc(K_MAGIC));
  const r = f32x4.add(f32x4.sub(f32x4.sub(a, f32x4.mul(n, kc(K_LN2_HI))), f32x4.mul(n, kc(K_LN2_LO))), b);
  const y = f32x4.add(f32x4.add(f32x4.mul(expPoly(r), f32x4.mul(r, r)), r), kc(K_ONE));
  const ni = i32x4.sub(t, kc(K_MAGIC));
  const h = i32x4.shr_s(ni, 1);
  return f32x4.mul(f32x4.mul(y, pow2(h)), pow2(i32x4.sub(ni, h)));
}

/** `log(u)` for `u ∈ [1, 2]`: Cephes `logf` on `m = u` or `u/2` in [√½, √2), with `e = 0` or 1. */
function log12(u: v128): v128 {
  const big = f32x4.gt(u, kc(K_SQRT2));
  const m = v128.bitselect(f32x4.mul(u, kc(K_HALF)), u, big);
  const e = v128.and(big, kc(K_ONE));
  const x = f32x4.sub(m, kc(K_ONE));
  const z = f32x4.mul(x, x);
  let y = f32x4.sub(f32x4.mul(kc(K_LOG_P8), x), kc(K_LOG_P7));
  y = f32x4.add(f32x4.mul(y, x), kc(K_LOG_P6));
  y = f32x4.sub(f32x4.mul(y, x), kc(K_LOG_P5));
  y = f32x4.add(f32x4.mul(y, x), kc(K_LOG_P4));
  y = f32x4.sub(f32x4.mul(y, x), kc(K_LOG_P3));
  y = f32x4.add(f32x4.mul(y, x), kc(K_LOG_P2));
  y = f32x4.sub(f32x4.mul(y, x), kc(K_LOG_P1));
  y = f32x4.add(f32x4.mul(y, x), kc(K_LOG_P0));
  y = f32x4.mul(f32x4.mul(y, x), z);
  y = f32x4.add(y, f32x4.mul(e, kc(K_LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, kc(K_HALF)));
  return f32x4.add(f32x4.add(x, y), f32x4.mul(e, kc(K_LN2_HI)));
}

/** `log(1 + a)` for `a ∈ [0, 1]` (or NaN), as `log(u)·a/(u − 1)` with `u = 1 + a` (`a` when `u = 1`). */
function log1p4(a: v128): v128 {
  const u = f32x4.add(a, kc(K_ONE));
  const l = f32x4.div(f32x4.mul(log12(u), a), f32x4.sub(u, kc(K_ONE)));
  return v128.bitselect(a, l, f32x4.eq(u, kc(K_ONE)));
}

/** `σ(x) = 1/(1 + e^{−x})` from `a = e^{−|x|}`: `1/(1 + a)` for `x ≥ 0`, `a/(1 + a)` otherwise. */
function sigmoidOf(x: v128, a: v128): v128 {
  const s = f32x4.div(kc(K_ONE), f32x4.add(kc(K_ONE), a));
  return v128.bitselect(s, f32x4.mul(a, s), f32x4.ge(x, f32x4.splat(0)));
}

/** `1 − σ(x) = σ(−x)` from `a = e^{−|x|}` without cancellation: `a/(1 + a)` for `x ≥ 0`, `1/(1 + a)` otherwise. */
function sigmoidComplementOf(x: v128, a: v128): v128 {
  const s = f32x4.div(kc(K_ONE), f32x4.add(kc(K_ONE), a));
  return v128.bitselect(f32x4.mul(a, s), s, f32x4.ge(x, f32x4.splat(0)));
}

/**
 * `Φ(x) − ½ = x·Q(x²)` for `|x| ≤ 0.75`: the Taylor series `φ(0)·Σ (−1)ᵏ x^{2k+1}/(2ᵏ k! (2k+1))` to `k = 7`
 * (truncation below 1e−10 there).
 */
function cdfSmall(x: v128): v128 {
  const s = f32x4.mul(x, x);
  let y = kc(K_CDF_Q7);
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q6));
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q5));
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q4));
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q3));
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q2));
  y = f32x4.add(f32x4.mul(y, s), kc(K_CDF_Q1));
  y = f32x4.add(f32x4.mul(y, s), kc(K_ONE));
  return f32x4.mul(f32x4.mul(y, x), kc(K_INV_SQRT_2PI));
}

/**
 * `log(erfc(z)/t) + z²` for `t = 1/(1 + z/2) ∈ [0.16, 0.8]` (`z ∈ [0.5, 10.5]`), a degree-9 polynomial in
 * `t − 0.48` (the form of Numerical Recipes' `erfcc`, refitted in float64 to near-minimax on this interval:
 * error 1.5e−9; the float32 evaluation adds about 1.1e−7).
 */
function erfcPoly(t: v128): v128 {
  const u = f32x4.sub(t, kc(K_ERFC_T0));
  let y = f32x4.add(f32x4.mul(kc(K_ERFC_P9), u), kc(K_ERFC_P8));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P7));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P6));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P5));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P4));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P3));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P2));
  y = f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P1));
  return f32x4.add(f32x4.mul(y, u), kc(K_ERFC_P0));
}

/** `−(z² − a)` where `z² = x²/2` and `a = −xh²/2` is the exact part (`x = xh + xl`, `xh` 12 bits). */
function halfSquareTail(xh: v128, xl: v128): v128 {
  return v128.xor(f32x4.add(f32x4.mul(xh, xl), f32x4.mul(f32x4.mul(xl, xl), kc(K_HALF))), kc(K_SIGN));
}

// ---- loops --------------------------------------------------------------------------------------

/** Byte end of `n` floats rounded up to whole vectors. */
function end4(n: i32): usize {
  return <usize>((n + 3) & ~3) * 4;
}

// ---- sigmoid ------------------------------------------------------------------------------------

/** Byte end of `n` floats rounded up to whole groups of four vectors (the unrolled loops; slots hold whole groups). */
function end16(n: i32): usize {
  return <usize>((n + 15) & ~15) * 4;
}

/**
 * `σ(x) = 1/(1 + e^{−x})` of one vector, the constants passed in (loaded once per call: V8 keeps them in
 * registers, where a broadcasting load per use measured 30% slower). `x` is clamped to `[−89, 88]`, so `e^{−x}`
 * needs no compare: above 88, `n = −127` makes `2ⁿ` the bits of +0 (σ = 1); below −88.4, `n = 128` makes it
 * +∞ (σ = 0; `r ≠ 0` there, so no `0·∞`). `−x` is reduced without negating it: `r' = x + n·ln2 = −r`, and
 * `e^{r} = 2ⁿ·(1 − r' + r'²·Q(−r'))` with the odd coefficients negated. No branch and no select: for `x < 0`,
 * `e^{−x} > 1` and the relative error of `1/(1 + e^{−x})` is that of `e^{−x}` (no cancellation). NaN stays NaN.
 */
function sigmoidStep(
  x: v128,
  xmax: v128,
  xmin: v128,
  nlog2e: v128,
  magic: v128,
  ln2hi: v128,
  ln2lo: v128,
  q2: v128,
  nq3: v128,
  q4: v128,
  nq5: v128,
  q6: v128,
  one: v128,
): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, xmax), xmin);
  const t = f32x4.add(f32x4.mul(xc, nlog2e), magic);
  const s = i32x4.shl(t, 23);
  const k = f32x4.sub(t, magic);
  const r = f32x4.add(f32x4.add(xc, f32x4.mul(k, ln2hi)), f32x4.mul(k, ln2lo));
  let q = f32x4.add(f32x4.mul(q6, r), nq5);
  q = f32x4.add(f32x4.mul(q, r), q4);
  q = f32x4.add(f32x4.mul(q, r), nq3);
  q = f32x4.add(f32x4.mul(q, r), q2);
  // (1 − r' + r'²·Q)·2ⁿ, not 2ⁿ − 2ⁿr' + …: with 2ⁿ = ∞ the factor (> 0) keeps the product ∞, never ∞ − ∞.
  const e = f32x4.mul(f32x4.add(f32x4.sub(one, r), f32x4.mul(f32x4.mul(q, r), r)), s);
  return f32x4.div(one, f32x4.add(one, e));
}

/**
 * `σ(x)` in place on slot 0 (`sigmoidStep`, four vectors per iteration so independent chains overlap). Results
 * below about 4e−39 (`x < −88.4`) are 0; between that and 2⁻¹²⁶ they are subnormal, as the float64 value.
 */
export function sigmoid(n: i32): void {
  const p = slot(0);
  const end = end16(n);
  const xmax = kc(K_SIGMOID_MAX);
  const xmin = kc(K_SIGMOID_MIN);
  const nlog2e = kc(K_NEG_LOG2E);
  const magic = kc(K_MAGIC_POW2);
  const ln2hi = kc(K_LN2_HI);
  const ln2lo = kc(K_LN2_LO);
  const q2 = kc(K_Q2);
  const nq3 = kc(K_NEG_Q3);
  const q4 = kc(K_Q4);
  const nq5 = kc(K_NEG_Q5);
  const q6 = kc(K_Q6);
  const one = kc(K_ONE);
  for (let i: usize = 0; i < end; i += 64) {
    const a = p + i;
    const x0 = v128.load(a);
    const x1 = v128.load(a, 16);
    const x2 = v128.load(a, 32);
    const x3 = v128.load(a, 48);
    v128.store(a, sigmoidStep(x0, xmax, xmin, nlog2e, magic, ln2hi, ln2lo, q2, nq3, q4, nq5, q6, one));
    v128.store(a, sigmoidStep(x1, xmax, xmin, nlog2e, magic, ln2hi, ln2lo, q2, nq3, q4, nq5, q6, one), 16);
    v128.store(a, sigmoidStep(x2, xmax, xmin, nlog2e, magic, ln2hi, ln2lo, q2, nq3, q4, nq5, q6, one), 32);
    v128.store(a, sigmoidStep(x3, xmax, xmin, nlog2e, magic, ln2hi, ln2lo, q2, nq3, q4, nq5, q6, one), 48);
  }
}

/** `dy·y·(1 − y)` into slot 0, with `y = σ(x)` in slot 0 and `dy` in slot 1. */
export function sigmoidGrad(n: i32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const y = v128.load(p + i);
    v128.store(p + i, f32x4.mul(f32x4.mul(v128.load(g + i), y), f32x4.sub(kc(K_ONE), y)));
  }
}

// ---- tanh ---------------------------------------------------------------------------------------

/**
 * `tanh(x)` in place on slot 0 (Cephes `tanhf`): for `|x| < 0.625` the odd polynomial
 * `|x| + |x|·x²·P(x²)`, else `(1 − a)/(1 + a)` with `a = e^{−2|x|}` (1 once `a` underflows); the sign of `x`
 * is then copied on (so `tanh(−0) = −0`).
 */
export function tanh(n: i32): void {
  const p = slot(0);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const x = v128.load(p + i);
    const ax = abs(x);
    const s = f32x4.mul(x, x);
    let y = f32x4.add(f32x4.mul(kc(K_TANH_P4), s), kc(K_TANH_P3));
    y = f32x4.add(f32x4.mul(y, s), kc(K_TANH_P2));
    y = f32x4.add(f32x4.mul(y, s), kc(K_TANH_P1));
    y = f32x4.add(f32x4.mul(y, s), kc(K_TANH_P0));
    const small = f32x4.add(ax, f32x4.mul(f32x4.mul(y, s), ax));
    const a = expNeg(negAbs(f32x4.add(x, x)));
    const large = f32x4.div(f32x4.sub(kc(K_ONE), a), f32x4.add(kc(K_ONE), a));
    const t = v128.bitselect(small, large, f32x4.lt(ax, kc(K_TANH_SMALL)));
    v128.store(p + i, v128.or(t, v128.and(x, kc(K_SIGN))));
  }
}

/** `dy·(1 − y²)` into slot 0, with `y = tanh(x)` in slot 0 and `dy` in slot 1, as `(1 − y)(1 + y)`. */
export function tanhGrad(n: i32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end4(n);
  for (let i: usize = 0; i < end; i += 16) {
    const y = v128.load(p + i);
    const d = f32x4.mul(f32x4.sub(kc(K_ONE), y), f32x4.add(kc(K_ONE), y));
    v128.store(p + i, f32x4.mul(v128.load(g + i), d));
  }
}

// ---- elu / selu ---------------------------------------------------------------------------------

/**
 * `expm1(c)` of one vector for `c ∈ [−30, 0]` (lanes with `c > 0` give unspecified values):
 * `(2ⁿ − 1) + 2ⁿr + 2ⁿr·(r·M(r))`, exact to an ulp near 0 (when `n = 0` it is `r + r²M`). The constants are
 * parameters, loaded once per call (binaryen inlines a function of up to about 15 parameters; `eluOf` does the
 * rest).
 */
function expm1Step(
  c: v128,
  log2e: v128,
  magic: v128,
  ln2hi: v128,
  ln2lo: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  q5: v128,
  q6: v128,
  q7: v128,
  one: v128,
): v128 {
  const t = f32x4.add(f32x4.mul(c, log2e), magic);
  const s = i32x4.shl(t, 23);
  const k = f32x4.sub(t, magic);
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(k, ln2hi)), f32x4.mul(k, ln2lo));
  let q = f32x4.add(f32x4.mul(q7, r), q6);
  q = f32x4.add(f32x4.mul(q, r), q5);
  q = f32x4.add(f32x4.mul(q, r), q4);
  q = f32x4.add(f32x4.mul(q, r), q3);
  q = f32x4.add(f32x4.mul(q, r), q2);
  const rs = f32x4.mul(r, s);
  return f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(q, r), rs), rs), f32x4.sub(s, one));
}

/**
 * `x ≥ 0 ? λ·x : λα·e` from `e = expm1(max(x, −30))`: zeros take the linear branch, `λ·(±0)`, which is
 * `λα·expm1(±0)` with its sign whenever `α > 0` (the wrapper sends other `α` to the JavaScript loop), so no
 * sign needs copying onto `e`.
 */
function eluOf(x: v128, e: v128, lam: v128, la: v128): v128 {
  return v128.bitselect(f32x4.mul(lam, x), f32x4.mul(la, e), f32x4.ge(x, f32x4.splat(0)));
}

/**
 * `x > 0 ? λ·x : λα·expm1(x)` in place on slot 0 for `α > 0` (`la = λα`; `expm1Step`, four vectors per
 * iteration).
 */
export function elu(n: i32, lambda: f32, la: f32): void {
  const p = slot(0);
  const end = end16(n);
  const L = f32x4.splat(lambda);
  const LA = f32x4.splat(la);
  const cmin = kc(K_EXPM1_MIN);
  const log2e = kc(K_LOG2E);
  const magic = kc(K_MAGIC_POW2);
  const ln2hi = kc(K_LN2_HI);
  const ln2lo = kc(K_LN2_LO);
  const q2 = kc(K_M2);
  const q3 = kc(K_M3);
  const q4 = kc(K_M4);
  const q5 = kc(K_M5);
  const q6 = kc(K_M6);
  const q7 = kc(K_M7);
  const one = kc(K_ONE);
  for (let i: usize = 0; i < end; i += 64) {
    const a = p + i;
    const x0 = v128.load(a);
    const x1 = v128.load(a, 16);
    const x2 = v128.load(a, 32);
    const x3 = v128.load(a, 48);
    const e0 = expm1Step(f32x4.pmax(x0, cmin), log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6, q7, one);
    const e1 = expm1Step(f32x4.pmax(x1, cmin), log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6, q7, one);
    const e2 = expm1Step(f32x4.pmax(x2, cmin), log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6, q7, one);
    const e3 = expm1Step(f32x4.pmax(x3, cmin), log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6, q7, one);
    v128.store(a, eluOf(x0, e0, L, LA));
    v128.store(a, eluOf(x1, e1, L, LA), 16);
    v128.store(a, eluOf(x2, e2, L, LA), 32);
    v128.store(a, eluOf(x3, e3, L, LA), 48);
  }
}

/**
 * `x > 0 ? λ·dy : λα·eˣ·dy` of one vector: `eˣ` of `max(x, −88)` (`n = −127` below −87.7, where `2ⁿ` is the
 * bits of +0 and the result 0: no compare) as `2ⁿ + 2ⁿr + 2ⁿr·(r·Q(r))`.
 */
function eluGradStep(
  x: v128,
  dy: v128,
  lam: v128,
  la: v128,
  cmin: v128,
  log2e: v128,
  magic: v128,
  ln2hi: v128,
  ln2lo: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  q5: v128,
  q6: v128,
): v128 {
  const c = f32x4.pmax(x, cmin);
  const t = f32x4.add(f32x4.mul(c, log2e), magic);
  const s = i32x4.shl(t, 23);
  const k = f32x4.sub(t, magic);
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(k, ln2hi)), f32x4.mul(k, ln2lo));
  let q = f32x4.add(f32x4.mul(q6, r), q5);
  q = f32x4.add(f32x4.mul(q, r), q4);
  q = f32x4.add(f32x4.mul(q, r), q3);
  q = f32x4.add(f32x4.mul(q, r), q2);
  const rs = f32x4.mul(r, s);
  const e = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(q, r), rs), rs), s);
  return f32x4.mul(v128.bitselect(lam, f32x4.mul(la, e), f32x4.gt(x, f32x4.splat(0))), dy);
}

/** `x > 0 ? λ·dy : λα·eˣ·dy` into slot 0, with `x` in slot 0 and `dy` in slot 1 (`eluGradStep`, four vectors per iteration). */
export function eluGrad(n: i32, lambda: f32, la: f32): void {
  const p = slot(0);
  const g = slot(1);
  const end = end16(n);
  const L = f32x4.splat(lambda);
  const LA = f32x4.splat(la);
  const cmin = kc(K_EXP_FLUSH);
  const log2e = kc(K_LOG2E);
  const magic = kc(K_MAGIC_POW2);
  const ln2hi = kc(K_LN2_HI);
  const ln2lo = kc(K_LN2_LO);
  const q2 = kc(K_Q2);
  const q3 = kc(K_Q3);
  const q4 = kc(K_Q4);
  const q5 = kc(K_Q5);
  const q6 = kc(K_Q6);
  for (let i: usize = 0; i < end; i += 64) {
    const a = p + i;
    const b = g + i;
    const x0 = v128.load(a);
    const x1 = v128.load(a, 16);
    const x2 = v128.load(a, 32);
    const x3 = v128.load(a, 48);
    const d0 = v128.load(b);
    const d1 = v128.load(b, 16);
    const d2 = v128.load(b, 32);
    const d3 = v128.load(b, 48);
    v128.store(a, eluGradStep(x0, d0, L, LA, cmin, log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6));
    v128.store(a, eluGradStep(x1, d1, L, LA, cmin, log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6), 16);
    v128.store(a, eluGradStep(x2, d2, L, LA, cmin, log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6), 32);
    v128.store(a, eluGradStep(x3, d3, L, LA, cmin, log2e, magic, ln2hi, ln2lo, q2, q3, q4, q5, q6), 48);
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
    const ax = f32x4.pmin(abs(x), kc(K_CDF_CLAMP));
    const xh = v128.and(ax, headMask);
    const xl = f32x4.sub(ax, xh);
    const a = f32x4.mul(f32x4.mul(xh, xh), kc(K_MINUS_HALF));
    const tail = halfSquareTail(xh, xl);
    const t = f32x4.div(kc(K_ONE), f32x4.add(kc(K_ONE), f32x4.mul(ax, kc(K_ERFC_HALF_SQRT1_2))));
    const h = f32x4.mul(f32x4.mul(t, expSum(a, f32x4.add(tail, erfcPoly(t)))), kc(K_HALF));
    const tails = v128.bitselect(f32x4.sub(kc(K_ONE), h), h, f32x4.gt(x, f32x4.splat(0)));
    const near = f32x4.add(cdfSmall(x), kc(K_HALF));
    const cdf = v128.and(
      v128.bitselect(near, tails, f32x4.le(ax, kc(K_CDF_SMALL))),
      f32x4.ge(x, kc(K_CDF_MIN)),
    );
    v128.store(p + i, f32x4.mul(x, cdf));
    if (withDerivative) {
      const pdf = v128.and(f32x4.mul(expSum(a, tail), kc(K_INV_SQRT_2PI)), f32x4.le(abs(x), kc(K_CDF_CLAMP)));
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
    const xc = f32x4.pmax(f32x4.pmin(x, kc(K_GELU_TANH_CLAMP)), kc(K_GELU_TANH_MIN));
    const zl = z64(f64x2.promote_low_f32x4(xc));
    const zh = z64(f64x2.promote_low_f32x4(v128.shuffle<i32>(xc, xc, 2, 3, 2, 3)));
    const head = v128.shuffle<i32>(f32x4.demote_f64x2_zero(zl), f32x4.demote_f64x2_zero(zh), 0, 1, 4, 5);
    const tl = f64x2.sub(zl, f64x2.promote_low_f32x4(head));
    const th = f64x2.sub(zh, f64x2.promote_low_f32x4(v128.shuffle<i32>(head, head, 2, 3, 2, 3)));
    const tail = v128.shuffle<i32>(f32x4.demote_f64x2_zero(tl), f32x4.demote_f64x2_zero(th), 0, 1, 4, 5);
    // e^{−|z|} from the parts of −|z|: (head, tail) when z < 0, else (−head, −tail).
    const ea = f32x4.pmax(negAbs(head), kc(K_EXP_MIN));
    const a = expSum(ea, v128.xor(tail, v128.andnot(kc(K_SIGN), head)));
    const s = sigmoidOf(head, a);
    v128.store(p + i, f32x4.mul(x, s));
    if (withDerivative) {
      const x2 = f32x4.mul(xc, xc);
      const du = f32x4.mul(f32x4.add(kc(K_ONE), f32x4.mul(x2, kc(K_THREE_GELU_C))), kc(K_SQRT_2_OVER_PI));
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
    const a = expNeg(negAbs(x));
    const s = sigmoidOf(x, a);
    v128.store(p + i, f32x4.mul(x, s));
    if (withDerivative) {
      v128.store(q + i, f32x4.mul(s, f32x4.add(kc(K_ONE), f32x4.mul(x, sigmoidComplementOf(x, a)))));
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
    const a = expNeg(negAbs(x));
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
    const a = expNeg(negAbs(x));
    const pos = f32x4.gt(x, f32x4.splat(0));
    const a2 = f32x4.add(a, a);
    const aa = f32x4.mul(a, a);
    const onePlus2a = f32x4.add(kc(K_ONE), a2);
    const tnum = v128.bitselect(onePlus2a, f32x4.mul(a, f32x4.add(kc(K_TWO), a)), pos);
    const den = v128.bitselect(
      f32x4.add(onePlus2a, f32x4.add(aa, aa)),
      f32x4.add(f32x4.add(kc(K_TWO), a2), aa),
      pos,
    );
    v128.store(p + i, f32x4.div(f32x4.mul(x, tnum), den));
    if (withDerivative) {
      const t = f32x4.div(tnum, den);
      const s = sigmoidOf(x, a);
      const opa = f32x4.add(kc(K_ONE), a);
      const num = f32x4.mul(f32x4.mul(kc(K_FOUR), v128.bitselect(aa, kc(K_ONE), pos)), f32x4.mul(opa, opa));
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
