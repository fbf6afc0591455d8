import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the packed package and the notebooks run in their own suite: `npm run test:package` (vitest.package.config.ts)
    exclude: ['tests/package/**', 'tests/notebooks/execute.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // the CLI's audit proofs (audit-cache.ts) are not kept in the user's cache by tests; tests that
    // exercise them pass --audit-cache <temporary folder>
    env: { HOMESTART_AUDIT_CACHE: 'off' },
  },
});
