import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { activation, dense, relu, sequential, softmaxCrossEntropy } from '@stepwise/nn';
import { batchNorm } from '@stepwise/norm';
import { adam, applyIfFinite } from '@stepwise/optim';
import { random, type Tensor, TensorError, tensor } from '@stepwise/tensor';
import { arb, fc } from '@stepwise/testing';
import { type Either, isLeft, isRight } from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckpointErrors,
  decodeCheckpoint,
  encodeCheckpoint,
  formatCheckpointErrors,
  initTrainState,
  loadCheckpoint,
  makeTrainStep,
  saveCheckpoint,
} from '../src/index.js';
import { expectSameBits, separable } from './helpers.js';

const model = sequential(dense(4), batchNorm(), activation(relu), dense(2));
const optimizer = applyIfFinite(adam({ learningRate: 0.01, globalClipNorm: 1 }));
const data = separable(random.key(3), 8, 3);
const step = makeTrainStep({ model, loss: softmaxCrossEntropy, optimizer });
const fresh = () => initTrainState({ model, optimizer, key: random.key(0), inputShape: [8, 3] });
const trainedState = step(step(fresh(), data), data);

/** The messages of a Left (fails the test on a Right). */
function messages(r: Either<CheckpointErrors, unknown>): string[] {
  if (isRight(r)) throw new Error('expected a Left, got a Right');
  return formatCheckpointErrors(r.left);
}

/** A checkpoint around a hand-written payload, with a correct CRC (computed by node:zlib). */
function forge(payload: string, crc?: string): string {
  const c = crc ?? zlibCrc32(Buffer.from(payload, 'utf8')).toString(16).padStart(8, '0');
  return `{"format":"stepwise-checkpoint","version":1,"crc32":"${c}","payload":${payload}}`;
}

/** The payload text of a checkpoint. */
const payloadOf = (text: string): string => text.slice(text.indexOf('"payload":') + 10, -1);

const special = (dtype: 'float32' | 'float64') =>
  arb.tensor({ dtype, allowNaN: true, allowInfinity: true, allowSubnormal: true, min: -1e30, max: 1e30 });

