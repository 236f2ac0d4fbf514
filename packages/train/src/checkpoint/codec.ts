import { isTensor, TensorError, tree } from '@stepwise/tensor';
import type { Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { crc32Hex } from './crc32.js';
import type { CheckpointErrors } from './errors.js';
import { FORBIDDEN_KEYS, isEncodable, TreeCodec } from './treeCodec.js';

/** The `format` field of a Stepwise checkpoint. @category checkpoints @since 0.1.0 */
export const CHECKPOINT_FORMAT = 'stepwise-checkpoint';

/** The checkpoint version this library writes and reads. @category checkpoints @since 0.1.0 */
export const CHECKPOINT_VERSION = 1;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The exact text before the payload: the envelope is written in one canonical layout. */
const prefixOf = (crc: string): string =>
  `{"format":"${CHECKPOINT_FORMAT}","version":${CHECKPOINT_VERSION},"crc32":"${crc}","payload":`;

/** io-ts codec of the checkpoint envelope (the payload is checked separately). */
const Envelope = t.type({
  format: t.literal(CHECKPOINT_FORMAT),
  version: t.number,
  crc32: t.refinement(t.string, (s) => /^[0-9a-f]{8}$/.test(s), 'Crc32Hex'),
  payload: t.unknown,
});

/**
 * Encodes a training state (or any pytree) as a checkpoint: a JSON envelope
 * `{"format":"stepwise-checkpoint","version":1,"crc32":"…","payload":…}` whose payload is the tree in
 * {@link TreeCodec} form (tensors as dtype, shape and base64 of their little-endian bytes; numbers as
 * themselves, `NaN`/`±Infinity`/`−0` tagged) and whose `crc32` is the CRC-32 of the payload's UTF-8 text.
 * Every bit of every float round-trips (−0, subnormals, ±Infinity and NaN payloads included, on
 * little-endian hosts). Deterministic: equal states give equal text (object keys are sorted).
 *
 * @param state - A `TrainState` or any pytree of tensors, numbers, strings, booleans, `null`, `undefined`.
 * @returns The checkpoint text (write it as UTF-8).
 * @throws TensorError `INVALID_ARGUMENT` for a value that is not such a tree (class instances, functions,
 * cycles, the keys `__proto__`/`constructor`/`prototype`, nesting deeper than 256).
 * @example
 * ```ts
 * const text = encodeCheckpoint(state);
 * const restored = decodeCheckpoint(text, state); // Right(state with the same bits)
 * ```
 * @see Orbax / Flax `serialization.to_bytes` (msgpack), PyTorch `torch.save` (pickle, unsafe to load
 * from untrusted sources), Keras `.weights.h5`.
 * @category checkpoints
 * @since 0.1.0
 */
export function encodeCheckpoint(state: unknown): string {
  tree.flatten(state); // throws naming the path of an unsupported node or a cycle
  if (!isEncodable(state)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      'encodeCheckpoint',
      `the state holds a key among ${[...FORBIDDEN_KEYS].join(', ')} or is nested too deeply`,
    );
  }
  const payload = JSON.stringify(TreeCodec.encode(state));
  return `${prefixOf(crc32Hex(utf8(payload)))}${payload}}`;
}

const ROOT: t.Context = [{ key: '', type: TreeCodec, actual: undefined }];

const fail = (message: string, value: unknown = undefined): t.Validation<never> =>
  t.failure(value, ROOT, message);

/** Checks that `value` has the structure, dtypes and shapes of `like`. */
function matchLike(value: unknown, like: unknown, c: t.Context, errors: t.ValidationError[]): void {
  const here = (message: string): void => {
    errors.push({ value, context: c, message });
  };
  if (isTensor(like)) {
    if (!isTensor(value)) {
      here(`expected a tensor ${like.dtype}[${like.shape.join(',')}], got ${kind(value)}`);
      return;
    }
    if (value.dtype !== like.dtype) here(`dtype ${value.dtype} where ${like.dtype} is expected`);
    if (value.shape.length !== like.shape.length || value.shape.some((d, i) => d !== like.shape[i])) {
      here(`shape [${value.shape.join(',')}] where [${like.shape.join(',')}] is expected`);
    }
    return;
  }
  if (Array.isArray(like)) {
    if (!Array.isArray(value)) {
      here(`expected an array of ${like.length}, got ${kind(value)}`);
      return;
    }
    if (value.length !== like.length) {
      here(`array of ${value.length} entries where ${like.length} are expected`);
      return;
    }
    like.forEach((l, i) => {
      matchLike(value[i], l, t.appendContext(c, String(i), TreeCodec, value[i]), errors);
    });
    return;
  }
  if (typeof like === 'object' && like !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || isTensor(value)) {
      here(`expected an object, got ${kind(value)}`);
      return;
    }
    const v = value as Record<string, unknown>;
    const l = like as Record<string, unknown>;
    for (const k of Object.keys(l)) {
      if (!Object.hasOwn(v, k)) here(`missing key ${JSON.stringify(k)}`);
    }
    for (const k of Object.keys(v)) {
      if (!Object.hasOwn(l, k)) here(`unexpected key ${JSON.stringify(k)}`);
    }
    for (const k of Object.keys(l)) {
      if (Object.hasOwn(v, k)) matchLike(v[k], l[k], t.appendContext(c, k, TreeCodec, v[k]), errors);
    }
    return;
  }
  if (kind(value) !== kind(like)) here(`expected ${kind(like)}, got ${kind(value)}`);
}

