/**
 * Type-level tests of the autodiff transformations: `grad(f)` returns the type of `f`'s first argument,
 * `valueAndGrad` pairs the value with it, `hasAux` threads the aux type through, and extra arguments keep
 * their types. The `expectTypeOf` lines are checked by `tsc -p tsconfig.json` (the workspace typecheck
 * includes the tests); each `@ts-expect-error` line is a wrong type that must stay an error, or `tsc`
 * fails on the unused directive. The last case compiles a wrong assertion with the TypeScript API and
 * checks that it is reported, so these tests can fail.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  add,
  grad,
  jvp,
  mul,
  type random,
  scalar,
  square,
  stopGradient,
  sum,
  type Tensor,
  tensor,
  tree,
  valueAndGrad,
  vjp,
} from '../src/index.js';

interface Params {
  readonly w: Tensor;
  readonly layers: readonly [{ readonly kernel: Tensor; readonly bias: Tensor }];
}

const params: Params = {
  w: tensor([1, 2]),
  layers: [
    {
      kernel: tensor([
        [1, 0],
        [0, 1],
      ]),
      bias: tensor([0, 0]),
    },
  ],
};
const loss = (p: Params): Tensor => sum(square(add(p.w, p.layers[0].bias)));

describe('autodiff types', () => {
  it('grad(f) has the signature of f and returns the parameter type', () => {
    const g = grad(loss);
    expectTypeOf(g).toEqualTypeOf<(x: Params) => Params>();
    const grads = g(params);
    expectTypeOf(grads).toEqualTypeOf<Params>();
    expectTypeOf(grads.layers[0].kernel).toEqualTypeOf<Tensor>();
    expect(tree.structureEqual(grads, params)).toBe(true);
    // @ts-expect-error the gradient of a Params function is not a Tensor
    const wrong: Tensor = g(params);
    expect(wrong).toBeDefined();
  });

  it('grad of a function of a tensor returns a tensor; extra arguments keep their types', () => {
    const f = (x: Tensor, k: number, label: string): Tensor => mul(sum(x), k + label.length);
    const g = grad(f);
    expectTypeOf(g).parameters.toEqualTypeOf<[Tensor, number, string]>();
    expectTypeOf(g).returns.toEqualTypeOf<Tensor>();
    expect(g(tensor([1, 2]), 2, 'ab').data()).toEqual(new Float32Array([4, 4]));
    // @ts-expect-error the second argument is a number
    expect(() => g(tensor([1]), '2', 'ab')).toThrow(/mul/);
  });

  it('grad requires a function returning a Tensor', () => {
    // @ts-expect-error a number-valued function cannot be differentiated
    grad((p: Params) => p.w.size);
  });

  it('valueAndGrad returns [value, grads]; with hasAux, [[value, aux], grads]', () => {
    const vg = valueAndGrad(loss);
    expectTypeOf(vg(params)).toEqualTypeOf<[Tensor, Params]>();

    const withAux = valueAndGrad((p: Params) => [loss(p), { norm: 3, tag: 'x' as const }] as const, {
      hasAux: true,
    });
    const [[value, aux], grads] = withAux(params);
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expectTypeOf(aux).toEqualTypeOf<{ readonly norm: 3; readonly tag: 'x' }>();
    expectTypeOf(grads).toEqualTypeOf<Params>();
    expect(aux.tag).toBe('x');
    // @ts-expect-error hasAux: true needs f to return [value, aux]
    valueAndGrad(loss, { hasAux: true });
  });

  it('vjp and jvp keep the input and output types; stopGradient is the identity type', () => {
    const f = (p: Params): { y: Tensor; z: Tensor } => ({ y: sum(p.w), z: mul(p.w, 2) });
    const [y, pullback] = vjp(f, params);
    expectTypeOf(y).toEqualTypeOf<{ y: Tensor; z: Tensor }>();
    expectTypeOf(pullback).toEqualTypeOf<(cotangent: { y: Tensor; z: Tensor }) => Params>();
    const [out, tangent] = jvp(f, params, params);
    expectTypeOf(out).toEqualTypeOf(tangent);
    expectTypeOf(stopGradient(params)).toEqualTypeOf<Params>();
    expect(out.y.item()).toBe(3);
  });

  it('gradients with respect to a key-carrying tree keep the key type', () => {
    const f = (p: { w: Tensor; key: random.Key }): Tensor => mul(sum(p.w), scalar(2));
    const g = grad(f);
    expectTypeOf(g).returns.toEqualTypeOf<{ w: Tensor; key: random.Key }>();
  });

  it('a wrong type assertion is a compile error (the checks above can fail)', () => {
    const file = join(import.meta.dirname, '__wrong_types__.ts');
    const source = [
      "import { expectTypeOf } from 'vitest';",
      "import { grad, sum, type Tensor } from '../src/index.js';",
      'const g = grad((p: { w: Tensor }) => sum(p.w));',
      'expectTypeOf(g).returns.toEqualTypeOf<Tensor>();',
    ].join('\n');
    const host = ts.createCompilerHost({});
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (f) => (f === file ? source : readFile(f));
    host.fileExists = (f) => f === file || fileExists(f);
    const configPath = join(import.meta.dirname, '..', 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, ts.sys.readFile).config,
      ts.sys,
      join(import.meta.dirname, '..'),
    );
    const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/Tensor/);
  }, 120_000);
});
