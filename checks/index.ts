import type { CheckDef } from '../src/types.js';

// lint (issue #2). Keep one import per line; order here is report order within the stage.
import yamlSyntax from './yaml-syntax.js';
// registry (issue #3)
import imageSet from './image-set.js';
import registryTls from './registry-tls.js';
import registryAuth from './registry-auth.js';
import imageAvailable from './image-available.js';
// health (issue #4)

export const ALL_CHECKS: CheckDef[] = [
  // lint
  yamlSyntax,
  // registry
  imageSet,
  registryTls,
  registryAuth,
  imageAvailable,
  // health
];
