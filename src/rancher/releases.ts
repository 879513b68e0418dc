/**
 * Per-release facts for a docker install of Rancher: K3s version, registry rendering mode, containerd version and
 * the images the local cluster pulls. The data is derived from Rancher's own repositories by
 * scripts/gen-releases.mjs (every cell names its source repo, path and commit) and stored in data/releases.json;
 * it supersedes DOMAIN.md Appendix A where they differ (see the file's `notes`).
 */
import data from '../../data/releases.json' with { type: 'json' };
import type { RegistryMode } from '../endpoint.js';

export interface CellSource {
  repo: string;
  path: string;
  commit: string | null;
  tag?: string;
  derived?: string;
  readVia?: string;
  url?: string;
}

export interface ReleaseImage {
  repo: string;
  /** null: the generator could not derive the tag; `unknown` says why. Such an image is never reported as checked. */
  tag: string | null;
  unknown?: string;
  /** Image references outside the system default registry that could be pulled instead (unknown cells). */
  candidates?: string[];
  chart?: string;
  rule?: string;
  note?: string;
  workload?: string;
  source?: CellSource;
}

export interface ReleaseRow {
  version: string;
  commit: string;
  date: string;
  k3s: string;
  mode: RegistryMode;
  containerd: { version: string; source: CellSource } | null;
  chartBranch: string;
  images: ReleaseImage[];
}

interface ReleasesFile {
  schema: number;
  notes: string[];
  releases: ReleaseRow[];
}

const FILE = data as unknown as ReleasesFile;
export const RELEASES: readonly ReleaseRow[] = FILE.releases;
export const RELEASE_NOTES: readonly string[] = FILE.notes;

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): SemVer | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function findRelease(version: string): ReleaseRow | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  const norm = `v${v.major}.${v.minor}.${v.patch}`;
  return RELEASES.find((r) => r.version === norm);
}

export function knownVersions(): string[] {
  return RELEASES.map((r) => r.version);
}

/** The known releases just below and just above `version` (either null at the ends), for "not in the table" messages. */
export function nearestVersions(version: string): { below: string | null; above: string | null } {
  const v = parseVersion(version);
  if (!v) return { below: null, above: null };
  let below: string | null = null;
  let above: string | null = null;
  for (const r of RELEASES) {
    const d = compareVersions(parseVersion(r.version)!, v);
    if (d < 0) below = r.version;
    else if (d > 0 && above === null) above = r.version;
  }
  return { below, above };
}

/** Message arguments for a version not in the table; image-set and rancher-version both use them (one wording of the facts). */
export function unknownVersionArgs(version: string): { version: string; first: string; last: string; nearest: string; below: string | null; above: string | null } {
  const { below, above } = nearestVersions(version);
  const known = knownVersions();
  return { version, first: known[0]!, last: known[known.length - 1]!, nearest: [below, above].filter(Boolean).join(', ') || known[known.length - 1]!, below, above };
}

/** K3s facts that gate registries.yaml features (DOMAIN §1.2, §2.1). */
export interface K3sFeatures {
  /** The Rancher version (or, for an RKE2 node, the RKE2 version). */
  rancher: string;
  /** The release as messages name it: `Rancher v2.8.5` or `RKE2 v1.28.9+rke2r1`. */
  release: string;
  k3s: string;
  mode: RegistryMode;
  /** containerd embedded in that K3s (null where no primary source was recorded). */
  containerd: string | null;
  /** `mirrors.*.rewrite` exists from K3s v1.21.0. */
  rewrite: boolean;
  /** `tls.insecure_skip_verify` exists from K3s v1.19.1. */
  insecureSkipVerify: boolean;
  /** K3s certs.d mode B: default endpoint listed last disables the mirror (k3s#9341). */
  lastDefaultEndpointBug: boolean;
}

export function featuresFor(version: string): K3sFeatures | null {
  const row = findRelease(version);
  if (!row) return null;
  const k3s = parseVersion(row.k3s)!;
  return {
    rancher: row.version,
    release: `Rancher ${row.version}`,
    k3s: row.k3s,
    mode: row.mode,
    containerd: row.containerd?.version ?? null,
    rewrite: compareVersions(k3s, { major: 1, minor: 21, patch: 0 }) >= 0,
    insecureSkipVerify: compareVersions(k3s, { major: 1, minor: 19, patch: 1 }) >= 0,
    lastDefaultEndpointBug: row.mode === 'B',
  };
}
