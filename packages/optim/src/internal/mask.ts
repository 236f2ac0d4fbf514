/**
 * Masks: which leaves a transformation applies to.
 * @internal
 * @module
 */
import type { tree } from '@stepwise/tensor';
import { OptimError } from '../OptimError.js';
import { fmtValue } from './fmt.js';

/**
 * A mask: a tree of booleans with the structure of the params, or a prefix of it (a boolean at a subtree
 * applies to all of its leaves). `true` means the transformation applies to that leaf.
 * @category combinators
 * @since 0.1.0
 */
export type MaskTree = boolean | readonly MaskTree[] | { readonly [key: string]: MaskTree };

/**
 * A mask, or a function computing one from the params (or updates) tree, as Optax accepts.
 * @category combinators
 * @since 0.1.0
 */
export type Mask = MaskTree | ((params: unknown) => MaskTree);

/** One boolean per leaf of `def`, from a mask tree (or prefix). */
export function maskFlags(op: string, mask: Mask, t: unknown, def: tree.TreeDef): boolean[] {
  const m = typeof mask === 'function' ? mask(t) : mask;
  const out: boolean[] = [];
  const fill = (d: tree.TreeDef, value: boolean): void => {
    if (d.kind === 'leaf') out.push(value);
    else if (d.kind === 'array' || d.kind === 'object') for (const c of d.children) fill(c, value);
  };
  const walk = (d: tree.TreeDef, mk: unknown, path: string): void => {
    if (typeof mk === 'boolean') {
      fill(d, mk);
      return;
    }
    const where = path === '' ? 'the mask' : `mask at ${path}`;
    switch (d.kind) {
      case 'static':
        return;
      case 'leaf':
        throw new OptimError(
          'STRUCTURE_MISMATCH',
          op,
          `${where} must be a boolean for a tensor leaf, got ${fmtValue(mk)}`,
        );
      case 'array':
        if (!Array.isArray(mk) || mk.length !== d.children.length) {
          throw new OptimError(
            'STRUCTURE_MISMATCH',
            op,
            `${where} must be a boolean or an array of ${d.children.length} masks, got ${fmtValue(mk)}`,
          );
        }
        d.children.forEach((c, i) => walk(c, mk[i], `${path}[${i}]`));
        return;
      case 'object': {
        if (typeof mk !== 'object' || mk === null || Array.isArray(mk)) {
          throw new OptimError(
            'STRUCTURE_MISMATCH',
            op,
            `${where} must be a boolean or an object with keys ${d.keys.join(', ')}, got ${fmtValue(mk)}`,
          );
        }
        const rec = mk as Record<string, unknown>;
        const extra = Object.keys(rec).filter((k) => !d.keys.includes(k));
        if (extra.length > 0) {
          throw new OptimError(
            'STRUCTURE_MISMATCH',
            op,
            `${where} has keys ${extra.join(', ')} that the params do not have`,
          );
        }
        d.keys.forEach((k, i) => {
          if (!(k in rec)) {
            throw new OptimError(
              'STRUCTURE_MISMATCH',
              op,
              `mask has no entry for ${path === '' ? k : `${path}.${k}`}`,
            );
          }
          walk(d.children[i]!, rec[k], path === '' ? k : `${path}.${k}`);
        });
        return;
      }
    }
  };
  walk(def, m, '');
  return out;
}

/** True when `u` is a mask tree (booleans in plain arrays and objects) or a function. */
export function isMask(u: unknown): u is Mask {
  if (typeof u === 'function' || typeof u === 'boolean') return true;
  if (Array.isArray(u)) return u.every(isMask);
  if (typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype) {
    return Object.values(u).every((v) => typeof v !== 'function' && isMask(v));
  }
  return false;
}
