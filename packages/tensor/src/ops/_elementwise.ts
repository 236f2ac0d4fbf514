/**
 * Factories for elementwise primitives: each takes a kernel loop and a VJP rule.
 * @internal
 * @module
 */

import { definePrimitive, type Primitive } from '../autodiff/engine.js';
import { allocate, type DType } from '../core/dtype.js';
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
      const out = allocate(d, x!.size);
      const run = intLoop !== undefined && x!.dtype === 'int32' ? intLoop : loop;
      run(out, bufferOf(x!), x!.size);
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
  const A = bufferOf(a);
  const B = bufferOf(b);
  if (shapeEqual(a.shape, b.shape)) {
    const out = allocate(dtype, a.size);
    loop(out, 0, A, 0, 1, B, 0, 1, a.size);
    return fromBuffer(out, a.shape, dtype);
  }
  const shape = broadcastShapes(name, a.shape, b.shape);
  const out = allocate(dtype, sizeOf(shape));
  broadcastBinary(loop, out, shape, A, broadcastStrides(a.shape, shape), B, broadcastStrides(b.shape, shape));
  return fromBuffer(out, shape, dtype);
}
