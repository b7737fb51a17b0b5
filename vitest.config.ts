import { defineConfig } from 'vitest/config';

// Tests sit beside the code as x.test.ts; test/ holds cross-package suites.
export default defineConfig({
  test: {
    include: ['{core,sim,instrumentation,collector,analyzer,cli,bench,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
