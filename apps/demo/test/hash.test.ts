import { fc, test } from '@fast-check/vitest';
import { tensor } from '@stepwise/tensor';
import { describe, expect, it } from 'vitest';
import { combineHashes, hashTree } from '../src/hash.js';

describe('hashTree', () => {
  test.prop([fc.float32Array({ minLength: 1, maxLength: 64 }), fc.nat()])(
    'is a function of the bytes: equal for a copy, different after flipping any one bit',
    (values, which) => {
      const a = { w: tensor(values), b: [tensor([1, 2])] };
      const before = a.w.data();
      const h = hashTree(a);
      expect(hashTree({ w: tensor(Float32Array.from(values)), b: [tensor([1, 2])] })).toBe(h);
      const bytes = new Uint8Array(before.buffer.slice(0));
      const bit = which % (bytes.length * 8);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
      const flipped = { w: tensor(new Float32Array(bytes.buffer)), b: [tensor([1, 2])] };
      expect(hashTree(flipped)).not.toBe(h);
      expect(a.w.data()).toEqual(before); // inputs untouched
    },
  );

  it('tells dtypes, shapes and leaf order apart', () => {
    const h = hashTree([tensor([1, 2, 3, 4])]);
    expect(hashTree([tensor([1, 2, 3, 4], { dtype: 'float64' })])).not.toBe(h);
    expect(hashTree([tensor([1, 2, 3, 4], { shape: [2, 2] })])).not.toBe(h);
    expect(hashTree([tensor([1, 2]), tensor([3, 4])])).not.toBe(hashTree([tensor([3, 4]), tensor([1, 2])]));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('combineHashes depends on order', () => {
    expect(combineHashes(['a', 'b'])).not.toBe(combineHashes(['b', 'a']));
    expect(combineHashes(['a', 'b'])).toBe(combineHashes(['a', 'b']));
  });
});
