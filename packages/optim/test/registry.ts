/** Every transformation and optimizer of the package, for the contract suite. */
import {
  adagrad,
  adam,
  adamw,
  addDecayedWeights,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  clipByNorm,
  clipByValue,
  cosineDecay,
  type GradientTransformation,
  identity,
  leafMask,
  masked,
  multiSteps,
  rmsprop,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  scaleByRss,
  scaleBySchedule,
  scaleByStddev,
  sgd,
  trace,
  warmupCosineDecay,
} from '../src/index.js';

const schedule = warmupCosineDecay({ initValue: 0, peakValue: 0.1, warmupSteps: 2, decaySteps: 10 });

/** Name → factory of a fresh transformation. */
export const ALL_TRANSFORMS: ReadonlyArray<readonly [string, () => GradientTransformation<unknown>]> = [
  ['identity', () => identity()],
  ['scale', () => scale(-0.5)],
  ['scaleByLearningRate(number)', () => scaleByLearningRate(0.1)],
  ['scaleByLearningRate(schedule)', () => scaleByLearningRate(schedule)],
  ['scaleBySchedule', () => scaleBySchedule(cosineDecay({ initValue: 1, decaySteps: 5 }))],
  ['trace', () => trace({ decay: 0.9 })],
  ['trace(nesterov)', () => trace({ decay: 0.9, nesterov: true })],
  ['scaleByAdam', () => scaleByAdam()],
  ['scaleByRms', () => scaleByRms()],
  ['scaleByRms(biasCorrection)', () => scaleByRms({ biasCorrection: true, epsInSqrt: false })],
  ['scaleByStddev', () => scaleByStddev()],
  ['scaleByRss', () => scaleByRss()],
  ['addDecayedWeights', () => addDecayedWeights(0.1)],
  [
    'addDecayedWeights(mask)',
    () =>
      addDecayedWeights(
        0.1,
        leafMask((p) => p.rank > 1),
      ),
  ],
  ['clipByValue', () => clipByValue(1)],
  ['clipByNorm', () => clipByNorm(1)],
  ['clipByGlobalNorm', () => clipByGlobalNorm(1)],
  ['applyIfFinite', () => applyIfFinite(adam({ learningRate: 0.1 }), { maxConsecutiveErrors: 2 })],
  [
    'masked',
    () =>
      masked(
        scaleByAdam(),
        leafMask((_, path) => path.length % 2 === 0),
      ),
  ],
  ['multiSteps', () => multiSteps(adam({ learningRate: 0.1 }), 2)],
  ['chain', () => chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(0.01))],
  ['sgd', () => sgd({ learningRate: 0.1 })],
  [
    'sgd(momentum, nesterov, clipValue)',
    () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipValue: 1 }),
  ],
  ['adam', () => adam({ learningRate: 0.01 })],
  ['adam(globalClipNorm, schedule)', () => adam({ learningRate: schedule, globalClipNorm: 1 })],
  ['adamw', () => adamw({ learningRate: 0.01, weightDecay: 0.01 })],
  [
    'adamw(mask, clipNorm)',
    () => adamw({ learningRate: 0.01, mask: leafMask((p) => p.rank > 0), clipNorm: 1 }),
  ],
  ['rmsprop', () => rmsprop({ learningRate: 0.01 })],
  ['rmsprop(centered, momentum)', () => rmsprop({ learningRate: 0.01, centered: true, momentum: 0.9 })],
  ['adagrad', () => adagrad({ learningRate: 0.1 })],
];
