import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the packed package and the notebooks run in their own suite: `npm run test:package` (vitest.package.config.ts)
    exclude: ['tests/package/**', 'tests/notebooks/execute.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
