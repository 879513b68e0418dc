import { RELEASES, type ReleaseRow } from './releases-data.js';
import type { RegistryMode } from '../endpoint.js';

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

/** K3s facts that gate registries.yaml features (DOMAIN §1.2, §2.1). */
export interface K3sFeatures {
  rancher: string;
  k3s: string;
  mode: RegistryMode;
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
    k3s: row.k3s,
    mode: row.mode,
    rewrite: compareVersions(k3s, { major: 1, minor: 21, patch: 0 }) >= 0,
    insecureSkipVerify: compareVersions(k3s, { major: 1, minor: 19, patch: 1 }) >= 0,
    lastDefaultEndpointBug: row.mode === 'B',
  };
}

export { RELEASES };
export type { ReleaseRow };
