import { tensor } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  constant,
  cosineDecay,
  exponentialDecay,
  linear,
  OptimError,
  piecewiseConstant,
  scaleByLearningRate,
  scaleBySchedule,
  warmupCosineDecay,
} from '../src/index.js';
import { flat } from './helpers.js';

const at = (s: (n: number) => number, steps: number[]): number[] => steps.map(s);

describe('schedules (Optax formulas, hand-computed values)', () => {
  it('constant', () => {
    expect(at(constant({ value: 0.1 }), [0, 1, 1e6])).toEqual([0.1, 0.1, 0.1]);
    expect(constant(0.2)(7)).toBe(0.2);
    expect(() => constant(Number.NaN)).toThrow('constant: value must be a finite number, got NaN');
  });

  it('linear: init until begin, linear ramp, then end', () => {
    const s = linear({ initValue: 0, endValue: 1, transitionSteps: 10, transitionBegin: 5 });
    expect(at(s, [0, 5, 10, 15, 20])).toEqual([0, 0, 0.5, 1, 1]);
  });

  it('exponentialDecay: continuous, staircase, begin, endValue', () => {
    const s = exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 });
    expect(s(0)).toBe(1);
    expect(s(10)).toBeCloseTo(0.5, 15);
    expect(s(15)).toBeCloseTo(0.5 ** 1.5, 15);
    expect(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, staircase: true })(15)).toBe(
      0.5,
    );
    const late = exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, transitionBegin: 5 });
    expect(at(late, [0, 5, 15])).toEqual([1, 1, 0.5]);
    expect(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, endValue: 0.3 })(20)).toBe(
      0.3,
    );
    expect(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 2, endValue: 3 })(20)).toBe(3);
  });

  it('cosineDecay: ½(1 + cos(π·c/D)), alpha floor, exponent', () => {
    const s = cosineDecay({ initValue: 1, decaySteps: 100 });
    expect(s(0)).toBe(1);
    expect(s(50)).toBeCloseTo(0.5, 15);
    expect(s(100)).toBe(0);
    expect(s(150)).toBe(0);
    expect(cosineDecay({ initValue: 2, decaySteps: 100, alpha: 0.1 })(100)).toBeCloseTo(0.2, 15);
    expect(cosineDecay({ initValue: 1, decaySteps: 100, exponent: 2 })(50)).toBeCloseTo(0.25, 15);
  });

  it('warmupCosineDecay: linear warmup to the peak, cosine to endValue (decaySteps counts the warmup)', () => {
    const s = warmupCosineDecay({
      initValue: 0,
      peakValue: 1,
      warmupSteps: 10,
      decaySteps: 110,
      endValue: 0.1,
    });
    expect(at(s, [0, 5, 10])).toEqual([0, 0.5, 1]);
    expect(s(60)).toBeCloseTo(0.55, 15);
    expect(s(110)).toBeCloseTo(0.1, 15);
    expect(s(1000)).toBeCloseTo(0.1, 15);
    const noWarmup = warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 0, decaySteps: 10 });
    expect(noWarmup(0)).toBe(1);
  });

  it('piecewiseConstant: scales multiply from their boundary on (inclusive)', () => {
    const s = piecewiseConstant({ initValue: 1, boundariesAndScales: { 20: 0.1, 10: 0.5 } });
    expect(at(s, [0, 9, 10, 19])).toEqual([1, 1, 0.5, 0.5]);
    expect(s(20)).toBeCloseTo(0.05, 15);
  });

  it('cosine decay is non-increasing and warmup-cosine is continuous at the warmup boundary (properties)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (init, d, alpha) => {
          const s = cosineDecay({ initValue: init, decaySteps: d, alpha });
          for (let c = 0; c < d + 2; c += Math.max(1, Math.floor(d / 17)))
            expect(s(c + 1)).toBeLessThanOrEqual(s(c) + 1e-12);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (w, extra) => {
        const s = warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: w, decaySteps: w + extra });
        expect(s(w)).toBe(1);
        expect(Math.abs(s(w - 1) - s(w))).toBeLessThanOrEqual(1 / w + 1e-12);
      }),
    );
  });

  it('reject bad options with an OptimError naming the field', () => {
    expect(() => cosineDecay({ initValue: 1, decaySteps: 0 })).toThrow(
      'cosineDecay: decaySteps must be an integer >= 1, got 0',
    );
    expect(() => exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0 })).toThrow(
      'exponentialDecay: decayRate must be a finite number > 0, got 0',
    );
    expect(() => warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(
      'warmupCosineDecay: decaySteps must be greater than warmupSteps (decaySteps counts the warmup), got decaySteps 10 and warmupSteps 10',
    );
    expect(() => piecewiseConstant({ initValue: 1, boundariesAndScales: { 10: -1 } })).toThrow(OptimError);
    expect(() => piecewiseConstant({ initValue: 1, boundariesAndScales: { 1.5: 1 } })).toThrow(
      /boundariesAndScales must be an object mapping integer step boundaries/,
    );
    expect(() => linear({ initValue: 1, endValue: 0, transitionSteps: 2.5 })).toThrow(OptimError);
  });
});

describe('schedules in place of a learning rate', () => {
  it('count from 0 on the first update', () => {
    const t = scaleByLearningRate((step) => step + 1);
    const g = { w: tensor([1, 2]) };
    let s = t.init(g);
    const us: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const [u, next] = t.update(g, s);
      us.push(flat(u));
      s = next;
    }
    expect(us).toEqual([
      [-1, -2],
      [-2, -4],
      [-3, -6],
    ]);
    expect((s as { count: { item(): unknown } }).count.item()).toBe(3);
  });

  it('a schedule value that is not a valid learning rate is an error naming the step', () => {
    const t = scaleByLearningRate((step) => 0.1 - step * 0.1);
    const g = { w: tensor([1]) };
    const [, s1] = t.update(g, t.init(g));
    const [, s2] = t.update(g, s1);
    expect(() => t.update(g, s2)).toThrow(
      'scaleByLearningRate: the schedule returned -0.1 at step 2; it must return a finite learning rate >= 0',
    );
    const any = scaleBySchedule(() => Number.NaN);
    expect(() => any.update(g, any.init(g))).toThrow(/returned NaN at step 0/);
  });
});
