import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { mul, random, sub, type Tensor, tensor, tree, valueAndGrad } from '@stepwise/tensor';
import { expectAllClose } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { batchNorm, batchNormInfer, batchNormTrain } from '../src/index.js';

describe('README examples', () => {
  it('first example: batch norm in a sequential MLP, state threaded through training steps', () => {
    const model = sequential(dense(32), batchNorm(), activation(relu), dense(3));
    const [initKey, dataKey] = random.split(random.key(0));
    const init = model.init(initKey, [64, 8]);
    // params[1] = { gamma: [32], beta: [32] }; state[1] = { mean: zeros [32], variance: ones [32] }
    expect(init.params[1].gamma?.shape).toEqual([32]);
    expect(init.state[1].mean.toArray()).toEqual(new Array(32).fill(0));

    type Params = typeof init.params;
    type State = typeof init.state;

    const x = random.normal(dataKey, [64, 8], { mean: 5, std: 3 });
    const labels = tensor(
      Array.from({ length: 64 }, (_, i) => i % 3),
      { dtype: 'int32' },
    );

    // One training step: the loss also returns the layer state, which valueAndGrad hands back as aux.
    function trainStep(
      params: Params,
      state: State,
      lr = 0.1,
    ): { params: Params; state: State; loss: number } {
      const lossFn = (p: Params): [Tensor, State] => {
        const out = model.apply(p, state, x, { training: true });
        return [softmaxCrossEntropy(out.y, labels), out.state];
      };
      const [[loss, newState], grads] = valueAndGrad(lossFn, { hasAux: true })(params);
      const newParams = tree.map((p: Tensor, g: Tensor) => sub(p, mul(g, lr)), params, grads);
      return { params: newParams, state: newState, loss: Number(loss.item()) };
    }

    let { params, state } = init;
    const losses: number[] = [];
    for (let step = 0; step < 20; step++) {
      const r = trainStep(params, state);
      ({ params, state } = r);
      losses.push(r.loss);
    }
    // Evaluation uses the moving statistics (training defaults to false) and leaves the state as it is.
    const evalOut = model.apply(params, state, x);
    expect(evalOut.state[1]).toBe(state[1]);

    expect(losses[19]!).toBeLessThan(losses[0]!);
    // After 20 steps with momentum 0.99 the moving mean holds 1 − 0.99²⁰ ≈ 18% of the batch means.
    expect(init.state[1].mean.toArray()).toEqual(new Array(32).fill(0)); // the old state is untouched
    const movingMean = state[1].mean.data();
    expect(movingMean.some((v) => v !== 0)).toBe(true);
  });

  it('the state model: training returns new statistics, inference returns the same state', () => {
    const bn = batchNorm({ momentum: 0.9 });
    const { params, state } = bn.init(random.key(0), [4, 2]);
    const x = tensor([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const train = bn.apply(params, state, x, { training: true });
    // batch mean [2.5, 25], biased variance [1.25, 125]
    expectAllClose(train.state.mean, tensor([0.25, 2.5]), { rtol: 1e-6 });
    expectAllClose(train.state.variance, tensor([0.9 + 0.125, 0.9 + 12.5]), { rtol: 1e-6 });
    expect(state.mean.toArray()).toEqual([0, 0]); // the input state is never mutated
    const infer = bn.apply(params, train.state, x);
    expect(infer.state).toBe(train.state);
  });

  it('PyTorch mapping: convention pytorch = Keras momentum 1 − m, unbiased running variance', () => {
    const torchLike = batchNorm({ axis: 1, convention: 'pytorch' }); // nn.BatchNorm2d(C) defaults
    const x = random.normal(random.key(1), [2, 3, 2, 2]);
    const { params, state } = torchLike.init(random.key(0), [2, 3, 2, 2]);
    const out = torchLike.apply(params, state, x, { training: true });
    const { mean, variance } = batchNormTrain(x, null, null, { axis: 1, epsilon: 1e-5 });
    const n = 2 * 2 * 2;
    expectAllClose(out.state.mean, mul(mean, 0.1), { rtol: 1e-6, atol: 1e-7 });
    expectAllClose(
      out.state.variance,
      tensor(Array.from(variance.data(), (v) => 0.9 + (0.1 * v * n) / (n - 1))),
      {
        rtol: 1e-6,
      },
    );
    // Functional inference form with the running statistics.
    const y = batchNormInfer(x, params.gamma!, params.beta!, out.state.mean, out.state.variance, {
      axis: 1,
      epsilon: 1e-5,
    });
    expect(y.shape).toEqual([2, 3, 2, 2]);
  });
});
