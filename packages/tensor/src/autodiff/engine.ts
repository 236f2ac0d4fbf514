/**
 * The autodiff engine: primitives, their binding, and the reverse pass.
 *
 * Every differentiable operation binds a {@link Primitive}: an implementation (which calls a kernel) and a
 * vector-Jacobian rule written with differentiable ops, so that rules can themselves be differentiated.
 * While a gradient is being traced (`depth > 0`) and an input carries a trace node, `bind` records a node on
 * the output tensor. The graph lives only in the tensors of that trace: when `grad(f)` returns, nothing
 * global is left behind. The reverse pass runs after the trace has ended, at the caller's level, so an enclosing
 * trace records it (higher-order derivatives) and nothing is recorded at the outermost level.
 *
 * Broadcasting is undone once, here: a rule may return an input cotangent of the output's broadcast shape
 * and the engine sums it back to the input's shape ("unbroadcasting").
 * @internal
 * @module
 */
import { withoutClaims } from '../core/donation.js';
import { isFloat } from '../core/dtype.js';
import { type Tensor, type TraceNode, traceOf, withNode } from '../core/Tensor.js';

/**
 * A primitive operation: the unit that autodiff knows. `vjp` maps the output cotangent to one cotangent
 * per input (`null` for none); it may return a cotangent of the broadcast output shape for an input that was
 * broadcast (the engine sums it back once), and of another float dtype (the engine casts it). `vjp: null`
 * marks a primitive with no derivative (comparisons, `floor`, `argmax`…): its outputs are never traced.
 *
 * The optional last argument `needed[i]` is false when input `i` cannot receive a gradient (it is a
 * constant of the trace: data, a label, a closed-over value); a rule may then skip that cotangent and return
 * `null` for it, e.g. `matmul` need not form `g·Bᵀ` for a data matrix `A`. Rules that ignore it stay correct.
 * @internal
 */
export interface Primitive<P> {
  readonly name: string;
  readonly impl: (inputs: readonly Tensor[], params: P) => Tensor;
  readonly vjp:
    | ((
        g: Tensor,
        inputs: readonly Tensor[],
        out: Tensor,
        params: P,
        needed: readonly boolean[],
      ) => ReadonlyArray<Tensor | null>)
    | null;
}

/**
 * A trace node as the engine makes it: with the trace depth it was recorded at. A node recorded at depth
 * `d` cannot depend on the leaves of a trace that started deeper than `d` (those did not exist yet), so
 * the reverse pass of a trace at level `L` never walks below level `L` (the enclosing traces' graphs).
 * @internal
 */
export interface EngineNode extends TraceNode {
  readonly level: number;
}

/** The trace depth a node was recorded at. @internal */
export const levelOf = (node: TraceNode): number => (node as EngineNode).level;

/** Declares a primitive; the type requires a rule (or an explicit `null`) for each one. @internal */
export function definePrimitive<P = undefined>(def: Primitive<P>): Primitive<P> {
  return Object.freeze(def);
}

/** Number of traces currently running (dynamic scope; restored on exit). */
let depth = 0;

/** True while some gradient trace is running. @internal */
export const isTracing = (): boolean => depth > 0;

/** Number of nested gradient traces running (0 outside any). @internal */
export const traceDepth = (): number => depth;

/** Runs `fn` one trace level deeper. @internal */
export function inTrace<T>(fn: () => T): T {
  depth++;
  try {
    return withoutClaims(fn);
  } finally {
    depth--;
  }
}

/** True when `t` must be followed (exported for the reverse pass) by the reverse pass: traced and floating point. */
export const isTraced = (t: Tensor): boolean => traceOf(t) !== undefined && isFloat(t.dtype);

/**
 * Applies a primitive: runs its implementation and, while tracing with a traced input, records a node.
 * @internal
 */
export function bind<P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor {
  const out = prim.impl(inputs, params);
  if (depth === 0 || prim.vjp === null || !isFloat(out.dtype)) return out;
  let traced = false;
  for (let i = 0; i < inputs.length; i++) {
    if (isTraced(inputs[i]!)) {
      traced = true;
      break;
    }
  }
  if (!traced) return out;
  const node = new PrimitiveNode(prim.name, depth, inputs, prim.vjp, params);
  const traced0 = withNode(out, { node, index: 0 });
  node.outputs.push(traced0);
  return traced0;
}

type Rule<P> = NonNullable<Primitive<P>['vjp']>;

/**
 * The node `bind` records: one output, the primitive's rule and parameters. A class rather than an object
 * with a closure, so that recording allocates less and every such node has one shape.
 */
class PrimitiveNode<P> implements EngineNode {
  readonly name: string;
  readonly level: number;
  readonly inputs: readonly Tensor[];
  readonly outputs: Tensor[] = [];
  readonly #rule: Rule<P>;
  readonly #params: P;

  constructor(name: string, level: number, inputs: readonly Tensor[], rule: Rule<P>, params: P) {
    this.name = name;
    this.level = level;
    this.inputs = inputs;
    this.#rule = rule;
    this.#params = params;
  }

  pullback(cts: ReadonlyArray<Tensor | null>): ReadonlyArray<Tensor | null> {
    const g = cts[0];
    const inputs = this.inputs;
    if (!g) return inputs.map(() => null);
    return this.#rule(g, inputs, this.outputs[0]!, this.#params, inputs.map(isTraced));
  }
}

/**
 * Records a node with several outputs (used by `customVjp`). Returns the traced outputs. @internal
 */
export function recordMulti(
  name: string,
  inputs: readonly Tensor[],
  outs: readonly Tensor[],
  pullback: TraceNode['pullback'],
): Tensor[] {
  const outputs: Tensor[] = [];
  const node: EngineNode = { name, level: depth, inputs, outputs, pullback };
  outs.forEach((o, index) => outputs.push(isFloat(o.dtype) ? withNode(o, { node, index }) : o));
  return outputs;
}

/** True when some tensor of the list is traced. @internal */
export const anyTraced = (ts: readonly Tensor[]): boolean => depth > 0 && ts.some(isTraced);

/**
 * Creates a trace leaf for `x`: a node whose pullback passes the cotangent through to `x`. `level` is the
 * depth of the trace it belongs to (one more than the current depth when it is made before `inTrace`).
 * @internal
 */
export function makeLeaf(x: Tensor, tag: symbol, level: number): Tensor {
  const outputs: Tensor[] = [];
  const node: EngineNode = {
    name: 'leaf',
    level,
    inputs: [x],
    outputs,
    pullback: (cts) => [cts[0] ?? null],
    leafOf: tag,
  };
  const leaf = withNode(x, { node, index: 0 });
  outputs.push(leaf);
  return leaf;
}
