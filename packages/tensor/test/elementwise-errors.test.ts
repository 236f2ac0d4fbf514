/**
 * Elementwise ops: immutability (inputs bit-identical after every op and its gradient, results never share
 * an input's buffer), determinism, and bad input (typed `TensorError`s naming the op, shapes and values).
 */
import { describe, expect, it } from 'vitest';
import { arb, fc } from '../../testing/src/index.js';
import {
  abs,
  add,
  allClose,
  cast,
  ceil,
  clip,
  cos,
  div,
  equal,
  erf,
  exp,
  expm1,
  floor,
  grad,
  greater,
  greaterEqual,
  isFinite as isFiniteOp,
  less,
  lessEqual,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  sub,
  sum,
  type Tensor,
  TensorError,
  tanh,
  tensor,
  where,
  zeros,
} from '../src/index.js';
import { readBuffer } from '../src/kernel.js';

type Unary = (x: Tensor) => Tensor;
type Binary = (a: Tensor | number, b: Tensor | number) => Tensor;

const UNARY: ReadonlyArray<readonly [string, Unary]> = [
  ['neg', neg],
  ['abs', abs],
  ['sign', sign],
  ['exp', exp],
  ['expm1', expm1],
  ['log', log],
  ['log1p', log1p],
  ['sqrt', sqrt],
  ['rsqrt', rsqrt],
  ['square', square],
  ['reciprocal', reciprocal],
  ['sin', sin],
  ['cos', cos],
  ['tanh', tanh],
  ['sigmoid', sigmoid],
  ['erf', erf],
  ['floor', floor],
  ['ceil', ceil],
  ['round', round],
  ['isFinite', isFiniteOp],
  ['clip', (x) => clip(x, -1, 1)],
  ['cast', (x) => cast(x, 'float64')],
];

const BINARY: ReadonlyArray<readonly [string, Binary]> = [
  ['add', add],
  ['sub', sub],
  ['mul', mul],
  ['div', div],
  ['pow', pow],
  ['maximum', maximum],
  ['minimum', minimum],
  ['equal', equal],
  ['notEqual', notEqual],
  ['less', less],
  ['lessEqual', lessEqual],
  ['greater', greater],
  ['greaterEqual', greaterEqual],
];

/** The raw bytes of a tensor's elements (a copy), for bit-for-bit comparison (NaN payloads and −0 included). */
const bytes = (t: Tensor): Uint8Array => {
  const d = t.data();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
};

const anyDType = fc.constantFrom('float32', 'float64', 'int32', 'bool' as const);

/** Asserts `TensorError` with `code`, a message starting with `op:` and containing every `parts`. */
function expectError(f: () => unknown, code: string, op: string, ...parts: string[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TensorError);
  const e = caught as TensorError;
  expect(e.code).toBe(code);
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`${op}: `)).toBe(true);
  for (const p of parts) expect(e.message).toContain(p);
}

