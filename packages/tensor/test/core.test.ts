import { describe, expect, it } from 'vitest';
import {
  add,
  exp,
  grad,
  jvp,
  mul,
  reshape,
  sum,
  type Tensor,
  TensorError,
  tensor,
  valueAndGrad,
  vjp,
} from '../src/index.js';

describe('core smoke', () => {
  it('adds with broadcasting', () => {
    expect(
      add(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([10, 20]),
      ).toArray(),
    ).toEqual([
      [11, 22],
      [13, 24],
    ]);
  });
  it('grad of sum(x*x*exp(x)) with broadcasting', () => {
    const f = (x: Tensor) => sum(mul(mul(x, x), exp(x)));
    const x = tensor([0.5, -1], { dtype: 'float64' });
    const g = grad(f)(x).toArray() as number[];
    const ref = [0.5, -1].map((v) => (2 * v + v * v) * Math.exp(v));
    g.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
  });
  it('second order', () => {
    const f = (x: Tensor) => sum(mul(mul(x, x), x));
    const x = tensor([2], { dtype: 'float64' });
    const g2 = grad((y: Tensor) => sum(grad(f)(y)))(x);
    expect(g2.toArray()).toEqual([12]);
  });
  it('unbroadcasts', () => {
    const b = tensor([1, 2], { dtype: 'float64' });
    const g = grad((bb: Tensor) =>
      sum(
        add(
          tensor(
            [
              [1, 2],
              [3, 4],
            ],
            { dtype: 'float64' },
          ),
          bb,
        ),
      ),
    )(b);
    expect(g.toArray()).toEqual([2, 2]);
  });
  it('vjp and jvp', () => {
    const f = (x: Tensor) => mul(x, x);
    const x = tensor([3, 4], { dtype: 'float64' });
    const [y, pb] = vjp(f, x);
    expect(y.toArray()).toEqual([9, 16]);
    expect(pb(tensor([1, 1], { dtype: 'float64' })).toArray()).toEqual([6, 8]);
    const [, t] = jvp(f, x, tensor([1, 0], { dtype: 'float64' }));
    expect(t.toArray()).toEqual([6, 0]);
  });
  it('valueAndGrad with aux over a pytree', () => {
    const f = (p: { w: Tensor; b: Tensor }) => [sum(mul(p.w, p.b)), { n: reshape(p.w, [2, 1]) }] as const;
    const [[v, aux], g] = valueAndGrad(f, { hasAux: true })({ w: tensor([1, 2]), b: tensor([3, 4]) });
    expect(v.item()).toBe(11);
    expect(aux.n.shape).toEqual([2, 1]);
    expect(g.w.toArray()).toEqual([3, 4]);
    expect(g.b.toArray()).toEqual([1, 2]);
  });
  it('errors name the op', () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrowError(TensorError);
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow('add: shapes [3] and [2] do not broadcast');
  });
});
