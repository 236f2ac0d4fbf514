/**
 * Properties of the autodiff transformations (grad, valueAndGrad, vjp, jvp, stopGradient, customVjp):
 * consistency of the modes, higher order, pytrees, re-entrancy, errors, and that nothing is left behind.
 */
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, expectAllClose, fc } from '../../testing/src/index.js';
import { bind, definePrimitive, isTracing } from '../src/autodiff/engine.js';
import { fromBuffer, traceOf } from '../src/core/Tensor.js';
import {
  add,
  broadcastTo,
  cast,
  customVjp,
  div,
  exp,
  grad,
  jvp,
  log1p,
  mul,
  neg,
  reshape,
  scalar,
  sigmoid,
  stopGradient,
  sub,
  sum,
  type Tensor,
  TensorError,
  tensor,
  tree,
  valueAndGrad,
  vjp,
  zeros,
} from '../src/index.js';

const f64 = (v: number[] | number[][], shape?: number[]) =>
  tensor(v, shape === undefined ? { dtype: 'float64' } : { dtype: 'float64', shape });
const dot = (a: Tensor, b: Tensor): number => sum(mul(a, b)).item() as number;
const bits = (t: Tensor) => Array.from(t.data());

/** A smooth, non-trivial vector function built from the ops every helper can rely on. */
const smooth = (x: Tensor): Tensor => sub(mul(exp(mul(x, 0.5)), x), div(x, add(exp(x), 1)));

describe('vjp and jvp agree: ⟨u, J v⟩ computed both ways', () => {
  it('property over random shapes and values', () => {
    fc.assert(
      fc.property(
        arb
          .shape({ maxRank: 3, maxSide: 4 })
          .chain((s) =>
            fc.tuple(
              arb.tensor({ dtype: 'float64', shape: s, min: -2, max: 2 }),
              arb.tensor({ dtype: 'float64', shape: s, min: -2, max: 2 }),
              arb.tensor({ dtype: 'float64', shape: s, min: -2, max: 2 }),
            ),
          ),
        ([x, v, u]) => {
          const [y, pullback] = vjp(smooth, x);
          const [y2, tangent] = jvp(smooth, x, v);
          expect(bits(y2)).toEqual(bits(y));
          const lhs = dot(u, tangent); // ⟨u, J v⟩ by forward mode
          const rhs = dot(pullback(u), v); // ⟨Jᵀu, v⟩ by reverse mode
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(lhs)));
        },
      ),
      { numRuns: 40 },
    );
  });
  it('pytree inputs and outputs', () => {
    const f = (p: { a: Tensor; b: Tensor[] }) => ({ s: mul(p.a, p.b[0]!), t: [exp(p.a), sum(p.b[0]!)] });
    const x = { a: f64([1, 2]), b: [f64([3, -1])] };
    const v = { a: f64([0.5, -1]), b: [f64([2, 1])] };
    const u = { s: f64([1, 2]), t: [f64([-1, 0.5]), scalar(3, 'float64')] };
    const [, pb] = vjp(f, x);
    const [, t] = jvp(f, x, v);
    const ct = pb(u);
    const lhs = dot(u.s, t.s) + dot(u.t[0]!, t.t[0]!) + dot(u.t[1]!, t.t[1]!);
    const rhs = dot(ct.a, v.a) + dot(ct.b[0]!, v.b[0]!);
    expect(lhs).toBeCloseTo(rhs, 12);
  });
});

