/**
 * Memory-bound float32 kernels in WebAssembly SIMD (AssemblyScript source of `src/wasm/streamModule.ts`;
 * rebuild with `npx tsx packages/tensor/scripts/wasm-build.ts`).
 *
 * The module owns a small fixed scratch area in its own (non-shared) memory: four slots of `CAPACITY`
 * floats for chunks of the operands, then `MAX_COLS` float64 accumulators ×3 for the column statistics. The
 * JavaScript wrapper (`src/wasm/stream.ts`) streams a large array through it chunk by chunk: it copies a
 * chunk of each input into its slot, runs a kernel, which writes its outputs over its inputs in the slots,
 * and copies the outputs out. Chunks stay in L2, so main memory is read and written once; the memory never
 * grows and nothing is allocated per call.
 *
 * Element kernels work on `n` floats of the slots: `f32x4` four vectors per iteration (unrolled: measured
 * about twice as fast as one per iteration under V8), then one vector, then a scalar tail.
 */

// @ts-nocheck — AssemblyScript, not TypeScript (v128, load/store and memory.data are AssemblyScript builtins).

/** Floats per slot (128 KiB): the largest chunk the wrapper may use. */
export const CAPACITY: i32 = 32768;
/** Columns of a column-statistics stripe: three float64 accumulators of this many columns. */
export const MAX_COLS: i32 = 4096;

/** The scratch area: slots 0–3 (`CAPACITY` floats each), then `shift`, `s1`, `s2` (`MAX_COLS` f64 each). */
const SCRATCH: usize = memory.data(4 * CAPACITY * 4 + 3 * MAX_COLS * 8, 64);

/** Byte address of slot `k` (0 to 3). */
export function slot(k: i32): usize {
  return SCRATCH + <usize>k * CAPACITY * 4;
}

/** Byte address of accumulator `k` (0 = shift, 1 = Σd, 2 = Σd²), `MAX_COLS` float64 each. */
export function accumulator(k: i32): usize {
  return SCRATCH + <usize>4 * CAPACITY * 4 + <usize>k * MAX_COLS * 8;
}

/** The x86 default NaN (sign set, quiet), which V8's `Math.max` returns for any NaN operand on x64. */
const DEFAULT_NAN: u32 = 0xffc00000;
/** The quiet bit of a float32 NaN. */
const QUIET: u32 = 0x00400000;

/**
 * `relu` in place on slot 0: `max(x, 0)` as JavaScript's `Math.max(x, 0)` stored to a `Float32Array`:
 * positives unchanged, `−0`, negatives and `−∞` give `+0`, any NaN gives the default NaN `0xffc00000`.
 */
export function relu(n: i32): void {
  const p = slot(0);
  const end16 = <usize>(n & ~15) * 4;
  for (let i: usize = 0; i < end16; i += 64) {
    v128.store(p + i, relu4(v128.load(p + i)));
    v128.store(p + i, relu4(v128.load(p + i, 16)), 16);
    v128.store(p + i, relu4(v128.load(p + i, 32)), 32);
    v128.store(p + i, relu4(v128.load(p + i, 48)), 48);
  }
  const end4 = <usize>(n & ~3) * 4;
  for (let i = end16; i < end4; i += 16) v128.store(p + i, relu4(v128.load(p + i)));
  for (let i = n & ~3; i < n; i++) {
    const q = p + <usize>i * 4;
    const x = load<f32>(q);
    if (x !== x) store<u32>(q, DEFAULT_NAN);
    else store<f32>(q, x > 0 ? x : 0);
  }
}

/** `relu` of four lanes: `x` where `x > 0`, the default NaN where `x` is NaN, else `+0`. */
function relu4(x: v128): v128 {
  return v128.bitselect(i32x4.splat(DEFAULT_NAN), v128.and(x, f32x4.gt(x, f32x4.splat(0))), f32x4.ne(x, x));
}

/**
 * `reluGrad` into slot 0: `dx = x > 0 ? dy : +0` with `x` in slot 0 and `dy` in slot 1, as JavaScript's
 * conditional stored to a `Float32Array`: a NaN `dy` passed through is quieted (its quiet bit set), the
 * rest of its bits kept; a NaN `x` gives `+0`.
 */
