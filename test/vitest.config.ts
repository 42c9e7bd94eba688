import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
const ignored = ['**/node_modules/**', '**/dist/**'];

/**
 * Three projects: `unit` (no services), `integration` (real Redis and DuckDB,
 * files named *.int.test.ts beside the code) and `e2e` (the whole pipeline, test/e2e).
 * Redis is provisioned once per run by the global setup, the same way the demo does it.
 */
const jsonReport = process.env.CWB_TEST_JSON_REPORT;
// A green run prints a line per test file and the summary: each test is listed only when it is
// slow (slowTestThreshold) or fails; logs are silent under vitest unless LOG_LEVEL is set.

export default defineConfig({
  test: {
    root,
    // A root-only option: tests slower than this are listed by name in a green run.
    slowTestThreshold: 30_000,
    // CI sets CWB_TEST_JSON_REPORT to also get a machine-readable report of the same run.
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['packages/**/*.test.ts', 'services/**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          root,
          include: ['packages/**/*.int.test.ts', 'services/**/*.int.test.ts'],
          exclude: ignored,
          globalSetup: ['test/setup/redis.global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          include: ['test/e2e/**/*.test.ts'],
          exclude: ignored,
          globalSetup: ['test/setup/redis.global.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
