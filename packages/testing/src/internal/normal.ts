/**
 * A tiny seeded generator of standard normal float64 values for gradient-check directions. Independent
 * of `@stepwise/tensor`'s keys on purpose: a checker must not depend on the code it checks.
 * @internal
 * @module
 */

/** A deterministic stream of N(0, 1) samples (mulberry32 uniforms through Box–Muller). */
export function normalStream(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const r = spare;
      spare = undefined;
      return r;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}
