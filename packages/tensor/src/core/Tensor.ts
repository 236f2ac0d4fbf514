import type { DType, TypedArray } from './dtype.js';
import { sizeOf } from './shape.js';
import { fmtShape, TensorError } from './TensorError.js';

/** A nested JavaScript array of numbers (or booleans), as returned by {@link Tensor.toArray}. @category tensor @since 0.1.0 */
export type NestedArray = number | boolean | NestedArray[];

/**
 * A recorded application of a primitive, kept by tensors produced while a gradient is being traced.
 * @internal
 */
export interface TraceNode {
  /** Inputs of the primitive application. */
  readonly inputs: readonly Tensor[];
  /** Outputs; a tensor's `index` in here is stored beside its node. */
  readonly outputs: Tensor[];
  /** Pulls output cotangents (null: no cotangent reached that output) back to input cotangents. */
  readonly pullback: (cotangents: ReadonlyArray<Tensor | null>) => ReadonlyArray<Tensor | null>;
  /** Identifies the trace leaf this node is, if it is one. */
  readonly leafOf?: symbol;
  /** Name of the primitive, for debugging and error messages. */
  readonly name: string;
}

/** A tensor's link to the node that produced it. @internal */
export interface NodeRef {
  readonly node: TraceNode;
  readonly index: number;
}

const TOKEN: unique symbol = Symbol('stepwise.tensor.internal');

let dataOf: (t: Tensor) => TypedArray;
let nodeOf: (t: Tensor) => NodeRef | undefined;

/**
 * An immutable n-dimensional array. Its buffer is private: {@link Tensor.data} returns a copy. Tensors are
 * created with {@link tensor}, {@link zeros} and friends, and by every op; no op ever mutates its inputs.
 *
 * Storage is dense and row-major. `shape` is a frozen array; the object itself is frozen.
 *
 * @example
 * ```ts
 * import { tensor } from '@stepwise/tensor';
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape; // [2, 2]
 * t.dtype; // 'float32'
 * t.toArray(); // [[1, 2], [3, 4]]
 * ```
 * @category tensor
 * @since 0.1.0
 */
export class Tensor {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Number of dimensions. */
  readonly rank: number;
  readonly #data: TypedArray;
  readonly #node: NodeRef | undefined;

  static {
    dataOf = (t) => t.#data;
    nodeOf = (t) => t.#node;
  }

  /** The buffer, or a `DONATED` error once {@link donate} gave its memory to another tensor. */
  #live(op: string): TypedArray {
    const d = this.#data;
    if (d.length !== this.size) throw donatedError(op);
    return d;
  }

  /** @internal Use {@link tensor} or the other creation functions. */
  constructor(token: typeof TOKEN, data: TypedArray, shape: readonly number[], dtype: DType, node?: NodeRef) {
    if (token !== TOKEN) {
      throw new TensorError(
        'INVALID_ARGUMENT',
        'Tensor',
        'use tensor(), zeros() or another creation function',
      );
    }
    this.#data = data;
    // Adopt an already frozen shape (every tensor's own shape is): slicing a frozen array takes V8's slow
    // path and dominated the cost of creating small tensors.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtype;
    this.size = data.length;
    this.rank = shape.length;
    this.#node = node;
    Object.freeze(this);
  }

  /** A copy of the elements, row-major, as a typed array of the dtype (`Uint8Array` for `bool`). */
  data(): TypedArray {
    return this.#live('data').slice();
  }

  /** The elements as nested JavaScript arrays (booleans for `bool`); a rank-0 tensor gives a scalar. */
  toArray(): NestedArray {
    const d = this.#live('toArray');
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    if (shape.length === 0) return isBool ? d[0] !== 0 : d[0]!;
    let pos = 0;
    const build = (dim: number): NestedArray[] => {
      const n = shape[dim]!;
      const out = new Array<NestedArray>(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = isBool ? d[pos++] !== 0 : d[pos++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      }
      return out;
    };
    return build(0);
  }

  /** The single element of a tensor of size 1 (a boolean for `bool`). */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new TensorError(
        'SHAPE_MISMATCH',
        'item',
        `tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`,
      );
    }
    const d = this.#live('item');
    return this.dtype === 'bool' ? d[0] !== 0 : d[0]!;
  }

  /** A short description: dtype, shape and up to 8 leading values. */
  toString(): string {
    const d = this.#data;
    if (d.length !== this.size) return `Tensor(${this.dtype}${fmtShape(this.shape)} <donated>)`;
    const head = Array.from(d.subarray(0, 8), (v) => (this.dtype === 'bool' ? String(v !== 0) : String(v)));
    return `Tensor(${this.dtype}${fmtShape(this.shape)} ${head.join(', ')}${d.length > 8 ? ', …' : ''})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Wraps a freshly allocated buffer as a tensor, taking ownership (no copy). The caller must never write
 * to `data` afterwards. @internal
 */
export function fromBuffer(data: TypedArray, shape: readonly number[], dtype: DType, node?: NodeRef): Tensor {
  if (data.length !== sizeOf(shape)) {
    throw new TensorError(
      'SHAPE_MISMATCH',
      'fromBuffer',
      `buffer of ${data.length} elements does not fit shape ${fmtShape(shape)}`,
    );
  }
  return new Tensor(TOKEN, data, shape, dtype, node);
}

/** The error for a tensor whose memory was donated to another tensor. @internal */
export const donatedError = (op: string): TensorError =>
  new TensorError(
    'DONATED',
    op,
    'this tensor was donated (donate()) or recycled (recycle()) and its memory now belongs to another tensor; use the tensor the consuming op returned',
  );

/**
 * The private buffer of a tensor; kernels read it, nobody writes it.
 * @throws TensorError `DONATED` if the tensor's memory was given to another tensor. @internal
 */
export function bufferOf(t: Tensor): TypedArray {
  const d = dataOf(t);
  if (d.length !== t.size) throw donatedError('tensor');
  return d;
}

/** The buffer without the donation check (for the donation module itself). @internal */
export const rawBufferOf = (t: Tensor): TypedArray => dataOf(t);

/** The trace node of a tensor, if it was produced while tracing. @internal */
export const traceOf = (t: Tensor): NodeRef | undefined => nodeOf(t);

/** The same value without its trace node (shares the immutable buffer). @internal */
export function detach(t: Tensor): Tensor {
  return nodeOf(t) === undefined ? t : new Tensor(TOKEN, bufferOf(t), t.shape, t.dtype);
}

/** The same value with a new trace node (shares the immutable buffer). @internal */
export function withNode(t: Tensor, node: NodeRef): Tensor {
  return new Tensor(TOKEN, bufferOf(t), t.shape, t.dtype, node);
}

/** True for tensors. @category tensor @since 0.1.0 */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
