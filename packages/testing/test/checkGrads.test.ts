import {
  add,
  argmax,
  cast,
  customVjp,
  div,
  exp,
  mul,
  neg,
  reshape,
  sin,
  stopGradient,
  sub,
  sum,
  type Tensor,
  tensor,
} from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { arb, checkGrads, fc, GradientCheckError } from '../src/index.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

/** `x ↦ x * k` with a hand-written backward that multiplies by `wrong` instead of `k` (a mutation). */
const scaledBy = (k: number[], wrong: number[]) => {
  const kt = f64(k);
  const wt = f64(wrong);
  return customVjp((x: Tensor) => mul(x, kt), {
    forward: (x) => [mul(x, kt), null] as const,
    backward: (_res, g) => [mul(g, wt)],
  });
};

/** `x ↦ x²` whose backward `2·x·g` cuts `x` off from differentiation: right first derivative, wrong second. */
const squareStopped = customVjp((x: Tensor) => mul(x, x), {
  forward: (x) => [mul(x, x), x] as const,
  backward: (x, g) => [mul(mul(g, stopGradient(x)), 2)],
});
const squareRight = customVjp((x: Tensor) => mul(x, x), {
  forward: (x) => [mul(x, x), x] as const,
  backward: (x, g) => [mul(mul(g, x), 2)],
});

describe('checkGrads passes on correct derivatives', () => {
  it('scalar, vector and pytree outputs, several arguments, order 2', () => {
    const x = tensor([0.5, -1, 0.25]);
    const y = tensor([2, 3, -1]);
    checkGrads((a: Tensor, b: Tensor) => sum(mul(exp(a), b)), [x, y], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => div(exp(a), add(mul(b, b), 1)), [x, y], { order: 2 });
    checkGrads(
      (p: { w: Tensor; b: Tensor[] }) => ({ y: mul(p.w, p.b[0]!), z: [exp(p.w)] }),
      [{ w: x, b: [y] }],
    );
  });
  it('broadcasting and reshapes, on random shapes (property)', () => {
    fc.assert(
      fc.property(
        arb
          .broadcastableShapes(2, { maxRank: 3, maxSide: 3 })
          .chain(({ shapes: [s1, s2] }) =>
            fc.tuple(
              arb.tensor({ dtype: 'float64', shape: s1!, min: -2, max: 2 }),
              arb.tensor({ dtype: 'float64', shape: s2!, min: -2, max: 2 }),
            ),
          ),
        ([a, b]) => {
          checkGrads(
            (u: Tensor, v: Tensor) => sub(mul(exp(u), v), reshape(u, [-1]).rank === 1 ? v : u),
            [a, b],
          );
        },
      ),
      { numRuns: 25 },
    );
  });
  it('integer arguments and outputs are left alone; argnums picks the differentiated arguments', () => {
    const idx = tensor([1, 2, 3], { dtype: 'int32' });
    checkGrads((x: Tensor, i: Tensor) => mul(x, cast(i, 'float64')), [tensor([1, 2, 3]), idx]);
    const bad = scaledBy([1, 1, 1], [1, 9, 1]);
    // Argument 1 goes through a wrong rule but is not differentiated.
    checkGrads((x: Tensor, y: Tensor) => add(exp(x), bad(y)), [tensor([1, 2, 3]), tensor([1, 2, 3])], {
      argnums: [0],
    });
    expect(() =>
      checkGrads((x: Tensor, y: Tensor) => add(exp(x), bad(y)), [tensor([1, 2, 3]), tensor([1, 2, 3])]),
    ).toThrow(GradientCheckError);
  });
  it('integer output leaves are skipped; a float32 output of float64 arguments is fine', () => {
    checkGrads((x: Tensor) => ({ y: exp(x), i: argmax(x), n: 'static' }), [tensor([0.1, 0.7, -0.2])], {
      order: 2,
    });
    checkGrads((x: Tensor) => cast(mul(x, x), 'float32'), [tensor([0.1, 0.7])], { rtol: 1e-4, atol: 1e-4 });
  });
  it('float32 mode uses looser default tolerances and still passes', () => {
    checkGrads((a: Tensor) => sum(exp(a)), [tensor([0.1, 0.2, -0.3])], { dtype: 'float32' });
  });
  it('customVjp with a correct rule passes at order 2', () => {
    checkGrads((x: Tensor) => sum(squareRight(x)), [tensor([0.5, -1])], { order: 2 });
  });
});

