import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam } from '@stepwise/optim';
import { random, type Tensor, tensor, tree } from '@stepwise/tensor';
import { initTrainState, makeTrainStep } from '@stepwise/train';
import { labels as randomLabels, uniform } from '../rng.js';
import type { BenchCase } from '../types.js';
import { naiveMatmul } from './matmul.js';
import { naiveImpl, Parts, stepwiseImpl, type TfTensor, type TfVariable } from './parts.js';

const LR = 1e-3;
const B1 = 0.9;
const B2 = 0.999;
const ADAM_EPS = 1e-8;
const BN_EPS = 1e-3;
const BN_MOMENTUM = 0.99;

/** The MLP's sizes: input, two hidden layers (each followed by batch norm and ReLU), classes. */
export interface MlpSizes {
  readonly batch: number;
  readonly input: number;
  readonly hidden: number;
  readonly classes: number;
}

type Arrays = Record<'w1' | 'gamma1' | 'beta1' | 'w2' | 'gamma2' | 'beta2' | 'w3' | 'b3', Float32Array>;
type Stats = Record<'mean1' | 'var1' | 'mean2' | 'var2', Float32Array>;

function initialArrays({ input, hidden, classes }: MlpSizes): Arrays {
  const glorot = (seed: number, fanIn: number, fanOut: number): Float32Array => {
    const r = Math.sqrt(6 / (fanIn + fanOut));
    return uniform(seed, fanIn * fanOut, -r, r);
  };
  return {
    w1: glorot(71, input, hidden),
    gamma1: uniform(72, hidden, 0.8, 1.2),
    beta1: uniform(73, hidden, -0.1, 0.1),
    w2: glorot(74, hidden, hidden),
    gamma2: uniform(75, hidden, 0.8, 1.2),
    beta2: uniform(76, hidden, -0.1, 0.1),
    w3: glorot(77, hidden, classes),
    b3: uniform(78, classes, -0.1, 0.1),
  };
}

/** Batch norm over axis 0 in training mode: `y` and what the backward pass needs. */
function bnForward(h: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, cols: number) {
  const mean = new Float64Array(cols);
  const v = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += h[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = h[i * cols + j]! - mean[j]!;
      v[j]! += d * d;
    }
  }
  const rstd = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    v[j]! /= rows;
    rstd[j] = 1 / Math.sqrt(v[j]! + BN_EPS);
  }
  const xhat = new Float32Array(rows * cols);
  const y = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      xhat[k] = (h[k]! - mean[j]!) * rstd[j]!;
      y[k] = gamma[j]! * xhat[k]! + beta[j]!;
    }
  }
  return { y, xhat, rstd, mean, variance: v };
}

/** Closed-form batch-norm backward: `dx = γ/(Nσ)·(N·dy − Σdy − x̂·Σ(dy·x̂))`, `dγ = Σ dy·x̂`, `dβ = Σ dy`. */
function bnBackward(
  dy: Float32Array,
  xhat: Float32Array,
  rstd: Float64Array,
  gamma: Float32Array,
  rows: number,
  cols: number,
) {
  const dgamma = new Float64Array(cols);
  const dbeta = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      dgamma[j]! += dy[k]! * xhat[k]!;
      dbeta[j]! += dy[k]!;
    }
  }
  const dx = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      dx[k] = ((gamma[j]! * rstd[j]!) / rows) * (rows * dy[k]! - dbeta[j]! - xhat[k]! * dgamma[j]!);
    }
  }
  return { dx, dgamma: Float32Array.from(dgamma), dbeta: Float32Array.from(dbeta) };
}

/** `y = relu(x)` and the mask-multiplied gradient, as separate obvious loops. */
const reluOf = (x: Float32Array): Float32Array => x.map((v) => (v > 0 ? v : 0));
const reluGrad = (dy: Float32Array, x: Float32Array): Float32Array => dy.map((g, i) => (x[i]! > 0 ? g : 0));

