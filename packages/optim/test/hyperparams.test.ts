import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  AdagradOptions,
  AdamOptions,
  AdamwOptions,
  adagrad,
  adam,
  adamw,
  addDecayedWeights,
  applyIfFinite,
  clipByGlobalNorm,
  clipByNorm,
  clipByValue,
  decodeOptions,
  identity,
  masked,
  multiSteps,
  OptimError,
  RmspropOptions,
  rmsprop,
  SgdOptions,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  trace,
} from '../src/index.js';

/** The OptimError a call throws (fails the test if it throws nothing or something else). */
function errorOf(f: () => unknown): OptimError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptimError);
    return e as OptimError;
  }
  throw new Error('expected an OptimError, nothing was thrown');
}

describe('optimizer options', () => {
  it('name the field and the value (contract examples)', () => {
    const e = errorOf(() => adam({ learningRate: -1 }));
    expect(e.code).toBe('INVALID_HYPERPARAMETER');
    expect(e.message).toBe('adam: learningRate must be a finite number >= 0 or a schedule, got -1');
    expect(errorOf(() => adam({ learningRate: 1e-3, b1: 1 })).message).toBe(
      'adam: b1 must be a number in [0, 1), got 1',
    );
    expect(errorOf(() => adam({ learningRate: 1e-3, b2: 1.5 })).message).toBe(
      'adam: b2 must be a number in [0, 1), got 1.5',
    );
    expect(errorOf(() => sgd({ learningRate: Number.NaN })).message).toContain('learningRate');
    expect(errorOf(() => sgd({} as never)).message).toBe(
      'sgd: learningRate must be a finite number >= 0 or a schedule, got undefined',
    );
    expect(errorOf(() => sgd({ learningRate: 0.1, momentum: 1.5 })).message).toBe(
      'sgd: momentum must be a number in [0, 1], got 1.5',
    );
    expect(errorOf(() => rmsprop({ learningRate: 0.1, centered: 'yes' as never })).message).toBe(
      'rmsprop: centered must be a boolean, got "yes"',
    );
    expect(errorOf(() => adagrad({ learningRate: 0.1, eps: -1e-7 })).message).toBe(
      'adagrad: eps must be a finite number >= 0, got -1e-7',
    );
    expect(errorOf(() => adamw({ learningRate: 0.1, weightDecay: -0.01 })).message).toBe(
      'adamw: weightDecay must be a finite number >= 0, got -0.01',
    );
    expect(errorOf(() => adamw({ learningRate: 0.1, mask: 3 as never })).message).toContain('mask must be');
  });

  it('reject unknown options (typos) and non-objects', () => {
    expect(errorOf(() => adam({ learningRate: 0.1, beta1: 0.9 } as never)).message).toMatch(
      /^adam: unknown option 'beta1'; expected some of learningRate, b1, b2, eps, epsRoot/,
    );
    expect(errorOf(() => adam(0.1 as never)).message).toBe('adam: options must be an object, got 0.1');
  });

  it("allow at most one clipping option, as Keras, and reject 0 (Keras' 'off')", () => {
    expect(errorOf(() => adam({ learningRate: 0.1, clipNorm: 1, globalClipNorm: 1 })).message).toBe(
      'adam: set at most one of clipValue, clipNorm, globalClipNorm (as Keras), got clipNorm and globalClipNorm',
    );
    expect(errorOf(() => sgd({ learningRate: 0.1, clipValue: 0 })).message).toBe(
      'sgd: clipValue must be a finite number > 0, got 0',
    );
  });

  it('name the field for any out-of-range value of any numeric field (property)', () => {
    const cases: ReadonlyArray<readonly [string, (o: never) => unknown, string, fc.Arbitrary<number>]> = [
      ['adam', adam, 'learningRate', fc.double({ max: -Number.MIN_VALUE, noNaN: true })],
      [
        'adam',
        adam,
        'b1',
        fc.oneof(fc.double({ min: 1, noNaN: true }), fc.double({ max: -1e-300, noNaN: true })),
      ],
      ['adam', adam, 'b2', fc.double({ min: 1, noNaN: true })],
      ['adam', adam, 'eps', fc.double({ max: -1e-300, noNaN: true })],
      ['adamw', adamw, 'weightDecay', fc.double({ max: -1e-300, noNaN: true })],
      ['sgd', sgd, 'momentum', fc.double({ min: 1.000001, noNaN: true })],
      ['rmsprop', rmsprop, 'decay', fc.double({ min: 1, noNaN: true })],
      ['adagrad', adagrad, 'initialAccumulatorValue', fc.double({ max: -1e-300, noNaN: true })],
      ['sgd', sgd, 'globalClipNorm', fc.double({ max: 0, noNaN: true })],
    ];
    for (const [op, factory, field, bad] of cases) {
      fc.assert(
        fc.property(bad, (v) => {
          const options = field === 'learningRate' ? { learningRate: v } : { learningRate: 0.1, [field]: v };
          const e = errorOf(() => factory(options as never));
          expect(e.message.startsWith(`${op}: ${field} must be `)).toBe(true);
          expect(e.message.endsWith(`, got ${String(v)}`)).toBe(true);
        }),
        { numRuns: 25 },
      );
    }
  });
});

