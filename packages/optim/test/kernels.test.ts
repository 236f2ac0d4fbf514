import { adamKernel, axpyKernel, scaleKernel } from '@stepwise/tensor/kernel';
import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { clipLoop, runningMeanLoop } from '../src/kernels/elementwise.js';
import { nesterovLoop, rmsLoop, rssLoop, stddevLoop, traceLoop } from '../src/kernels/moments.js';
import { allFinite, maxAbs, sumOfSquares } from '../src/kernels/norm.js';

// Each fused kernel against its formula written out per element, in float64 on random buffers.
const n = fc.integer({ min: 0, max: 37 });
const buf = (len: number, min = -10, max = 10) =>
  fc
    .array(fc.double({ min, max, noNaN: true }), { minLength: len, maxLength: len })
    .map((a) => Float64Array.from(a));
const bufs = (k: number, min?: number, max?: number) =>
  n.chain((len) => fc.tuple(...Array.from({ length: k }, () => buf(len, min, max))));
const rate = fc.double({ min: 0, max: 0.999, noNaN: true });
const pos = fc.double({ min: 1e-12, max: 1, noNaN: true });
const out = (len: number) => new Float64Array(len);
const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b)));

describe('kernels match their formulas', () => {
  it('adamKernel (float64: the formula; the float32 WASM path within its documented ulp bound)', () => {
    fc.assert(
      fc.property(
        bufs(3),
        rate,
        rate,
        pos,
        pos,
        fc.integer({ min: 1, max: 50 }),
        ([g, mu, nu], b1, b2, eps, epsRoot, t) => {
          const nuAbs = nu.map(Math.abs);
          const [u, m, v] = [out(g.length), out(g.length), out(g.length)];
          const s1 = 1 / (1 - b1 ** t);
          const s2 = 1 / (1 - b2 ** t);
          adamKernel(u, m, v, g, mu, nuAbs, b1, b2, eps, epsRoot, s1, s2);
          g.forEach((gi, i) => {
            const mi = b1 * mu[i]! + (1 - b1) * gi;
            const vi = b2 * nuAbs[i]! + (1 - b2) * gi * gi;
            close(m[i]!, mi);
            close(v[i]!, vi);
            close(u[i]!, mi / (1 - b1 ** t) / (Math.sqrt(vi / (1 - b2 ** t) + epsRoot) + eps));
          });
        },
      ),
    );
  });

  it('adamKernel on float32 arrays large enough for WebAssembly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 512, max: 3000 }),
        rate,
        rate,
        fc.integer({ min: 1, max: 50 }),
        (len, b1, b2, t) => {
          const g = Float32Array.from({ length: len }, (_, i) => Math.sin(i * 1.3) * 5);
          const mu = Float32Array.from({ length: len }, (_, i) => Math.cos(i * 0.7));
          const nu = Float32Array.from({ length: len }, (_, i) => 2 + Math.sin(i));
          const [u, m, v] = [new Float32Array(len), new Float32Array(len), new Float32Array(len)];
          const s1 = 1 / (1 - b1 ** t);
          const s2 = 1 / (1 - b2 ** t);
          adamKernel(u, m, v, g, mu, nu, b1, b2, 1e-8, 0, s1, s2);
          const ulp = 2 ** -24;
          const tiny = 2 ** -120; // float32 underflow: rates like 1e-46 give products near float32's smallest normals
          for (let i = 0; i < len; i++) {
            const mMag = b1 * Math.abs(mu[i]!) + (1 - b1) * Math.abs(g[i]!);
            const mi = b1 * mu[i]! + (1 - b1) * g[i]!;
            const vi = b2 * nu[i]! + (1 - b2) * g[i]! * g[i]!;
            const den = Math.sqrt(vi * s2) + 1e-8;
            expect(Math.abs(m[i]! - mi)).toBeLessThanOrEqual(3 * ulp * mMag + tiny);
            expect(Math.abs(v[i]! - vi)).toBeLessThanOrEqual(4 * ulp * vi + tiny);
            expect(Math.abs(u[i]! - (mi * s1) / den)).toBeLessThanOrEqual(
              4 * ulp * (Math.abs((mi * s1) / den) + (mMag * s1) / den) + tiny,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rmsLoop, stddevLoop, rssLoop', () => {
    fc.assert(
      fc.property(bufs(3), rate, pos, fc.boolean(), ([g, mu, nu], d, eps, inSqrt) => {
        const nuAbs = nu.map((x) => x * x + mu[0]! ** 2);
        const len = g.length;
        const [u, v] = [out(len), out(len)];
        rmsLoop(u, v, g, nuAbs, d, eps, 1, inSqrt);
        g.forEach((gi, i) => {
          const vi = d * nuAbs[i]! + (1 - d) * gi * gi;
          close(v[i]!, vi);
          close(u[i]!, inSqrt ? gi / Math.sqrt(vi + eps) : gi / (Math.sqrt(vi) + eps));
        });
        const [u2, m2, v2] = [out(len), out(len), out(len)];
        stddevLoop(u2, m2, v2, g, mu, nuAbs, d, eps, inSqrt);
        g.forEach((gi, i) => {
          const mi = d * mu[i]! + (1 - d) * gi;
          const vi = d * nuAbs[i]! + (1 - d) * gi * gi;
          const variance = Math.max(vi - mi * mi, 0);
          close(u2[i]!, inSqrt ? gi / Math.sqrt(variance + eps) : gi / (Math.sqrt(variance) + eps));
        });
        const [u3, a3] = [out(len), out(len)];
        rssLoop(u3, a3, g, nuAbs, eps);
        g.forEach((gi, i) => {
          const a = nuAbs[i]! + gi * gi;
          close(a3[i]!, a);
          close(u3[i]!, a > 0 ? gi / Math.sqrt(a + eps) : 0);
        });
      }),
    );
  });

  it('traceLoop and nesterovLoop', () => {
    fc.assert(
      fc.property(bufs(2), rate, ([g, t], d) => {
        const [t1, t2, u2] = [out(g.length), out(g.length), out(g.length)];
        traceLoop(t1, g, t, d);
        nesterovLoop(u2, t2, g, t, d);
        g.forEach((gi, i) => {
          const ti = gi + d * t[i]!;
          close(t1[i]!, ti);
          close(t2[i]!, ti);
          close(u2[i]!, gi + d * ti);
        });
      }),
    );
  });

  it('scale, axpy, clip and running-mean loops', () => {
    fc.assert(
      fc.property(bufs(2), fc.double({ min: -5, max: 5, noNaN: true }), fc.nat(9), ([x, y], a, k) => {
        const len = x.length;
        const [s, ax, c, rm] = [out(len), out(len), out(len), out(len)];
        scaleKernel(x, a, s);
        axpyKernel(y, a, x, ax);
        clipLoop(c, x, Math.abs(a));
        runningMeanLoop(rm, y, x, 1 / (k + 1));
        x.forEach((xi, i) => {
          expect(s[i]).toBe(xi * a);
          expect(ax[i]).toBe(y[i]! + a * xi);
          expect(c[i]).toBe(Math.min(Math.max(xi, -Math.abs(a)), Math.abs(a)));
          close(rm[i]!, y[i]! + (xi - y[i]!) / (k + 1));
        });
      }),
    );
  });

  it('sumOfSquares, maxAbs and allFinite', () => {
    fc.assert(
      fc.property(bufs(1), ([x]) => {
        close(
          sumOfSquares(x),
          x.reduce((s, v) => s + v * v, 0),
        );
        expect(maxAbs(x)).toBe(x.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
        expect(allFinite(x)).toBe(true);
        if (x.length > 0) {
          const bad = x.slice();
          bad[x.length - 1] = Number.NaN;
          expect(allFinite(bad)).toBe(false);
          expect(maxAbs(bad)).toBeNaN();
          bad[x.length - 1] = Number.NEGATIVE_INFINITY;
          expect(allFinite(bad)).toBe(false);
        }
      }),
    );
  });
});
