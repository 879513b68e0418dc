/** setupFiles of vitest.node.config.ts: every real-node test file fails at once outside a loopback-only network namespace. */
import { beforeAll } from 'vitest';
import { requireLoopbackOnlyNetns } from './netns.js';

beforeAll(() => {
  requireLoopbackOnlyNetns();
});
