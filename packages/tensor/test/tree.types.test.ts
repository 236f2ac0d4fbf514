/**
 * Type-level tests of the pytree functions (checked by `tsc -p tsconfig.json`, which includes the tests; the
 * runtime assertions make each case also a value test).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { add, scalar, type Tensor, tensor, tree } from '../src/index.js';

interface Params {
  w: Tensor;
  b: [Tensor];
}

const params: Params = { w: tensor([1, 2]), b: [scalar(3)] };

describe('tree types', () => {
  it('map over { w: Tensor, b: [Tensor] } returning tensors keeps the type', () => {
    const out = tree.map((x) => add(x, 1), params);
    expectTypeOf(out).toEqualTypeOf<{ w: Tensor; b: [Tensor] }>();
    expectTypeOf(out).toMatchTypeOf<Params>();
    expect(out.b[0].item()).toBe(4);
  });

  it('map returning numbers gives { w: number, b: [number] }', () => {
    const sizes = tree.map((x) => x.size, params);
    expectTypeOf(sizes).toEqualTypeOf<{ w: number; b: [number] }>();
    expect(sizes).toEqual({ w: 2, b: [1] });
  });

  it('rest trees must have the type of the first; f gets tensors', () => {
    const sum = tree.map(
      (x, y) => {
        expectTypeOf(x).toEqualTypeOf<Tensor>();
        return add(x, y!);
      },
      params,
      params,
    );
    expectTypeOf(sum).toEqualTypeOf<{ w: Tensor; b: [Tensor] }>();
    // @ts-expect-error a rest tree of another structure is a type error
    expect(() => tree.map((x) => x, params, { w: scalar(1) })).toThrow();
  });

  it('static values, readonly containers, optional and nullable members keep their types', () => {
    const t = {
      name: 'dense' as const,
      units: 3,
      layers: [{ kernel: scalar(1) }, { kernel: scalar(2) }] as readonly { readonly kernel: Tensor }[],
      pair: [scalar(1), 2] as const,
      maybe: null as Tensor | null,
    };
    const m = tree.map((x) => x.rank, t);
    expectTypeOf(m).toEqualTypeOf<{
      name: 'dense';
      units: number;
      layers: { kernel: number }[];
      pair: [number, 2];
      maybe: number | null;
    }>();
    expect(m.pair).toEqual([0, 2]);
  });

  it('a bare tensor maps to R; leaves and flatten give tensors', () => {
    expectTypeOf(tree.map((x) => x.size > 1, scalar(1))).toEqualTypeOf<boolean>();
    expectTypeOf(tree.leaves(params)).toEqualTypeOf<Tensor[]>();
    expectTypeOf(tree.flatten(params)).toEqualTypeOf<[Tensor[], tree.TreeDef]>();
    expectTypeOf(
      tree.unflatten<Params>(tree.flatten(params)[1], [scalar(0), scalar(1)]),
    ).toEqualTypeOf<Params>();
    expectTypeOf(tree.structureEqual).returns.toEqualTypeOf<boolean>();
  });

  it('MapTree distributes over unions and stops at tensors', () => {
    expectTypeOf<tree.MapTree<Tensor | undefined, number>>().toEqualTypeOf<number | undefined>();
    expectTypeOf<tree.MapTree<{ a?: Tensor }, string>>().toEqualTypeOf<{ a?: string }>();
    expectTypeOf<tree.MapTree<Tensor[], Tensor>>().toEqualTypeOf<Tensor[]>();
    expect(true).toBe(true);
  });
});
