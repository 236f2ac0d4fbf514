/**
 * `argmax` and `argmin`: one kernel, two primitives without gradient.
 * @internal
 * @module
 */
import { bind, definePrimitive, type Primitive } from '../../autodiff/engine.js';
import { normalizeAxis } from '../../core/shape.js';
import { bufferOf, fromBuffer, type Tensor } from '../../core/Tensor.js';
import { fmtShape, TensorError } from '../../core/TensorError.js';
import { argExtremumKernel, splitDims } from '../../kernels/reduce.js';
import { checkTensor } from '../_operands.js';

interface ArgParams {
  /** The normalized axis, or `null` for the flattened tensor. */
  readonly axis: number | null;
  readonly keepDims: boolean;
}

function argPrimitive(name: 'argmax' | 'argmin'): Primitive<ArgParams> {
  const isMax = name === 'argmax';
  return definePrimitive<ArgParams>({
    name,
    impl: ([x], { axis, keepDims }) => {
      const shape = x!.shape;
      const [outer, r, inner] = axis === null ? [1, x!.size, 1] : splitDims(shape, axis, axis + 1);
      const out = new Int32Array(outer * inner);
      if (out.length > 0) argExtremumKernel(bufferOf(x!), outer, r, inner, out, isMax);
      const outShape =
        axis === null
          ? keepDims
            ? shape.map(() => 1)
            : []
          : shape.flatMap((d, i) => (i === axis ? (keepDims ? [1] : []) : [d]));
      return fromBuffer(out, outShape, 'int32');
    },
    vjp: null,
  });
}

const argmaxP = /* @__PURE__ */ argPrimitive('argmax');
const argminP = /* @__PURE__ */ argPrimitive('argmin');

/** Shared entry of `argmax` and `argmin`. */
export function argExtremum(
  name: 'argmax' | 'argmin',
  x: Tensor,
  axis: number | undefined,
  keepDims: boolean,
): Tensor {
  const t = checkTensor(name, x);
  if (axis !== undefined && typeof axis !== 'number') {
    throw new TensorError('INVALID_AXIS', name, `takes one axis (a number), got ${JSON.stringify(axis)}`);
  }
  const ax = axis === undefined ? null : normalizeAxis(name, axis, t.rank);
  const r = ax === null ? t.size : t.shape[ax]!;
  if (r === 0 && (ax === null || t.size > 0)) {
    throw new TensorError(
      'INVALID_ARGUMENT',
      name,
      `cannot take the ${name} of an empty ${ax === null ? 'tensor' : `axis ${ax}`} (shape ${fmtShape(t.shape)})`,
    );
  }
  return bind(name === 'argmax' ? argmaxP : argminP, [t], { axis: ax, keepDims });
}
