/**
 * Fused kernels of the second-moment scalings (RMSprop, centred RMSprop, Adagrad) and of momentum
 * (`trace`): each reads the gradient and the state once and writes the new state and the update.
 * @internal
 * @module
 */
import type { FloatArray } from '../internal/leaves.js';

/**
 * `v = decay·nu + (1−decay)·g²`; `u = g / √(v·s + eps)` when `epsInSqrt`, else `g / (√(v·s) + eps)`,
 * with `s` the bias correction `1/(1−decayᵗ)` (1 without bias correction).
 */
export function rmsLoop(
  uOut: FloatArray,
  nuOut: FloatArray,
  g: FloatArray,
  nu: FloatArray,
  decay: number,
  eps: number,
  s: number,
  epsInSqrt: boolean,
): void {
  const n = g.length;
  const c = 1 - decay;
  if (epsInSqrt) {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const v = decay * nu[i]! + c * gi * gi;
      nuOut[i] = v;
      uOut[i] = gi / Math.sqrt(v * s + eps);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const v = decay * nu[i]! + c * gi * gi;
      nuOut[i] = v;
      uOut[i] = gi / (Math.sqrt(v * s) + eps);
    }
  }
}

/**
 * Centred second moment: `m = decay·mu + (1−decay)·g`, `v = decay·nu + (1−decay)·g²`,
 * `u = g / √(max(v − m², 0) + eps)` (or `g / (√max(v − m², 0) + eps)`). The variance estimate is clamped
 * at 0 so rounding never takes a square root of a negative number.
 */
export function stddevLoop(
  uOut: FloatArray,
  muOut: FloatArray,
  nuOut: FloatArray,
  g: FloatArray,
  mu: FloatArray,
  nu: FloatArray,
  decay: number,
  eps: number,
  epsInSqrt: boolean,
): void {
  const n = g.length;
  const c = 1 - decay;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = decay * mu[i]! + c * gi;
    const v = decay * nu[i]! + c * gi * gi;
    muOut[i] = m;
    nuOut[i] = v;
    const d = v - m * m;
    const variance = d > 0 ? d : 0;
    uOut[i] = epsInSqrt ? gi / Math.sqrt(variance + eps) : gi / (Math.sqrt(variance) + eps);
  }
}

/** Adagrad: `a = acc + g²`; `u = g / √(a + eps)` where `a > 0`, else 0 (Optax `scale_by_rss`). */
export function rssLoop(
  uOut: FloatArray,
  accOut: FloatArray,
  g: FloatArray,
  acc: FloatArray,
  eps: number,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const a = acc[i]! + gi * gi;
    accOut[i] = a;
    uOut[i] = a > 0 ? gi / Math.sqrt(a + eps) : 0;
  }
}

/** Momentum: `t = g + decay·trace`; the update is `t` (written by the caller as the same tensor). */
export function traceLoop(tOut: FloatArray, g: FloatArray, t: FloatArray, decay: number): void {
  const n = g.length;
  for (let i = 0; i < n; i++) tOut[i] = g[i]! + decay * t[i]!;
}

/** Nesterov momentum: `t = g + decay·trace`, `u = g + decay·t`. */
export function nesterovLoop(
  uOut: FloatArray,
  tOut: FloatArray,
  g: FloatArray,
  t: FloatArray,
  decay: number,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const ti = gi + decay * t[i]!;
    tOut[i] = ti;
    uOut[i] = gi + decay * ti;
  }
}
