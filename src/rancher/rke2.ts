/**
 * RKE2 releases: the K3s registry code each one embeds and its rendering mode (docs/registry-modes.md).
 * RKE2 runs K3s' agent code (pkg/agent/containerd) from the k3s-io/k3s commit its go.mod pins, so a
 * node's mode is the mode of that code. data/rke2-releases.json is derived by
 * scripts/gen-rke2-releases.mjs from rancher/rke2's go.mod and Dockerfile at every GA tag; the mode
 * boundaries it applies are cited there (rke2#5298-5301, k3s#9341, rke2#5658/#5721/#5722).
 */
import data from '../../data/rke2-releases.json' with { type: 'json' };
import type { RegistryMode } from '../endpoint.js';
import { compareVersions, parseVersion, type K3sFeatures } from './releases.js';

/** Mode C (k3s#9839: top-level TLS without a [host] tree) is shipped by RKE2 but not modelled here. */
export type Rke2Mode = RegistryMode | 'C';

export interface Rke2Release {
  version: string;
  commit: string;
  k3s: { module: string; version: string; commit: string | null; date: string | null; branch: string | null };
  containerd: string | null;
  mode: Rke2Mode;
}

interface Rke2File {
  schema: number;
  releases: Rke2Release[];
}

export const RKE2_RELEASES: readonly Rke2Release[] = (data as unknown as Rke2File).releases;

/** `v1.28.9+rke2r1` (the `v` optional); anything else is not an RKE2 version. */
export const RKE2_VERSION = /^v?(\d+)\.(\d+)\.(\d+)\+rke2r(\d+)$/;

export function findRke2(version: string): Rke2Release | undefined {
  const m = RKE2_VERSION.exec(version.trim());
  if (!m) return undefined;
  const norm = `v${m[1]}.${m[2]}.${m[3]}+rke2r${m[4]}`;
  return RKE2_RELEASES.find((r) => r.version === norm);
}

/** The K3s code of a release, as messages name it: `release-1.28@289a1a3edbc0` (or the module version). */
export function rke2K3sLabel(r: Rke2Release): string {
  return r.k3s.commit ? `${r.k3s.branch ?? 'k3s'}@${r.k3s.commit}` : r.k3s.version;
}

export type Rke2Lookup =
  | { kind: 'known'; release: Rke2Release; features: K3sFeatures }
  /** In the table, in a mode this tool does not model (C): mode-dependent checks do not judge. */
  | { kind: 'unmodelled'; release: Rke2Release; mode: Rke2Mode }
  | { kind: 'unknown'; version: string };

export function lookupRke2(version: string): Rke2Lookup {
  const r = findRke2(version);
  if (!r) return { kind: 'unknown', version };
  if (r.mode === 'C') return { kind: 'unmodelled', release: r, mode: r.mode };
  const v = parseVersion(r.version)!;
  return {
    kind: 'known',
    release: r,
    features: {
      rancher: r.version,
      release: `RKE2 ${r.version}`,
      k3s: rke2K3sLabel(r),
      mode: r.mode,
      containerd: r.containerd,
      // Feature gates of the K3s minor the RKE2 minor pins (DOMAIN §1.2); RKE2 started at v1.18.
      rewrite: compareVersions(v, { major: 1, minor: 21, patch: 0 }) >= 0,
      insecureSkipVerify: compareVersions(v, { major: 1, minor: 19, patch: 1 }) >= 0,
      lastDefaultEndpointBug: r.mode === 'B',
    },
  };
}

/** First and last RKE2 versions of the table, for "not in the table" messages. */
export function rke2Range(): { first: string; last: string } {
  return { first: RKE2_RELEASES[0]!.version, last: RKE2_RELEASES[RKE2_RELEASES.length - 1]!.version };
}

/** RegistryProbeFact.modeSource when --rke2-version gave no modelled mode. */
export const MODE_SOURCE_UNKNOWN = 'unknown' as const;
