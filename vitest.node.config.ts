import { defineConfig } from 'vitest/config';
import { NODE_TESTS } from './vitest.config.js';

/**
 * The real-node tests (a kubelet + containerd node, its registries, etcd and kube-apiserver, the CLI under test),
 * run by `npm test` through scripts/netns-run.sh in a loopback-only network namespace (issue #14 part 5). Every
 * file matching NODE_TESTS is one of them; test/support/netns-setup.ts fails each outside such a namespace. One
 * file at a time: two kubelets never run at once.
 */
export default defineConfig({
  test: {
    include: [NODE_TESTS],
    setupFiles: ['test/support/netns-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-node.json' }]],
  },
});
