import { tensor } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  adagrad,
  adam,
  adamw,
  applyUpdates,
  type GradientTransformation,
  rmsprop,
  sgd,
  warmupCosineDecay,
} from '../src/index.js';
import { flat } from './helpers.js';

/** Runs `steps` updates of `opt` from `x0` with the gradient `grad`; returns the final point. */
function minimize(
  opt: GradientTransformation<unknown>,
  grad: (x: number[]) => number[],
  x0: number[],
  steps: number,
): number[] {
  let params = { x: tensor(x0, { dtype: 'float64' }) };
  let state = opt.init(params);
  for (let i = 0; i < steps; i++) {
    const [u, next] = opt.update({ x: tensor(grad(flat(params)), { dtype: 'float64' }) }, state, params);
    params = applyUpdates(params, u);
    state = next;
  }
  return flat(params);
}

/** An ill-conditioned quadratic, minimum at [1, -2, 3]. */
const quadGrad = (x: number[]): number[] => [1, 10, 100].map((a, i) => a * (x[i]! - [1, -2, 3][i]!));
/** Rosenbrock f = (1 − x)² + 100(y − x²)², minimum at [1, 1]. */
const rosenGrad = ([x, y]: number[]): number[] => [
  -2 * (1 - x!) - 400 * x! * (y! - x! * x!),
  200 * (y! - x! * x!),
];

const OPTIMIZERS: ReadonlyArray<
  readonly [string, () => GradientTransformation<unknown>, () => GradientTransformation<unknown>, number]
> = [
  // name, optimizer for the quadratic, optimizer for Rosenbrock, Rosenbrock steps
  ['sgd', () => sgd({ learningRate: 0.009 }), () => sgd({ learningRate: 1e-3 }), 40000],
  [
    'sgd(momentum)',
    () => sgd({ learningRate: 0.005, momentum: 0.9 }),
    () => sgd({ learningRate: 2e-4, momentum: 0.9, nesterov: true }),
    20000,
  ],
  ['adam', () => adam({ learningRate: 0.05 }), () => adam({ learningRate: 0.01 }), 10000],
  [
    'adamw',
    () => adamw({ learningRate: 0.05, weightDecay: 0 }),
    () => adamw({ learningRate: 0.01, weightDecay: 0 }),
    10000,
  ],
  [
    'adam(schedule, clip)',
    () =>
      adam({
        learningRate: warmupCosineDecay({ initValue: 0, peakValue: 0.1, warmupSteps: 50, decaySteps: 2000 }),
        globalClipNorm: 10,
      }),
    () => adam({ learningRate: 0.01, globalClipNorm: 10 }),
    10000,
  ],
  [
    'rmsprop',
    () => rmsprop({ learningRate: 0.01 }),
    () => rmsprop({ learningRate: 1e-3, centered: true, momentum: 0.9 }),
    10000,
  ],
  ['adagrad', () => adagrad({ learningRate: 0.5 }), () => adagrad({ learningRate: 0.5 }), 20000],
];

describe.each(OPTIMIZERS)('%s minimizes', (_name, forQuadratic, forRosenbrock, rosenSteps) => {
  it('an ill-conditioned quadratic', () => {
    const x = minimize(forQuadratic(), quadGrad, [0, 0, 0], 2000);
    x.forEach((xi, i) => expect(Math.abs(xi - [1, -2, 3][i]!)).toBeLessThan(1e-3));
  });

  it('the Rosenbrock function', () => {
    const x = minimize(forRosenbrock(), rosenGrad, [-1.2, 1], rosenSteps);
    x.forEach((xi) => expect(Math.abs(xi - 1)).toBeLessThan(1e-3));
  });
});

it('every optimizer decreases random convex quadratics (property)', () => {
  const optimizers = [
    () => sgd({ learningRate: 0.01, momentum: 0.5 }),
    () => adam({ learningRate: 0.01 }),
    () => adamw({ learningRate: 0.01, weightDecay: 1e-4 }),
    () => rmsprop({ learningRate: 0.01 }),
    () => adagrad({ learningRate: 0.1 }),
  ];
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
      (a, x0) => {
        const start = x0.slice(0, a.length);
        const f = (x: number[]) => x.reduce((s, xi, i) => s + 0.5 * a[i]! * xi * xi, 0);
        // Start farther than the step sizes (Adam-like methods oscillate within about lr of the minimum).
        fc.pre(f(start) > 0.05 * a.reduce((s, ai) => s + ai, 0));
        for (const make of optimizers) {
          const x = minimize(make(), (y) => y.map((yi, i) => a[i]! * yi), start, 300);
          expect(f(x)).toBeLessThan(f(start));
        }
      },
    ),
    { numRuns: 20 },
  );
});