export function reluGrad(n: i32): void {
  const px = slot(0);
  const pg = slot(1);
  const end16 = <usize>(n & ~15) * 4;
  for (let i: usize = 0; i < end16; i += 64) {
    v128.store(px + i, grad4(v128.load(px + i), v128.load(pg + i)));
    v128.store(px + i, grad4(v128.load(px + i, 16), v128.load(pg + i, 16)), 16);
    v128.store(px + i, grad4(v128.load(px + i, 32), v128.load(pg + i, 32)), 32);
    v128.store(px + i, grad4(v128.load(px + i, 48), v128.load(pg + i, 48)), 48);
  }
  const end4 = <usize>(n & ~3) * 4;
  for (let i = end16; i < end4; i += 16) v128.store(px + i, grad4(v128.load(px + i), v128.load(pg + i)));
  for (let i = n & ~3; i < n; i++) {
    const q = <usize>i * 4;
    const g = load<f32>(pg + q);
    if (load<f32>(px + q) > 0) {
      store<u32>(px + q, g !== g ? reinterpret<u32>(g) | QUIET : reinterpret<u32>(g));
    } else store<f32>(px + q, 0);
  }
}

/** `reluGrad` of four lanes: `dy` (NaNs quieted) where `x > 0`, else `+0`. */
function grad4(x: v128, dy: v128): v128 {
  const g = v128.and(dy, f32x4.gt(x, f32x4.splat(0)));
  return v128.or(g, v128.and(f32x4.ne(g, g), i32x4.splat(QUIET)));
}

/**
 * Adam's fused pass on slots 0 (`g` → `u`), 1 (`mu` → `m`), 2 (`nu` → `v`), in float64 as the reference
 * JavaScript loop computes it (`f64x2`, same operations in the same order, each rounded to float32 once on
 * the store), so results are bit-identical to it:
 * `m = b1·mu + c1·g`, `v = b2·nu + (c2·g)·g`, `u = (m·s1) / (√(v·s2 + epsRoot) + eps)`.
 * About twice the time of {@link adamF32} (the `f64x2` square root and division bound it).
 */
export function adamF64(
  n: i32,
  b1: f64,
  c1: f64,
  b2: f64,
  c2: f64,
  eps: f64,
  epsRoot: f64,
  s1: f64,
  s2: f64,
): void {
  const pg = slot(0);
  const pm = slot(1);
  const pv = slot(2);
  const B1 = f64x2.splat(b1);
  const C1 = f64x2.splat(c1);
  const B2 = f64x2.splat(b2);
  const C2 = f64x2.splat(c2);
  const EPS = f64x2.splat(eps);
  const ER = f64x2.splat(epsRoot);
  const S1 = f64x2.splat(s1);
  const S2 = f64x2.splat(s2);
  const end = <usize>(n & ~1) * 4;
  for (let i: usize = 0; i < end; i += 8) {
    const g = f64x2.promote_low_f32x4(v128.load64_zero(pg + i));
    const mu = f64x2.promote_low_f32x4(v128.load64_zero(pm + i));
    const nu = f64x2.promote_low_f32x4(v128.load64_zero(pv + i));
    const m = f64x2.add(f64x2.mul(B1, mu), f64x2.mul(C1, g));
    const v = f64x2.add(f64x2.mul(B2, nu), f64x2.mul(f64x2.mul(C2, g), g));
    const u = f64x2.div(f64x2.mul(m, S1), f64x2.add(f64x2.sqrt(f64x2.add(f64x2.mul(v, S2), ER)), EPS));
    v128.store64_lane(pm + i, f32x4.demote_f64x2_zero(m), 0);
    v128.store64_lane(pv + i, f32x4.demote_f64x2_zero(v), 0);
    v128.store64_lane(pg + i, f32x4.demote_f64x2_zero(u), 0);
  }
  if (n & 1) {
    const q = <usize>(n - 1) * 4;
    const g = <f64>load<f32>(pg + q);
    const m = b1 * <f64>load<f32>(pm + q) + c1 * g;
    const v = b2 * <f64>load<f32>(pv + q) + c2 * g * g;
    store<f32>(pm + q, <f32>m);
    store<f32>(pv + q, <f32>v);
    store<f32>(pg + q, <f32>((m * s1) / (Math.sqrt(v * s2 + epsRoot) + eps)));
  }
}

