import { defineConfig } from 'vitest/config';

// Three projects: pure domain code, the HTTP API and CLI on a real PostgreSQL, and browser flows.
// One PostgreSQL serves the whole run (globalSetup); each test file gets a fresh database cloned from a template.
export default defineConfig({
  test: {
    globalSetup: ['test/setup/global-db.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/domain/**/*.test.ts', 'src/**/*.unit.test.ts', 'web/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'src/db/**/*.test.ts'],
          exclude: ['src/**/*.unit.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
