import { defineConfig } from 'vitest/config';

/**
 * `npm run test:package`: the package as a user installs it. One global setup packs this repository
 * and installs the tarball (with tslab) into a new empty project; then the consumer smoke test and
 * every notebook run there, one file at a time (CPU heavy). Fails — never skips — when Jupyter is
 * missing, naming the command that installs it. `.ci/run` runs it after `npm test`.
 */
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts', 'tests/notebooks/execute.test.ts'],
    globalSetup: ['tests/package/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