/**
 * Adam's pass as {@link adamF64} but in `f32x4` arithmetic (the scalars rounded to float32), in the same
 * order: twice the lanes, results within a few float32 ulps of the float64 reference (relative to
 * `|b1·mu| + |c1·g|` where those cancel). The wrapper's default.
 */
export function adamF32(
  n: i32,
  b1: f32,
  c1: f32,
  b2: f32,
  c2: f32,
  eps: f32,
  epsRoot: f32,
  s1: f32,
  s2: f32,
): void {
  const pg = slot(0);
  const pm = slot(1);
  const pv = slot(2);
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const EPS = f32x4.splat(eps);
  const ER = f32x4.splat(epsRoot);
  const S1 = f32x4.splat(s1);
  const S2 = f32x4.splat(s2);
  const end = <usize>(n & ~3) * 4;
  for (let i: usize = 0; i < end; i += 16) {
    const g = v128.load(pg + i);
    const m = f32x4.add(f32x4.mul(B1, v128.load(pm + i)), f32x4.mul(C1, g));
    const v = f32x4.add(f32x4.mul(B2, v128.load(pv + i)), f32x4.mul(f32x4.mul(C2, g), g));
    const u = f32x4.div(f32x4.mul(m, S1), f32x4.add(f32x4.sqrt(f32x4.add(f32x4.mul(v, S2), ER)), EPS));
    v128.store(pm + i, m);
    v128.store(pv + i, v);
    v128.store(pg + i, u);
  }
  for (let i = n & ~3; i < n; i++) {
    const q = <usize>i * 4;
    const g = load<f32>(pg + q);
    const m = b1 * load<f32>(pm + q) + c1 * g;
    const v = b2 * load<f32>(pv + q) + c2 * g * g;
    store<f32>(pm + q, m);
    store<f32>(pv + q, v);
    store<f32>(pg + q, (m * s1) / (Mathf.sqrt(v * s2 + epsRoot) + eps));
  }
}

/**
 * Adam's pass and the parameter update in one: {@link adamF32} on slots 0–2 (`g`, `mu` → `m`, `nu` → `v`),
 * then `p ← p + f32(u·scale)` on slot 3, the product and the sum each computed in float64 and rounded to
 * float32 once, exactly as `scale` then `axpy` with `a = 1` compute them: the same bits as the three passes,
 * with four arrays read and three written instead of eleven streams.
 */
