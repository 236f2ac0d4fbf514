import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from './vitest/shared.js';

/**
 * The `tooling` project: repository-wide checks (import cost and isolation of the published packages,
 * lint and typecheck of every workspace member), run by the root `pnpm test` beside the packages' tests.
 */
export default mergeConfig(
  sharedConfig,
  defineProject({ test: { name: 'tooling', include: ['test/**/*.test.ts'], testTimeout: 180_000 } }),
);
