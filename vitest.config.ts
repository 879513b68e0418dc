import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real registries and a real Docker Engine are started by the tests; two cores, so keep files few at once.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: '.tmp/vitest.json' }]],
  },
});