export function adamApplyF32(
  n: i32,
  b1: f32,
  c1: f32,
  b2: f32,
  c2: f32,
  eps: f32,
  epsRoot: f32,
  s1: f32,
  s2: f32,
  scale: f64,
): void {
  const pg = slot(0);
  const pm = slot(1);
  const pv = slot(2);
  const pp = slot(3);
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const EPS = f32x4.splat(eps);
  const ER = f32x4.splat(epsRoot);
  const S1 = f32x4.splat(s1);
  const S2 = f32x4.splat(s2);
  const SC = f64x2.splat(scale);
  const end = <usize>(n & ~3) * 4;
  for (let i: usize = 0; i < end; i += 16) {
    const g = v128.load(pg + i);
    const m = f32x4.add(f32x4.mul(B1, v128.load(pm + i)), f32x4.mul(C1, g));
    const v = f32x4.add(f32x4.mul(B2, v128.load(pv + i)), f32x4.mul(f32x4.mul(C2, g), g));
    const u = f32x4.div(f32x4.mul(m, S1), f32x4.add(f32x4.sqrt(f32x4.add(f32x4.mul(v, S2), ER)), EPS));
    v128.store(pm + i, m);
    v128.store(pv + i, v);
    const p = v128.load(pp + i);
    const sLo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(u), SC));
    const sHi = f32x4.demote_f64x2_zero(
      f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<i32>(u, u, 2, 3, 0, 1)), SC),
    );
    const rLo = f64x2.add(f64x2.promote_low_f32x4(p), f64x2.promote_low_f32x4(sLo));
    const rHi = f64x2.add(
      f64x2.promote_low_f32x4(v128.shuffle<i32>(p, p, 2, 3, 0, 1)),
      f64x2.promote_low_f32x4(sHi),
    );
    v128.store(
      pp + i,
      v128.shuffle<i32>(f32x4.demote_f64x2_zero(rLo), f32x4.demote_f64x2_zero(rHi), 0, 1, 4, 5),
    );
  }
  for (let i = n & ~3; i < n; i++) {
    const q = <usize>i * 4;
    const g = load<f32>(pg + q);
    const m = b1 * load<f32>(pm + q) + c1 * g;
    const v = b2 * load<f32>(pv + q) + c2 * g * g;
    store<f32>(pm + q, m);
    store<f32>(pv + q, v);
    const u = (m * s1) / (Mathf.sqrt(v * s2 + epsRoot) + eps);
    const sc = <f32>(<f64>u * scale);
    store<f32>(pp + q, <f32>(<f64>load<f32>(pp + q) + <f64>sc));
  }
}

/**
 * Momentum and the parameter update in one pass, in float64 as the JavaScript loops compute each step and
 * rounding where they store: on slots 0 (`g`), 1 (`t` → `t'`), 2 (`p` → `p'`),
 * `t' = g + decay·t` (stored as float32), `u = t'` (the stored value) or with Nesterov `u = g + decay·t'`
 * (from the unrounded `t'`, rounded once), then `p' = p + f32(u·scale)`: the same bits as `trace`, `scale` and
 * `axpy` one after the other.
 */
export function momentumApply(n: i32, decay: f64, scale: f64, nesterov: i32): void {
  const pg = slot(0);
  const pt = slot(1);
  const pp = slot(2);
  const D = f64x2.splat(decay);
  const SC = f64x2.splat(scale);
  const end = <usize>(n & ~1) * 4;
  for (let i: usize = 0; i < end; i += 8) {
    const g = f64x2.promote_low_f32x4(v128.load64_zero(pg + i));
    const t = f64x2.promote_low_f32x4(v128.load64_zero(pt + i));
    const tNew = f64x2.add(g, f64x2.mul(D, t));
    const t32 = f32x4.demote_f64x2_zero(tNew);
    v128.store64_lane(pt + i, t32, 0);
    const u32 = nesterov ? f32x4.demote_f64x2_zero(f64x2.add(g, f64x2.mul(D, tNew))) : t32;
    const s32 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(u32), SC));
    const p = f64x2.promote_low_f32x4(v128.load64_zero(pp + i));
    v128.store64_lane(pp + i, f32x4.demote_f64x2_zero(f64x2.add(p, f64x2.promote_low_f32x4(s32))), 0);
  }
  if (n & 1) {
    const q = <usize>(n - 1) * 4;
    const g = <f64>load<f32>(pg + q);
    const tNew = g + decay * <f64>load<f32>(pt + q);
    const t32 = <f32>tNew;
    store<f32>(pt + q, t32);
    const u32 = nesterov ? <f32>(g + decay * tNew) : t32;
    const s32 = <f32>(<f64>u32 * scale);
    store<f32>(pp + q, <f32>(<f64>load<f32>(pp + q) + <f64>s32));
  }
}

/**
 * `x·s` in place on slot 0, in float64 as JavaScript computes `x[i] * s` (`f64x2`: each product rounded to
 * float32 once on the store), so results are bit-identical to the JavaScript loop.
 */
export function scale(n: i32, s: f64): void {
  const p = slot(0);
  const S = f64x2.splat(s);
  const end = <usize>(n & ~1) * 4;
  for (let i: usize = 0; i < end; i += 8) {
    const x = f64x2.promote_low_f32x4(v128.load64_zero(p + i));
    v128.store64_lane(p + i, f32x4.demote_f64x2_zero(f64x2.mul(x, S)), 0);
  }
  if (n & 1) {
    const q = p + <usize>(n - 1) * 4;
    store<f32>(q, <f32>(<f64>load<f32>(q) * s));
  }
}

