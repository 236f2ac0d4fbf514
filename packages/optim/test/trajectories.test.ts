import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import {
  adagrad,
  adam,
  adamw,
  applyUpdates,
  type GradientTransformation,
  rmsprop,
  sgd,
} from '../src/index.js';
import { flat } from './helpers.js';

interface Fixture {
  readonly optimizer: 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';
  readonly options: Record<string, unknown>;
  readonly objective: { readonly curvature: number[]; readonly theta0: number[] };
  readonly derivation: string;
  readonly steps: ReadonlyArray<{ readonly grad: number[]; readonly theta: number[] }>;
}

const FACTORIES: Record<Fixture['optimizer'], (o: never) => GradientTransformation<unknown>> = {
  sgd,
  adam,
  adamw,
  rmsprop,
  adagrad,
};

const dir = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

describe.each(fixtures)('trajectory %s', (_file, fx) => {
  /** Runs the optimizer on f(θ) = ½ Σ aᵢθᵢ² with params of `dtype`; returns g and θ at each step. */
  const trajectory = (dtype: 'float32' | 'float64'): Array<{ grad: number[]; theta: number[] }> => {
    const opt = FACTORIES[fx.optimizer](fx.options as never);
    let params = { theta: tensor(fx.objective.theta0, { dtype }) };
    let state = opt.init(params);
    return fx.steps.map(() => {
      const g = flat(params).map((x, i) => fx.objective.curvature[i]! * x);
      const [u, next] = opt.update({ theta: tensor(g, { dtype }) }, state, params);
      params = applyUpdates(params, u);
      state = next;
      return { grad: g, theta: flat(params) };
    });
  };

  it('carries its derivation', () => {
    expect(fx.derivation.length).toBeGreaterThan(80);
    expect(fx.steps.length).toBeGreaterThanOrEqual(3);
  });

  it('float64 params follow the reference to 1e-12', () => {
    trajectory('float64').forEach((step, k) => {
      step.grad.forEach((g, i) => expect(g).toBeCloseTo(fx.steps[k]!.grad[i]!, 12));
      step.theta.forEach((x, i) => expect(Math.abs(x - fx.steps[k]!.theta[i]!)).toBeLessThanOrEqual(1e-12));
    });
  });

  it('float32 params follow the reference to float32 precision', () => {
    trajectory('float32').forEach((step, k) => {
      step.theta.forEach((x, i) => expect(Math.abs(x - fx.steps[k]!.theta[i]!)).toBeLessThanOrEqual(2e-6));
    });
  });
});

it('Adam step 1 moves each coordinate by lr·sign(g) (m̂ = g, v̂ = g² on the first step)', () => {
  // The hand check behind adam.json: after one step m̂ = g and √v̂ = |g|, so u = g/(|g| + eps).
  const opt = adam({ learningRate: 0.1 });
  const p = { w: tensor([1, -1], { dtype: 'float64' }) };
  const [u] = opt.update({ w: tensor([1, -10], { dtype: 'float64' }) }, opt.init(p), p);
  expect(flat(u)[0]).toBeCloseTo(-0.1 / (1 + 1e-8), 15);
  expect(flat(u)[1]).toBeCloseTo(0.1 * (10 / (10 + 1e-8)), 15);
});
