/**
 * RKE2 nodes against real registries (Debian's docker-registry on 127.0.0.1): one registries.yaml, the
 * RKE2 versions of each K3s rendering mode, each mode's own verdict (docs/registry-modes.md).
 *
 *   mirrors."<one>": endpoint "https://<one>/"   trailing slash: mode A keeps "/" as the API root
 *                                                (404 for every manifest); the certs.d renderers (B, D)
 *                                                map it to /v2.
 *   configs."*".tls.ca_file                      only D applies it, through certs.d/_default, to a
 *                                                registry with no entry of its own (<two>); the old CRI
 *                                                (A) has no wildcard configs lookup and B does not
 *                                                honour configs."*" TLS (k3s-io/k3s#9341).
 *
 * RKE2 v1.28.5 is mode A, v1.28.6 B, v1.28.9 D (rancher/rke2#5299, #5721); v1.28.8 is mode C (not
 * modelled) and v1.28.99 is not a release: neither may pass an image. --rke2-version makes the node
 * RKE2, so the fixes name the RKE2 node and its units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from './support/pki.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { registryJson, writeRegistries, byCheck, shape, q, tempDir } from './support/probe-harness.js';
import type { Finding } from '../src/types.js';

const SHELL = 'rancher/shell:v0.1.6';

describe('RKE2: the same registries.yaml in modes A, B and D', () => {
  let pki: Pki;
  let one: RunningRegistry;
  let two: RunningRegistry;
  let file: string;
  beforeAll(async () => {
    pki = await makePki(`${await tempDir('agp-rke2-pki-')}/pki`);
    [one, two] = await Promise.all([startRegistry({ tls: 'valid', auth: 'none', images: [SHELL], pki }), startRegistry({ tls: 'valid', auth: 'none', images: [SHELL], pki })]);
    file = await writeRegistries(
      ['mirrors:', `  ${q(one.host)}:`, '    endpoint:', `      - ${q(`${one.url}/`)}`, 'configs:', `  ${q(one.host)}:`, '    tls:', `      ca_file: ${q(pki.caCert)}`, '  "*":', '    tls:', `      ca_file: ${q(pki.caCert)}`].join('\n') + '\n',
    );
  }, 120_000);
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
  });

  const run = async (version: string) => {
    const { run: r, report } = await registryJson(file, ['--rke2-version', version, '--image', `${one.host}/${SHELL}`, '--image', `${two.host}/${SHELL}`]);
    return { code: r.code, err: r.err, findings: report.findings };
  };
  const images = (findings: Finding[]) => byCheck(findings, 'image-available').map((f) => [f.target, f.status, (f.data as { result?: string } | null)?.result ?? null]);

  it('mode A (v1.28.5+rke2r1): "/" is the API root of <one> (404), <two> gets no CA', async () => {
    const r = await run('v1.28.5+rke2r1');
    expect(shape(r.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', one.url],
      ['registry-tls', 'fail', `${two.url}/v2`],
      ['registry-auth', 'pass', one.url],
      ['registry-auth', 'skip', `${two.url}/v2`],
      ['image-available', 'fail', `${one.host}/${SHELL}`],
      ['image-available', 'skip', `${two.host}/${SHELL}`],
    ]);
    expect(images(r.findings)).toEqual([
      [`${one.host}/${SHELL}`, 'fail', 'not-found'],
      [`${two.host}/${SHELL}`, 'skip', 'blocked'],
    ]);
    // containerd asked <one> for /rancher/shell/manifests/v0.1.6: "/" replaced /v2 as the API root.
    expect(byCheck(r.findings, 'image-available')[0]!.message).toBe(
      `${one.host}/${SHELL}: not found at any endpoint; containerd reports: failed to resolve reference "${one.host}/${SHELL}": ${one.host}/${SHELL}: not found. Tried: ${one.url}: 404 not found.`,
    );
    expect(r.code).toBe(1);
  }, 60_000);

  it('mode B (v1.28.6+rke2r1): <one> passes on /v2, <two> still gets no CA (configs."*" TLS not honoured)', async () => {
    const r = await run('v1.28.6+rke2r1');
    expect(shape(r.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', `${one.url}/v2`],
      ['registry-tls', 'fail', `${two.url}/v2`],
      ['registry-auth', 'pass', `${one.url}/v2`],
      ['registry-auth', 'skip', `${two.url}/v2`],
      ['image-available', 'pass', `${one.host}/${SHELL}`],
      ['image-available', 'skip', `${two.host}/${SHELL}`],
    ]);
    const tls = byCheck(r.findings, 'registry-tls')[1]!;
    expect([tls.messageId, tls.remediation]).toEqual([
      'unknown-ca',
      `Put the CA that issued the registry certificate (issuer: ${(tls.data as { tls: { cert: { issuer: string } } }).tls.cert.issuer}) in a PEM file at the same path on every RKE2 node that uses this registries.yaml, set configs."${two.host}".tls.ca_file to that path, and restart RKE2 (\`systemctl restart rke2-server\` on servers, \`systemctl restart rke2-agent\` on agents). If the server certificate comes from an intermediate CA, the registry must also send the intermediate (full chain).`,
    ]);
    expect(r.code).toBe(1);
  }, 60_000);

  it('mode D (v1.28.9+rke2r1): both pass, <two> through certs.d/_default', async () => {
    const r = await run('v1.28.9+rke2r1');
    expect(shape(r.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', `${one.url}/v2`],
      ['registry-tls', 'pass', `${two.url}/v2`],
      ['registry-auth', 'pass', `${one.url}/v2`],
      ['registry-auth', 'pass', `${two.url}/v2`],
      ['image-available', 'pass', `${one.host}/${SHELL}`],
      ['image-available', 'pass', `${two.host}/${SHELL}`],
    ]);
    expect(r.code).toBe(0);
  }, 60_000);

  for (const version of ['v1.28.8+rke2r1', 'v1.28.99+rke2r1']) {
    it(`mode C / unknown (${version}): no image passes`, async () => {
      const r = await run(version);
      // The registries answer (TLS and auth as in mode D, the walk's mode), but no image is judged on a guessed mode.
      expect(shape(r.findings)).toEqual([
        ['image-set', 'pass', null],
        ['containerd-config', 'skip', null],
        ['registry-tls', 'pass', `${one.url}/v2`],
        ['registry-tls', 'pass', `${two.url}/v2`],
        ['registry-auth', 'pass', `${one.url}/v2`],
        ['registry-auth', 'pass', `${two.url}/v2`],
        ['image-available', 'skip', `${one.host}/${SHELL}`],
        ['image-available', 'skip', `${two.host}/${SHELL}`],
      ]);
      expect(byCheck(r.findings, 'image-available').map((f) => f.message)).toEqual([one, two].map((g) =>
        `${g.host}/${SHELL}: not judged: the registry answered, but the K3s registry rendering mode of RKE2 ${version} is not known (see image-set), so what containerd on that node would request is not known either.`,
      ));
      expect(r.code).toBe(0);
    }, 60_000);
  }
});