describe('Hessians', () => {
  /** A random scalar function of x ∈ ℝⁿ: Σᵢⱼ Aᵢⱼ exp(xᵢ xⱼ / 4) + Σ cᵢ xᵢ³. */
  const makeF = (A: Tensor, c: Tensor) => (x: Tensor) => {
    const n = x.size;
    const outerXX = mul(reshape(x, [n, 1]), reshape(x, [1, n]));
    return add(sum(mul(A, exp(mul(outerXX, 0.25)))), sum(mul(c, mul(mul(x, x), x))));
  };
  const unit = (n: number, i: number) => f64(Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)));

  it('is symmetric, and grad-of-grad equals jvp-of-grad (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((n) =>
            fc.tuple(
              arb.tensor({ dtype: 'float64', shape: [n], min: -1, max: 1 }),
              arb.tensor({ dtype: 'float64', shape: [n, n], min: -1, max: 1 }),
              arb.tensor({ dtype: 'float64', shape: [n], min: -1, max: 1 }),
            ),
          ),
        ([x, A, c]) => {
          const f = makeF(A, c);
          const n = x.size;
          const g = grad(f);
          // Row i by reverse-over-reverse, column j by forward-over-reverse.
          const rows = Array.from({ length: n }, (_, i) =>
            bits(grad((y: Tensor) => sum(mul(g(y), unit(n, i))))(x)),
          );
          const cols = Array.from({ length: n }, (_, j) => bits(jvp(g, x, unit(n, j))[1]));
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              expect(rows[i]![j]).toBeCloseTo(rows[j]![i]!, 10);
              expect(rows[i]![j]).toBeCloseTo(cols[j]![i]!, 10);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
  it('Hessian-vector product matches the closed form for x ↦ Σ exp(x)·x²', () => {
    const f = (x: Tensor) => sum(mul(exp(x), mul(x, x)));
    const x = f64([0.3, -0.7, 1.1]);
    const v = f64([1, -2, 0.5]);
    const hvp = jvp(grad(f), x, v)[1];
    // d²/dx² (eˣx²) = eˣ(x² + 4x + 2); the Hessian is diagonal.
    const ref = [0.3, -0.7, 1.1].map((a, i) => Math.exp(a) * (a * a + 4 * a + 2) * [1, -2, 0.5][i]!);
    expectAllClose(hvp, f64(ref), { rtol: 1e-12 });
  });
  it('third order: grad(grad(grad(x³))) = 6', () => {
    const cube = (x: Tensor) => sum(mul(mul(x, x), x));
    const d1 = (x: Tensor) => sum(grad(cube)(x));
    const d2 = (x: Tensor) => sum(grad(d1)(x));
    expect(grad(d2)(f64([2])).toArray()).toEqual([6]);
  });
});

describe('customVjp', () => {
  it('uses f outside differentiation, forward and backward under it, and returns what backward gives', () => {
    const calls = { f: 0, forward: 0, backward: 0 };
    const residualSeen: number[][] = [];
    const sq = customVjp(
      (x: Tensor) => {
        calls.f++;
        return mul(x, x);
      },
      {
        forward: (x) => {
          calls.forward++;
          return [mul(x, x), x] as const;
        },
        backward: (x, g) => {
          calls.backward++;
          residualSeen.push(bits(x));
          // Deliberately not the true derivative, to see that this rule (and not the ops of f) is used.
          return [mul(g, 42)];
        },
      },
    );
    const x = f64([1, 2]);
    expect(sq(x).toArray()).toEqual([1, 4]);
    expect(calls).toEqual({ f: 1, forward: 0, backward: 0 });
    const [v, g] = valueAndGrad((t: Tensor) => sum(sq(t)))(x);
    expect(v.item()).toBe(5);
    expect(g.toArray()).toEqual([42, 42]);
    expect(calls).toEqual({ f: 1, forward: 1, backward: 1 });
    expect(residualSeen).toEqual([[1, 2]]);
  });
  it('handles pytree outputs; a missing output cotangent arrives as zeros', () => {
    const split = customVjp((x: Tensor, y: Tensor) => ({ p: mul(x, y), q: add(x, y) }), {
      forward: (x, y) => [{ p: mul(x, y), q: add(x, y) }, [x, y] as const] as const,
      backward: ([x, y], ct) => [add(mul(ct.p, y), ct.q), add(mul(ct.p, x), ct.q)],
    });
    const x = f64([1, 2]);
    const y = f64([3, 5]);
    // Only p is used: the rule gets ct.q = 0.
    expect(grad((a: Tensor) => sum(split(a, y).p))(x).toArray()).toEqual([3, 5]);
    checkGrads((a: Tensor, b: Tensor) => split(a, b), [x, y], { order: 2 });
  });
  it('rejects non-tensor arguments and cotangents of the wrong shape, naming them', () => {
    const id = customVjp((x: Tensor) => x, { forward: (x) => [x, null] as const, backward: (_r, g) => [g] });
    expect(() => id(3 as unknown as Tensor)).toThrow('customVjp: argument 0 is number, expected a Tensor');
    const bad = customVjp((x: Tensor) => mul(x, 2), {
      forward: (x) => [mul(x, 2), null] as const,
      backward: () => [f64([1, 2, 3])],
    });
    expect(() => grad((t: Tensor) => sum(bad(t)))(f64([1, 2]))).toThrow(
      'customVjp: backward cotangent 0 has shape [3], argument 0 has shape [2]',
    );
    // A cotangent in a shape the argument broadcasts to is summed back, as for primitives.
    const bcast = customVjp((b: Tensor) => broadcastTo(b, [3, 2]), {
      forward: (b) => [broadcastTo(b, [3, 2]), null] as const,
      backward: (_r, g) => [g],
    });
    expect(grad((t: Tensor) => sum(bcast(t)))(f64([1, 2])).toArray()).toEqual([3, 3]);
  });
  it('rejects a backward returning the wrong number of cotangents', () => {
    const bad = customVjp((x: Tensor) => x, {
      forward: (x) => [x, null] as const,
      backward: (_r, g) => [g, g],
    });
    expect(() => grad((t: Tensor) => sum(bad(t)))(f64([1]))).toThrow(
      /customVjp: backward returned 2 cotangents for 1 arguments/,
    );
  });
});

