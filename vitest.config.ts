import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each start servers and workers; two cores, so keep it modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
