/**
 * The adding problem (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015): a sequence of `T` steps,
 * each with two features — a value drawn uniformly from [0, 1) and a marker that is 1 at exactly two
 * steps (one in each half of the sequence) and 0 elsewhere. The target is the sum of the two marked
 * values. Predicting the constant 1 gives a mean squared error of 1/6 ≈ 0.167, the baseline to beat.
 */
import { random, type Tensor, tensor } from '@stepwise/tensor';

/** The MSE of always predicting 1 (the variance of the sum of two uniforms): 1/6. */
export const ADDING_BASELINE_MSE = 1 / 6;

/**
 * `n` adding-problem sequences of length `length` (≥ 2) from `key`: `x` float32 `[n, length, 2]`
 * (value, marker), `y` float32 `[n, 1]`.
 */
export function addingProblem(key: random.Key, n: number, length: number): { x: Tensor; y: Tensor } {
  if (!Number.isInteger(length) || length < 2)
    throw new Error(`addingProblem: length must be ≥ 2, got ${length}`);
  const [kv, ka, kb] = random.split(key, 3);
  const half = Math.floor(length / 2);
  const values = random.uniform(kv!, [n, length]).data();
  const first = random.randint(ka!, [n], 0, half).data();
  const second = random.randint(kb!, [n], half, length).data();
  const x = new Float32Array(n * length * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < length; t++) x[(i * length + t) * 2] = values[i * length + t]!;
    const a = first[i]!;
    const b = second[i]!;
    x[(i * length + a) * 2 + 1] = 1;
    x[(i * length + b) * 2 + 1] = 1;
    y[i] = Math.fround(Math.fround(values[i * length + a]!) + Math.fround(values[i * length + b]!));
  }
  return { x: tensor(x, { shape: [n, length, 2] }), y: tensor(y, { shape: [n, 1] }) };
}