/**
 * `y + a·x` into slot 0 (`y` in slot 0, `x` in slot 1), in float64 as JavaScript computes `y[i] + a * x[i]`
 * (`a = 1`: `y[i] + x[i]`, the product skipped as the JavaScript loop skips it), each result rounded to
 * float32 once: bit-identical to the JavaScript loop.
 */
export function axpy(n: i32, a: f64): void {
  const py = slot(0);
  const px = slot(1);
  const A = f64x2.splat(a);
  const one = a === 1.0;
  const end = <usize>(n & ~1) * 4;
  for (let i: usize = 0; i < end; i += 8) {
    const y = f64x2.promote_low_f32x4(v128.load64_zero(py + i));
    const x = f64x2.promote_low_f32x4(v128.load64_zero(px + i));
    const r = one ? f64x2.add(y, x) : f64x2.add(y, f64x2.mul(A, x));
    v128.store64_lane(py + i, f32x4.demote_f64x2_zero(r), 0);
  }
  if (n & 1) {
    const q = <usize>(n - 1) * 4;
    const y = <f64>load<f32>(py + q);
    const x = <f64>load<f32>(px + q);
    store<f32>(py + q, <f32>(one ? y + x : y + a * x));
  }
}

/**
 * Column sums of the `rows × cols` float32 chunk in slot 0 (`cols ≤ MAX_COLS`), added in float64 to
 * accumulator 1: `s1[c] += Σ_r x[r·cols + c]`. Eight columns and two rows at a time down the rows, their
 * sums in eight independent `f64x2` registers (`f64x2.promote_low_f32x4`; enough chains to hide the add
 * latency), added to the accumulator once per chunk; then four, then single columns.
 */
export function colSums(rows: i32, cols: i32): void {
  const x = slot(0);
  const s1 = accumulator(1);
  const stride = <usize>cols * 4;
  const c8 = cols & ~7;
  for (let c = 0; c < c8; c += 8) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    let d = f64x2.splat(0);
    let e = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let d2 = f64x2.splat(0);
    let e2 = f64x2.splat(0);
    let p = x + <usize>c * 4;
    let r = 0;
    for (; r + 2 <= rows; r += 2) {
      const q = p + stride;
      a = f64x2.add(a, f64x2.promote_low_f32x4(v128.load64_zero(p)));
      b = f64x2.add(b, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
      d = f64x2.add(d, f64x2.promote_low_f32x4(v128.load64_zero(p, 16)));
      e = f64x2.add(e, f64x2.promote_low_f32x4(v128.load64_zero(p, 24)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v128.load64_zero(q)));
      b2 = f64x2.add(b2, f64x2.promote_low_f32x4(v128.load64_zero(q, 8)));
      d2 = f64x2.add(d2, f64x2.promote_low_f32x4(v128.load64_zero(q, 16)));
      e2 = f64x2.add(e2, f64x2.promote_low_f32x4(v128.load64_zero(q, 24)));
      p += 2 * stride;
    }
    if (r < rows) {
      a = f64x2.add(a, f64x2.promote_low_f32x4(v128.load64_zero(p)));
      b = f64x2.add(b, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
      d = f64x2.add(d, f64x2.promote_low_f32x4(v128.load64_zero(p, 16)));
      e = f64x2.add(e, f64x2.promote_low_f32x4(v128.load64_zero(p, 24)));
    }
    a = f64x2.add(a, a2);
    b = f64x2.add(b, b2);
    d = f64x2.add(d, d2);
    e = f64x2.add(e, e2);
    const q = s1 + <usize>c * 8;
    v128.store(q, f64x2.add(v128.load(q), a));
    v128.store(q, f64x2.add(v128.load(q, 16), b), 16);
    v128.store(q, f64x2.add(v128.load(q, 32), d), 32);
    v128.store(q, f64x2.add(v128.load(q, 48), e), 48);
  }
  const c4 = cols & ~3;
  for (let c = c8; c < c4; c += 4) {
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    let p = x + <usize>c * 4;
    for (let r = 0; r < rows; r++) {
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v128.load64_zero(p)));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
      p += stride;
    }
    const q = s1 + <usize>c * 8;
    v128.store(q, f64x2.add(v128.load(q), lo));
    v128.store(q, f64x2.add(v128.load(q, 16), hi), 16);
  }
  for (let c = c4; c < cols; c++) {
    let a: f64 = 0;
    for (let r = 0; r < rows; r++) a += <f64>load<f32>(x + <usize>r * stride + <usize>c * 4);
    store<f64>(s1 + <usize>c * 8, load<f64>(s1 + <usize>c * 8) + a);
  }
}