describe('stopGradient', () => {
  it('blocks the gradient through its argument, and is the identity on values', () => {
    const x = f64([1, -2, 3]);
    expect(grad((t: Tensor) => sum(mul(stopGradient(t), t)))(x).toArray()).toEqual([1, -2, 3]);
    expect(grad((t: Tensor) => sum(stopGradient(mul(t, t))))(x).toArray()).toEqual([0, 0, 0]);
    expect(bits(stopGradient(x))).toEqual(bits(x));
  });
  it('works on pytrees', () => {
    const p = { w: f64([2]), b: [f64([3])] };
    const g = grad((q: typeof p) => {
      const s = stopGradient(q);
      return sum(add(mul(s.w, q.w), mul(s.b[0]!, q.b[0]!)));
    })(p);
    expect(g.w.toArray()).toEqual([2]);
    expect(g.b[0]!.toArray()).toEqual([3]);
  });
});

describe('nesting and re-entrancy', () => {
  it('grad inside the function being differentiated', () => {
    const inner = (y: Tensor) => sum(mul(mul(y, y), y)); // ∇ = 3y²
    const f = (x: Tensor) => sum(mul(grad(inner)(x), x)); // Σ 3x³
    expectAllClose(grad(f)(f64([1, 2])), f64([9, 36]));
  });
  it('no perturbation confusion: d/dx [x · d/dy (x + y)] = 1', () => {
    // Siskind & Pearlmutter's example; confusing the two perturbations gives 2.
    const f = (x: Tensor) => sum(mul(x, grad((y: Tensor) => sum(add(x, y)))(f64([1]))));
    expect(grad(f)(f64([3])).toArray()).toEqual([1]);
  });
  it('an unrelated grad called from inside f leaves the outer trace intact', () => {
    const f = (x: Tensor) => {
      const unrelated = grad((z: Tensor) => sum(exp(z)))(f64([0]));
      return sum(mul(mul(x, x), unrelated));
    };
    expect(grad(f)(f64([2])).toArray()).toEqual([4]);
  });
  it('a closed-over traced value is a constant for the inner grad', () => {
    const f = (x: Tensor) => {
      const g = grad((y: Tensor) => sum(mul(mul(x, y), y)))(f64([1])); // 2·x·y at y = 1
      return sum(g);
    };
    expect(grad(f)(f64([5])).toArray()).toEqual([2]);
  });
});

