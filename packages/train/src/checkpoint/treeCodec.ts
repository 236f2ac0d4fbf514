import { type DType, isTensor, type Tensor } from '@stepwise/tensor';
import { adoptBuffer, allocateBuffer, readBuffer } from '@stepwise/tensor/kernel';
import * as t from 'io-ts';
import { fromBase64, toBase64 } from './base64.js';

/** Bytes per element of each dtype in a checkpoint. */
const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Keys that could reach or replace a prototype; never accepted in a checkpoint. @internal */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Nesting deeper than this is rejected (a malicious file must not overflow the stack). @internal */
export const MAX_DEPTH = 256;

/** Largest element count of a tensor in a checkpoint (int32-indexable). */
const MAX_SIZE = 2 ** 31 - 1;

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The tensor's elements as little-endian bytes. */
function tensorBytes(x: Tensor): Uint8Array {
  const b = readBuffer(x);
  if (LITTLE_ENDIAN || x.dtype === 'bool')
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
  const out = new Uint8Array(b.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < b.length; i++) {
    if (x.dtype === 'float32') view.setFloat32(4 * i, b[i]!, true);
    else if (x.dtype === 'float64') view.setFloat64(8 * i, b[i]!, true);
    else view.setInt32(4 * i, b[i]!, true);
  }
  return out;
}

/** A tensor of `dtype` and `shape` from little-endian bytes (already length-checked). */
function tensorFromBytes(bytes: Uint8Array, dtype: DType, shape: readonly number[], size: number): Tensor {
  const buf = allocateBuffer(dtype, size);
  if (LITTLE_ENDIAN || dtype === 'bool') new Uint8Array(buf.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < size; i++) {
      buf[i] =
        dtype === 'float32'
          ? view.getFloat32(4 * i, true)
          : dtype === 'float64'
            ? view.getFloat64(8 * i, true)
            : view.getInt32(4 * i, true);
    }
  }
  return adoptBuffer(buf, shape, dtype);
}

