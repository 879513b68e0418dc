import type { ProbeDef } from '../facts.js';

/** Health stage probes (issue #4). `optional`: under `all`, a missing Docker or container is not a failure. */
export function healthProbes(_opts: { optional?: boolean } = {}): ProbeDef[] {
  return [];
}