/**
 * Shifted moments of the `rows × cols` float32 chunk in slot 0 (`cols ≤ MAX_COLS`), in float64: with
 * `d = x[r·cols + c] − shift[c]` (accumulator 0), `s1[c] += Σ_r d` and `s2[c] += Σ_r d²` (accumulators 1, 2).
 * Four columns and two rows at a time down the rows (eight independent accumulator chains).
 */
export function colMoments(rows: i32, cols: i32): void {
  const x = slot(0);
  const sh = accumulator(0);
  const s1 = accumulator(1);
  const s2 = accumulator(2);
  const stride = <usize>cols * 4;
  const c4 = cols & ~3;
  for (let c = 0; c < c4; c += 4) {
    const off = <usize>c * 8;
    const klo = v128.load(sh + off);
    const khi = v128.load(sh + off, 16);
    // Two rows per step into separate accumulators: eight independent chains hide the add latency.
    let a1 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let e1 = f64x2.splat(0);
    let f1 = f64x2.splat(0);
    let e2 = f64x2.splat(0);
    let f2 = f64x2.splat(0);
    let p = x + <usize>c * 4;
    let r = 0;
    for (; r + 2 <= rows; r += 2) {
      const d = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p)), klo);
      const e = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p, 8)), khi);
      const g = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p + stride)), klo);
      const h = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p + stride, 8)), khi);
      a1 = f64x2.add(a1, d);
      b1 = f64x2.add(b1, e);
      a2 = f64x2.add(a2, f64x2.mul(d, d));
      b2 = f64x2.add(b2, f64x2.mul(e, e));
      e1 = f64x2.add(e1, g);
      f1 = f64x2.add(f1, h);
      e2 = f64x2.add(e2, f64x2.mul(g, g));
      f2 = f64x2.add(f2, f64x2.mul(h, h));
      p += 2 * stride;
    }
    if (r < rows) {
      const d = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p)), klo);
      const e = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p, 8)), khi);
      a1 = f64x2.add(a1, d);
      b1 = f64x2.add(b1, e);
      a2 = f64x2.add(a2, f64x2.mul(d, d));
      b2 = f64x2.add(b2, f64x2.mul(e, e));
    }
    a1 = f64x2.add(a1, e1);
    b1 = f64x2.add(b1, f1);
    a2 = f64x2.add(a2, e2);
    b2 = f64x2.add(b2, f2);
    v128.store(s1 + off, f64x2.add(v128.load(s1 + off), a1));
    v128.store(s1 + off, f64x2.add(v128.load(s1 + off, 16), b1), 16);
    v128.store(s2 + off, f64x2.add(v128.load(s2 + off), a2));
    v128.store(s2 + off, f64x2.add(v128.load(s2 + off, 16), b2), 16);
  }
  for (let c = c4; c < cols; c++) {
    const off = <usize>c * 8;
    const k = load<f64>(sh + off);
    let a1: f64 = 0;
    let a2: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const d = <f64>load<f32>(x + <usize>r * stride + <usize>c * 4) - k;
      a1 += d;
      a2 += d * d;
    }
    store<f64>(s1 + off, load<f64>(s1 + off) + a1);
    store<f64>(s2 + off, load<f64>(s2 + off) + a2);
  }
}
