#!/usr/bin/env node
// `npm run image`: an OCI image of the standalone binary (scripts/sea.mjs) with nothing else in it — no
// base image: one layer holding /airgap-preflight, the shared libraries `ldd` names for it (glibc,
// libstdc++, libgcc_s, the dynamic loader) at the same paths, and an empty /tmp. Written as one tar that
// is both an OCI image layout (index.json, blobs/sha256/…: `ctr images import`, `skopeo copy oci-archive:`)
// and a docker-save archive (manifest.json: `docker load`, `skopeo copy docker-archive:`).
//   node scripts/image.mjs [--tag airgap-preflight:VERSION] [--output dist/airgap-preflight-image.tar] [--no-build]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ROOT, buildInfo } from './bundle.mjs';

export const IMAGE_FILE = path.join(ROOT, 'dist', 'airgap-preflight-image.tar');

function tarHeader(name, size, mode, type = '0') {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** A deterministic ustar archive (mtime 0, uid/gid 0) of [name, data|null(dir), mode] entries. */
function tar(entries) {
  const parts = [];
  for (const [name, data, mode] of entries) {
    if (name.length > 99) throw new Error(`tar: name too long: ${name}`);
    if (data === null) parts.push(tarHeader(name.endsWith('/') ? name : name + '/', 0, mode, '5'));
    else parts.push(tarHeader(name, data.length, mode), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

export async function buildImage({ tag, output = IMAGE_FILE, build = true, log = () => {} } = {}) {
  const { SEA_BINARY, buildSea } = await import('./sea.mjs');
  if (build || !existsSync(SEA_BINARY)) await buildSea({ log });
  const { version } = buildInfo();
  tag ??= `airgap-preflight:${version}`;
  // The libraries the binary links, resolved by the dynamic loader as it would at run time.
  const libs = [...execFileSync('ldd', [SEA_BINARY], { encoding: 'utf8' }).matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1]);
  const entries = [['tmp/', null, 0o1777], ['airgap-preflight', readFileSync(SEA_BINARY), 0o755]];
  const dirs = new Set();
  for (const lib of [...new Set(libs)].sort()) {
    const rel = lib.replace(/^\//, '');
    const parts = path.dirname(rel).split('/');
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join('/') + '/';
      if (!dirs.has(d)) {
        dirs.add(d);
        entries.push([d, null, 0o755]);
      }
    }
    entries.push([rel, readFileSync(lib), 0o755]);
  }
  const layer = tar(entries);
  const diffId = `sha256:${sha(layer)}`;
  const gz = gzipSync(layer, { level: 6 });
  const layerDigest = sha(gz);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Entrypoint: ['/airgap-preflight'], Env: ['PATH=/'], WorkingDir: '/tmp', Labels: { 'org.opencontainers.image.title': 'airgap-preflight', 'org.opencontainers.image.version': version } },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created_by: 'scripts/image.mjs: the SEA binary and the libraries ldd names' }],
  }));
  const configDigest = sha(config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configDigest}`, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${layerDigest}`, size: gz.length }],
  }));
  const manifestDigest = sha(manifest);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${manifestDigest}`, size: manifest.length, annotations: { 'io.containerd.image.name': tag.includes('/') ? tag : `docker.io/library/${tag}`, 'org.opencontainers.image.ref.name': tag.split(':').pop() } }],
  }));
  const dockerManifest = Buffer.from(JSON.stringify([{ Config: `blobs/sha256/${configDigest}`, RepoTags: [tag], Layers: [`blobs/sha256/${layerDigest}`] }]));
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, tar([
    ['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'), 0o644],
    ['index.json', index, 0o644],
    ['manifest.json', dockerManifest, 0o644],
    ['blobs/', null, 0o755],
    ['blobs/sha256/', null, 0o755],
    [`blobs/sha256/${configDigest}`, config, 0o644],
    [`blobs/sha256/${manifestDigest}`, manifest, 0o644],
    [`blobs/sha256/${layerDigest}`, gz, 0o644],
  ]));
  return { output, tag, size: statSync(output).size, layerSize: layer.length, libs, manifestDigest: `sha256:${manifestDigest}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const r = await buildImage({ tag: opt('--tag'), output: opt('--output') ?? IMAGE_FILE, build: !args.includes('--no-build'), log: (s) => console.error(s) });
  console.log(`${path.relative(ROOT, r.output)}: ${r.tag}, ${(r.size / 1048576).toFixed(1)} MiB (${(r.layerSize / 1048576).toFixed(1)} MiB unpacked; ${r.libs.length} libraries), manifest ${r.manifestDigest}`);
}
