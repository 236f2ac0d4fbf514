/** Shared helpers of the optim test suites. */
import { type Tensor, tree } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';

/** All elements of all leaves, flattened, as float64 numbers. */
export const flat = (t: unknown): number[] =>
  tree.leaves(t).flatMap((x) => Array.from(x.data() as ArrayLike<number>));

/** A deep snapshot of a tree's values: structure, shapes, dtypes and the exact bits of every element. */
export function snapshot(t: unknown): string {
  const [leaves, def] = tree.flatten(t);
  return JSON.stringify({
    def,
    leaves: leaves.map((x) => ({
      shape: x.shape,
      dtype: x.dtype,
      bits: Array.from(new Uint8Array((x.data() as Float32Array).buffer)),
    })),
  });
}

/** Euclidean norm of a list of numbers, in float64 (`Math.hypot` rescales, so no under- or overflow). */
export const norm = (xs: readonly number[]): number => Math.hypot(...xs);

/** Cosine between two vectors (1 = same direction), rescaled so tiny or huge values do not underflow. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  const sa = Math.max(...a.map(Math.abs));
  const sb = Math.max(...b.map(Math.abs));
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i]! / sa) * (b[i]! / sb);
  return dot / (norm(a.map((x) => x / sa)) * norm(b.map((x) => x / sb)));
}

/** Float32 or float64 leaves with values in [-max, max]. */
export const leafArb = (dtype: 'float32' | 'float64', max = 10): fc.Arbitrary<Tensor> =>
  arb.tensor({ dtype, shape: arb.shape({ maxRank: 2, maxSide: 4 }), min: -max, max });

/** Nested pytrees (depth up to 2) of float32 and float64 leaves, with at least one leaf. */
export const gradTreeArb = (max = 10): fc.Arbitrary<unknown> =>
  arb
    .tree({ leaf: fc.oneof(leafArb('float32', max), leafArb('float64', max)), maxDepth: 2, maxBreadth: 3 })
    .filter((t) => tree.leaves(t).length > 0);

/** A pytree and a few more gradient trees with its exact structure, shapes and dtypes. */
export const treeAndGradsArb = (steps: number, max = 10): fc.Arbitrary<[unknown, unknown[]]> =>
  gradTreeArb(max).chain((t) => {
    const [leaves, def] = tree.flatten(t);
    const same = fc
      .tuple(...leaves.map((l) => arb.tensor({ dtype: l.dtype, shape: l.shape, min: -max, max })))
      .map((ls) => tree.unflatten(def, ls));
    return fc.tuple(fc.constant(t), fc.array(same, { minLength: steps, maxLength: steps }));
  });