describe('codecs validate untrusted config as an Either', () => {
  it('decodes a valid JSON config', () => {
    const r = decodeOptions('adam', AdamOptions, JSON.parse('{"learningRate": 0.001, "b2": 0.98}'));
    expect(r).toEqual({ _tag: 'Right', right: { learningRate: 0.001, b2: 0.98 } });
    expect(AdamOptions.is({ learningRate: 0.1 })).toBe(true);
  });

  it('returns every bad field in the Left, never throws', () => {
    const r = decodeOptions('adamw', AdamwOptions, { learningRate: '0.1', b1: 2 });
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') {
      expect(r.left).toBeInstanceOf(OptimError);
      expect(r.left.message).toContain('learningRate must be a finite number >= 0 or a schedule, got "0.1"');
      expect(r.left.message).toContain('b1 must be a number in [0, 1), got 2');
    }
    for (const codec of [SgdOptions, RmspropOptions, AdagradOptions]) {
      expect(decodeOptions('x', codec, { learningRate: -1 })._tag).toBe('Left');
      expect(decodeOptions('x', codec, null)._tag).toBe('Left');
    }
  });

  it('the raw io-ts codec works as io-ts does', () => {
    expect(AdamOptions.decode({ learningRate: 1 })._tag).toBe('Right');
    expect(AdamOptions.decode({ learningRate: 1, b1: 1 })._tag).toBe('Left');
  });
});

describe('building blocks validate their scalar', () => {
  it('throws INVALID_HYPERPARAMETER naming the argument', () => {
    expect(errorOf(() => scale(Number.NaN)).message).toBe('scale: s must be a finite number, got NaN');
    expect(errorOf(() => clipByNorm(-1)).message).toBe(
      'clipByNorm: max must be a number >= 0 (Infinity: no clipping), got -1',
    );
    expect(errorOf(() => clipByGlobalNorm(Number.NaN)).message).toContain('clipByGlobalNorm: max must be');
    expect(errorOf(() => clipByValue(-0.5)).message).toContain('clipByValue: max must be');
    expect(errorOf(() => addDecayedWeights(-1)).message).toBe(
      'addDecayedWeights: rate must be a finite number >= 0, got -1',
    );
    expect(errorOf(() => multiSteps(identity(), 0)).message).toBe(
      'multiSteps: k must be an integer >= 1, got 0',
    );
    expect(errorOf(() => multiSteps(identity(), 1.5)).message).toBe(
      'multiSteps: k must be an integer >= 1, got 1.5',
    );
    expect(errorOf(() => trace({ decay: 2 })).message).toBe('trace: decay must be a number in [0, 1], got 2');
    expect(errorOf(() => scaleByAdam({ epsRoot: -1 })).message).toBe(
      'scaleByAdam: epsRoot must be a finite number >= 0, got -1',
    );
    expect(errorOf(() => scaleByLearningRate(-0.1)).message).toContain('learningRate must be');
    expect(errorOf(() => applyIfFinite(identity(), { maxConsecutiveErrors: -1 })).message).toBe(
      'applyIfFinite: maxConsecutiveErrors must be an integer >= 0 or Infinity, got -1',
    );
    expect(errorOf(() => masked(identity(), [1] as never)).message).toContain('masked: mask must be');
  });
});
