/**
 * The reverse pass of the autodiff engine. Kept apart from `engine.ts` because it uses ops (`add`,
 * `sumToShape`, `cast`), which themselves bind primitives through the engine.
 * @internal
 * @module
 */
import { withoutClaims } from '../core/donation.js';
import { isFloat } from '../core/dtype.js';
import { shapeEqual } from '../core/shape.js';
import { type NodeRef, type Tensor, type TraceNode, traceOf } from '../core/Tensor.js';
import { add } from '../ops/arith.js';
import { cast } from '../ops/cast.js';
import { sumToShape } from '../ops/reduce/sum.js';
import { levelOf } from './engine.js';

/** Brings a rule's cotangent to the input's shape (summing broadcast axes) and dtype. */
function fit(c: Tensor, x: Tensor): Tensor {
  let r = c;
  if (!shapeEqual(r.shape, x.shape)) r = sumToShape(r, x.shape);
  if (r.dtype !== x.dtype) r = cast(r, x.dtype);
  return r;
}

/**
 * The reverse pass. `seeds` pair traced outputs with their cotangents; `tag` names the leaves of the trace
 * being differentiated and `level` its depth: nodes recorded at a shallower depth (the graphs of enclosing
 * traces) cannot lead to those leaves and are not walked. Returns the accumulated cotangent of each leaf node reached (absent: zero).
 * Only nodes from which a leaf of this trace is reachable ("relevant" nodes) get a pullback call. It runs at
 * the caller's trace level, so an enclosing trace records it (higher order) and nothing is recorded at the
 * outermost level.
 * @internal
 */
export function backward(
  seeds: ReadonlyArray<readonly [Tensor, Tensor]>,
  tag: symbol,
  level: number,
): Map<TraceNode, Tensor> {
  // Rules read recorded inputs and residuals: no op may take a donated tensor's memory meanwhile.
  return withoutClaims(() => backwardPass(seeds, tag, level));
}

function backwardPass(
  seeds: ReadonlyArray<readonly [Tensor, Tensor]>,
  tag: symbol,
  level: number,
): Map<TraceNode, Tensor> {
  // 1. One iterative post-order DFS from the seeds gives the relevant nodes in topological order (inputs
  //    before users) and decides relevance on the way: a node is relevant when it is a leaf of this trace or
  //    has a relevant floating-point input. The graph is acyclic, so every input of a node is finished (its
  //    relevance known) before the node itself finishes.
  const relevant = new Map<TraceNode, boolean>();
  const order: TraceNode[] = [];
  const stackNode: TraceNode[] = [];
  const stackNext: number[] = [];
  for (let s = 0; s < seeds.length; s++) {
    const ref = traceOf(seeds[s]![0]);
    if (ref === undefined || relevant.has(ref.node) || levelOf(ref.node) < level) continue;
    relevant.set(ref.node, false);
    stackNode.push(ref.node);
    stackNext.push(0);
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const node = stackNode[top]!;
      const i = stackNext[top]!;
      if (node.leafOf !== tag && i < node.inputs.length) {
        stackNext[top] = i + 1;
        const child = traceOf(node.inputs[i]!);
        if (child !== undefined && !relevant.has(child.node) && levelOf(child.node) >= level) {
          relevant.set(child.node, false);
          stackNode.push(child.node);
          stackNext.push(0);
        }
        continue;
      }
      stackNode.pop();
      stackNext.pop();
      let rel = node.leafOf === tag;
      for (let j = 0; !rel && j < node.inputs.length; j++) {
        const x = node.inputs[j]!;
        const ref = traceOf(x);
        rel = ref !== undefined && relevant.get(ref.node) === true && isFloat(x.dtype);
      }
      if (rel) {
        relevant.set(node, true);
        order.push(node);
      }
    }
  }
  // 2. Accumulate cotangents from the outputs down, calling each relevant node's pullback once.
  const cts = new Map<TraceNode, Array<Tensor | null>>();
  const accumulate = (ref: NodeRef, c: Tensor): void => {
    let slot = cts.get(ref.node);
    if (slot === undefined) {
      slot = new Array<Tensor | null>(ref.node.outputs.length).fill(null);
      cts.set(ref.node, slot);
    }
    const prev = slot[ref.index];
    slot[ref.index] = prev ? add(prev, c) : c;
  };
  for (const [t, c] of seeds) {
    const ref = traceOf(t);
    if (ref !== undefined && relevant.get(ref.node) === true) accumulate(ref, fit(c, t));
  }
  const result = new Map<TraceNode, Tensor>();
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const slot = cts.get(node);
    if (slot === undefined) continue;
    cts.delete(node);
    if (node.leafOf === tag) {
      if (slot[0]) result.set(node, slot[0]);
      continue;
    }
    const inCts = node.pullback(slot);
    for (let j = 0; j < node.inputs.length; j++) {
      const c = inCts[j];
      if (!c) continue;
      const x = node.inputs[j]!;
      const ref = traceOf(x);
      if (ref === undefined || relevant.get(ref.node) !== true || !isFloat(x.dtype)) continue;
      accumulate(ref, fit(c, x));
    }
  }
  return result;
}