/** A JSON encoding of a pytree node (see {@link TreeCodec}). @category checkpoints @since 0.1.0 */
export type EncodedNode =
  | number
  | string
  | boolean
  | null
  | readonly EncodedNode[]
  | { readonly number: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { readonly undefined: true }
  | { readonly tensor: { readonly dtype: DType; readonly shape: readonly number[]; readonly data: string } }
  | { readonly object: { readonly [key: string]: EncodedNode } };

const specialNumber = (x: number): 'NaN' | 'Infinity' | '-Infinity' | '-0' | undefined =>
  Number.isNaN(x)
    ? 'NaN'
    : x === Number.POSITIVE_INFINITY
      ? 'Infinity'
      : x === Number.NEGATIVE_INFINITY
        ? '-Infinity'
        : Object.is(x, -0)
          ? '-0'
          : undefined;

const SPECIAL: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/** Encodes a pytree node as JSON-compatible data. */
function encodeNode(x: unknown): EncodedNode {
  if (isTensor(x)) {
    return { tensor: { dtype: x.dtype, shape: x.shape.slice(), data: toBase64(tensorBytes(x)) } };
  }
  if (x === undefined) return { undefined: true };
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    const special = specialNumber(x);
    return special === undefined ? x : { number: special };
  }
  if (Array.isArray(x)) return x.map(encodeNode);
  const obj = x as Record<string, unknown>;
  const entries: Record<string, EncodedNode> = {};
  for (const k of Object.keys(obj).sort()) entries[k] = encodeNode(obj[k]);
  return { object: entries };
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const describe = (u: unknown): string =>
  u === null ? 'null' : Array.isArray(u) ? 'an array' : typeof u === 'object' ? 'an object' : typeof u;

/** Fails unless `u` is an object with exactly the keys `keys`. */
function exactKeys(
  u: Record<string, unknown>,
  keys: readonly string[],
  c: t.Context,
  what: string,
): t.Errors {
  const errors: t.ValidationError[] = [];
  for (const k of Object.keys(u)) {
    if (!keys.includes(k))
      errors.push({ value: u, context: c, message: `unexpected key ${JSON.stringify(k)} in ${what}` });
  }
  for (const k of keys) {
    if (!(k in u))
      errors.push({ value: u, context: c, message: `missing key ${JSON.stringify(k)} in ${what}` });
  }
  return errors;
}

/** io-ts codec of a dtype name. @category checkpoints @since 0.1.0 */
export const DTypeCodec = t.keyof({ float32: null, float64: null, int32: null, bool: null }, 'DType');

/** Decodes `{ dtype, shape, data }` into a tensor, with every check. */
function decodeTensor(u: unknown, c: t.Context): t.Validation<Tensor> {
  if (!isRecord(u)) return t.failure(u, c, `a tensor must be { dtype, shape, data }, got ${describe(u)}`);
  const keyErrors = exactKeys(u, ['data', 'dtype', 'shape'], c, 'a tensor');
  if (keyErrors.length > 0) return t.failures(keyErrors);
  const dtype = DTypeCodec.validate(u.dtype, t.appendContext(c, 'dtype', DTypeCodec, u.dtype));
  if (dtype._tag === 'Left') {
    return t.failure(
      u.dtype,
      c,
      `unknown dtype ${JSON.stringify(u.dtype)} (float32, float64, int32 or bool)`,
    );
  }
  const shape = u.shape;
  if (
    !Array.isArray(shape) ||
    shape.length > 32 ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    return t.failure(
      shape,
      c,
      `shape must be an array of at most 32 non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  const size = (shape as number[]).reduce((p, d) => p * d, 1);
  if (size > MAX_SIZE) return t.failure(shape, c, `shape [${shape.join(',')}] has too many elements`);
  if (typeof u.data !== 'string')
    return t.failure(u.data, c, `data must be a base64 string, got ${describe(u.data)}`);
  const bytes = fromBase64(u.data);
  if (typeof bytes === 'string') return t.failure(u.data, c, bytes);
  const expected = size * BYTES[dtype.right];
  if (bytes.length !== expected) {
    return t.failure(
      u.data,
      c,
      `data holds ${bytes.length} bytes but ${dtype.right}[${shape.join(',')}] needs ${expected}`,
    );
  }
  if (dtype.right === 'bool' && bytes.some((v) => v > 1))
    return t.failure(u.data, c, 'bool data must be 0 or 1');
  return t.success(tensorFromBytes(bytes, dtype.right, shape as number[], size));
}

/** Decodes any node, collecting every error. */
function decodeNode(u: unknown, c: t.Context, depth: number): t.Validation<unknown> {
  if (depth > MAX_DEPTH) return t.failure(u, c, `nesting deeper than ${MAX_DEPTH}`);
  if (u === null || typeof u === 'string' || typeof u === 'boolean') return t.success(u);
  if (typeof u === 'number') {
    return Number.isFinite(u) ? t.success(u) : t.failure(u, c, 'non-finite number');
  }
  if (Array.isArray(u)) {
    const out: unknown[] = [];
    const errors: t.ValidationError[] = [];
    for (let i = 0; i < u.length; i++) {
      const r = decodeNode(u[i], t.appendContext(c, String(i), TreeCodec, u[i]), depth + 1);
      if (r._tag === 'Left') errors.push(...r.left);
      else out.push(r.right);
    }
    return errors.length > 0 ? t.failures(errors) : t.success(Object.freeze(out));
  }
  if (!isRecord(u)) return t.failure(u, c, `unexpected ${describe(u)}`);
  const keys = Object.keys(u);
  if (keys.length !== 1) {
    return t.failure(
      u,
      c,
      `a node must have exactly one of the keys object, tensor, number, undefined; got [${keys.join(', ')}]`,
    );
  }
  const tag = keys[0]!;
  const body = u[tag];
  const inner = t.appendContext(c, tag, TreeCodec, body);
  switch (tag) {
    case 'tensor':
      return decodeTensor(body, c);
    case 'number':
      return typeof body === 'string' && Object.hasOwn(SPECIAL, body)
        ? t.success(SPECIAL[body])
        : t.failure(
            body,
            inner,
            `number must be "NaN", "Infinity", "-Infinity" or "-0", got ${JSON.stringify(body)}`,
          );
    case 'undefined':
      return body === true ? t.success(undefined) : t.failure(body, inner, 'undefined must be true');
    case 'object': {
      if (!isRecord(body))
        return t.failure(body, inner, `object entries must be an object, got ${describe(body)}`);
      const entries: Array<[string, unknown]> = [];
      const errors: t.ValidationError[] = [];
      for (const k of Object.keys(body)) {
        const kc = t.appendContext(c, k, TreeCodec, body[k]);
        if (FORBIDDEN_KEYS.has(k)) {
          errors.push({ value: body[k], context: kc, message: `forbidden key ${JSON.stringify(k)}` });
          continue;
        }
        const r = decodeNode(body[k], kc, depth + 1);
        if (r._tag === 'Left') errors.push(...r.left);
        else entries.push([k, r.right]);
      }
      // Object.fromEntries defines own properties (never calls a __proto__ setter). Frozen, as states are.
      return errors.length > 0 ? t.failures(errors) : t.success(Object.freeze(Object.fromEntries(entries)));
    }
    default:
      return t.failure(u, c, `unknown node kind ${JSON.stringify(tag)}`);
  }
}

/** True for what {@link TreeCodec} encodes: pytrees of tensors and static values. @internal */
export function isEncodable(u: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (isTensor(u) || u === null || u === undefined) return true;
  if (typeof u === 'number' || typeof u === 'string' || typeof u === 'boolean') return true;
  if (Array.isArray(u)) return u.every((v) => isEncodable(v, depth + 1));
  if (typeof u !== 'object') return false;
  const p = Object.getPrototypeOf(u);
  if (p !== Object.prototype && p !== null) return false;
  return Object.keys(u).every(
    (k) => !FORBIDDEN_KEYS.has(k) && isEncodable((u as Record<string, unknown>)[k], depth + 1),
  );
}

/**
 * io-ts codec between pytrees (tensors in nested plain objects and arrays, with numbers, strings,
 * booleans, `null`, `undefined` as static values) and their JSON form in a checkpoint:
 *
 * - a tensor is `{ "tensor": { "dtype", "shape", "data" } }`, `data` the base64 of its little-endian bytes;
 * - an object is `{ "object": { key: node, … } }` (keys sorted), an array a JSON array;
 * - a finite number (not −0), a string, a boolean, `null` is itself; `NaN`, `±Infinity`, `−0` are
 *   `{ "number": "NaN" }` etc.; `undefined` is `{ "undefined": true }`.
 *
 * Decoding checks everything (dtype, shape, byte count, base64, node kinds, nesting depth) and rejects the
 * keys `__proto__`, `constructor` and `prototype`; it reports every problem with its path. Decoded arrays
 * and objects are frozen.
 * @category checkpoints
 * @since 0.1.0
 */
export const TreeCodec: t.Type<unknown, EncodedNode, unknown> = new t.Type<unknown, EncodedNode, unknown>(
  'CheckpointTree',
  (u): u is unknown => isEncodable(u),
  (u, c) => decodeNode(u, c, 0),
  encodeNode,
);
