import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mul, random, sum, type Tensor, tensor, valueAndGrad } from '@stepwise/tensor';
import { expectAllClose } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { batchNorm, batchNormTrain } from '../src/index.js';

interface Fixture {
  readonly derivation: string;
  readonly x: number[][];
  readonly gamma: number[];
  readonly beta: number[];
  readonly w: number[][];
  readonly keras: Record<
    'mean' | 'variance' | 'dgamma' | 'dbeta' | 'movingMean' | 'movingVariance',
    number[]
  > &
    Record<'y' | 'dx', number[][]> & { epsilon: number; momentum: number };
  readonly pytorch: Record<'runningMean' | 'runningVariance', number[]> & {
    y: number[][];
    epsilon: number;
    momentum: number;
  };
}

const fx = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'batchNorm.json'), 'utf8'),
) as Fixture;
const t64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });
const tight = { rtol: 1e-13, atol: 1e-14 };

describe('batch normalization against the hand-derived fixture (test/fixtures/batchNorm.json)', () => {
  it('has its derivation', () => {
    expect(fx.derivation).toMatch(/REFERENCE/);
  });

  it('batchNormTrain: y, batch statistics and the closed-form gradients', () => {
    const k = fx.keras;
    const out = batchNormTrain(t64(fx.x), t64(fx.gamma), t64(fx.beta), { epsilon: k.epsilon });
    expectAllClose(out.y, t64(k.y), tight);
    expectAllClose(out.mean, t64(k.mean), tight);
    expectAllClose(out.variance, t64(k.variance), tight);
    const w = t64(fx.w);
    const [, [dx, dg, db]] = valueAndGrad((p: Tensor[]) =>
      sum(mul(batchNormTrain(p[0]!, p[1]!, p[2]!, { epsilon: k.epsilon }).y, w)),
    )([t64(fx.x), t64(fx.gamma), t64(fx.beta)]);
    expectAllClose(dx!, t64(k.dx), tight);
    expectAllClose(dg!, t64(k.dgamma), tight);
    expectAllClose(db!, t64(k.dbeta), tight);
  });

  it('one Keras training step of the layer', () => {
    const k = fx.keras;
    const bn = batchNorm({ momentum: k.momentum, epsilon: k.epsilon, dtype: 'float64' });
    const { state } = bn.init(random.key(0), [3, 2]);
    const out = bn.apply({ gamma: t64(fx.gamma), beta: t64(fx.beta) }, state, t64(fx.x), { training: true });
    expectAllClose(out.y, t64(k.y), tight);
    expectAllClose(out.state.mean, t64(k.movingMean), tight);
    expectAllClose(out.state.variance, t64(k.movingVariance), tight);
  });

  it("one PyTorch training step (convention: 'pytorch')", () => {
    const p = fx.pytorch;
    const bn = batchNorm({ convention: 'pytorch', dtype: 'float64' });
    const { state } = bn.init(random.key(0), [3, 2]);
    const out = bn.apply({ gamma: t64(fx.gamma), beta: t64(fx.beta) }, state, t64(fx.x), { training: true });
    expectAllClose(out.y, t64(p.y), tight);
    expectAllClose(out.state.mean, t64(p.runningMean), tight);
    expectAllClose(out.state.variance, t64(p.runningVariance), tight);
  });
});
