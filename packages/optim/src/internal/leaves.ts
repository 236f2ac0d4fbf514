/**
 * Leaf plumbing shared by the transformations: flattening updates and state trees, checking that they fit
 * together (with errors that name the leaf), allocating output buffers, and int32 step counters.
 * @internal
 * @module
 */
import { isDonated, isTensor, type Tensor, tree } from '@stepwise/tensor';
import {
  adoptBuffer,
  allocateBuffer,
  allocateOutputBuffer,
  claimDonated,
  readBuffer,
  withdrawDonation,
} from '@stepwise/tensor/kernel';
import { OptimError } from '../OptimError.js';

/** The buffers a floating-point leaf may have. */
export type FloatArray = Float32Array | Float64Array;

/** The paths of all leaves of a structure, e.g. `layers[0].kernel`, in flatten order. */
export function leafPaths(def: tree.TreeDef): string[] {
  const out: string[] = [];
  const walk = (d: tree.TreeDef, path: string): void => {
    switch (d.kind) {
      case 'leaf':
        out.push(path === '' ? '<root>' : path);
        return;
      case 'static':
        return;
      case 'array':
        d.children.forEach((c, i) => walk(c, `${path}[${i}]`));
        return;
      case 'object':
        d.children.forEach((c, i) => walk(c, path === '' ? d.keys[i]! : `${path}.${d.keys[i]}`));
        return;
    }
  };
  walk(def, '');
  return out;
}

/** The path of leaf `index` in a structure (for error messages). */
export const leafPath = (def: tree.TreeDef, index: number): string => leafPaths(def)[index] ?? '<root>';

