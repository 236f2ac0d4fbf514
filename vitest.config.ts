import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One run over every workspace member (each has its own `vitest.config.ts`), closed by one summary line
 * `N passed, N failed` that `.ci/run` ends with.
 */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling'],
    reporters: ['default', './tooling/vitest/summaryReporter.ts'],
    // Vitest's default (cores − 1) is a single worker on a 2-core machine; the repository-wide tests spend
    // most of their time waiting on child processes (tsc, turbo, attw), so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
