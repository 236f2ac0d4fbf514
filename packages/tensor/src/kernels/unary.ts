/**
 * Unary math kernels: one `UnaryLoop` per function, each a single contiguous loop over `n` elements.
 * They read any typed array and write any typed array (the op chooses the output dtype); values are
 * computed in float64 and rounded by the store.
 * @internal
 * @module
 */
import type { UnaryLoop } from './elementwise.js';

export const absLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
};

/** −1, 0 or 1 (NaN stays NaN, −0 stays −0, as `Math.sign`). */
export const signLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!);
};

export const expm1Loop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]!);
};

export const logLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
};

export const log1pLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!);
};

export const sqrtLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
};

export const rsqrtLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!);
};

export const squareLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v * v;
  }
};

/** int32 square with two's-complement wrap-around, like int32 `mul`. */
export const isquareLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = Math.imul(v, v);
  }
};

export const reciprocalLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = 1 / x[i]!;
};

export const sinLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!);
};

export const cosLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!);
};

export const tanhLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
};

/**
 * The logistic function, stable at any |x|: `1 / (1 + e⁻ˣ)` for x ≥ 0 and `eˣ / (1 + eˣ)` for x < 0, so
 * the exponential never overflows; the limits are exactly 0 and 1, and NaN stays NaN.
 */
export const sigmoidLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v >= 0) {
      out[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
};

export const floorLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!);
};

export const ceilLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]!);
};

/**
 * Rounds half to even (banker's rounding, as NumPy and IEEE 754 `roundTiesToEven`): 0.5 → 0, 1.5 → 2,
 * 2.5 → 2, −2.5 → −2. `Math.round` rounds ties up; a tie it sent to an odd integer is moved down by one.
 * Exact for every double (`r − v` is exact below 2⁵², and above it every double is an integer).
 */
export const roundLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let r = Math.round(v);
    if (r - v === 0.5 && r % 2 !== 0) r -= 1;
    out[i] = r;
  }
};

/** 1 where the value is neither NaN nor ±Infinity, else 0 (into a `Uint8Array`). */
export const isFiniteLoop: UnaryLoop = (out, x, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v - v === 0 ? 1 : 0;
  }
};

/** A plain copy (identity), used where an op is the identity for a dtype (e.g. `floor` of int32). */
export const copyLoop: UnaryLoop = (out, x, n) => {
  out.set(x.subarray(0, n));
};
