import { tensor } from '@stepwise/tensor';
import { expect, test } from 'vitest';
import { adam, applyUpdates } from '../src/index.js';

test('adam smoke', () => {
  const opt = adam({ learningRate: 0.1 });
  let p = { w: tensor([1, -2]) };
  let s = opt.init(p);
  for (let i = 0; i < 200; i++) {
    const g = { w: tensor(Array.from(p.w.data(), (x) => 2 * x)) };
    const [u, ns] = opt.update(g, s, p);
    p = applyUpdates(p, u);
    s = ns;
  }
  expect(Math.abs(p.w.data()[0]!)).toBeLessThan(0.05);
});