describe('immutability', () => {
  it('every unary op leaves its input bit-identical and returns a fresh buffer (any dtype, NaN/∞ included)', () => {
    fc.assert(
      fc.property(
        anyDType.chain((dtype) => arb.tensor({ dtype, allowNaN: true, allowInfinity: true })),
        (x) => {
          const before = bytes(x);
          for (const [name, op] of UNARY) {
            if (name === 'clip' && x.dtype === 'bool') continue;
            const y = op(x);
            expect(readBuffer(y) === readBuffer(x), name).toBe(false);
            expect(bytes(x), name).toEqual(before);
            expect(bytes(op(x)), `${name} is deterministic`).toEqual(bytes(y));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('every binary op, where and allClose leave their inputs bit-identical', () => {
    fc.assert(
      fc.property(
        arb.broadcastableShapes(3).chain(({ shapes }) =>
          fc.tuple(
            anyDType.chain((d) => arb.tensor({ dtype: d, shape: shapes[0]!, allowNaN: true })),
            anyDType.chain((d) => arb.tensor({ dtype: d, shape: shapes[1]!, allowInfinity: true })),
            arb.tensor({ dtype: 'bool', shape: shapes[2]! }),
          ),
        ),
        ([a, b, c]) => {
          const [ba, bb, bc] = [bytes(a), bytes(b), bytes(c)];
          for (const [name, op] of BINARY) {
            // Integer powers reject negative exponents (tested below), so pow gets |b|.
            const y = name === 'pow' ? op(a, abs(b)) : op(a, b);
            expect(readBuffer(y) === readBuffer(a) || readBuffer(y) === readBuffer(b), name).toBe(false);
            op(a, 2);
            op(0.5, b);
          }
          where(c, a, b);
          where(c, a, 1);
          allClose(a, b);
          expect(bytes(a)).toEqual(ba);
          expect(bytes(b)).toEqual(bb);
          expect(bytes(c)).toEqual(bc);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('taking gradients through the ops leaves the inputs bit-identical', () => {
    fc.assert(
      fc.property(arb.tensor({ dtype: 'float64', min: 0.5, max: 2 }), (x) => {
        const before = bytes(x);
        const f = (t: Tensor) =>
          sum(add(mul(pow(t, t), erf(t)), where(greater(t, 1), clip(t, 0.7, 1.5), maximum(sqrt(t), log(t)))));
        grad(f)(x);
        grad((t: Tensor) => sum(grad(f)(t)))(x);
        expect(bytes(x)).toEqual(before);
      }),
      { numRuns: 20 },
    );
  });
});

describe('bad input', () => {
  it('binary ops name themselves and both shapes when the shapes do not broadcast', () => {
    const a = zeros([2, 3]);
    const b = zeros([4]);
    for (const [name, op] of BINARY) {
      expectError(() => op(a, b), 'SHAPE_MISMATCH', name, '[2,3]', '[4]');
    }
    expectError(() => allClose(a, b), 'SHAPE_MISMATCH', 'allClose', '[2,3]', '[4]');
  });

  it('where names all three shapes', () => {
    expectError(
      () => where(tensor([true, false]), zeros([3, 1]), zeros([4])),
      'SHAPE_MISMATCH',
      'where',
      '[2]',
      '[3,1]',
      '[4]',
    );
  });

  it('non-tensor arguments are INVALID_ARGUMENT naming the op', () => {
    const bad: unknown[] = ['x', null, undefined, [1, 2], { shape: [1] }, true];
    for (const v of bad) {
      for (const [name, op] of UNARY) {
        expectError(() => (op as (x: unknown) => Tensor)(v), 'INVALID_ARGUMENT', name);
      }
      for (const [name, op] of BINARY) {
        expectError(
          () => (op as (a: unknown, b: unknown) => Tensor)(zeros([2]), v),
          'INVALID_ARGUMENT',
          name,
        );
        expectError(
          () => (op as (a: unknown, b: unknown) => Tensor)(v, zeros([2])),
          'INVALID_ARGUMENT',
          name,
        );
      }
    }
    for (const [name, op] of BINARY) expectError(() => op(1, 2), 'INVALID_ARGUMENT', name, 'Tensor');
    expectError(() => where('yes' as unknown as Tensor, 1, 2), 'INVALID_ARGUMENT', 'where', 'cond');
    expectError(() => where(tensor([true]), 'a' as unknown as number, 2), 'INVALID_ARGUMENT', 'where');
    expectError(() => allClose('a' as unknown as Tensor, 1), 'INVALID_ARGUMENT', 'allClose', 'a must be');
  });

  it('where requires a bool condition (DTYPE_MISMATCH naming its dtype and shape)', () => {
    for (const d of ['float32', 'float64', 'int32'] as const) {
      expectError(() => where(tensor([1, 0], { dtype: d }), 1, 2), 'DTYPE_MISMATCH', 'where', d, '[2]');
    }
  });

  it('clip rejects NaN or non-number bounds, min > max, and bool tensors', () => {
    const x = tensor([1, 2]);
    expectError(() => clip(x, Number.NaN, 1), 'INVALID_ARGUMENT', 'clip', 'min', 'NaN');
    expectError(() => clip(x, 0, Number.NaN), 'INVALID_ARGUMENT', 'clip', 'max', 'NaN');
    expectError(() => clip(x, '0' as unknown as number, 1), 'INVALID_ARGUMENT', 'clip', 'min');
    expectError(() => clip(x, 2, 1), 'INVALID_ARGUMENT', 'clip', 'min 2', 'max 1');
    expectError(() => clip(tensor([true]), 0, 1), 'DTYPE_MISMATCH', 'clip', 'bool');
  });

  it('pow rejects negative integer exponents of integers, naming the exponent', () => {
    expectError(() => pow(tensor([2, 3], { dtype: 'int32' }), -1), 'INVALID_ARGUMENT', 'pow', '-1');
    expectError(
      () => pow(tensor([2], { dtype: 'int32' }), tensor([1, -2], { dtype: 'int32' })),
      'INVALID_ARGUMENT',
      'pow',
      '-2',
    );
    expect(pow(tensor([2], { dtype: 'int32' }), -1.5).dtype).toBe('float32');
  });

  it('allClose rejects negative or non-finite tolerances', () => {
    const x = tensor([1]);
    expectError(() => allClose(x, x, { rtol: -1 }), 'INVALID_ARGUMENT', 'allClose', 'rtol', '-1');
    expectError(() => allClose(x, x, { atol: Number.NaN }), 'INVALID_ARGUMENT', 'allClose', 'atol', 'NaN');
    expectError(() => allClose(x, x, { atol: Infinity }), 'INVALID_ARGUMENT', 'allClose', 'atol');
  });

  it('an error leaves the inputs untouched', () => {
    const a = tensor([1, 2, 3]);
    const before = bytes(a);
    expect(() => add(a, zeros([2]))).toThrow(TensorError);
    expect(() => clip(a, 3, 1)).toThrow(TensorError);
    expect(bytes(a)).toEqual(before);
  });
});
