/**
 * Buffer donation: a tensor whose owner promises never to use it again may lend its memory to the output of
 * the next op that consumes it, so a training loop can reuse the memory of last step's parameters, optimizer
 * moments and gradients instead of asking the system for fresh pages (fresh memory costs about 0.6 ms per MB
 * in page faults on our machines: more than a whole elementwise pass over it).
 *
 * Safety does not rest on the caller's promise alone: donating *moves* the buffer (an `ArrayBuffer`
 * transfer, zero-copy), which detaches it from the donor tensor and from every view sharing it, and every
 * later read of those tensors throws `TensorError('DONATED')`. No tensor can ever observe memory that another
 * tensor has overwritten. Nothing is taken while a gradient is traced or a backward pass runs, so recorded
 * inputs and residuals stay readable.
 * @internal
 * @module
 */
import type { TypedArray } from './dtype.js';
import { giveBuffer } from './pool.js';
import { bufferOf, fromBuffer, rawBufferOf, type Tensor, traceOf } from './Tensor.js';

/** Tensors whose memory the next consuming op may take. */
const donated = new WeakSet<Tensor>();

/**
 * Nesting count of gradient traces and backward passes running: no memory is taken while it is positive, so
 * every tensor a trace records (inputs, residuals) stays readable for its backward pass.
 */
let suspended = 0;

/** Runs `fn` with taking suspended (trace bodies and backward passes). @internal */
export function withoutClaims<T>(fn: () => T): T {
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
  }
}

type Ctor = new (buffer: ArrayBuffer) => TypedArray;

/** Moves `a`'s memory into a new typed array of the same type; `a` (and every view of its buffer) detaches. */
function moveBuffer(a: TypedArray): TypedArray {
  const buf = a.buffer as ArrayBuffer & { transfer?: () => ArrayBuffer };
  const moved =
    typeof buf.transfer === 'function' ? buf.transfer() : structuredClone(buf, { transfer: [buf] });
  return new (a.constructor as Ctor)(moved);
}

/** Whether a tensor's memory can be moved: a whole, non-shared `ArrayBuffer` of its own, not traced. */
function movable(t: Tensor): boolean {
  if (t.size === 0 || traceOf(t) !== undefined) return false;
  const d = bufferOf(t);
  const buf = d.buffer;
  return (
    !(typeof SharedArrayBuffer === 'function' && buf instanceof SharedArrayBuffer) &&
    d.byteOffset === 0 &&
    d.byteLength === buf.byteLength
  );
}

/**
 * The same value in a tensor whose memory the next consuming op may reuse; the donor detaches. Tensors
 * that cannot lend their memory (traced, empty, or views into a larger or shared buffer) come back
 * unchanged and undonated. @internal
 */
export function donateTensor(t: Tensor): Tensor {
  if (donated.has(t) || !movable(t)) return t;
  const out = fromBuffer(moveBuffer(bufferOf(t)), t.shape, t.dtype);
  donated.add(out);
  return out;
}

/** Whether `t` was donated and its memory not yet taken. @internal */
export const isDonatedTensor = (t: Tensor): boolean => donated.has(t) && rawBufferOf(t).length === t.size;

/** Whether an op may take a donated input's memory now (not inside a trace or a backward pass). @internal */
export const claimsAllowed = (): boolean => suspended === 0;

/**
 * Takes a donated tensor's memory for an op's output: returns a writable typed array over it (the tensor
 * detaches), or `undefined` when `t` was not donated. Read every other input before taking, and take only
 * from a tensor that appears once among the op's inputs. @internal
 */
export function claimDonatedBuffer(t: Tensor): TypedArray | undefined {
  if (suspended > 0 || !donated.has(t)) return undefined;
  donated.delete(t);
  const d = rawBufferOf(t);
  if (d.length !== t.size) return undefined;
  return moveBuffer(d);
}

/** Withdraws a donation: `t` stays valid and no op will take its memory. @internal */
export function withdrawDonation(t: Tensor): Tensor {
  donated.delete(t);
  return t;
}

/**
 * Gives a tensor's memory to the recycling pool: the tensor (and its views) detach. Traced, empty or
 * non-movable tensors (views of a larger or shared buffer) are left as they are. While a trace or a backward
 * pass runs nothing is recycled (recorded values must stay readable). @internal
 */
export function recycleTensor(t: Tensor): void {
  // Already gone (recycled twice, or a view of recycled memory): nothing to give.
  if (suspended > 0 || rawBufferOf(t).length !== t.size || !movable(t)) return;
  donated.delete(t);
  giveBuffer(moveBuffer(bufferOf(t)).buffer as ArrayBuffer);
}
