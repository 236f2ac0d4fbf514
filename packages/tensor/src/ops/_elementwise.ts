/**
 * Factories for elementwise primitives: each takes a kernel loop and a VJP rule.
 * @internal
 * @module
 */

import { definePrimitive, type Primitive } from '../autodiff/engine.js';
import { claimDonatedBuffer, isDonatedTensor } from '../core/donation.js';
import { allocateOutput, type DType, type TypedArray } from '../core/dtype.js';
import { broadcastShapes, broadcastStrides, shapeEqual, sizeOf } from '../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../core/Tensor.js';
import { type BinaryLoop, broadcastBinary, type UnaryLoop } from '../kernels/elementwise.js';

type Rule = Primitive<undefined>['vjp'];

/**
 * A unary primitive whose output has the input's dtype (or `outDType`). `intLoop`, when given, replaces
 * `loop` for int32 inputs (e.g. a wrapping `Math.imul` square).
 */
export function unaryPrimitive(
  name: string,
  loop: UnaryLoop,
  vjp: Rule,
  outDType?: DType,
  intLoop?: UnaryLoop,
): Primitive<undefined> {
  return definePrimitive({
    name,
    impl: ([x]) => {
      const d = outDType ?? x!.dtype;
      const run = intLoop !== undefined && x!.dtype === 'int32' ? intLoop : loop;
      const taken = takeDonated(x!, undefined, d);
      const out = taken ?? allocateOutput(d, x!.size);
      run(out, taken ?? bufferOf(x!), x!.size);
      return fromBuffer(out, x!.shape, d);
    },
    vjp,
  });
}

/**
 * A binary broadcasting primitive; operands arrive with one dtype. Output dtype: the operands' (or
 * `outDType`). `intLoop`, when given, replaces `loop` for int32 operands (e.g. wrapping `Math.imul`).
 */
export function binaryPrimitive(
  name: string,
  loop: BinaryLoop,
  vjp: Rule,
  outDType?: DType,
  intLoop?: BinaryLoop,
): Primitive<undefined> {
  return definePrimitive({
    name,
    impl: ([a, b]) =>
      binaryImpl(
        name,
        intLoop !== undefined && a!.dtype === 'int32' ? intLoop : loop,
        a!,
        b!,
        outDType ?? a!.dtype,
      ),
    vjp,
  });
}

/** Runs a binary loop over the broadcast of `a` and `b`. */
export function binaryImpl(name: string, loop: BinaryLoop, a: Tensor, b: Tensor, dtype: DType): Tensor {
  const shape = shapeEqual(a.shape, b.shape) ? a.shape : broadcastShapes(name, a.shape, b.shape);
  const size = sizeOf(shape);
  // A donated operand of the output's size lends its memory to the output (each element is read before the
  // same element is written, so the loop may run in place); the other operand is read after the taking.
  const takenA = a.size === size ? takeDonated(a, b, dtype) : undefined;
  const takenB = takenA === undefined && b.size === size ? takeDonated(b, a, dtype) : undefined;
  const A = takenA ?? bufferOf(a);
  const B = takenB ?? bufferOf(b);
  const out = takenA ?? takenB ?? allocateOutput(dtype, size);
  if (shape === a.shape) loop(out, 0, A, 0, 1, B, 0, 1, size);
  else
    broadcastBinary(
      loop,
      out,
      shape,
      A,
      broadcastStrides(a.shape, shape),
      B,
      broadcastStrides(b.shape, shape),
    );
  return fromBuffer(out, shape, dtype);
}

/**
 * The memory of `x` for an output of dtype `dtype` when `x` was donated and is not also the other operand
 * (nothing is taken inside a trace or a backward pass: see `core/donation.ts`); else `undefined`.
 */
export function takeDonated(x: Tensor, other: Tensor | undefined, dtype: DType): TypedArray | undefined {
  if (!isDonatedTensor(x) || x.dtype !== dtype || x === other) return undefined;
  return claimDonatedBuffer(x);
}
