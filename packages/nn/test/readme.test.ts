import { grad, random, type Tensor, tensor, tree } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { activation, dense, relu, sequential, softmaxCrossEntropy } from '../src/index.js';

describe('README examples', () => {
  it('first example: an MLP, its loss and its gradient', () => {
    const model = sequential(dense(16), activation(relu), dense(3));
    const [initKey, dataKey] = random.split(random.key(0));
    const { params, state, outputShape } = model.init(initKey, [8, 4]);
    expect(outputShape).toEqual([8, 3]);
    expect(params[0].kernel.shape).toEqual([4, 16]);
    expect(params[0].bias?.shape).toEqual([16]);
    expect(params[1]).toEqual({});
    expect(params[2].kernel.shape).toEqual([16, 3]);

    const x = random.normal(dataKey, [8, 4]);
    const labels = tensor([0, 1, 2, 0, 1, 2, 0, 1], { dtype: 'int32' });

    const loss = (p: typeof params): Tensor => softmaxCrossEntropy(model.apply(p, state, x).y, labels);
    const grads = grad(loss)(params);
    expect(tree.structureEqual(grads, params)).toBe(true);
    expect(Number.isFinite(loss(params).item())).toBe(true);
    // The loss of an untrained 3-class model is near log 3.
    expect(loss(params).item()).toBeGreaterThan(0.5);
    expect(loss(params).item()).toBeLessThan(3);
  });
});
