/** The `registry` command end to end: input errors exit 2 with one line; no registries.yaml = K3s defaults; facts replay. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { cli, tempDir, writeRegistries } from './support/probe-harness.js';
import { DEFAULT_REGISTRIES_FILE } from '../src/cli.js';
import type { Report } from '../src/types.js';

describe('registry command', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'none', auth: 'none', images: ['rancher/shell:v0.1.6'] });
  });
  afterAll(async () => reg?.stop());

  it.skipIf(existsSync(DEFAULT_REGISTRIES_FILE))('without FILE and without the default file: probes with K3s defaults and says so', async () => {
    // No mirror: containerd would use https://<registry>/v2; a plain-HTTP registry then fails exactly as K3s would.
    const r = await cli(['registry', '--system-default-registry', reg.host, '--image', 'rancher/shell:v0.1.6', '-f', 'json']);
    const report = JSON.parse(r.out) as Report;
    expect(report.findings[0]).toEqual({
      check: 'image-set',
      status: 'pass',
      severity: 'info',
      target: DEFAULT_REGISTRIES_FILE,
      message: `No registries.yaml at ${DEFAULT_REGISTRIES_FILE}: probed with K3s defaults (no mirrors, no credentials, no extra CA), which is what K3s does when the file is absent.`,
      messageId: 'noRegistriesFile',
      args: { path: DEFAULT_REGISTRIES_FILE },
      remediation: null,
      location: null,
      data: null,
    });
    expect(report.findings.map((f) => [f.check, f.status])).toEqual([
      ['image-set', 'pass'],
      ['image-set', 'skip'],
      ['registry-tls', 'fail'],
      ['registry-auth', 'skip'],
      ['image-available', 'skip'],
    ]);
    expect(r.code).toBe(1);
  });

  it('anonymous plain-HTTP registry with an http:// mirror passes', async () => {
    const file = await writeRegistries(`mirrors:\n  "${reg.host}":\n    endpoint: ["http://${reg.host}"]\n`);
    const r = await cli(['registry', file, '--system-default-registry', reg.host, '--image', 'rancher/shell:v0.1.6', '-f', 'json', '--rancher-version', 'v2.8.2']);
    const report = JSON.parse(r.out) as Report;
    expect(report.findings.map((f) => [f.check, f.status, f.message.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')])).toEqual([
      ['image-set', 'pass', `Checked 1 image(s) from --image, requested as ${reg.host}/rancher/shell:v0.1.6 (K3s registry rendering mode A, config.toml registry.mirrors/configs, docs/registry-modes.md; platform linux/amd64); ${report.summary ? (report.findings[0]!.data as { stats: { requests: number } }).stats.requests : 0} HTTP requests in ${((report.findings[0]!.data as { stats: { durationMs: number } }).stats.durationMs / 1000).toFixed(1)}s.`],
      ['registry-tls', 'pass', `http://${reg.host}/v2: plain HTTP endpoint, no TLS.`],
      ['registry-auth', 'pass', `http://${reg.host}/v2: anonymous pulls allowed (GET /v2/ answered 200).`],
      ['image-available', 'pass', `${reg.host}/rancher/shell:v0.1.6: found at http://${reg.host}/v2 (index: linux/amd64, linux/arm64, DIGEST).`],
    ]);
    expect(r.code).toBe(0);
  });

  it('saved facts replay to the same report', async () => {
    const file = await writeRegistries(`mirrors:\n  "${reg.host}":\n    endpoint: ["http://${reg.host}"]\n`);
    const dir = await tempDir();
    const args = ['registry', file, '--system-default-registry', reg.host, '--image', 'rancher/shell:v0.1.6', '--image', 'rancher/fleet:v9', '-f', 'json'];
    const live = await cli([...args, '--save-facts', join(dir, 'facts')]);
    await reg.stop().catch(() => {});
    const replay = await cli([...args, '--from-facts', join(dir, 'facts')]);
    expect(replay.out).toBe(live.out);
    expect(replay.code).toBe(live.code);
    reg = await startRegistry({ tls: 'none', auth: 'none', images: ['rancher/shell:v0.1.6'] });
  });

  it('unknown --rancher-version: a failing image-set finding that says to pass --images', async () => {
    const file = await writeRegistries('');
    const r = await cli(['registry', file, '--system-default-registry', 'harbor.example.invalid', '--rancher-version', 'v2.99.1', '-f', 'json']);
    const report = JSON.parse(r.out) as Report;
    expect(report.findings.map((f) => [f.check, f.status, f.message, f.remediation])).toEqual([
      ['image-set', 'fail', 'Rancher v2.99.1 is not in the built-in image table (v2.5.0 … v2.15.0; nearest known: v2.15.0), so its images were not checked.', "Pass the release's rancher-images.txt with --images (it is authoritative for its release), or name images with --image."],
      ['registry-tls', 'skip', 'not run: no image was probed (see image-set)', null],
      ['registry-auth', 'skip', 'not run: no image was probed (see image-set)', null],
      ['image-available', 'skip', 'not run: no image was probed (see image-set)', null],
    ]);
    expect(r.code).toBe(1);
  });

  it.each([
    [['--image', 'rancher/shell:v1'], 'airgap-preflight: --image rancher/shell:v1 needs --system-default-registry (or env CATTLE_SYSTEM_DEFAULT_REGISTRY): Rancher requests system images as <system-default-registry>/rancher/<repo>:<tag>\n'],
    [['--system-default-registry', 'h.example.invalid', '--images', '/nonexistent/rancher-images.txt'], 'airgap-preflight: --images /nonexistent/rancher-images.txt: no such file\n'],
    [['--system-default-registry', 'h.example.invalid', '--image', 'rancher/shell:v1', '--platform', 'amd64'], 'airgap-preflight: --platform "amd64": expected os/arch[/variant], e.g. linux/amd64\n'],
    [['--system-default-registry', 'h.example.invalid'], 'airgap-preflight: no images to check: give --rancher-version vX.Y.Z, --images rancher-images.txt or --image REF\n'],
  ])('bad input exits 2 with one line: %j', async (args, stderr) => {
    const file = await writeRegistries('');
    const r = await cli(['registry', file, ...args]);
    expect([r.code, r.err, r.out]).toEqual([2, stderr, '']);
  });

  it('a bad line in --images names the file and line', async () => {
    const dir = await tempDir();
    const list = join(dir, 'rancher-images.txt');
    await writeFile(list, 'rancher/shell:v0.1.6\nrancher/fleet:v0.3.5 extra\n');
    const file = await writeRegistries('');
    const r = await cli(['registry', file, '--system-default-registry', 'h.example.invalid', '--images', list]);
    expect([r.code, r.err]).toEqual([2, `airgap-preflight: ${list}:2: "rancher/fleet:v0.3.5 extra" contains whitespace\n`]);
  });
});