describe('pytrees', () => {
  it('gradients have the structure of the argument; int leaves get zeros of their dtype; statics pass', () => {
    const p = {
      w: f64([[1, 2]]),
      idx: tensor([1, 0], { dtype: 'int32' }),
      layers: [{ b: f64([3]) }],
      name: 'mlp',
    };
    const g = grad((q: typeof p) => sum(mul(mul(q.w, cast(q.idx, 'float64')), q.layers[0]!.b)))(p);
    expect(tree.structureEqual(g, p)).toBe(true);
    expect(g.name).toBe('mlp');
    expect(g.idx.dtype).toBe('int32');
    expect(g.idx.toArray()).toEqual([0, 0]);
    expect(g.w.toArray()).toEqual([[3, 0]]);
    expect(g.layers[0]!.b.toArray()).toEqual([1]);
  });
  it('property: grad of Σ leaf² over a random tree is 2·leaf, same structure and dtypes', () => {
    fc.assert(
      fc.property(
        arb.tree({ leaf: arb.tensor({ dtype: 'float64', shape: arb.shape({ maxRank: 2, maxSide: 3 }) }) }),
        (t) => {
          const f = (q: unknown) =>
            tree.leaves(q).reduce<Tensor>((s, l) => add(s, sum(mul(l, l))), scalar(0, 'float64'));
          const g = grad(f)(t as unknown);
          expect(tree.structureEqual(g, t)).toBe(true);
          expectAllClose(
            g,
            tree.map((l) => mul(l, 2), t as unknown),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
  it('arguments after the first pass through undifferentiated', () => {
    const f = (w: Tensor, x: Tensor, scale: number) => sum(mul(mul(w, x), scale));
    expect(grad(f)(f64([1, 2]), f64([3, 4]), 10).toArray()).toEqual([30, 40]);
  });
});

describe('valueAndGrad with hasAux', () => {
  it('returns [[value, aux], grads]; aux is not differentiated and comes back detached', () => {
    const f = (w: Tensor) => {
      const pred = mul(w, 3);
      return [sum(mul(pred, pred)), { pred, note: 'ok' }] as const;
    };
    const [[v, aux], g] = valueAndGrad(f, { hasAux: true })(f64([1, 2]));
    expect(v.item()).toBe(45);
    expect(aux.pred.toArray()).toEqual([3, 6]);
    expect(aux.note).toBe('ok');
    expect(traceOf(aux.pred)).toBeUndefined();
    expect(g.toArray()).toEqual([18, 36]);
  });
  it('aux may be any value, not only a pytree (a Map, a class instance, a number)', () => {
    class Metrics {
      constructor(readonly loss: number) {}
    }
    const f = (w: Tensor) => {
      const l = sum(mul(w, w));
      return [l, { m: new Map([['n', 2]]), metrics: new Metrics(1), step: 3 }] as const;
    };
    const [[v, aux], g] = valueAndGrad(f, { hasAux: true })(f64([1, 2]));
    expect(v.item()).toBe(5);
    expect(aux.m.get('n')).toBe(2);
    expect(aux.metrics).toBeInstanceOf(Metrics);
    expect(aux.step).toBe(3);
    expect(g.toArray()).toEqual([2, 4]);
  });
  it('rejects a function that does not return a pair', () => {
    const f = ((w: Tensor) => sum(w)) as unknown as (w: Tensor) => readonly [Tensor, unknown];
    expect(() => valueAndGrad(f, { hasAux: true })(f64([1]))).toThrow(
      /hasAux the function must return \[value, aux\]/,
    );
  });
});

describe('errors', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return e instanceof TensorError ? `${e.code}: ${e.message}` : String(e);
    }
    return undefined;
  };
  it('grad of a non-scalar, an integer or a non-tensor output', () => {
    expect(code(() => grad((x: Tensor) => mul(x, x))(f64([1, 2])))).toBe(
      'INVALID_ARGUMENT: grad: the function must return a floating-point scalar tensor, got float64[2]',
    );
    expect(code(() => grad((x: Tensor) => cast(sum(x), 'int32'))(f64([1])))).toMatch(/got int32\[\]/);
    expect(code(() => grad((() => 3) as unknown as (x: Tensor) => Tensor)(f64([1])))).toMatch(/got number/);
  });
  it('vjp pullback given a cotangent of the wrong shape, dtype or structure', () => {
    const [, pb] = vjp((x: Tensor) => mul(x, 2), f64([1, 2]));
    expect(code(() => pb(f64([1, 2, 3])))).toMatch(
      /^SHAPE_MISMATCH: vjp: cotangent 0 is float64\[3\], the output is float64\[2\]/,
    );
    expect(code(() => pb(tensor([1, 2])))).toMatch(/SHAPE_MISMATCH: vjp: cotangent 0 is float32\[2\]/);
    expect(code(() => pb([f64([1, 2]), f64([1])] as unknown as Tensor))).toMatch(
      /cotangent has 2 leaves, the output has 1/,
    );
  });
  it('a differentiated argument that is not a pytree is named', () => {
    class Params {
      w = f64([1]);
    }
    expect(code(() => grad((p: Params) => sum(p.w))(new Params()))).toMatch(
      /^INVALID_ARGUMENT: grad: the differentiated argument must be a tensor or a pytree of tensors; tree.flatten: unsupported node at <root>/,
    );
  });
  it('an exception inside f leaves no trace level behind', () => {
    expect(() =>
      grad((x: Tensor) => {
        throw new Error(`boom ${x.size}`);
      })(f64([1])),
    ).toThrow('boom 1');
    expect(isTracing()).toBe(false);
  });
});

describe('nothing is left behind', () => {
  it('results carry no trace, the trace depth is back to 0, inputs are bit-identical', () => {
    const x = f64([0.5, -1.5]);
    const before = bits(x);
    const [v, g] = valueAndGrad((t: Tensor) => sum(smooth(t)))(x);
    const [y, pb] = vjp(smooth, x);
    const ct = pb(f64([1, 1]));
    const [y2, t] = jvp(smooth, x, f64([1, 0]));
    for (const r of [v, g, y, ct, y2, t]) expect(traceOf(r)).toBeUndefined();
    expect(isTracing()).toBe(false);
    expect(bits(x)).toEqual(before);
    expect(traceOf(x)).toBeUndefined();
  });
  it('is deterministic: the same call gives the same bits', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float32', shape: [5], min: -3, max: 3 }), (x) => {
        const f = (t: Tensor) => sum(smooth(t));
        expect(bits(grad(f)(x))).toEqual(bits(grad(f)(x)));
      }),
      { numRuns: 20 },
    );
  });
  it('a gradient of the same function may be taken many times (no stale state)', () => {
    const g = grad((t: Tensor) => sum(mul(t, t)));
    for (let i = 0; i < 5; i++) expect(g(f64([i])).toArray()).toEqual([2 * i]);
  });
});

