import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { adam, applyIfFinite } from '@stepwise/optim';
import { random, tensor } from '@stepwise/tensor';
import { pipe } from 'fp-ts/function';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batch,
  dataset,
  type FitProgress,
  fit,
  initTrainState,
  makeEvalStep,
  makeTrainStep,
  type ProgressStream,
  shuffle,
} from '../src/index.js';
import { expectSameBits, separable } from './helpers.js';

const model = sequential(dense(8), activation(relu), dense(2));
const optimizer = applyIfFinite(adam({ learningRate: 0.02 }));
const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
const state0 = initTrainState({ model, optimizer, key: random.key(0), inputShape: [16, 3] });
const data = pipe(dataset(separable(random.key(5), 40, 3)), shuffle(random.key(6)), batch(16));

/** A terminal stand-in that records what is written. */
const fakeTerminal = (isTTY: boolean): ProgressStream & { out: string[] } => {
  const out: string[] = [];
  return { isTTY, columns: 120, out, write: (s: string) => out.push(s) };
};

describe('fit', () => {
  it('is the fold of the step over every batch of every epoch (epoch e = data.epoch(e))', () => {
    const { state, history } = fit(step, state0, data, { epochs: 3, progress: false });
    let s = state0;
    const losses: number[][] = [];
    for (let e = 0; e < 3; e++) {
      losses.push([]);
      for (const b of data.epoch(e)) {
        s = step(s, b);
        losses[e]!.push(s.metrics.loss);
      }
    }
    expectSameBits(state, s);
    expect(history.map((h) => h.steps)).toEqual([3, 3, 3]);
    history.forEach((h, e) => {
      expect(h.epoch).toBe(e);
      expect(h.loss).toBeCloseTo(losses[e]!.reduce((a, b) => a + b) / 3, 12);
    });
  });

  it('resumes at initialEpoch with that epoch’s order', () => {
    const { state: s2 } = fit(step, state0, data, { epochs: 2, progress: false });
    const whole = fit(step, state0, data, { epochs: 3, progress: false });
    const resumed = fit(step, s2, data, { epochs: 3, initialEpoch: 2, progress: false });
    expect(resumed.history.map((h) => h.epoch)).toEqual([2]);
    expectSameBits(resumed.state, whole.state);
  });

  it('reports progress after each step and epoch, with eval metrics', () => {
    const events: FitProgress<unknown, unknown, unknown>[] = [];
    const evalStep = makeEvalStep({ model, loss: softmaxCrossEntropy });
    const { history } = fit(step, state0, data, {
      epochs: 2,
      onProgress: (e) => events.push(e as FitProgress<unknown, unknown, unknown>),
      evalData: [separable(random.key(8), 20, 3)],
      evalStep,
    });
    expect(
      events.map((e) => (e.type === 'step' ? `s${e.epoch}.${e.batch}/${e.batches}` : `e${e.epoch}`)),
    ).toEqual(['s0.1/3', 's0.2/3', 's0.3/3', 'e0', 's1.1/3', 's1.2/3', 's1.3/3', 'e1']);
    expect(history[1]!.eval!.loss).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.type === 'epoch' && last.record).toBe(history[1]);
  });

  it('iterates a plain array of batches again each epoch', () => {
    const batches = [...data];
    const { history } = fit(step, state0, batches, { epochs: 2, progress: false });
    expect(history.map((h) => h.steps)).toEqual([3, 3]);
  });

  it('counts non-finite and skipped steps and averages the loss over finite ones', () => {
    const bad = { x: tensor([[Number.NaN, 0, 0]]), y: tensor([0], { dtype: 'int32' }) };
    const good = [...data];
    const { state, history } = fit(step, state0, [good[0]!, bad, good[1]!], { progress: false });
    expect(history[0]).toMatchObject({ steps: 3, nonFinite: 1, skipped: 1 });
    expect(Number.isFinite(history[0]!.loss)).toBe(true);
    expect(state.step).toBe(3);
  });

  it('rejects bad options', () => {
    expect(() => fit(step, state0, data, { epochs: -1 })).toThrow(/epochs must be a non-negative integer/);
    expect(() => fit(step, state0, data, { evalData: [] })).toThrow(/evalData needs an evalStep/);
    expect(() => fit(step, state0, 3 as never)).toThrow(/iterable of batches/);
  });
});

describe('fit progress bar', () => {
  let ci: string | undefined;
  beforeEach(() => {
    ci = process.env.CI;
    delete process.env.CI;
  });
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('draws one bar per epoch on a TTY', () => {
    const term = fakeTerminal(true);
    fit(step, state0, data, { epochs: 2, stream: term });
    const text = term.out.join('');
    expect(text).not.toContain('\u001b[?7l'); // never switches line wrapping off
    expect(text).toMatch(/epoch 1\/2 .*3\/3/);
    expect(text).toMatch(/epoch 2\/2 .*mean loss \d/);
  });

  it('stops the bar when a step throws (no redraw timer left behind)', async () => {
    const term = fakeTerminal(true);
    let calls = 0;
    const failing: typeof step = (s, b) => {
      if (++calls === 2) throw new Error('boom');
      return step(s, b);
    };
    expect(() => fit(failing, state0, data, { stream: term })).toThrow('boom');
    const written = term.out.length;
    expect(term.out.at(-1)).toBe('\n'); // stop() ended the line
    await new Promise((r) => setTimeout(r, 350));
    expect(term.out.length).toBe(written);
  });

  it('is quiet when the stream is not a TTY, in CI, with onProgress, or with progress: false', () => {
    const notTty = fakeTerminal(false);
    fit(step, state0, data, { stream: notTty });
    expect(notTty.out).toEqual([]);
    const quiet = fakeTerminal(true);
    fit(step, state0, data, { stream: quiet, progress: false });
    fit(step, state0, data, { stream: quiet, onProgress: () => undefined });
    process.env.CI = 'true';
    fit(step, state0, data, { stream: quiet });
    expect(quiet.out).toEqual([]);
  });

  it('progress: true draws even off a TTY (one line at the start and end of each epoch)', () => {
    const log = fakeTerminal(false);
    fit(step, state0, data, { epochs: 1, stream: log, progress: true });
    expect(log.out.join('')).toMatch(/epoch 1\/1/);
  });
});
