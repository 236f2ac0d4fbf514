import { defineConfig } from 'vitest/config';

/**
 * One run over every workspace member (each has its own `vitest.config.ts`), closed by one summary line
 * `N passed, N failed` that `.ci/run` ends with.
 */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling'],
    reporters: ['default', './tooling/vitest/summaryReporter.ts'],
  },
});
