import { isTensor, type Tensor, TensorError, tree } from '@stepwise/tensor';
import { readBuffer } from '@stepwise/tensor/kernel';

/** The norm of one gradient leaf. @category diagnostics @since 0.1.0 */
export interface LeafNorm {
  /** Path of the leaf inside its layer (`kernel`, `bias`, `cell.kernel`, …; `''` for a bare tensor). */
  readonly path: string;
  /** L2 norm of the leaf. */
  readonly norm: number;
  /** Root mean square of the leaf's elements (`norm / √size`), comparable across layer sizes. */
  readonly rms: number;
  /** Number of elements. */
  readonly size: number;
}

/**
 * The gradient norm of one layer (one entry of the params array or object).
 * @category diagnostics
 * @since 0.1.0
 */
export interface LayerNorm {
  /** `index:kind` for an array entry (`0:dense`), the key for an object entry, `''` for a bare tensor. */
  readonly label: string;
  /** L2 norm over the layer's leaves (0 for a layer without parameters). */
  readonly norm: number;
  /** Its leaves, in `tree.flatten` order. */
  readonly leaves: readonly LeafNorm[];
}

/** What {@link gradientNorms} returns. @category diagnostics @since 0.1.0 */
export interface GradientNorms {
  /** Global L2 norm over every leaf (what `clipByGlobalNorm` compares). */
  readonly global: number;
  /** One entry per layer. */
  readonly layers: readonly LayerNorm[];
}

/** Options of {@link gradientNorms}. @category diagnostics @since 0.1.0 */
export interface GradientNormsOptions {
  /** Layer kinds to use in labels, by position (e.g. `['dense', 'relu', 'batchNorm', 'dense']`). */
  readonly names?: readonly string[];
}

/** Sum of squares of a leaf, accumulated in float64. */
function sumSquares(t: Tensor): number {
  const b = readBuffer(t);
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    const v = b[i]!;
    s += v * v;
  }
  return s;
}

/** A guess of the layer kind from its parameter names (Keras names). */
function kindOf(p: unknown): string {
  if (isTensor(p)) return 'tensor';
  if (Array.isArray(p)) return 'sequential';
  if (typeof p !== 'object' || p === null) return 'none';
  const keys = Object.keys(p);
  if (keys.length === 0) return 'none';
  if (keys.includes('recurrentKernel')) return 'simpleRnn';
  if (keys.includes('kernel')) return 'dense';
  if (keys.includes('gamma') || keys.includes('beta')) return 'norm';
  return keys.sort().join('+');
}

/** Norms of every leaf of a subtree, with paths relative to it. */
function leafNorms(sub: unknown): LeafNorm[] {
  const out: LeafNorm[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isTensor(node)) {
      const s = sumSquares(node);
      out.push({
        path,
        norm: Math.sqrt(s),
        rms: node.size === 0 ? 0 : Math.sqrt(s / node.size),
        size: node.size,
      });
    } else if (Array.isArray(node)) {
      node.forEach((c, i) => walk(c, `${path}[${i}]`));
    } else if (typeof node === 'object' && node !== null) {
      for (const k of Object.keys(node).sort())
        walk((node as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
    }
  };
  walk(sub, '');
  return out;
}

const layerOf = (label: string, sub: unknown): LayerNorm => {
  const leaves = leafNorms(sub);
  return { label, norm: Math.sqrt(leaves.reduce((a, l) => a + l.norm * l.norm, 0)), leaves };
};

/**
 * Per-layer gradient norms, to see vanishing and exploding gradients at a glance. For the gradients of
 * a `sequential` model (an array with one entry per layer) there is one entry per layer, labelled
 * `index:kind` (`0:dense`, `1:none` for a layer without parameters, `2:norm`; the kind is guessed from
 * the parameter names, or taken from `options.names`); for an object, one entry per key; for a single
 * tensor, one entry. Each entry has the layer's L2 norm and its leaves' norms and RMS. Norms are
 * accumulated in float64.
 *
 * Typical reading: norms shrinking by orders of magnitude towards the first layers mean vanishing
 * gradients; a huge or non-finite norm, exploding ones (clip with `clipByGlobalNorm`).
 *
 * @param grads - Gradients (e.g. `grad(loss)(params)`), a pytree of tensors.
 * @param options - {@link GradientNormsOptions}.
 * @returns {@link GradientNorms}.
 * @throws TensorError `INVALID_ARGUMENT` for a value that is not a pytree.
 * @example
 * ```ts
 * const { layers } = gradientNorms(grads);
 * layers.map((l) => `${l.label} ${l.norm.toExponential(2)}`);
 * // ['0:dense 3.1e-1', '1:none 0.00e+0', '2:dense 8.4e-1']
 * ```
 * @see Keras/TensorBoard gradient histograms, PyTorch `clip_grad_norm_` (returns only the global norm).
 * @category diagnostics
 * @since 0.1.0
 */
export function gradientNorms(grads: unknown, options: GradientNormsOptions = {}): GradientNorms {
  tree.flatten(grads); // validates (throws naming the path of an unsupported node)
  const names = options.names;
  let layers: LayerNorm[];
  if (isTensor(grads)) layers = [layerOf('', grads)];
  else if (Array.isArray(grads)) layers = grads.map((g, i) => layerOf(`${i}:${names?.[i] ?? kindOf(g)}`, g));
  else if (typeof grads === 'object' && grads !== null) {
    layers = Object.keys(grads)
      .sort()
      .map((k) => layerOf(k, (grads as Record<string, unknown>)[k]));
  } else if (grads === null || grads === undefined) layers = [];
  else
    throw new TensorError(
      'INVALID_ARGUMENT',
      'gradientNorms',
      `expects a pytree of tensors, got ${typeof grads}`,
    );
  const global = Math.sqrt(layers.reduce((a, l) => a + l.norm * l.norm, 0));
  return { global, layers };
}