/** The whole training step written as the obvious typed-array loops, parameters updated in place. */
function naiveTrainer(
  sizes: MlpSizes,
  p: Arrays,
  x: Float32Array,
  y: Int32Array,
): { step(): number; stats: Stats } {
  const { batch: B, input: I, hidden: H, classes: C } = sizes;
  const keys = Object.keys(p) as (keyof Arrays)[];
  const m = Object.fromEntries(keys.map((k) => [k, new Float32Array(p[k].length)])) as Arrays;
  const v = Object.fromEntries(keys.map((k) => [k, new Float32Array(p[k].length)])) as Arrays;
  const stats: Stats = {
    mean1: new Float32Array(H),
    var1: new Float32Array(H).fill(1),
    mean2: new Float32Array(H),
    var2: new Float32Array(H).fill(1),
  };
  let t = 0;
  const moving = (s: Float32Array, batchStat: Float64Array): void => {
    for (let j = 0; j < s.length; j++) s[j] = BN_MOMENTUM * s[j]! + (1 - BN_MOMENTUM) * batchStat[j]!;
  };
  const step = (): number => {
    // Forward.
    const bn1 = bnForward(naiveMatmul(x, p.w1, B, I, H, false, false), p.gamma1, p.beta1, B, H);
    const a1 = reluOf(bn1.y);
    const bn2 = bnForward(naiveMatmul(a1, p.w2, B, H, H, false, false), p.gamma2, p.beta2, B, H);
    const a2 = reluOf(bn2.y);
    const logits = naiveMatmul(a2, p.w3, B, H, C, false, false);
    let loss = 0;
    const dlogits = new Float32Array(B * C);
    for (let b = 0; b < B; b++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        logits[b * C + c]! += p.b3[c]!;
        if (logits[b * C + c]! > max) max = logits[b * C + c]!;
      }
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(logits[b * C + c]! - max);
      const lse = max + Math.log(s);
      loss += lse - logits[b * C + y[b]!]!;
      for (let c = 0; c < C; c++) dlogits[b * C + c] = Math.exp(logits[b * C + c]! - lse) / B;
      dlogits[b * C + y[b]!]! -= 1 / B;
    }
    // Backward.
    const g: Arrays = { ...p };
    g.w3 = naiveMatmul(a2, dlogits, H, B, C, true, false);
    g.b3 = new Float32Array(C);
    for (let i = 0; i < B * C; i++) g.b3[i % C]! += dlogits[i]!;
    const back2 = bnBackward(
      reluGrad(naiveMatmul(dlogits, p.w3, B, C, H, false, true), bn2.y),
      bn2.xhat,
      bn2.rstd,
      p.gamma2,
      B,
      H,
    );
    g.gamma2 = back2.dgamma;
    g.beta2 = back2.dbeta;
    g.w2 = naiveMatmul(a1, back2.dx, H, B, H, true, false);
    const back1 = bnBackward(
      reluGrad(naiveMatmul(back2.dx, p.w2, B, H, H, false, true), bn1.y),
      bn1.xhat,
      bn1.rstd,
      p.gamma1,
      B,
      H,
    );
    g.gamma1 = back1.dgamma;
    g.beta1 = back1.dbeta;
    g.w1 = naiveMatmul(x, back1.dx, I, B, H, true, false);
    // Adam, in place.
    t++;
    const c1 = 1 - B1 ** t;
    const c2 = 1 - B2 ** t;
    for (const k of keys) {
      const pk = p[k];
      const gk = g[k];
      const mk = m[k];
      const vk = v[k];
      for (let i = 0; i < pk.length; i++) {
        const mi = B1 * mk[i]! + (1 - B1) * gk[i]!;
        const vi = B2 * vk[i]! + (1 - B2) * gk[i]! * gk[i]!;
        mk[i] = mi;
        vk[i] = vi;
        pk[i]! -= (LR * (mi / c1)) / (Math.sqrt(vi / c2) + ADAM_EPS);
      }
    }
    moving(stats.mean1, bn1.mean);
    moving(stats.var1, bn1.variance);
    moving(stats.mean2, bn2.mean);
    moving(stats.var2, bn2.variance);
    return loss / B;
  };
  return { step, stats };
}

