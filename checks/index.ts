import type { CheckDef } from '../src/types.js';

// lint (issue #2). Keep one import per line; order here is report order within the stage.
import yamlSyntax from './yaml-syntax.js';
// registry (issue #3)
// health (issue #4)

export const ALL_CHECKS: CheckDef[] = [
  // lint
  yamlSyntax,
  // registry
  // health
];
