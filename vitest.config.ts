import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // e2e and integration tests own real ports and browsers; keep them from fighting over 2 cores
    fileParallelism: true,
    maxWorkers: 2,
  },
});