describe('checkpoint round trip', () => {
  it('is exact on random trees of every dtype, with NaN, ±Inf, −0, subnormals and static values', () => {
    const leaf = fc.oneof(
      special('float32'),
      special('float64'),
      arb.tensor({ dtype: 'int32', min: -(2 ** 31), max: 2 ** 31 - 1 }),
      arb.tensor({ dtype: 'bool' }),
    );
    fc.assert(
      fc.property(arb.tree({ leaf, withStatics: true, maxDepth: 3 }), (t) => {
        const text = encodeCheckpoint(t);
        const r = decodeCheckpoint(text);
        expect(isRight(r)).toBe(true);
        if (isRight(r)) expectSameBits(r.right, t);
        const withLike = decodeCheckpoint(text, t);
        expect(isRight(withLike)).toBe(true);
        // Deterministic: the decoded tree encodes to the same text.
        if (isRight(r)) expect(encodeCheckpoint(r.right)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('is exact on random training states (random seeds, widths and numbers of steps), checked against the template', () => {
    fc.assert(
      fc.property(
        arb.key(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (key, width, steps) => {
          const m = sequential(dense(width), batchNorm(), activation(relu), dense(2));
          const st = makeTrainStep({ model: m, loss: softmaxCrossEntropy, optimizer });
          let s = initTrainState({ model: m, optimizer, key, inputShape: [8, 3] });
          const like = s;
          for (let i = 0; i < steps; i++) s = st(s, data);
          const r = decodeCheckpoint(encodeCheckpoint(s), like);
          expect(isRight(r)).toBe(true);
          if (isRight(r)) expectSameBits(r.right, s);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('keeps every bit of special float values and numbers', () => {
    const f32 = tensor([
      -0,
      1e-45,
      -1.1754942e-38,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    const f64 = tensor([-0, 5e-324, -2.2250738585072e-308, 1.7976931348623157e308, Number.NaN], {
      dtype: 'float64',
    });
    const statics = {
      a: -0,
      b: Number.NaN,
      c: Number.POSITIVE_INFINITY,
      d: -Number.MAX_VALUE,
      e: 5e-324,
      f: undefined,
    };
    const t = { f32, f64, statics, s: 'text ✓ "quoted"', n: null, list: [true, false, 0.1] };
    const r = decodeCheckpoint(encodeCheckpoint(t), t);
    expect(isRight(r)).toBe(true);
    if (isRight(r)) {
      expectSameBits(r.right, t);
      expect(Object.is(r.right.statics.a, -0)).toBe(true);
      expect('f' in r.right.statics).toBe(true);
    }
  });

  it('round-trips a training state (keys, adam + applyIfFinite state, batch-norm statistics) and training continues identically', () => {
    const text = encodeCheckpoint(trainedState);
    const r = decodeCheckpoint(text, fresh());
    expect(isRight(r)).toBe(true);
    if (!isRight(r)) return;
    expectSameBits(r.right, trainedState);
    expect(r.right.key.dtype).toBe('int32');
    expectSameBits(step(r.right, data), step(trainedState, data));
  });

  it('accepts the UTF-8 bytes as well as the text, and object keys are written sorted', () => {
    const text = encodeCheckpoint({ b: tensor([1]), a: 2 });
    expect(text).toBe(encodeCheckpoint({ a: 2, b: tensor([1]) }));
    expect(isRight(decodeCheckpoint(new TextEncoder().encode(text)))).toBe(true);
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b"'));
  });

  it('uses the standard CRC-32 (zlib) of the payload text', () => {
    const text = encodeCheckpoint(trainedState);
    expect(forge(payloadOf(text))).toBe(text);
  });
});

describe('corrupt checkpoints are rejected cleanly', () => {
  const small = {
    params: { w: tensor([1.5, -2]), b: tensor([0.25], { dtype: 'float64' }) },
    step: 3,
    key: random.key(1),
  };
  const text = encodeCheckpoint(small);
  const bytes = new TextEncoder().encode(text);

  it('every truncation is a Left', () => {
    for (let n = 0; n < bytes.length; n++) {
      const r = decodeCheckpoint(bytes.subarray(0, n), small);
      expect(isLeft(r), `truncated to ${n} bytes`).toBe(true);
    }
    expect(messages(decodeCheckpoint(text.slice(0, 40)))[0]).toMatch(
      /^checkpoint: not valid JSON \(truncated or corrupt\)/,
    );
  });

  it('every flipped byte is a Left (checksum, JSON, envelope or UTF-8 error)', () => {
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x20, 0x80]) {
        const corrupt = bytes.slice();
        corrupt[i]! ^= mask;
        const r = decodeCheckpoint(corrupt, small);
        expect(isLeft(r), `byte ${i} ^ ${mask}`).toBe(true);
      }
    }
    const i = text.indexOf('"data":"') + 10;
    const flipped = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    expect(messages(decodeCheckpoint(flipped))[0]).toMatch(
      /checksum mismatch: the file says [0-9a-f]{8}, its payload hashes to [0-9a-f]{8}/,
    );
  });

  it('a flipped byte anywhere in a random checkpoint is a Left (property)', () => {
    const leaf = fc.oneof(special('float32'), special('float64'), arb.tensor({ dtype: 'int32' }));
    fc.assert(
      fc.property(
        arb.tree({ leaf, withStatics: true }).chain((t) => {
          const b = new TextEncoder().encode(encodeCheckpoint(t));
          return fc.tuple(
            fc.constant(t),
            fc.constant(b),
            fc.nat(b.length - 1),
            fc.integer({ min: 1, max: 255 }),
          );
        }),
        ([t, b, i, mask]) => {
          const corrupt = b.slice();
          corrupt[i]! ^= mask;
          expect(isLeft(decodeCheckpoint(corrupt))).toBe(true);
          expect(isLeft(decodeCheckpoint(corrupt, t))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a wrong shape or dtype against the template is a Left naming the path', () => {
    const wide = sequential(dense(5), batchNorm(), activation(relu), dense(2));
    const other = initTrainState({ model: wide, optimizer, key: random.key(0), inputShape: [8, 3] });
    const msgs = messages(decodeCheckpoint(encodeCheckpoint(other), fresh()));
    expect(msgs).toContain('params[0].kernel: shape [3,5] where [3,4] is expected');
    expect(msgs).toContain('modelState[1].mean: shape [5] where [4] is expected');
    const f64 = { ...small, params: { ...small.params, w: tensor([1.5, -2], { dtype: 'float64' }) } };
    expect(messages(decodeCheckpoint(encodeCheckpoint(f64), small))).toEqual([
      'params.w: dtype float64 where float32 is expected',
    ]);
  });

  it('extra or missing keys, other array lengths and other kinds of values are Lefts', () => {
    const extra = { ...small, params: { ...small.params, extra: tensor([0]) } };
    expect(messages(decodeCheckpoint(encodeCheckpoint(extra), small))).toEqual([
      'params: unexpected key "extra"',
    ]);
    const { b: _b, ...params } = small.params;
    expect(messages(decodeCheckpoint(encodeCheckpoint({ ...small, params }), small))).toEqual([
      'params: missing key "b"',
    ]);
    expect(messages(decodeCheckpoint(encodeCheckpoint({ ...small, step: '3' }), small))).toEqual([
      'step: expected a number, got a string',
    ]);
    expect(messages(decodeCheckpoint(encodeCheckpoint({ ...small, key: [small.key] }), small))).toEqual([
      'key: expected a tensor int32[2], got an array',
    ]);
    expect(messages(decodeCheckpoint(encodeCheckpoint([1, 2]), [1, 2, 3]))).toEqual([
      'checkpoint: array of 2 entries where 3 are expected',
    ]);
  });

  it('prototype-polluting keys are rejected and pollute nothing', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const payload = `{"object":{"a":1,${JSON.stringify(key)}:{"object":{"polluted":true}}}}`;
      expect(messages(decodeCheckpoint(forge(payload)))).toEqual([`${key}: forbidden key "${key}"`]);
    }
    const nested = '{"object":{"p":[{"object":{"__proto__":{"object":{"isAdmin":true}}}}]}}';
    expect(messages(decodeCheckpoint(forge(nested)))).toEqual(['p[0].__proto__: forbidden key "__proto__"']);
    expect(({} as { polluted?: unknown; isAdmin?: unknown }).polluted).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    // In the envelope: an unexpected key.
    const env = encodeCheckpoint(small).replace('{"format"', '{"__proto__":{"x":1},"format"');
    expect(messages(decodeCheckpoint(env))).toEqual(['checkpoint: envelope keys: unexpected "__proto__"']);
    // In a tensor node.
    const t = '{"tensor":{"dtype":"float32","shape":[1],"data":"AAAAAA==","__proto__":{"x":1}}}';
    expect(messages(decodeCheckpoint(forge(t)))).toEqual([
      'checkpoint: unexpected key "__proto__" in a tensor',
    ]);
    expect(() => encodeCheckpoint(JSON.parse('{"__proto__":{"a":1}}'))).toThrow(TensorError);
  });

  it('malformed nodes and tensors name the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"tensor":{"dtype":"float16","shape":[1],"data":"AAA="}}', /unknown dtype "float16"/],
      [
        '{"tensor":{"dtype":"float32","shape":[2],"data":"AAAAAA=="}}',
        /data holds 4 bytes but float32\[2\] needs 8/,
      ],
      [
        '{"tensor":{"dtype":"float32","shape":[-1],"data":""}}',
        /shape must be an array of at most 32 non-negative integers/,
      ],
      ['{"tensor":{"dtype":"float32","shape":[1],"data":"AA AAA=="}}', /invalid base64 character " "/],
      ['{"tensor":{"dtype":"bool","shape":[1],"data":"Ag=="}}', /bool data must be 0 or 1/],
      ['{"tensor":{"dtype":"int32","shape":[1]}}', /missing key "data" in a tensor/],
      ['{"number":"1e3"}', /number must be "NaN", "Infinity", "-Infinity" or "-0"/],
      ['{"set":[1]}', /unknown node kind "set"/],
      ['{"object":{"a":1},"tensor":{}}', /exactly one of the keys/],
      [`${'['.repeat(300)}${']'.repeat(300)}`, /nesting deeper than 256/],
    ];
    for (const [payload, re] of cases) {
      const msgs = messages(decodeCheckpoint(forge(payload)));
      expect(msgs.join('\n')).toMatch(re);
    }
  });

  it('a bad envelope is a Left', () => {
    expect(messages(decodeCheckpoint(text.replace('"version":1', '"version":2')))).toEqual([
      'checkpoint: unsupported version 2 (this library reads version 1)',
    ]);
    expect(messages(decodeCheckpoint(text.replace('stepwise-checkpoint', 'other'))).join()).toMatch(
      /format is "other"/,
    );
    expect(messages(decodeCheckpoint(JSON.stringify(JSON.parse(text), null, 2))).join()).toMatch(
      /not in the layout/,
    );
    expect(messages(decodeCheckpoint('[1]')).join()).toMatch(/expected a JSON object/);
    expect(messages(decodeCheckpoint(text.replace(/"crc32":"[0-9a-f]+"/, '"crc32":"XYZ"'))).join()).toMatch(
      /crc32 must be 8 lowercase hex digits/,
    );
    expect(messages(decodeCheckpoint(Uint8Array.of(0xff, 0xfe))).join()).toMatch(/not valid UTF-8/);
    expect(messages(decodeCheckpoint(42 as never)).join()).toMatch(/expected a string or a Uint8Array/);
  });

  it('encodeCheckpoint rejects what is not a pytree', () => {
    class Box {
      v = 1;
    }
    expect(() => encodeCheckpoint({ a: new Box() })).toThrow(/unsupported node at a/);
    expect(() => encodeCheckpoint({ f: () => 1 })).toThrow(TensorError);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => encodeCheckpoint(cyclic)).toThrow(/cycle/);
  });
});

describe('checkpoint files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stepwise-train-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves atomically (no temporary file left), overwrites, and loads exactly', async () => {
    const path = join(dir, 'ckpt.json');
    await saveCheckpoint(path, fresh());
    await saveCheckpoint(path, trainedState);
    expect(await readdir(dir)).toEqual(['ckpt.json']);
    expect(await readFile(path, 'utf8')).toBe(encodeCheckpoint(trainedState));
    const r = await loadCheckpoint(path, fresh());
    expect(isRight(r)).toBe(true);
    if (isRight(r)) expectSameBits(r.right, trainedState);
  });

  it('a state that cannot be encoded writes nothing and keeps the old file', async () => {
    const path = join(dir, 'keep.json');
    await saveCheckpoint(path, { a: tensor([1]) });
    const before = await readFile(path, 'utf8');
    await expect(saveCheckpoint(path, { a: new Map() })).rejects.toThrow(TensorError);
    expect(await readFile(path, 'utf8')).toBe(before);
    await expect(saveCheckpoint(join(dir, 'missing', 'x.json'), { a: tensor([1]) })).rejects.toThrow(
      /ENOENT/,
    );
    expect((await readdir(dir)).sort()).toEqual(['ckpt.json', 'keep.json']);
  });

  it('loading a missing or corrupt file is a Left, never a rejection', async () => {
    expect(messages(await loadCheckpoint(join(dir, 'nope.json'))).join()).toMatch(
      /cannot read .*nope\.json: ENOENT/,
    );
    const path = join(dir, 'bad.json');
    await writeFile(path, encodeCheckpoint({ w: tensor([1, 2]) }).slice(0, -5));
    expect(isLeft(await loadCheckpoint(path))).toBe(true);
    await rm(path);
  });
});

// Types: a decoded state with a template has the template's type.
const typed = decodeCheckpoint('', fresh());
if (isRight(typed)) {
  const kernel: Tensor = typed.right.params[0].kernel;
  void kernel;
}
