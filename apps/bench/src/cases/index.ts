import type { BenchCase } from '../types.js';
import { batchNormCase } from './batchNorm.js';
import { clipCase, MLP_LEAVES } from './clip.js';
import { ACTIVATIONS, activationBackwardCase, activationForwardCase } from './elementwise.js';
import { matmulCase } from './matmul.js';
import { OPTIMIZERS, optimizerCase } from './optimizers.js';
import { meanVarCase, sumAxis0Case } from './reductions.js';
import { softmaxCeCase } from './softmaxCe.js';
import { trainStepCase } from './trainStep.js';

/** `full`: every size; `quick`: the sizes that fit in about a minute; `smoke`: one tiny size per kernel. */
export type Profile = 'full' | 'quick' | 'smoke';

/** The dense layers of a training step: batch × in → out. */
interface DenseShape {
  readonly batch: number;
  readonly input: number;
  readonly output: number;
}

function denseCases({ batch, input, output }: DenseShape): BenchCase[] {
  return [
    matmulCase('dense fwd X·W', batch, input, output),
    matmulCase('dense bwd dY·Wᵀ', batch, output, input, false, true),
    matmulCase('dense bwd Xᵀ·dY', input, batch, output, true, false),
  ];
}

/** Every case of a profile, in table order. */
export function allCases(profile: Profile): BenchCase[] {
  const smoke = profile === 'smoke';
  const quick = profile === 'quick';
  const squares = smoke ? [9] : quick ? [64, 256, 512] : [64, 128, 256, 512, 1024];
  const dense: DenseShape = smoke
    ? { batch: 6, input: 7, output: 5 }
    : { batch: 256, input: 784, output: 512 };
  const elementCounts = smoke ? [1000] : [1e6, 1e7];
  const cases: BenchCase[] = [];
  for (const n of squares) cases.push(matmulCase('matmul', n, n, n));
  cases.push(...denseCases(dense));
  for (const act of ACTIVATIONS) {
    for (const n of elementCounts) {
      // quick: every activation at 1e6, ReLU also at 1e7.
      if (quick && n > 1e6 && act.name !== 'relu') continue;
      cases.push(activationForwardCase(act, n), activationBackwardCase(act, n));
    }
  }
  const [rows, cols] = smoke ? [7, 13] : [256, 4096];
  cases.push(sumAxis0Case(rows, cols), meanVarCase(rows, cols));
  cases.push(smoke ? softmaxCeCase(5, 11) : softmaxCeCase(256, 1000));
  cases.push(smoke ? batchNormCase(6, 9) : batchNormCase(256, 1024));
  for (const opt of OPTIMIZERS) {
    for (const n of elementCounts) {
      // quick: every optimizer at 1e6, Adam also at 1e7.
      if (quick && n > 1e6 && opt.name !== 'adam') continue;
      cases.push(optimizerCase(opt, n));
    }
  }
  cases.push(smoke ? clipCase({ w: [7, 5], b: [5], v: [3] }, 'small tree') : clipCase(MLP_LEAVES));
  cases.push(
    trainStepCase(
      smoke
        ? { batch: 8, input: 12, hidden: 16, classes: 5 }
        : { batch: 256, input: 784, hidden: 512, classes: 10 },
    ),
  );
  return cases;
}
