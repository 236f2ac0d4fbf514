/**
 * Neighbours of floating-point numbers, to keep samples inside their bounds after rounding. @internal
 * @module
 */

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The largest double strictly below `x` (`x` finite or +∞). */
export function prevDouble(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = x > 0 ? u64[0]! - 1n : u64[0]! + 1n;
  return f64[0]!;
}

/** The float32 next to float32 `x` in direction `dir` (+1 up, −1 down); `x` finite. */
function stepFloat32(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * 1.401298464324817e-45;
  f32[0] = x;
  i32[0] = i32[0]! + (x > 0 ? dir : -dir);
  return f32[0]!;
}

/** The largest float32 strictly below `x` (−∞ if there is none). */
export function float32Below(x: number): number {
  const f = Math.fround(x);
  if (f < x) return f;
  if (f === -Infinity) return -Infinity;
  return f === Infinity ? 3.4028234663852886e38 : stepFloat32(f, -1);
}

/** The largest float32 at most `x`. */
export function float32AtMost(x: number): number {
  const f = Math.fround(x);
  return f <= x ? f : float32Below(x);
}

/** The smallest float32 at least `x` (+∞ if there is none). */
export function float32AtLeast(x: number): number {
  const f = Math.fround(x);
  if (f >= x) return f;
  if (f === Infinity) return Infinity;
  return f === -Infinity ? -3.4028234663852886e38 : stepFloat32(f, 1);
}
