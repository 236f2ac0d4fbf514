// @ts-check
/**
 * TypeDoc plugin for the Stepwise reference: names each entry-point module after the import specifier a
 * user writes (`packages/tensor/src/index.ts` → `@stepwise/tensor`, `packages/tensor/src/kernel.ts` →
 * `@stepwise/tensor/kernel`) instead of its path (`tensor/src`).
 */
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      if (mod.parent !== context.project) continue;
      const m = /^(\w+)\/src(?:\/(\w+))?$/.exec(mod.name);
      if (m !== null) mod.name = `@stepwise/${m[1]}${m[2] === undefined ? '' : `/${m[2]}`}`;
    }
  });
}