/** Flattens a tree whose leaves must all be float32/float64 tensors. */
export function flattenFloat(op: string, what: string, t: unknown): [Tensor[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(t);
  for (let i = 0; i < leaves.length; i++) {
    const d = leaves[i]!.dtype;
    if (d !== 'float32' && d !== 'float64') {
      throw new OptimError(
        'DTYPE_MISMATCH',
        op,
        `${what} leaf ${leafPath(def, i)} has dtype ${d}; optimizers update float32 or float64 leaves`,
      );
    }
  }
  return [leaves, def];
}

const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The float leaves of `other` (a state or params tree), checked against the updates' leaves: same number,
 * same shapes, floating point.
 */
export function matchingLeaves(
  op: string,
  what: string,
  updates: readonly Tensor[],
  updatesDef: tree.TreeDef,
  other: unknown,
  refWhat = 'updates',
): Tensor[] {
  const [leaves, def] = flattenFloat(op, what, other);
  if (leaves.length !== updates.length) {
    throw new OptimError(
      'STRUCTURE_MISMATCH',
      op,
      `${refWhat} have ${updates.length} leaves but ${what} has ${leaves.length}; pass the state from this transformation's init and updates with the structure of the params`,
    );
  }
  for (let i = 0; i < leaves.length; i++) {
    if (!sameShape(leaves[i]!.shape, updates[i]!.shape)) {
      throw new OptimError(
        'SHAPE_MISMATCH',
        op,
        `${refWhat} leaf ${leafPath(updatesDef, i)} has shape ${fmt(updates[i]!.shape)} but ${what} leaf ${leafPath(def, i)} has shape ${fmt(leaves[i]!.shape)}`,
      );
    }
  }
  return leaves;
}

/** The params leaves matching the updates; throws `MISSING_PARAMS` when there are none. */
export function requireParams(
  op: string,
  updates: readonly Tensor[],
  def: tree.TreeDef,
  params: unknown,
): Tensor[] {
  if (params === undefined) {
    throw new OptimError('MISSING_PARAMS', op, 'needs the params: call update(updates, state, params)');
  }
  return matchingLeaves(op, 'params', updates, def, params);
}

/** A leaf's buffer, typed as floating point (the leaf was checked by `flattenFloat`). */
export const floatBuffer = (t: Tensor): FloatArray => readBuffer(t) as FloatArray;

/**
 * The memory of `t` when it was donated (`donate`): taken for an output written in place, and `t` detaches;
 * `undefined` otherwise. Take every donated input of a pass before reading any input.
 */
export const claimFloat = (t: Tensor): FloatArray | undefined => claimDonated(t) as FloatArray | undefined;

/**
 * An output buffer with the dtype and size of `t`, contents unspecified (recycled memory when `recycle` left
 * some): the caller writes every element.
 */
export const allocLike = (t: Tensor): FloatArray =>
  allocateOutputBuffer(t.dtype === 'float64' ? 'float64' : 'float32', t.size) as FloatArray;

/** Wraps a fresh buffer as a tensor of `t`'s shape (dtype from the buffer type). */
export const wrapLike = (buf: FloatArray, t: Tensor): Tensor =>
  adoptBuffer(buf, t.shape, buf instanceof Float64Array ? 'float64' : 'float32');

/** A zero-filled buffer with the dtype and size of `t`. */
const zeroBufferLike = (t: Tensor): FloatArray =>
  allocateBuffer(t.dtype === 'float64' ? 'float64' : 'float32', t.size) as FloatArray;

/** A zero tensor with the shape and dtype of `t`. */
export const zerosLike = (t: Tensor): Tensor => wrapLike(zeroBufferLike(t), t);

/** A tensor of `t`'s shape and dtype filled with `value`. */
export function fullLike(t: Tensor, value: number): Tensor {
  const buf = zeroBufferLike(t);
  if (value !== 0) buf.fill(value);
  return wrapLike(buf, t);
}

/** A frozen copy of the array (states and results are immutable values). */
export const frozen = <T>(xs: T[]): readonly T[] => Object.freeze(xs);

/** Freezes the plain objects and arrays of a tree (tensors are frozen already): states are immutable. */
export function deepFreeze<T>(t: T): T {
  if (typeof t === 'object' && t !== null && !isTensor(t) && !Object.isFrozen(t)) {
    for (const v of Object.values(t)) deepFreeze(v);
    Object.freeze(t);
  }
  return t;
}

/** A frozen tree of state leaves with the given structure. */
export const stateTree = (def: tree.TreeDef, leaves: readonly Tensor[]): unknown =>
  deepFreeze(tree.unflatten(def, leaves));

/** The frozen tree of zeros with the structure, shapes and dtypes of `params` (float leaves only). */
export function zerosTree(op: string, params: unknown): unknown {
  const [leaves, def] = flattenFloat(op, 'params', params);
  return stateTree(def, leaves.map(zerosLike));
}

/**
 * An int32 scalar tensor holding a step count (states are pytrees of tensors, so they checkpoint). Saturates
 * at the int32 maximum instead of wrapping to negative counts (Optax's `safe_increment`).
 */
export const countTensor = (n: number): Tensor =>
  adoptBuffer(Int32Array.of(Math.min(n, 2147483647)), [], 'int32');

/** Reads a count written by {@link countTensor}. */
export function readCount(op: string, field: string, t: unknown): number {
  if (!isTensor(t) || t.size !== 1 || t.dtype !== 'int32') {
    throw new OptimError(
      'STRUCTURE_MISMATCH',
      op,
      `state.${field} must be an int32 scalar tensor (pass the state from this transformation's init)`,
    );
  }
  return readBuffer(t)[0]!;
}

/** Checks that a state is an object (not undefined, not another transformation's tuple). */
export function checkStateObject(op: string, state: unknown, fields: readonly string[]): void {
  if (
    typeof state !== 'object' ||
    state === null ||
    Array.isArray(state) ||
    fields.some((f) => !(f in state))
  ) {
    throw new OptimError(
      'STRUCTURE_MISMATCH',
      op,
      `state must be an object with ${fields.join(', ')} (pass the state returned by this transformation's init)`,
    );
  }
}

/**
 * Withdraws the donation of every tensor of a state a transformation returns: a wrapper that passes a leaf of
 * the donated old state through (an inner state kept between micro-steps, a skipped step) must hand back a
 * state that stays valid until the caller donates it again. Returns `state`.
 */
export function settled<S>(state: S): S {
  if (isTensor(state)) {
    if (isDonated(state)) withdrawDonation(state);
    return state;
  }
  if (typeof state === 'object' && state !== null) for (const v of Object.values(state)) settled(v);
  return state;
}
