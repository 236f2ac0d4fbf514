import { tensor, tree } from '@stepwise/tensor';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import {
  adagrad,
  adam,
  adamw,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  clipByNorm,
  clipByValue,
  type GradientTransformation,
  multiSteps,
  rmsprop,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  sgd,
  trace,
} from '../src/index.js';
import { flat, snapshot, treeAndGradsArb } from './helpers.js';

/** The updates of `steps` successive calls (params follow the updates). */
function updatesOf(
  t: GradientTransformation<unknown>,
  params: unknown,
  grads: readonly unknown[],
): unknown[] {
  let s = t.init(params);
  let p = params;
  return grads.map((g) => {
    const [u, next] = t.update(g, s, p);
    s = next;
    p = applyUpdates(p, u);
    return u;
  });
}

const lrArb = fc.double({ min: 0, max: 1, noNaN: true });
const decayArb = fc.double({ min: 0, max: 0.999, noNaN: true });

describe('equivalences', () => {
  it('sgd with momentum 0 equals scale(-lr), bit for bit', () => {
    fc.assert(
      fc.property(treeAndGradsArb(3), lrArb, ([p, gs], lr) => {
        expect(updatesOf(sgd({ learningRate: lr }), p, gs).map(snapshot)).toEqual(
          updatesOf(scale(-lr), p, gs).map(snapshot),
        );
      }),
    );
  });

  it('chain is associative (the updates; states nest differently)', () => {
    const a = () => clipByGlobalNorm(2);
    const b = () => scaleByAdam({ b1: 0.8 });
    const c = () => trace({ decay: 0.5, nesterov: true });
    fc.assert(
      fc.property(treeAndGradsArb(4), ([p, gs]) => {
        const flatChain = updatesOf(chain(a(), b(), c()), p, gs).map(snapshot);
        expect(updatesOf(chain(a(), chain(b(), c())), p, gs).map(snapshot)).toEqual(flatChain);
        expect(updatesOf(chain(chain(a(), b()), c()), p, gs).map(snapshot)).toEqual(flatChain);
      }),
      { numRuns: 50 },
    );
  });

  it('adamw with weightDecay 0 equals adam, bit for bit', () => {
    fc.assert(
      fc.property(treeAndGradsArb(4), lrArb, ([p, gs], lr) => {
        expect(updatesOf(adamw({ learningRate: lr, weightDecay: 0 }), p, gs).map(snapshot)).toEqual(
          updatesOf(adam({ learningRate: lr }), p, gs).map(snapshot),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('scaleByRms with bias correction (eps outside the root) equals scaleByAdam with b1 = 0', () => {
    // Equal values (+0 and -0 compare equal: Adam's m = 0·mu + g turns a -0 gradient into +0).
    const values = (us: unknown[]): number[][] => us.map((u) => flat(u).map((x) => (x === 0 ? 0 : x)));
    fc.assert(
      fc.property(
        treeAndGradsArb(5),
        decayArb,
        fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
        ([p, gs], b2, eps) => {
          const rms = scaleByRms({ decay: b2, eps, biasCorrection: true, epsInSqrt: false });
          expect(values(updatesOf(rms, p, gs))).toEqual(
            values(updatesOf(scaleByAdam({ b1: 0, b2, eps }), p, gs)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('sgd with momentum matches the Keras form m ← μm − lr·g, θ ← θ + m for a constant rate', () => {
    fc.assert(
      fc.property(treeAndGradsArb(5), lrArb, decayArb, ([p, gs], lr, mu) => {
        const ours = updatesOf(sgd({ learningRate: lr, momentum: mu }), p, gs).map(flat);
        let m = flat(p).map(() => 0);
        gs.forEach((g, k) => {
          m = flat(g).map((gi, i) => mu * m[i]! - lr * gi);
          ours[k]!.forEach((u, i) => expect(u).toBeCloseTo(m[i]!, 4));
        });
      }),
      { numRuns: 50 },
    );
  });

  it('adamw matches PyTorch AdamW: θ ← θ(1 − lr·λ), then the Adam step', () => {
    const p = { w: tensor([0.5, -1.5, 2], { dtype: 'float64' }) };
    const gs = [0, 1, 2, 3].map((k) => ({ w: tensor([0.1 * k - 0.2, 1 - k, 0.3], { dtype: 'float64' }) }));
    const lr = 0.01;
    const wd = 0.1;
    const opt = adamw({ learningRate: lr, weightDecay: wd });
    let s = opt.init(p);
    let ours = p;
    let theta = flat(p);
    let m = theta.map(() => 0);
    let v = theta.map(() => 0);
    gs.forEach((g, k) => {
      const [u, next] = opt.update(g, s, ours);
      s = next;
      ours = applyUpdates(ours, u);
      const t = k + 1;
      const gv = flat(g);
      theta = theta.map((x) => x * (1 - lr * wd));
      m = m.map((mi, i) => 0.9 * mi + 0.1 * gv[i]!);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * gv[i]! ** 2);
      theta = theta.map(
        (x, i) => x - (lr * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8),
      );
      flat(ours).forEach((x, i) => expect(x).toBeCloseTo(theta[i]!, 12));
    });
  });

  it('multiSteps(inner, 1) equals inner, and multiSteps(inner, k) applies inner to the mean of k gradients', () => {
    fc.assert(
      fc.property(treeAndGradsArb(4), ([p, gs]) => {
        const once = updatesOf(multiSteps(scaleByAdam(), 1), p, gs).map(snapshot);
        expect(once).toEqual(updatesOf(scaleByAdam(), p, gs).map(snapshot));
        const two = updatesOf(multiSteps(chain(scaleByAdam(), scaleByLearningRate(0.1)), 2), p, gs);
        expect(flat(two[0]).every((x) => x === 0)).toBe(true);
        expect(flat(two[2]).every((x) => x === 0)).toBe(true);
        const mean = (a: unknown, b: unknown): unknown =>
          tree.map(
            (x, y) =>
              tensor(
                Array.from(x.data(), (xi, i) => xi + ((y.data()[i] as number) - xi) / 2),
                { shape: x.shape, dtype: x.dtype },
              ),
            a,
            b,
          );
        const direct = chain(scaleByAdam(), scaleByLearningRate(0.1));
        const s0 = direct.init(p);
        const [u1, s1] = direct.update(mean(gs[0], gs[1]), s0, p);
        expect(flat(two[1])).toEqual(flat(u1));
        const [u2] = direct.update(mean(gs[2], gs[3]), s1, p);
        flat(two[3]).forEach((x, i) => expect(x).toBeCloseTo(flat(u2)[i]!, 5));
      }),
      { numRuns: 30 },
    );
  });

  it("an optimizer's clipping option is the clip transformation first in the chain (Keras order)", () => {
    const optimizers = [
      (o: object) => sgd({ learningRate: 0.1, momentum: 0.5, ...o }),
      (o: object) => adam({ learningRate: 0.1, ...o }),
      (o: object) => adamw({ learningRate: 0.1, ...o }),
      (o: object) => rmsprop({ learningRate: 0.1, ...o }),
      (o: object) => adagrad({ learningRate: 0.1, ...o }),
    ];
    const clips = [
      [{ clipValue: 0.5 }, () => clipByValue(0.5)],
      [{ clipNorm: 0.5 }, () => clipByNorm(0.5)],
      [{ globalClipNorm: 0.5 }, () => clipByGlobalNorm(0.5)],
    ] as const;
    fc.assert(
      fc.property(treeAndGradsArb(3), ([p, gs]) => {
        for (const make of optimizers) {
          for (const [option, clip] of clips) {
            expect(updatesOf(make(option), p, gs).map(snapshot)).toEqual(
              updatesOf(chain(clip(), make({})), p, gs).map(snapshot),
            );
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
