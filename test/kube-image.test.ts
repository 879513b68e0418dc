/**
 * `npm run image` (scripts/image.mjs): an image of the SEA binary and the libraries it links, no base
 * image. It must `docker load`, run `--version` under `docker run --network none`, and `ctr images import`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startContainerd } from './support/containerd.js';
import { BIN, ensureBuilt } from './support/subprocess.js';

const tag = `airgap-preflight-test:${randomBytes(4).toString('hex')}`;
const work = mkdtempSync(path.join(tmpdir(), 'agp-image-'));

describe('npm run image', () => {
  afterAll(() => {
    try {
      execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
    } catch { /* not loaded */ }
    rmSync(work, { recursive: true, force: true });
  });

  it('builds an image with only the binary and its libraries that docker loads and runs with --network none', async () => {
    ensureBuilt();
    // @ts-expect-error: a plain .mjs script without types
    const { buildImage } = await import('../scripts/image.mjs');
    const r = await buildImage({ tag, output: path.join(work, 'image.tar') });
    const files = execFileSync('tar', ['-tf', r.output], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files.filter((f) => !f.startsWith('blobs/sha256/') || f.endsWith('/'))).toEqual(['blobs/', 'blobs/sha256/', 'index.json', 'manifest.json', 'oci-layout']);
    // The one layer: the binary, /tmp, and exactly the libraries ldd names (nothing from a base image).
    const layer = JSON.parse(execFileSync('tar', ['-xOf', r.output, 'manifest.json'], { encoding: 'utf8' }))[0].Layers[0];
    const content = execFileSync('sh', ['-c', `tar -xOf "${r.output}" "${layer}" | tar -tz`], { encoding: 'utf8' }).trim().split('\n').filter((f) => !f.endsWith('/')).sort();
    expect(content).toEqual(['airgap-preflight', ...r.libs.map((l: string) => l.slice(1))].sort());
    expect(r.libs.some((l: string) => /ld-linux/.test(l))).toBe(true);
    expect(execFileSync('docker', ['load', '-i', r.output], { encoding: 'utf8' })).toContain(`Loaded image: ${tag}`);
    const version = execFileSync('docker', ['run', '--rm', '--network', 'none', tag, '--version'], { encoding: 'utf8' });
    expect(version).toBe(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }));
    const ctd = await startContainerd();
    try {
      const out = execFileSync('ctr', ['--address', ctd.address, '-n', 'agp', 'images', 'import', '--snapshotter', 'native', r.output], { encoding: 'utf8' });
      expect(out).toContain(`docker.io/library/${tag}`);
    } finally {
      await ctd.stop();
    }
  }, 300_000);
});
