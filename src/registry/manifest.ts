/** Manifest media types, error bodies and platform lists (DOMAIN §3.1, §3.2). */
import { createHash } from 'node:crypto';

/** Exactly what containerd sends (DOMAIN §3.1). */
export const ACCEPT =
  'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, */*';

/**
 * containerd's MaxManifestSize (DOMAIN §3.1): `4 * 1048 * 1048` in remotes/docker/resolver.go of
 * containerd 1.6/1.7 (sic: 4 393 216 bytes, a little over 4 MiB). Larger manifests are rejected with
 * "rejecting <n> byte manifest for <ref>: not found" and the next endpoint is tried.
 */
export const MAX_MANIFEST_SIZE = 4 * 1048 * 1048;

export const INDEX_TYPES = new Set(['application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.oci.image.index.v1+json']);

export interface ManifestInfo {
  mediaType: string | null;
  digest: string | null;
  /** Platforms listed by an index ("linux/amd64", "linux/arm/v7"); null for a single manifest. */
  platforms: string[] | null;
  /** OCI artifact type (e.g. a Helm chart), when the manifest says. */
  artifactType: string | null;
}

export function parseManifest(contentType: string | null, digestHeader: string | null, body: Buffer): ManifestInfo {
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    json = null;
  }
  const mediaType = (contentType?.split(';')[0]?.trim() || (typeof json?.mediaType === 'string' ? json.mediaType : null)) ?? null;
  const digest = digestHeader ?? (body.length ? `sha256:${createHash('sha256').update(body).digest('hex')}` : null);
  let platforms: string[] | null = null;
  const isIndex = (mediaType && INDEX_TYPES.has(mediaType)) || (json && Array.isArray(json.manifests) && !json.layers);
  if (isIndex && json && Array.isArray(json.manifests)) {
    platforms = [];
    for (const m of json.manifests as Record<string, unknown>[]) {
      const p = m?.platform as Record<string, unknown> | undefined;
      if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') continue;
      if (p.os === 'unknown') continue; // attestation manifests
      platforms.push(`${p.os}/${p.architecture}${typeof p.variant === 'string' && p.variant ? `/${p.variant}` : ''}`);
    }
  }
  let artifactType: string | null = null;
  if (json) {
    if (typeof json.artifactType === 'string') artifactType = json.artifactType;
    else {
      const cfg = json.config as Record<string, unknown> | undefined;
      if (cfg && typeof cfg.mediaType === 'string' && !/image\.config|container\.image/.test(cfg.mediaType)) artifactType = cfg.mediaType;
    }
  }
  return { mediaType, digest, platforms, artifactType };
}

/** containerd's platform matcher, simplified: os/arch must match; a variant only when both name one (arm64 ≡ arm64/v8). */
export function platformMatches(wanted: string, have: string): boolean {
  const [wo, wa, wv] = wanted.split('/');
  const [ho, ha, hv] = have.split('/');
  if (wo !== ho || wa !== ha) return false;
  if (!wv || !hv) return true;
  if (wa === 'arm64' && ((wv === 'v8' && !hv) || (hv === 'v8' && !wv))) return true;
  return wv === hv;
}

export function errorCodes(body: Buffer): string[] {
  try {
    const j = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown }[] };
    return (j.errors ?? []).map((e) => String(e.code ?? '')).filter(Boolean);
  } catch {
    return [];
  }
}

export function defaultPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64' };
  return `linux/${arch[process.arch] ?? process.arch}`;
}
