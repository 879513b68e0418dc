import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Set by scripts/bundle.mjs (esbuild `define`) in the single-file bundle and therefore in the SEA
 * binary: neither has a package.json or a .git beside it.
 */
declare const __AIRGAP_PREFLIGHT_BUILD__: { version: string; commit: string | null } | undefined;

interface BuildInfo {
  version: string;
  commit: string | null;
}

let cached: BuildInfo | null = null;

/** Version from the bundle's constant, else from package.json and .git of the checkout this file runs from. */
export function buildInfo(): BuildInfo {
  if (cached) return cached;
  if (typeof __AIRGAP_PREFLIGHT_BUILD__ !== 'undefined') return (cached = __AIRGAP_PREFLIGHT_BUILD__);
  let version = '0.0.0';
  let commit: string | null = null;
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const rel of ['../..', '..']) {
      const root = path.join(here, rel);
      try {
        const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name !== 'airgap-preflight' || !pkg.version) continue;
        version = pkg.version;
        commit = gitCommit(path.join(root, '.git'));
        break;
      } catch {
        /* try the next location */
      }
    }
  } catch {
    /* fall through */
  }
  return (cached = { version, commit });
}

/** Reads HEAD without spawning git, so `lint` start-up stays cheap. Short hash, or null outside a checkout. */
function gitCommit(dotGit: string): string | null {
  try {
    let gitDir = dotGit;
    let commonDir = dotGit;
    // A worktree's .git is a file naming its git dir, whose `commondir` holds the shared refs.
    if (!statSync(dotGit).isDirectory()) {
      const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!target) return null;
      gitDir = path.resolve(path.dirname(dotGit), target);
      try {
        commonDir = path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
      } catch {
        commonDir = gitDir;
      }
    }
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head.slice(0, 7) : null;
    try {
      return readFileSync(path.join(commonDir, ref), 'utf8').trim().slice(0, 7);
    } catch {
      const packed = readFileSync(path.join(commonDir, 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
      return line ? line.slice(0, 7) : null;
    }
  } catch {
    return null;
  }
}

/** Package version (semver only; this is what reports and saved facts carry). */
export function toolVersion(): string {
  return buildInfo().version;
}

/** What `--version` prints: `0.1.0 (abc1234)`, or just the version when the commit is unknown. */
export function versionLine(): string {
  const { version, commit } = buildInfo();
  return commit ? `${version} (${commit})` : version;
}
