import { defineConfig } from 'vitest/config';

// Tests sit beside the code as x.test.ts; test/ holds cross-package suites.
export default defineConfig({
  test: {
    include: ['{core,sim,instrumentation,collector,analyzer,cli,bench,test}/**/*.test.ts'],
    // Stops the dev Kafka broker at the end if a suite started it (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