const kind = (u: unknown): string =>
  isTensor(u)
    ? `a tensor ${u.dtype}[${u.shape.join(',')}]`
    : u === null || u === undefined
      ? String(u)
      : Array.isArray(u)
        ? 'an array'
        : typeof u === 'object'
          ? 'an object'
          : `a ${typeof u}`;

/** Decodes the text of a checkpoint, every check included. */
function decodeText(text: string, like: unknown, hasLike: boolean): t.Validation<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (truncated or corrupt): ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('expected a JSON object { format, version, crc32, payload }');
  }
  const keys = Object.keys(json);
  const expected = ['format', 'version', 'crc32', 'payload'];
  const extra = keys.filter((k) => !expected.includes(k));
  const missing = expected.filter((k) => !keys.includes(k));
  if (extra.length > 0 || missing.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
    if (extra.length > 0) parts.push(`unexpected ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    return fail(`envelope keys: ${parts.join('; ')}`);
  }
  const env = Envelope.decode(json);
  if (env._tag === 'Left') {
    const j = json as Record<string, unknown>;
    if (j.format !== CHECKPOINT_FORMAT)
      return fail(`format is ${JSON.stringify(j.format)}, not "${CHECKPOINT_FORMAT}"`);
    if (typeof j.version !== 'number')
      return fail(`version must be a number, got ${JSON.stringify(j.version)}`);
    return fail(`crc32 must be 8 lowercase hex digits, got ${JSON.stringify(j.crc32)}`);
  }
  const { version, crc32, payload } = env.right;
  if (version !== CHECKPOINT_VERSION) {
    return fail(`unsupported version ${version} (this library reads version ${CHECKPOINT_VERSION})`);
  }
  const prefix = prefixOf(crc32);
  if (!text.startsWith(prefix) || !text.endsWith('}')) {
    return fail('the envelope is not in the layout encodeCheckpoint writes (was the file re-formatted?)');
  }
  const actual = crc32Hex(utf8(text.slice(prefix.length, -1)));
  if (actual !== crc32)
    return fail(`checksum mismatch: the file says ${crc32}, its payload hashes to ${actual} (corrupt)`);
  const payloadContext = t.appendContext(ROOT, 'payload', TreeCodec, payload);
  const decoded = TreeCodec.validate(payload, payloadContext);
  if (decoded._tag === 'Left' || !hasLike) return decoded;
  const errors: t.ValidationError[] = [];
  matchLike(decoded.right, like, payloadContext, errors);
  return errors.length > 0 ? t.failures(errors) : decoded;
}

/**
 * Decodes a checkpoint written by {@link encodeCheckpoint}, validating everything before building
 * anything: the JSON, the envelope (format, version, layout), the CRC-32 of the payload, every node and
 * tensor (dtype, shape, byte count, base64), and, given `like`, that the tree has `like`'s structure (the
 * same object keys, array lengths and kinds of static values) and tensors of `like`'s dtypes and shapes.
 * Any problem gives a `Left` listing every error with its path ({@link formatCheckpointErrors}); there is
 * never a partial state. Untrusted input is safe: the keys `__proto__`, `constructor`, `prototype` are
 * rejected, objects are built with own data properties only, nesting is limited to 256 levels.
 *
 * @param input - The checkpoint text, or its UTF-8 bytes.
 * @param like - A template, usually a freshly initialized state of the same model and optimizer; the
 * result is typed as it.
 * @returns `Right(state)` or `Left(errors)` (io-ts `Errors`). Without `like` the result is typed `unknown`
 * (it is checked to be a well-formed tree, not a particular state): pass `like` to get a typed state.
 * @example
 * ```ts
 * const r = decodeCheckpoint(text, initTrainState({ model, optimizer, key: random.key(0), inputShape }));
 * if (isRight(r)) state = r.right;
 * else throw new Error(formatCheckpointErrors(r.left).join('\n'));
 * ```
 * @category checkpoints
 * @since 0.1.0
 */
export function decodeCheckpoint(input: string | Uint8Array): Either<CheckpointErrors, unknown>;
export function decodeCheckpoint<T>(input: string | Uint8Array, like: T): Either<CheckpointErrors, T>;
export function decodeCheckpoint<T>(input: string | Uint8Array, like?: T): Either<CheckpointErrors, T> {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return fail('not valid UTF-8') as Either<CheckpointErrors, T>;
    }
  } else return fail(`expected a string or a Uint8Array, got ${kind(input)}`) as Either<CheckpointErrors, T>;
  return decodeText(text, like, like !== undefined) as Either<CheckpointErrors, T>;
}
