/**
 * Deterministic random inputs (mulberry32): the same seed gives the same arrays on every run, so failures
 * reproduce. Values are never zero: a kernel that skips zeros (or a wrong one that writes zeros) can't win.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32 values uniform in `[lo, hi)`, zeros replaced by `hi / 2`. */
export function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = lo + (hi - lo) * next();
    out[i] = v === 0 ? hi / 2 : v;
  }
  return out;
}

/** `n` float32 values uniform in `[lo, hi)` with `lo > 0` (for second moments, variances). */
export function positive(seed: number, n: number, lo = 0.01, hi = 1): Float32Array {
  return uniform(seed, n, lo, hi);
}

/** `n` int32 class labels in `[0, classes)`. */
export function labels(seed: number, n: number, classes: number): Int32Array {
  const next = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * classes);
  return out;
}
