/**
 * The reverse pass of the autodiff engine. Kept apart from `engine.ts` because it uses ops (`add`,
 * `sumToShape`, `cast`), which themselves bind primitives through the engine.
 * @internal
 * @module
 */
import { isFloat } from '../core/dtype.js';
import { shapeEqual } from '../core/shape.js';
import { type NodeRef, type Tensor, type TraceNode, traceOf } from '../core/Tensor.js';
import { add } from '../ops/arith.js';
import { cast } from '../ops/cast.js';
import { sumToShape } from '../ops/reduce/sum.js';

/** Brings a rule's cotangent to the input's shape (summing broadcast axes) and dtype. */
function fit(c: Tensor, x: Tensor): Tensor {
  let r = c;
  if (!shapeEqual(r.shape, x.shape)) r = sumToShape(r, x.shape);
  if (r.dtype !== x.dtype) r = cast(r, x.dtype);
  return r;
}

/**
 * The reverse pass. `seeds` pair traced outputs with their cotangents; `tag` names the leaves of the trace
 * being differentiated. Returns the accumulated cotangent of each leaf node reached (absent: zero).
 * Only nodes from which a leaf of this trace is reachable are visited. It runs at the caller's trace level, so an enclosing trace
 * records it (higher order) and nothing is recorded at the outermost level.
 * @internal
 */
export function backward(
  seeds: ReadonlyArray<readonly [Tensor, Tensor]>,
  tag: symbol,
): Map<TraceNode, Tensor> {
  // 1. Topological order (inputs before users), iterative post-order DFS.
  const order: TraceNode[] = [];
  const seen = new Set<TraceNode>();
  const stack: Array<[TraceNode, number]> = [];
  for (const [t] of seeds) {
    const ref = traceOf(t);
    if (ref === undefined || seen.has(ref.node)) continue;
    seen.add(ref.node);
    stack.push([ref.node, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (node.leafOf === tag || i >= node.inputs.length) {
        stack.pop();
        order.push(node);
        continue;
      }
      top[1] = i + 1;
      const child = traceOf(node.inputs[i]!);
      if (child !== undefined && !seen.has(child.node)) {
        seen.add(child.node);
        stack.push([child.node, 0]);
      }
    }
  }
  // 2. Relevance: a node matters if a leaf of this trace lies below it.
  const relevant = new Set<TraceNode>();
  for (const node of order) {
    if (node.leafOf === tag) {
      relevant.add(node);
      continue;
    }
    for (const x of node.inputs) {
      const ref = traceOf(x);
      if (ref !== undefined && relevant.has(ref.node) && isFloat(x.dtype)) {
        relevant.add(node);
        break;
      }
    }
  }
  {
    // 3. Accumulate cotangents from the outputs down.
    const cts = new Map<TraceNode, Array<Tensor | null>>();
    const accumulate = (ref: NodeRef, c: Tensor): void => {
      let slot = cts.get(ref.node);
      if (slot === undefined) {
        slot = ref.node.outputs.map(() => null);
        cts.set(ref.node, slot);
      }
      const prev = slot[ref.index];
      slot[ref.index] = prev ? add(prev, c) : c;
    };
    for (const [t, c] of seeds) {
      const ref = traceOf(t);
      if (ref !== undefined && relevant.has(ref.node)) accumulate(ref, fit(c, t));
    }
    const result = new Map<TraceNode, Tensor>();
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k]!;
      const slot = cts.get(node);
      if (slot === undefined || !relevant.has(node)) continue;
      cts.delete(node);
      if (node.leafOf === tag) {
        if (slot[0]) result.set(node, slot[0]);
        continue;
      }
      const inCts = node.pullback(slot);
      for (let j = 0; j < node.inputs.length; j++) {
        const c = inCts[j];
        const x = node.inputs[j]!;
        const ref = traceOf(x);
        if (!c || ref === undefined || !relevant.has(ref.node) || !isFloat(x.dtype)) continue;
        accumulate(ref, fit(c, x));
      }
    }
    return result;
  }
}
