import { describe, expect, it } from 'vitest';
import { arb, fc } from '../../testing/src/index.js';
import { bufferOf, detach, fromBuffer, type TraceNode, traceOf, withNode } from '../src/core/Tensor.js';
import {
  add,
  exp,
  grad,
  jvp,
  mul,
  reshape,
  sum,
  Tensor,
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

describe('Tensor invariants', () => {
  it('tensors and their shapes are frozen; data() is a copy (property)', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', shape: arb.shape({ minRank: 1 }) }), (t) => {
        expect(Object.isFrozen(t)).toBe(true);
        expect(Object.isFrozen(t.shape)).toBe(true);
        const d = t.data();
        const before = Array.from(d);
        d.fill(123);
        expect(Array.from(t.data())).toEqual(before);
        expect(t.size).toBe(t.shape.reduce((a, b) => a * b, 1));
        expect(t.rank).toBe(t.shape.length);
      }),
      { numRuns: 50 },
    );
  });
  it('a caller-owned shape array is copied, a frozen one adopted (it cannot change)', () => {
    const shape = [2, 2];
    const t = tensor([1, 2, 3, 4], { shape });
    shape[0] = 4;
    expect(t.shape).toEqual([2, 2]);
    const frozen = Object.freeze([4]);
    expect(tensor([1, 2, 3, 4], { shape: frozen }).shape).toEqual([4]);
    expect(reshape(t, t.shape).shape).toEqual([2, 2]);
  });
  it('the constructor is private; item() and fromBuffer() reject wrong sizes', () => {
    const Ctor = Tensor as unknown as new (...a: unknown[]) => Tensor;
    expect(() => new Ctor(Symbol('x'), new Float32Array(1), [1], 'float32')).toThrow(
      'Tensor: use tensor(), zeros() or another creation function',
    );
    expect(() => tensor([1, 2]).item()).toThrow('item: tensor of shape [2] has 2 elements, expected 1');
    expect(() => fromBuffer(new Float32Array(3), [2], 'float32')).toThrow(
      'fromBuffer: buffer of 3 elements does not fit shape [2]',
    );
  });
  it('detach and withNode share the immutable buffer and keep the value', () => {
    const t = tensor([1, 2, 3]);
    expect(detach(t)).toBe(t); // untraced: the same object
    const ref = {
      node: { name: 'test', inputs: [], outputs: [], pullback: () => [] } as TraceNode,
      index: 0,
    };
    const w = withNode(t, ref);
    expect(traceOf(w)).toBe(ref);
    expect(bufferOf(w)).toBe(bufferOf(t));
    const d = detach(w);
    expect(traceOf(d)).toBeUndefined();
    expect(bufferOf(d)).toBe(bufferOf(t));
    expect(d.shape).toBe(t.shape); // the frozen shape is shared, not copied
  });
});
