// Tiny, real container images for test registries: one gzipped tar layer + image config per
// platform, a manifest per platform and a manifest list (Docker schema 2, what Rancher publishes)
// or an OCI index over them. The same blob set serves every repository and tag, so thousands of
// tags cost one manifest PUT each (DOMAIN §3.1 media types).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ImageFormat = 'docker' | 'oci';

export interface Blob { digest: string; size: number; data: Buffer; mediaType: string }
export interface PlatformImage { platform: { os: string; architecture: string }; layer: Blob; config: Blob; manifest: Blob }
export interface ImageSet { format: ImageFormat; platforms: PlatformImage[]; index: Blob }

export const MEDIA = {
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
} as const;

export const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

const sha256 = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

function blob(data: Buffer, mediaType: string): Blob {
  return { digest: sha256(data), size: data.length, data, mediaType };
}

/**
 * A ustar archive of regular files (mode 0644, fixed mtime so digests are stable). Long paths
 * use the ustar prefix field; parent directories are left to the extractor.
 */
export function tarFiles(files: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [path, content] of files) {
    let name = path;
    let prefix = '';
    if (Buffer.byteLength(path) > 100) {
      const cut = path.indexOf('/', path.length - 101);
      if (cut < 0 || cut > 155) throw new Error(`tar: path too long: ${path}`);
      prefix = path.slice(0, cut);
      name = path.slice(cut + 1);
    }
    const header = Buffer.alloc(512);
    const put = (s: string, off: number, len: number) => header.write(s, off, len, 'utf8');
    put(name, 0, 100);
    put('0000644\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(content.length.toString(8).padStart(11, '0') + '\0', 124, 12);
    put('14000000000\0', 136, 12);
    put('        ', 148, 8);
    put('0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    put(prefix, 345, 155);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
    parts.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A ustar archive holding one regular file. */
export function tarWithFile(name: string, content: Buffer): Buffer {
  return tarFiles([[name, content]]);
}

const cache = new Map<ImageFormat, ImageSet>();

export function imageSet(format: ImageFormat = 'docker'): ImageSet {
  const hit = cache.get(format);
  if (hit) return hit;
  const m = MEDIA[format];
  const platforms = PLATFORMS.map((platform) => {
    const tar = tarWithFile('hello.txt', Buffer.from(`airgap-preflight test image for ${platform.os}/${platform.architecture}\n`));
    const layer = blob(gzipSync(tar, { level: 9 }), m.layer);
    const config = blob(Buffer.from(JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      config: { Cmd: ['/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: [{ created_by: 'airgap-preflight test/support/images.ts' }],
    })), m.config);
    const manifest = blob(Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: m.manifest,
      config: { mediaType: m.config, size: config.size, digest: config.digest },
      layers: [{ mediaType: m.layer, size: layer.size, digest: layer.digest }],
    })), m.manifest);
    return { platform, layer, config, manifest };
  });
  const index = blob(Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: m.index,
    manifests: platforms.map((p) => ({ mediaType: m.manifest, size: p.manifest.size, digest: p.manifest.digest, platform: p.platform })),
  })), m.index);
  const set = { format, platforms, index };
  cache.set(format, set);
  return set;
}

/** `rancher/shell:v0.1.6` (or `host:5000/rancher/shell:v0.1.6`) -> repository + tag. */
export function splitRef(ref: string): { repo: string; tag: string } {
  let rest = ref;
  const first = rest.split('/')[0]!;
  if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) rest = rest.slice(first.length + 1);
  const at = rest.lastIndexOf(':');
  if (at <= 0 || rest.slice(at).includes('/')) return { repo: rest, tag: 'latest' };
  return { repo: rest.slice(0, at), tag: rest.slice(at + 1) };
}

/**
 * Write an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/...`) holding the image set,
 * with index.json naming it `ref` — usable as `skopeo copy --all oci:DIR:ref docker://...`.
 */
export async function writeOciLayout(dir: string, format: ImageFormat = 'oci', ref = 'latest'): Promise<string> {
  const set = imageSet(format);
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const all = [set.index, ...set.platforms.flatMap((p) => [p.layer, p.config, p.manifest])];
  for (const b of all) await writeFile(join(dir, 'blobs', 'sha256', b.digest.slice(7)), b.data);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: set.index.mediaType, size: set.index.size, digest: set.index.digest, annotations: { 'org.opencontainers.image.ref.name': ref } }],
  }));
  return dir;
}