/**
 * One end-to-end training step of an MLP `input-hidden-hidden-classes` with batch norm (ε 1e-3, momentum
 * 0.99) and ReLU after each hidden dense layer (no bias there: batch norm's β replaces it, as Keras models
 * do), softmax cross-entropy over integer labels, Adam (lr 1e-3). Stepwise runs `makeTrainStep`; TF.js runs
 * `tf.variableGrads` + `tf.train.adam` with the same moving-statistics update; `naive-js` is the whole step
 * as loops. All start from the same parameters and are checked after two steps: the second step's loss and
 * moving statistics, and the parameters (within 2·lr per step: Adam's first steps move each parameter by
 * about ±lr, so a gradient at rounding level may move the other way in another implementation).
 */
export function trainStepCase(sizes: MlpSizes): BenchCase {
  const { batch: B, input: I, hidden: H, classes: C } = sizes;
  const flops = 3 * 2 * B * (I * H + H * H + H * C);
  const paramTol = 2 * 2 * LR * 1.05;
  return {
    kernel: 'train step (MLP+BN, Adam)',
    shape: `${I}-${H}-${H}-${C}, batch ${B}`,
    // Forward and backward matmuls (backward: two per layer), the dominant work.
    work: { flops },
    tolerance: {
      loss: 1e-4,
      mean1: 1e-4,
      var1: 1e-4,
      mean2: 1e-4,
      var2: 1e-4,
      w1: paramTol,
      gamma1: paramTol,
      beta1: paramTol,
      w2: paramTol,
      gamma2: paramTol,
      beta2: paramTol,
      w3: paramTol,
      b3: paramTol,
    },
    checkRuns: 2,
    prepare(env) {
      const init = initialArrays(sizes);
      const x = uniform(79, B * I, 0, 1);
      const y = randomLabels(80, B, C);
      // Stepwise.
      const model = sequential(
        dense(H, { useBias: false }),
        batchNorm({ epsilon: BN_EPS, momentum: BN_MOMENTUM }),
        activation(relu),
        dense(H, { useBias: false }),
        batchNorm({ epsilon: BN_EPS, momentum: BN_MOMENTUM }),
        activation(relu),
        dense(C),
      );
      const optimizer = adam({ learningRate: LR, b1: B1, b2: B2, eps: ADAM_EPS });
      const s0 = initTrainState({ model, optimizer, key: random.key(0), inputShape: [B, I] });
      const t = (a: Float32Array, shape: number[]): Tensor => tensor(a, { shape });
      const params = [
        { kernel: t(init.w1, [I, H]) },
        { gamma: t(init.gamma1, [H]), beta: t(init.beta1, [H]) },
        {},
        { kernel: t(init.w2, [H, H]) },
        { gamma: t(init.gamma2, [H]), beta: t(init.beta2, [H]) },
        {},
        { kernel: t(init.w3, [H, C]), bias: t(init.b3, [C]) },
      ] as unknown as typeof s0.params;
      const shapes = (p: unknown): string => JSON.stringify(tree.leaves(p).map((l) => l.shape));
      if (!tree.structureEqual(params, s0.params) || shapes(params) !== shapes(s0.params)) {
        throw new Error(
          `train step: the model's parameter tree is not the expected one: ${shapes(s0.params)}`,
        );
      }
      let state = { ...s0, params, optState: optimizer.init(params) };
      // Only the latest state is kept (TF.js updates its variables in place): the step may reuse its memory.
      const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer, donateState: true });
      const batch = { x: t(x, [B, I]), y: tensor(y, { shape: [B], dtype: 'int32' }) };
      // The naive trainer updates its own copies in place.
      const naiveParams = Object.fromEntries(Object.entries(init).map(([k, a]) => [k, a.slice()])) as Arrays;
      const naive = naiveTrainer(sizes, naiveParams, x, y);
      let uid = 0;
      return new Parts()
        .add(
          'stepwise',
          stepwiseImpl(() => {
            state = step(state, batch);
            const p = state.params as unknown as Record<string, Tensor>[];
            const s = state.modelState as unknown as Record<string, Tensor>[];
            return {
              loss: state.metrics.loss,
              w1: p[0]!.kernel!,
              gamma1: p[1]!.gamma!,
              beta1: p[1]!.beta!,
              w2: p[3]!.kernel!,
              gamma2: p[4]!.gamma!,
              beta2: p[4]!.beta!,
              w3: p[6]!.kernel!,
              b3: p[6]!.bias!,
              mean1: s[1]!.mean!,
              var1: s[1]!.variance!,
              mean2: s[4]!.mean!,
              var2: s[4]!.variance!,
            };
          }),
        )
        .tfjs(env, (tf) => {
          const prefix = `bench_mlp_${Date.now()}_${uid++}_`;
          const v = (a: Float32Array, shape: number[], name: string, trainable = true): TfVariable =>
            tf.variable(tf.tensor(a, shape), trainable, prefix + name);
          const vars = {
            w1: v(init.w1, [I, H], 'w1'),
            gamma1: v(init.gamma1, [H], 'gamma1'),
            beta1: v(init.beta1, [H], 'beta1'),
            w2: v(init.w2, [H, H], 'w2'),
            gamma2: v(init.gamma2, [H], 'gamma2'),
            beta2: v(init.beta2, [H], 'beta2'),
            w3: v(init.w3, [H, C], 'w3'),
            b3: v(init.b3, [C], 'b3'),
          };
          const moving = {
            mean1: v(new Float32Array(H), [H], 'mean1', false),
            var1: v(new Float32Array(H).fill(1), [H], 'var1', false),
            mean2: v(new Float32Array(H), [H], 'mean2', false),
            var2: v(new Float32Array(H).fill(1), [H], 'var2', false),
          };
          const tx = tf.tensor2d(x, [B, I]);
          const onehot = tf.oneHot(tf.tensor1d(y, 'int32'), C);
          const opt = tf.train.adam(LR, B1, B2, ADAM_EPS);
          const trainable = Object.values(vars);
          const update = (s: TfVariable, batchStat: TfTensor): void => {
            s.assign(tf.add(tf.mul(s, BN_MOMENTUM), tf.mul(batchStat, 1 - BN_MOMENTUM)));
          };
          return {
            run: () => {
              const stats: TfTensor[] = [];
              const bn = (h: TfTensor, g: TfTensor, b: TfTensor): TfTensor => {
                const { mean, variance } = tf.moments(h, 0);
                stats.push(tf.keep(mean), tf.keep(variance));
                return tf.batchNorm(h, mean, variance, b, g, BN_EPS);
              };
              const { value, grads } = tf.variableGrads(() => {
                const h1 = tf.relu(bn(tf.matMul(tx, vars.w1), vars.gamma1, vars.beta1));
                const h2 = tf.relu(bn(tf.matMul(h1, vars.w2), vars.gamma2, vars.beta2));
                const logits = tf.add(tf.matMul(h2, vars.w3), vars.b3);
                return tf.losses.softmaxCrossEntropy(onehot, logits) as ReturnType<typeof tf.scalar>;
              }, trainable);
              opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
              tf.tidy(() => {
                update(moving.mean1, stats[0]!);
                update(moving.var1, stats[1]!);
                update(moving.mean2, stats[2]!);
                update(moving.var2, stats[3]!);
              });
              tf.dispose([...stats, ...Object.values(grads)]);
              return { loss: value, ...vars, ...moving };
            },
            dispose: () => {
              opt.dispose();
              tf.dispose([tx, onehot, ...trainable, ...Object.values(moving)]);
            },
          };
        })
        .add(
          'naive-js',
          naiveImpl(() => {
            const loss = naive.step();
            return { loss, ...naiveParams, ...naive.stats };
          }),
        )
        .done();
    },
  };
}