describe('checkGrads fails on wrong derivatives (mutation checks)', () => {
  it('names the argument, leaf, element, analytic and numeric values and the tolerance', () => {
    const bad = scaledBy([1, 1, 1, 1], [1, 1, 1, 4]);
    const f = (p: { a: Tensor; w: Tensor }) => sum(mul(p.a, bad(reshape(p.w, [4]))));
    const args = [
      {
        a: tensor([1, 1, 1, 1]),
        w: tensor([
          [1, 2],
          [3, 4],
        ]),
      },
    ] as const;
    let err: unknown;
    try {
      checkGrads(f, args);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradientCheckError);
    const msg = (err as Error).message;
    expect(msg).toContain('argument 0 .w, element [1, 1] (flat 3)');
    expect(msg).toContain('analytic 4, numeric 1');
    expect(msg).toMatch(/tolerance 2\.0*e-5 = atol \+ rtol·\|numeric\|/);
    expect(msg).toContain('1 of 8 checked values fail');
    expect((err as GradientCheckError).analytic).toBe(4);
  });
  it('catches a wrong rule without the element-wise pass (large inputs: directional tests only)', () => {
    const n = 100;
    const bad = scaledBy(Array(n).fill(2), Array(n).fill(2.01));
    const x = tensor(Array.from({ length: n }, (_, i) => Math.sin(i)));
    expect(() => checkGrads((t: Tensor) => sum(bad(t)), [x], { modes: ['rev'] })).toThrow(/dot-product test/);
    expect(() => checkGrads((t: Tensor) => bad(t), [x], { modes: ['fwd'] })).toThrow(/fwd, order 1/);
    expect(() => checkGrads((t: Tensor) => sum(bad(t)), [x], { modes: ['rev'], elementwise: true })).toThrow(
      /element-wise/,
    );
  });
  it('catches a rule that is right at order 1 and wrong at order 2', () => {
    const f = (x: Tensor) => sum(squareStopped(x));
    checkGrads(f, [tensor([0.5, -1])]);
    expect(() => checkGrads(f, [tensor([0.5, -1])], { order: 2 })).toThrow(/order 2, derivative of the vjp/);
    expect(() => checkGrads(f, [tensor([0.5, -1])], { order: 2, modes: ['fwd'] })).toThrow(
      /order 2, derivative of the jvp/,
    );
  });
  it('catches a small error that only tight tolerances see, and accepts it with loose ones', () => {
    const bad = scaledBy([3], [3.0003]);
    expect(() => checkGrads((t: Tensor) => sum(bad(t)), [tensor([1])])).toThrow(GradientCheckError);
    checkGrads((t: Tensor) => sum(bad(t)), [tensor([1])], { rtol: 1e-3 });
  });
  it('property: any perturbed rule is caught, for random inputs', () => {
    fc.assert(
      fc.property(
        arb.tensor({ dtype: 'float64', shape: [3], min: -3, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (x, i, delta) => {
          const wrong = [1, 1, 1];
          wrong[i] = 1 + delta;
          const bad = scaledBy([1, 1, 1], wrong);
          expect(() => checkGrads((t: Tensor) => sum(mul(bad(t), exp(neg(t)))), [x])).toThrow(
            `element [${i}]`,
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('checkGrads options', () => {
  it('Richardson extrapolation keeps high-curvature functions within the tight float64 tolerance', () => {
    // sin(100x): f''' = −10⁶·cos(100x), so a plain central difference is off by ε²/6·10⁶ ≈ 2e-3 (2e-5 relative).
    const f = (x: Tensor) => sin(mul(x, 100));
    const x = tensor([0.002, 0.013]);
    checkGrads(f, [x]);
    expect(() => checkGrads(f, [x], { richardson: false })).toThrow(GradientCheckError);
  });
  it('rejects bad options', () => {
    expect(() => checkGrads((x: Tensor) => x, [tensor([1])], { order: 0 })).toThrow(
      'order must be an integer >= 1',
    );
    expect(() => checkGrads((x: Tensor) => x, [tensor([1])], { eps: 0 })).toThrow('eps must be');
    expect(() => checkGrads((x: Tensor) => x, [tensor([1])], { argnums: [1] })).toThrow('argnums holds 1');
    expect(() => checkGrads((x: Tensor) => x, [tensor([1])], { modes: [] })).toThrow('modes');
  });
  it('does not mutate its arguments and is deterministic', () => {
    const x = tensor([0.3, 0.7]);
    const before = x.data();
    const bad = scaledBy([1, 1], [1, 1.5]);
    const msg = () => {
      try {
        checkGrads((t: Tensor) => bad(t), [x], { elementwise: false });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(msg()).toBe(msg());
    expect(msg()).not.toBe('');
    expect(x.data()).toEqual(before);
  });
});
