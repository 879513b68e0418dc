// Loads the real-registry test infrastructure (test/support/registry.ts and what it imports:
// pki.ts, token-server.ts, images.ts) for the bench. Those files are TypeScript; esbuild (a
// devDependency) bundles them into one ESM file in the bench's temp dir in ~50 ms, so the bench
// needs no separate compile step and never writes into the source tree.
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @returns {Promise<typeof import('../../test/support/registry.ts')>} */
export async function loadRegistrySupport(root, outDir) {
  const outfile = join(outDir, 'registry-support.mjs');
  await build({
    entryPoints: [join(root, 'test/support/registry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}
