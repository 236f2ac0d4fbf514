/**
 * io-ts codecs for hyperparameters. Each factory validates its options with these codecs and throws an
 * {@link OptimError} naming the field and value; the same codecs validate untrusted configuration (JSON
 * files, CLI flags) as an `Either` through {@link decodeOptions}.
 * @module
 */
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { fmtValue } from './internal/fmt.js';
import { isMask, type Mask } from './internal/mask.js';
import { OptimError } from './OptimError.js';
import type { Schedule } from './schedules/Schedule.js';

/** A learning rate: a number, or a {@link Schedule} evaluated at each update. @category hyperparameters @since 0.1.0 */
export type LearningRate = number | Schedule;

const numberCodec = (name: string, ok: (x: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && ok(u),
    (u, c) => (typeof u === 'number' && ok(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

/** A finite number (any sign). @category hyperparameters @since 0.1.0 */
export const FiniteNumber = numberCodec('a finite number', Number.isFinite);
/** A finite number `>= 0`. @category hyperparameters @since 0.1.0 */
export const NonNegativeNumber = numberCodec('a finite number >= 0', (x) => Number.isFinite(x) && x >= 0);
/** A finite number `> 0`. @category hyperparameters @since 0.1.0 */
export const PositiveNumber = numberCodec('a finite number > 0', (x) => Number.isFinite(x) && x > 0);
/** A number in `[0, 1)`: a decay rate such as Adam's `b1`, `b2` or RMSprop's `decay`. @category hyperparameters @since 0.1.0 */
export const DecayRate = numberCodec('a number in [0, 1)', (x) => x >= 0 && x < 1);
/** A number in `[0, 1]`: a momentum coefficient (Keras accepts the same range). @category hyperparameters @since 0.1.0 */
export const Momentum = numberCodec('a number in [0, 1]', (x) => x >= 0 && x <= 1);
/** A clipping bound: a number `>= 0`, `Infinity` meaning no clipping. @category hyperparameters @since 0.1.0 */
export const ClipBound = numberCodec('a number >= 0 (Infinity: no clipping)', (x) => x >= 0);
/** An integer `>= 1`. @category hyperparameters @since 0.1.0 */
export const PositiveInteger = numberCodec('an integer >= 1', (x) => Number.isSafeInteger(x) && x >= 1);
/** An integer `>= 0`. @category hyperparameters @since 0.1.0 */
export const NonNegativeInteger = numberCodec('an integer >= 0', (x) => Number.isSafeInteger(x) && x >= 0);
/** An integer `>= 0` or `Infinity`. @category hyperparameters @since 0.1.0 */
export const CountLimit = numberCodec(
  'an integer >= 0 or Infinity',
  (x) => x === Number.POSITIVE_INFINITY || (Number.isSafeInteger(x) && x >= 0),
);

/** A boolean. @category hyperparameters @since 0.1.0 */
export const Bool = new t.Type<boolean, boolean, unknown>(
  'a boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** A schedule: a function `(step) => number`. @category hyperparameters @since 0.1.0 */
export const ScheduleCodec = new t.Type<Schedule, Schedule, unknown>(
  'a schedule (step) => number',
  (u): u is Schedule => typeof u === 'function',
  (u, c) => (typeof u === 'function' ? t.success(u as Schedule) : t.failure(u, c)),
  t.identity,
);

/** A learning rate: a finite number `>= 0` or a schedule. @category hyperparameters @since 0.1.0 */
export const LearningRateCodec = new t.Type<LearningRate, LearningRate, unknown>(
  'a finite number >= 0 or a schedule',
  (u): u is LearningRate => typeof u === 'function' || NonNegativeNumber.is(u),
  (u, c) =>
    typeof u === 'function' || NonNegativeNumber.is(u) ? t.success(u as LearningRate) : t.failure(u, c),
  t.identity,
);

/** A mask: a tree of booleans (or a prefix of one), or a function of the params returning one. @category hyperparameters @since 0.1.0 */
export const MaskCodec = new t.Type<Mask, Mask, unknown>(
  'a tree of booleans or a function (params) => mask',
  isMask,
  (u, c) => (isMask(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * Options every optimizer accepts, as Keras does: at most one of them; it becomes the first
 * transformation of the chain, so it acts on the raw gradients. Keras treats `0` as "off"; here `0` is
 * rejected: leave the option out instead.
 * @category hyperparameters
 * @since 0.1.0
 */
export interface ClippingOptions {
  /** Clip each element to `[-clipValue, clipValue]` ({@link clipByValue}, Keras `clipvalue`). */
  readonly clipValue?: number;
  /** Clip each leaf to L2 norm `clipNorm` ({@link clipByNorm}, Keras `clipnorm`). */
  readonly clipNorm?: number;
  /** Clip the whole tree to global L2 norm `globalClipNorm` ({@link clipByGlobalNorm}, Keras `global_clipnorm`). */
  readonly globalClipNorm?: number;
}

/** The fields of {@link ClippingOptions}, for the optimizers' codecs. @internal */
export const CLIPPING_FIELDS = {
  clipValue: PositiveNumber,
  clipNorm: PositiveNumber,
  globalClipNorm: PositiveNumber,
};

/** io-ts codec of {@link ClippingOptions}. @category hyperparameters @since 0.1.0 */
export const ClippingOptions: t.Type<ClippingOptions, ClippingOptions, unknown> = t.partial(CLIPPING_FIELDS);

/** Names the keys an options codec knows (interface, partial, exact and intersection codecs). */
function knownKeys(codec: t.Mixed): ReadonlySet<string> | undefined {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    return new Set(Object.keys((codec as t.InterfaceType<t.Props>).props));
  }
  if (codec instanceof t.ExactType) return knownKeys((codec as t.ExactType<t.Mixed>).type);
  if (codec instanceof t.IntersectionType) {
    const all = new Set<string>();
    for (const member of (codec as t.IntersectionType<t.Mixed[]>).types) {
      const keys = knownKeys(member);
      if (keys === undefined) return undefined;
      for (const k of keys) all.add(k);
    }
    return all;
  }
  return undefined;
}

const PATH_PARENTS = new Set([
  'InterfaceType',
  'PartialType',
  'ExactType',
  'StrictType',
  'ArrayType',
  'DictionaryType',
]);

/** `learningRate must be a finite number >= 0 or a schedule, got -1` for one io-ts error. */
function describe(error: t.ValidationError, what: string): string {
  const ctx = error.context;
  const path: string[] = [];
  for (let i = 1; i < ctx.length; i++) {
    const parent = ctx[i - 1]!.type as unknown as { _tag?: string };
    if (parent._tag !== undefined && PATH_PARENTS.has(parent._tag)) path.push(ctx[i]!.key);
  }
  const last = ctx[ctx.length - 1]!;
  const field = path.length === 0 ? what : path.join('.');
  return `${field} must be ${last.type.name}, got ${fmtValue(error.value)}`;
}

/**
 * Validates untrusted options with an options codec (e.g. {@link AdamOptions}): `Right` with the decoded
 * options, or `Left` with an {@link OptimError} (`INVALID_HYPERPARAMETER`) whose message names each bad
 * field and its value, and unknown keys (typos such as `learning_rate`).
 *
 * @example
 * ```ts
 * import { AdamOptions, decodeOptions } from '@stepwise/optim';
 * const r = decodeOptions('adam', AdamOptions, JSON.parse('{"learningRate": 0.001, "b1": 1}'));
 * if (r._tag === 'Left') console.log(r.left.message); // adam: b1 must be a number in [0, 1), got 1
 * ```
 * @category hyperparameters
 * @since 0.1.0
 */
export function decodeOptions<C extends t.Mixed>(
  op: string,
  codec: C,
  input: unknown,
): Either<OptimError, t.TypeOf<C>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return left(
      new OptimError('INVALID_HYPERPARAMETER', op, `options must be an object, got ${fmtValue(input)}`),
    );
  }
  const keys = knownKeys(codec);
  if (keys !== undefined) {
    const unknown = Object.keys(input).filter((k) => !keys.has(k));
    if (unknown.length > 0) {
      return left(
        new OptimError(
          'INVALID_HYPERPARAMETER',
          op,
          `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; expected some of ${[...keys].join(', ')}`,
        ),
      );
    }
  }
  const result = codec.decode(input);
  if (isLeft(result)) {
    const messages = [...new Set(result.left.map((e) => describe(e, 'options')))];
    return left(new OptimError('INVALID_HYPERPARAMETER', op, messages.join('; ')));
  }
  return right(result.right as t.TypeOf<C>);
}

/** {@link decodeOptions} that throws the `OptimError`. @internal */
export function validateOptions<C extends t.Mixed>(op: string, codec: C, input: unknown): t.TypeOf<C> {
  const r = decodeOptions(op, codec, input);
  if (isLeft(r)) throw r.left;
  return r.right;
}

/** Validates one positional hyperparameter (`scale(s)`, `clipByNorm(max)`…). @internal */
export function validateValue<A>(op: string, name: string, codec: t.Type<A, A, unknown>, value: unknown): A {
  if (!codec.is(value)) {
    throw new OptimError(
      'INVALID_HYPERPARAMETER',
      op,
      `${name} must be ${codec.name}, got ${fmtValue(value)}`,
    );
  }
  return value;
}

/** Throws when more than one of Keras' clipping options is set. @internal */
export function checkOneClipping(op: string, o: ClippingOptions): void {
  const set = (['clipValue', 'clipNorm', 'globalClipNorm'] as const).filter((k) => o[k] !== undefined);
  if (set.length > 1) {
    throw new OptimError(
      'INVALID_HYPERPARAMETER',
      op,
      `set at most one of clipValue, clipNorm, globalClipNorm (as Keras), got ${set.join(' and ')}`,
    );
  }
}

/** The listed keys of `o` whose values are defined (to forward options under exactOptionalPropertyTypes). @internal */
export function pickDefined<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as Pick<T, K>;
}
