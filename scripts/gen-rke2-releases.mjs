#!/usr/bin/env node
/**
 * Derives data/rke2-releases.json: for every GA RKE2 tag, the K3s code it embeds and the K3s registry
 * rendering mode that code has (docs/registry-modes.md).
 *
 *   node scripts/gen-rke2-releases.mjs /path/to/rancher-rke2.git > data/rke2-releases.json
 *
 * Reads, with git, from a clone of github.com/rancher/rke2 (nothing of it is copied):
 * - `go.mod` at the tag: the `github.com/k3s-io/k3s` (older: `github.com/rancher/k3s`) requirement, a Go
 *   pseudo-version `vX.Y.Z-<pre>.<yyyymmddhhmmss>-<commit12>` with the branch named in its comment;
 * - `Dockerfile` at the tag: the `rancher/hardened-containerd:<version>` image RKE2 ships containerd from.
 *
 * RKE2 runs K3s' agent code (pkg/agent/containerd, the templates), so the K3s commit decides the mode.
 * RKE2 pins K3s commits, not K3s tags, so the mode boundaries are RKE2 versions, each validated by the
 * RKE2 QA comment cited in BOUNDARIES.
 */
import { execFileSync } from 'node:child_process';

const repo = process.argv[2];
if (!repo) {
  process.stderr.write('usage: gen-rke2-releases.mjs RKE2_GIT_DIR\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

/**
 * First RKE2 patch of each minor in a mode (the modes of DOMAIN §2.1). A minor not listed here is
 * in mode A below BOUNDARY_MIN_D and in mode D from it.
 */
const BOUNDARIES = {
  // certs.d/hosts.toml, first implementation: rancher/rke2#5298 (master, v1.29.1-rc2+rke2r1), #5299 (v1.28.6-rc2+rke2r1),
  // #5300 (v1.27.10-rc2+rke2r1), #5301 (v1.26.13-rc2+rke2r1), "Track containerd registry changes from K3s",
  // all validated 2024-01-30 (K3s: k3s-io/k3s#5568/#9126/#9127/#9128, shipped there as the +k3s2 respins).
  B: { '1.26': 13, '1.27': 10, '1.28': 6, '1.29': 1 },
  // k3s-io/k3s#9341 corner-case fixes (backports #9637/#9638, validated on K3s v1.27.12-rc1+k3s1) without the
  // empty [host] tree: the pin of the March 2024 RKE2 releases (k3s commits dated 2024-03-13).
  C: { '1.26': 15, '1.27': 12, '1.28': 8, '1.29': 3 },
  // k3s-io/k3s#9853 (empty [host] base table, fix of k3s#9839): rancher/rke2#5658 (master, v1.29.4-rc1+rke2r1),
  // #5721 (v1.28.9-rc1+rke2r1), #5722 (v1.27.13-rc1+rke2r1), validated 2024-04-19. RKE2 1.26 ended at v1.26.15.
  D: { '1.27': 13, '1.28': 9, '1.29': 4 },
};
const BOUNDARY_MIN_D = [1, 30];

function modeOf(major, minor, patch) {
  const key = `${major}.${minor}`;
  if (major > BOUNDARY_MIN_D[0] || (major === BOUNDARY_MIN_D[0] && minor >= BOUNDARY_MIN_D[1])) return 'D';
  for (const mode of ['D', 'C', 'B']) {
    const first = BOUNDARIES[mode][key];
    if (first !== undefined && patch >= first) return mode;
  }
  return 'A';
}

const tags = git('tag', '--list', 'v*')
  .split('\n')
  .map((t) => t.trim())
  .filter((t) => /^v\d+\.\d+\.\d+\+rke2r\d+$/.test(t));
const parsed = tags
  .map((t) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)\+rke2r(\d+)$/.exec(t);
    return { tag: t, v: m.slice(1).map(Number) };
  })
  .sort((a, b) => a.v[0] - b.v[0] || a.v[1] - b.v[1] || a.v[2] - b.v[2] || a.v[3] - b.v[3]);

const releases = [];
for (const { tag, v } of parsed) {
  const commit = git('rev-list', '-n', '1', tag).trim();
  let gomod;
  try {
    gomod = git('show', `${tag}:go.mod`);
  } catch {
    continue;
  }
  // The require line (not the replace): `github.com/k3s-io/k3s v1.27.11-0.20240202025217-823eb2361a78 // release-1.27`.
  const req = /^\s*github\.com\/(k3s-io|rancher)\/k3s (v[^\s]+)(?:\s*\/\/\s*(\S+))?\s*$/m.exec(gomod);
  if (!req) continue;
  const pseudo = /-(?:[0-9A-Za-z.]*\.)?(\d{14})-([0-9a-f]{12})$/.exec(req[2]);
  let containerd = null;
  try {
    const df = git('show', `${tag}:Dockerfile`);
    const c = /rancher\/hardened-containerd:(v\d+\.\d+\.\d+)/.exec(df);
    if (c) containerd = c[1];
  } catch {
    /* no Dockerfile at this tag */
  }
  releases.push({
    version: tag,
    commit,
    k3s: {
      module: `github.com/${req[1]}/k3s`,
      version: req[2],
      commit: pseudo ? pseudo[2] : null,
      date: pseudo ? `${pseudo[1].slice(0, 4)}-${pseudo[1].slice(4, 6)}-${pseudo[1].slice(6, 8)}` : null,
      branch: req[3] ?? null,
    },
    containerd,
    mode: modeOf(v[0], v[1], v[2]),
  });
}

process.stdout.write(
  JSON.stringify(
    {
      schema: 1,
      source: 'github.com/rancher/rke2: go.mod (k3s requirement) and Dockerfile (hardened-containerd image) at each GA tag; mode from the boundaries in scripts/gen-rke2-releases.mjs',
      boundaries: BOUNDARIES,
      allDFrom: `v${BOUNDARY_MIN_D.join('.')}`,
      releases,
    },
    null,
    1,
  ) + '\n',
);
