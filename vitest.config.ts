import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests that spawn bin/snapsim.js test the sources (through tsx), never a dist/ left by a build.
    env: { SNAPSIM_SOURCE: '1' },
  },
});