describe('mutation check: checkGrads catches a primitive with a wrong VJP rule', () => {
  // x ↦ x·eˣ, as one primitive with its own kernel loop.
  const impl = ([x]: readonly Tensor[]): Tensor => {
    const src = x!.data();
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! * Math.exp(src[i]!);
    return fromBuffer(x!.dtype === 'float64' ? out : Float32Array.from(out), x!.shape, x!.dtype);
  };
  const rightP = definePrimitive({
    name: 'xexp',
    impl,
    vjp: (g, [x]) => [mul(g, mul(add(x!, 1), exp(x!)))], // (1 + x)eˣ
  });
  const wrongP = definePrimitive({
    name: 'xexpWrong',
    impl,
    vjp: (g, [x]) => [mul(g, mul(x!, exp(x!)))], // forgets the product rule's eˣ term
  });
  const right = (x: Tensor) => bind(rightP, [x], undefined);
  const wrong = (x: Tensor) => bind(wrongP, [x], undefined);

  it('the right rule passes, at order 1 and 2', () => {
    checkGrads((x: Tensor) => sum(right(x)), [f64([0.5, -1, 2])], { order: 2 });
  });
  it('the wrong rule fails, naming the element and both values', () => {
    const x = f64([0.5, -1, 2]);
    expect(() => checkGrads((t: Tensor) => sum(wrong(t)), [x])).toThrow(
      /rev, order 1, element-wise\): the gradient disagrees with central differences at argument 0, element \[\d\]: analytic .*, numeric .*/,
    );
  });
  it('property: the wrong rule is caught on every random input', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: arb.shape({ minRank: 1, maxRank: 2 }), min: -3, max: 3 }),
        (x) => {
          expect(() => checkGrads((t: Tensor) => wrong(t), [x])).toThrow(/checkGrads/);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('engine details', () => {
  it('unbroadcasts a rule cotangent to the operand shape once', () => {
    const b = f64([1, 2, 3]);
    const g = grad((t: Tensor) =>
      sum(
        mul(
          broadcastTo(t, [4, 3]),
          f64(
            Array.from({ length: 12 }, (_, i) => i),
            [4, 3],
          ),
        ),
      ),
    )(b);
    expect(g.toArray()).toEqual([18, 22, 26]);
  });
  it('gradients come back in the dtype of the argument (float32 in, float32 out)', () => {
    const x = tensor([1, 2]);
    const g = grad((t: Tensor) => sum(mul(cast(t, 'float64'), f64([3, 4]))))(x);
    expect(g.dtype).toBe('float32');
    expect(g.toArray()).toEqual([3, 4]);
  });
  it('tells a rule which inputs can receive a gradient (needed), so it may skip the others', () => {
    const seen: boolean[][] = [];
    const mulP = definePrimitive({
      name: 'mulSpy',
      impl: ([a, b]) => mul(a!, b!),
      vjp: (g, [a, b], _out, _p, needed) => {
        seen.push([...needed]);
        return [needed[0] ? mul(g, b!) : null, needed[1] ? mul(g, a!) : null];
      },
    });
    const data = f64([3, 4]);
    const g = grad((w: Tensor) => sum(bind(mulP, [data, w], undefined)))(f64([1, 2]));
    expect(g.toArray()).toEqual([3, 4]);
    expect(seen).toEqual([[false, true]]);
    checkGrads((a: Tensor, b: Tensor) => bind(mulP, [a, b], undefined), [f64([1, 2]), f64([3, 4])], {
      order: 2,
    });
  });
  it('a function that ignores its argument has zero gradient', () => {
    const g = grad((_t: Tensor) => sum(f64([1, 2])))(f64([5, 6]));
    expect(g.toArray()).toEqual([0, 0]);
  });
  it('fan-out accumulates: x used many times', () => {
    const g = grad((t: Tensor) => sum(add(add(mul(t, t), neg(t)), mul(t, zeros([1], 'float64')))))(f64([3]));
    expect(g.toArray()).toEqual([5]);
  });
});

describe('TSDoc examples of the transformations', () => {
  it('run and give the values they state', () => {
    const [v, g] = valueAndGrad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2]));
    expect([v.item(), g.toArray()]).toEqual([5, [2, 4]]);
    const f = (x: Tensor) => sum(mul(x, x));
    expect(grad(f)(tensor([3])).toArray()).toEqual([6]);
    expect(grad((x: Tensor) => sum(grad(f)(x)))(tensor([3])).toArray()).toEqual([2]);
    const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([3, 4]));
    expect(y.toArray()).toEqual([9, 16]);
    expect(pullback(tensor([1, 10])).toArray()).toEqual([6, 80]);
    expect(jvp((x: Tensor) => mul(x, x), tensor([3, 4]), tensor([1, 0]))[1].toArray()).toEqual([6, 0]);
    expect(grad((x: Tensor) => sum(mul(stopGradient(x), x)))(tensor([3])).toArray()).toEqual([3]);
    const softplus = customVjp((x: Tensor) => log1p(exp(x)), {
      forward: (x) => [log1p(exp(x)), x] as const,
      backward: (x, gg) => [mul(gg, sigmoid(x))],
    });
    expect(grad((x: Tensor) => sum(softplus(x)))(tensor([0])).toArray()).toEqual([0.5]);
  });
});
