import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Package version; the bundle and the SEA build replace this file's lookup with a constant. */
export function toolVersion(): string {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const rel of ['../../package.json', '../package.json']) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(here, rel), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'airgap-preflight' && pkg.version) return pkg.version;
      } catch {
        /* try the next location */
      }
    }
  } catch {
    /* fall through */
  }
  return '0.0.0';
}
