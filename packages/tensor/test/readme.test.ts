/**
 * The examples of README.md, verbatim (one test per code block), with the values their comments state.
 * If an example changes, change it here too.
 */
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../../testing/src/index.js';
import {
  add,
  cast,
  customVjp,
  div,
  exp,
  grad,
  jvp,
  log1p,
  matmul,
  mean,
  mul,
  random,
  reshape,
  sigmoid,
  square,
  sub,
  sum,
  type Tensor,
  TensorError,
  tensor,
  tree,
  valueAndGrad,
  zeros,
} from '../src/index.js';

describe('README examples', () => {
  it('thirty seconds', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]); // float32 [3, 2]
    const y = tensor([[1], [2], [3]]);
    const loss = (w: Tensor) => mean(square(sub(matmul(x, w), y)));

    const w = tensor([[0.1], [0.2]]);
    expect(loss(w).item()).toBeCloseTo(0.9166666, 6); // 0.9166666 (float32)
    const g = grad(loss)(w);
    expectAllClose(g, tensor([[-6.4666667], [-8.2666664]])); // the same shape as w
  });

  it('tensors', () => {
    const a = tensor([1, 2, 3, 4, 5, 6]);
    const b = reshape(a, [2, 3]);
    expect(add(b, 1).toArray()).toEqual([
      [2, 3, 4],
      [5, 6, 7],
    ]);
    expect(a.toArray()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('dtypes and promotion', () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    expect(add(i, tensor([0.5, 0.5, 0.5])).dtype).toBe('float32');
    expect(mul(tensor([1, 2], { dtype: 'float64' }), 0.5).dtype).toBe('float64');
    const d = div(i, 2);
    expect(d.toArray()).toEqual([0.5, 1, 1.5]);
    expect(d.dtype).toBe('float32');
    expect(cast(tensor([1.7, -1.7]), 'int32').toArray()).toEqual([1, -1]);
  });

  it('broadcasting', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]); // [2, 3]
    expect(add(m, tensor([10, 20, 30])).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(add(m, tensor([[100], [200]])).shape).toEqual([2, 3]);
  });

  it('errors', () => {
    let seen: [string, string] | undefined;
    try {
      matmul(zeros([2, 3]), zeros([4, 5]));
    } catch (e) {
      if (e instanceof TensorError) seen = [e.code, e.message];
    }
    expect(seen).toEqual(['SHAPE_MISMATCH', 'matmul: inner dimensions differ: [2,3] @ [4,5]']);
    expect(() => sum(zeros([2]), 1)).toThrow(expect.objectContaining({ code: 'INVALID_AXIS' }));
    expect(() => tensor([[1, 2], [3]])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(sum(tensor([1, 2]), 0).item()).toBe(3);
  });

  it('randomness with keys', () => {
    const key = random.key(0);
    const [kInit, kDropout] = random.split(key);
    const w = random.normal(kInit, [3, 2], { std: 0.1 });
    const mask = random.bernoulli(kDropout, 0.9, [4]);
    const again = random.normal(kInit, [3, 2], { std: 0.1 });
    expect(w.dtype).toBe('float32');
    expect(w.shape).toEqual([3, 2]);
    expect(mask.dtype).toBe('bool');
    expect(mask.shape).toEqual([4]);
    expect(w.toArray()).toEqual(again.toArray());
    const perStep = random.foldIn(key, 7);
    expect(random.uniform(perStep, [2], { min: -1, max: 1 }).shape).toEqual([2]);
  });

  it('pytrees', () => {
    const params = { dense: { kernel: tensor([[1, 2]]), bias: tensor([0.5]) }, scale: [tensor(2)] };
    const grads = { dense: { kernel: tensor([[0.1, 0.1]]), bias: tensor([1]) }, scale: [tensor(-1)] };
    const next = tree.map((p, g) => sub(p, mul(g, 0.1)), params, grads);
    expectAllClose(next.dense.bias, tensor([0.4]));
    expect(tree.leaves(params).length).toBe(3);
    expect(tree.leaves(params)[0]).toBe(params.dense.bias);
    const [leaves, def] = tree.flatten(params);
    expect(tree.structureEqual(tree.unflatten(def, leaves), params)).toBe(true);
  });

  it('autodiff', () => {
    type Params = { w: Tensor; b: Tensor };
    const predict = (p: Params, x: Tensor) => sum(mul(p.w, x), -1);
    const loss = (p: Params, x: Tensor, y: Tensor) => mean(square(sub(sub(predict(p, x), p.b), y)));

    const p = { w: tensor([1, -1]), b: tensor(0) };
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y = tensor([0, 1]);
    const g = grad(loss)(p, x, y);
    expect(g.w.shape).toEqual([2]);
    expect(g.b.shape).toEqual([]);
    // r = pred − b − y = [-1, -2]; ∂/∂w = mean(2r·x) = [-7, -10]; ∂/∂b = mean(−2r) = 3.
    expectAllClose(g.w, tensor([-7, -10]));
    expectAllClose(g.b, tensor(3));
    const [value, grads] = valueAndGrad(loss)(p, x, y);
    expect(value.item()).toBe(2.5);
    expectAllClose(grads, g);
    const [[v, aux], g2] = valueAndGrad(
      (q: Params) => {
        const pred = predict(q, x);
        return [mean(square(sub(pred, y))), { pred }] as const;
      },
      { hasAux: true },
    )(p);
    expect(v.item()).toBe(2.5);
    expect(aux.pred.toArray()).toEqual([-1, -1]);
    expectAllClose(g2.w, tensor([-7, -10]));
  });

  it('customVjp', () => {
    const softplus = customVjp((x: Tensor) => log1p(exp(x)), {
      forward: (x) => [log1p(exp(x)), x] as const,
      backward: (x, g) => [mul(g, sigmoid(x))],
    });
    expectAllClose(grad((x: Tensor) => sum(softplus(x)))(tensor([0, 2])), tensor([0.5, 0.8807971]));
  });

  it('Hessian-vector products', () => {
    const f = (x: Tensor) => sum(mul(exp(x), mul(x, x)));
    const hvp = (x: Tensor, v: Tensor) => jvp(grad(f), x, v)[1];
    const x = tensor([0.3, -0.7], { dtype: 'float64' });
    const v = tensor([1, 0], { dtype: 'float64' });
    const expected = tensor([Math.exp(0.3) * (0.09 + 1.2 + 2), 0], { dtype: 'float64' });
    expectAllClose(hvp(x, v), expected, { rtol: 1e-12 });
    expectAllClose(hvp(x, v), tensor([4.4410355, 0], { dtype: 'float64' }), { rtol: 1e-7 });
    // Reverse-over-reverse gives the same.
    expectAllClose(grad((y: Tensor) => sum(mul(grad(f)(y), v)))(x), expected, { rtol: 1e-12 });
  });
});
