import { defineConfig } from 'vitest/config';

/**
 * Shared Vitest settings for every workspace member. Tests resolve workspace packages to their
 * TypeScript sources through the `@stepwise/source` export condition, so `pnpm test` needs no build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@stepwise/source'] },
  ssr: { resolve: { conditions: ['@stepwise/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
