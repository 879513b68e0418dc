import type { ProbeDef } from '../facts.js';

/** Registry stage probes (issue #3). Empty until the registry probe lands. */
export function registryProbes(): ProbeDef[] {
  return [];
}
