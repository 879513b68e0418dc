import { configDefaults, defineConfig } from 'vitest/config';

/** The real-node tests: run by vitest.node.config.ts inside a loopback-only network namespace, never here. */
export const NODE_TESTS = 'test/kube-node*.test.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, NODE_TESTS],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real registries and a real Docker Engine are started by the tests; two cores, so keep files few at once.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: '.tmp/vitest.json' }]],
  },
});
