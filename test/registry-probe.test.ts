/**
 * The registry probe against real registries (Debian's docker-registry = CNCF distribution 2.8) on
 * loopback: each seed setup (CA-signed TLS + htpasswd, self-signed TLS / mutual TLS + auth, plain
 * HTTP + htpasswd, Harbor-like token auth) passes with a correct registries.yaml, and each single
 * mistake fails with the right cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startRegistry, type RunningRegistry } from './support/registry.js';
import { allFormats, byCheck, registriesYaml, registryJson, shape, tempDir, writeRegistries } from './support/probe-harness.js';

const SHELL = 'rancher/shell:v0.1.6';
const FLEET = 'rancher/fleet:v0.3.5';
const GITJOB = 'rancher/gitjob:v0.1.15';

function creds(reg: RunningRegistry) {
  const [username, password] = Object.entries(reg.users)[0]!;
  return { username, password };
}

describe('CA-signed TLS + htpasswd', () => {
  let reg: RunningRegistry;
  let other: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: [SHELL, FLEET, 'mirror/rancher/gitjob:v0.1.15'] });
    other = await startRegistry({ tls: 'valid', auth: 'none', images: [FLEET], pki: reg.pki! });
  });
  afterAll(async () => {
    await reg?.stop();
    await other?.stop();
  });
  const good = () => registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } });

  it('a correct config passes: one finding per endpoint for TLS and auth, one per image', async () => {
    const file = await writeRegistries(good());
    reg.resetLog();
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--image', FLEET]);
    const ep = `https://${reg.host}/v2`;
    expect(shape(report.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', ep],
      ['registry-auth', 'pass', ep],
      ['image-available', 'pass', `${reg.host}/${SHELL}`],
      ['image-available', 'pass', `${reg.host}/${FLEET}`],
    ]);
    expect(run.code).toBe(0);
    expect(byCheck(report.findings, 'registry-auth')[0]).toEqual({
      check: 'registry-auth',
      status: 'pass',
      severity: 'info',
      target: ep,
      message: `${ep}: Basic auth as "robot$rancher+puller" accepted.`,
      messageId: 'basicOk',
      args: {
        url: ep,
        host: reg.host,
        config: reg.host,
        username: 'robot$rancher+puller',
        realm: '',
        service: '',
        error: '',
        credNote: { messageId: 'credNote' },
        keysNote: { messageId: 'keysNote.list', args: { keys: `"${reg.host}"` } },
        validNote: { messageId: 'validNote' },
      },
      remediation: null,
      location: null,
      data: { endpoint: ep, scheme: 'basic', credentials: 'username', credentialsValid: true, realm: null, service: null, cause: null, configKey: reg.host, configLookup: reg.host },
    });
    const shell = byCheck(report.findings, 'image-available')[0]!;
    expect(shell.message).toMatch(new RegExp(`^${reg.host.replace(/\./g, '\\.')}/rancher/shell:v0\\.1\\.6: found at https://${reg.host.replace(/\./g, '\\.')}/v2 \\(index: linux/amd64, linux/arm64, sha256:[0-9a-f]{64}\\)\\.$`));
    await reg.settle();
    // TLS probe GET /v2/, ping, Basic check, then exactly one manifest request per image.
    expect(reg.requestLog()).toEqual([
      { method: 'GET', path: '/v2/', status: 401 },
      { method: 'GET', path: '/v2/', status: 401 },
      { method: 'GET', path: '/v2/', status: 200 },
      ...[SHELL, FLEET].map(() => expect.objectContaining({ method: 'GET', status: 200 })),
    ]);
    // The password and the Basic header never reach any output or saved fact.
    const all = await allFormats(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const { username, password } = creds(reg);
    expect(all).toContain('"robot$rancher+puller"');
    expect(all).not.toContain(password);
    expect(all).not.toContain(Buffer.from(`${username}:${password}`).toString('base64'));
  });

  it('wrong password: registry-auth fails with the cause, every image is skipped as blocked', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: { username: 'robot$rancher+puller', password: 'not-the-password' }, tls: { ca_file: reg.caFile! } }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--image', FLEET]);
    const ep = `https://${reg.host}/v2`;
    expect(shape(report.findings)).toEqual([
      ['image-set', 'skip', null],
      ['registry-tls', 'pass', ep],
      ['registry-auth', 'fail', ep],
      ['image-available', 'skip', `${reg.host}/${SHELL}`],
      ['image-available', 'skip', `${reg.host}/${FLEET}`],
    ]);
    expect(run.code).toBe(1);
    const auth = byCheck(report.findings, 'registry-auth')[0]!;
    expect(auth.message).toBe(`${ep}: unexpected status from GET request to https://${reg.host}/v2/: 401 Unauthorized (the registry rejected username "robot$rancher+puller" and its password).`);
    expect(auth.remediation).toMatch(/^Fix username\/password under configs\."127\.0\.0\.1:\d+"\.auth\. Harbor robot accounts are named robot\$<project>\+<name>/);
    expect(byCheck(report.findings, 'image-available')[0]!.message).toBe(`blocked by registry-auth for ${ep}`);
    const all = await allFormats(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(all).not.toContain('not-the-password');
    expect(all).not.toContain(Buffer.from('robot$rancher+puller:not-the-password').toString('base64'));
  });

  it('missing CA: unknown authority, with the issuer and the ca_file fix', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: creds(reg) }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const ep = `https://${reg.host}/v2`;
    expect(shape(report.findings)).toEqual([
      ['image-set', 'skip', null],
      ['registry-tls', 'fail', ep],
      ['registry-auth', 'skip', ep],
      ['image-available', 'skip', `${reg.host}/${SHELL}`],
    ]);
    expect(run.code).toBe(1);
    const tls = byCheck(report.findings, 'registry-tls')[0]!;
    expect(tls.message).toBe(
      `${ep} (the registry's default endpoint): tls: failed to verify certificate: x509: certificate signed by unknown authority. The certificate (CN=127.0.0.1, O=airgap-preflight tests, issued by O=airgap-preflight tests, CN=airgap-preflight test CA) is not signed by a CA in the system roots (no ca_file is configured for this endpoint).`,
    );
    expect(tls.remediation).toContain(`set configs."${reg.host}".tls.ca_file to its path, and mount that file into the Rancher container`);
    expect(tls.data).toMatchObject({ cause: 'unknown-ca', configKey: reg.host });
    expect(byCheck(report.findings, 'image-available')[0]!.message).toBe(`blocked by registry-tls for ${ep}`);
  });

  it('wrong CA in ca_file: unknown authority naming the ca_file', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.pki!.otherCaCert } }));
    const { report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const tls = byCheck(report.findings, 'registry-tls')[0]!;
    expect(tls.status).toBe('fail');
    expect(tls.message).toContain(`x509: certificate signed by unknown authority. The certificate (CN=127.0.0.1, O=airgap-preflight tests, issued by O=airgap-preflight tests, CN=airgap-preflight test CA) is not signed by a CA in the system roots or in ca_file ${reg.pki!.otherCaCert}.`);
  });

  it('ca_file that does not exist: containerd cannot load it', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: creds(reg), tls: { ca_file: '/nonexistent/harbor-ca.pem' } }));
    const { report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const tls = byCheck(report.findings, 'registry-tls')[0]!;
    expect([tls.status, tls.message]).toEqual(['fail', `https://${reg.host}/v2 (the registry's default endpoint): failed to load CA file: open /nonexistent/harbor-ca.pem: no such file or directory.`]);
  });

  it('http:// endpoint on the HTTPS port (mode A, no fallback): the registry answers 400', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`http://${reg.host}`], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const ep = `http://${reg.host}/v2`;
    expect(shape(report.findings)).toEqual([
      ['image-set', 'skip', null],
      ['registry-tls', 'fail', ep],
      ['registry-auth', 'skip', ep],
      ['image-available', 'skip', `${reg.host}/${SHELL}`],
    ]);
    expect(run.code).toBe(1);
    const tls = byCheck(report.findings, 'registry-tls')[0]!;
    expect(tls.message).toBe(`${ep}: unexpected status from GET request to ${ep}/: 400 Bad Request (Client sent an HTTP request to an HTTPS server.). The endpoint is http:// but the port speaks HTTPS.`);
    expect(tls.remediation).toBe(`Write the endpoint as https://${reg.host} (and set configs."${reg.host}".tls.ca_file if its CA is private).`);
  });

  it('same mistake in mode D (containerd 1.7): an http:// host with TLS settings is tried over HTTPS first, so the image pulls', async () => {
    // release/1.7 ConfigureHosts: "host will try HTTPS first since it is configured for HTTP with a TLS configuration".
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`http://${reg.host}`], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(shape(report.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', `https://${reg.host}/v2`],
      ['registry-auth', 'pass', `https://${reg.host}/v2`],
      ['image-available', 'pass', `${reg.host}/${SHELL}`],
    ]);
    expect(run.code).toBe(0);
  });

  it('missing tags: every missing image is listed, each with its own finding', async () => {
    const dir = await tempDir();
    const list = join(dir, 'rancher-images.txt');
    await writeFile(list, `${SHELL}\n\nrancher/rancher-webhook:v0.1.0\n${FLEET}\nrancher/rancher-operator:v0.1.4\n`);
    const file = await writeRegistries(good());
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--images', list]);
    expect(shape(byCheck(report.findings, 'image-available'))).toEqual([
      ['image-available', 'pass', `${reg.host}/${SHELL}`],
      ['image-available', 'fail', `${reg.host}/rancher/rancher-webhook:v0.1.0`],
      ['image-available', 'pass', `${reg.host}/${FLEET}`],
      ['image-available', 'fail', `${reg.host}/rancher/rancher-operator:v0.1.4`],
    ]);
    expect(run.code).toBe(1);
    const miss = byCheck(report.findings, 'image-available')[1]!;
    const ref = `${reg.host}/rancher/rancher-webhook:v0.1.0`;
    expect(miss.message).toBe(`${ref}: not found at any endpoint; containerd reports: failed to resolve reference "${ref}": ${ref}: not found. Tried: https://${reg.host}/v2 (default endpoint): 404 MANIFEST_UNKNOWN: no manifest under this tag.`);
    expect(miss.remediation).toBe(`Push the image to the registry as ${ref} (e.g. rancher-load-images.sh --registry ${reg.host}, or skopeo copy --all docker://docker.io/rancher/rancher-webhook:v0.1.0 docker://${ref}).`);
    expect(miss.data).toMatchObject({ source: 'images-file', line: 3, result: 'not-found' });
  });

  it('endpoint fallback: a closed port first, then the registry', async () => {
    const closed = await freePort();
    const name = `localhost:${reg.port}`;
    const text = [
      'mirrors:',
      `  "${name}":`,
      `    endpoint: ["https://127.0.0.1:${closed}", "${reg.url}"]`,
      'configs:',
      `  "${reg.host}":`,
      `    auth: {username: ${JSON.stringify(creds(reg).username)}, password: ${JSON.stringify(creds(reg).password)}}`,
      `    tls: {ca_file: ${JSON.stringify(reg.caFile)}}`,
      '',
    ].join('\n');
    const file = await writeRegistries(text);
    const { run, report } = await registryJson(file, ['--system-default-registry', name, '--image', SHELL]);
    expect(shape(report.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'fail', `https://127.0.0.1:${closed}/v2`],
      ['registry-tls', 'pass', `https://${reg.host}/v2`],
      ['registry-auth', 'skip', `https://127.0.0.1:${closed}/v2`],
      ['registry-auth', 'pass', `https://${reg.host}/v2`],
      ['image-available', 'pass', `${name}/${SHELL}`],
    ]);
    expect(byCheck(report.findings, 'registry-tls')[0]!.message).toBe(`https://127.0.0.1:${closed}/v2: dial tcp 127.0.0.1:${closed}: connect: connection refused. Nothing listens on that port.`);
    expect(run.code).toBe(1);
  });

  it('endpoint fallback: 404 on the first mirror moves on to the next one', async () => {
    const name = `localhost:${reg.port}`;
    const text = [
      'mirrors:',
      `  "${name}":`,
      `    endpoint: ["${other.url}", "${reg.url}"]`,
      'configs:',
      `  "${other.host}":`,
      `    tls: {ca_file: ${JSON.stringify(reg.caFile)}}`,
      `  "${reg.host}":`,
      `    auth: {username: ${JSON.stringify(creds(reg).username)}, password: ${JSON.stringify(creds(reg).password)}}`,
      `    tls: {ca_file: ${JSON.stringify(reg.caFile)}}`,
      '',
    ].join('\n');
    const file = await writeRegistries(text);
    const { run, report } = await registryJson(file, ['--system-default-registry', name, '--image', SHELL, '--image', FLEET]);
    expect(run.code).toBe(0);
    const imgs = byCheck(report.findings, 'image-available');
    expect(imgs.map((f) => [f.status, f.message.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')])).toEqual([
      ['pass', `${name}/${SHELL}: found at ${reg.url}/v2 (index: linux/amd64, linux/arm64, DIGEST).`],
      ['pass', `${name}/${FLEET}: found at ${other.url}/v2 (index: linux/amd64, linux/arm64, DIGEST).`],
    ]);
    expect((imgs[0]!.data!.attempts as { status: string; url: string }[]).map((a) => [a.status, a.url])).toEqual([
      ['not-found', `${other.url}/v2/rancher/shell/manifests/v0.1.6?ns=${encodeURIComponent(name)}`],
      ['ok', `${reg.url}/v2/rancher/shell/manifests/v0.1.6?ns=${encodeURIComponent(name)}`],
    ]);
  });

  it('rewrites apply on mirror endpoints (K3s >= 1.21) and not on Rancher 2.5 (K3s 1.19)', async () => {
    const name = 'registry.example.invalid';
    const yaml = registriesYaml({ mirror: name, endpoints: [reg.url], rewrite: { '^rancher/(.*)': 'mirror/rancher/$1' }, configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } });
    const file = await writeRegistries(yaml);
    const ok = await registryJson(file, ['--system-default-registry', name, '--image', GITJOB]);
    const f = byCheck(ok.report.findings, 'image-available')[0]!;
    expect([f.status, f.message.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')]).toEqual(['pass', `${name}/${GITJOB}: found at ${reg.url}/v2 as mirror/rancher/gitjob (index: linux/amd64, linux/arm64, DIGEST).`]);
    expect(ok.run.code).toBe(0);
    const old = await registryJson(file, ['--system-default-registry', name, '--image', GITJOB, '--rancher-version', 'v2.5.8']);
    const g = byCheck(old.report.findings, 'image-available')[0]!;
    expect(g.status).toBe('fail');
    expect(g.message).toBe(
      `${name}/${GITJOB}: not found at any endpoint; containerd reports: failed to resolve reference "${name}/${GITJOB}": ${name}/${GITJOB}: not found. Tried: ${reg.url}/v2: 404 MANIFEST_UNKNOWN: no manifest under this tag; https://${name}/v2 (default endpoint): not usable (registry-tls): failed to do request: Head "https://${name}/v2/rancher/gitjob/manifests/v0.1.15": dial tcp: lookup ${name}: no such host.`,
    );
  });

  it('endpoint with a trailing slash: 404 on Rancher 2.5 (mode A keeps "/" as API root, containerd#7068), fine on mode D', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`${reg.url}/`], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } }));
    const old = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const f = byCheck(old.report.findings, 'image-available')[0]!;
    expect(f.status).toBe('fail');
    expect((f.data!.attempts as { url: string; status: string }[]).map((a) => [a.url, a.status])).toEqual([[`${reg.url}/rancher/shell/manifests/v0.1.6`, 'not-found']]);
    const now = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(byCheck(now.report.findings, 'image-available')[0]!.status).toBe('pass');
  });

  it('a platform the index lacks fails; --platform linux/arm64 passes', async () => {
    const file = await writeRegistries(good());
    const s390 = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--platform', 'linux/s390x']);
    const f = byCheck(s390.report.findings, 'image-available')[0]!;
    expect([f.status, f.message]).toEqual(['fail', `${reg.host}/${SHELL}: found at ${reg.url}/v2 but the index has no linux/s390x image (it has: linux/amd64, linux/arm64); containerd reports "no match for platform in manifest: not found".`]);
    const arm = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--platform', 'linux/arm64']);
    expect(byCheck(arm.report.findings, 'image-available')[0]!.status).toBe('pass');
  });
});

describe('self-signed TLS and mutual TLS, with htpasswd', () => {
  let selfSigned: RunningRegistry;
  let mtls: RunningRegistry;
  beforeAll(async () => {
    selfSigned = await startRegistry({ tls: 'self-signed', auth: 'htpasswd', images: [SHELL] });
    mtls = await startRegistry({ tls: 'mtls', auth: 'htpasswd', images: [SHELL] });
  });
  afterAll(async () => {
    await selfSigned?.stop();
    await mtls?.stop();
  });

  it('self-signed certificate as ca_file passes; without it: unknown authority', async () => {
    const good = await writeRegistries(registriesYaml({ mirror: selfSigned.host, endpoints: [selfSigned.url], configKey: selfSigned.host, auth: creds(selfSigned), tls: { ca_file: selfSigned.caFile! } }));
    const ok = await registryJson(good, ['--system-default-registry', selfSigned.host, '--image', SHELL]);
    expect(ok.report.findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    const bad = await writeRegistries(registriesYaml({ mirror: selfSigned.host, endpoints: [selfSigned.url], configKey: selfSigned.host, auth: creds(selfSigned) }));
    const ko = await registryJson(bad, ['--system-default-registry', selfSigned.host, '--image', SHELL]);
    expect(byCheck(ko.report.findings, 'registry-tls')[0]!.data).toMatchObject({ cause: 'unknown-ca' });
  });

  it('mTLS with ca_file, cert_file and key_file passes; without the client certificate the registry demands one', async () => {
    const tls = { ca_file: mtls.caFile!, cert_file: mtls.clientCertFile!, key_file: mtls.clientKeyFile! };
    const good = await writeRegistries(registriesYaml({ mirror: mtls.host, endpoints: [mtls.url], configKey: mtls.host, auth: creds(mtls), tls }));
    const ok = await registryJson(good, ['--system-default-registry', mtls.host, '--image', SHELL]);
    expect(shape(ok.report.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', `${mtls.url}/v2`],
      ['registry-auth', 'pass', `${mtls.url}/v2`],
      ['image-available', 'pass', `${mtls.host}/${SHELL}`],
    ]);
    const bad = await writeRegistries(registriesYaml({ mirror: mtls.host, endpoints: [mtls.url], configKey: mtls.host, auth: creds(mtls), tls: { ca_file: mtls.caFile! } }));
    const ko = await registryJson(bad, ['--system-default-registry', mtls.host, '--image', SHELL]);
    const f = byCheck(ko.report.findings, 'registry-tls')[0]!;
    expect(f.status).toBe('fail');
    expect(f.data).toMatchObject({ cause: 'client-cert-required' });
    expect(f.message).toMatch(/: remote error: tls: (certificate required|bad certificate)\. The registry requires a client certificate and none is configured\.$/);
    expect(f.remediation).toBe(`Set configs."${mtls.host}".tls.cert_file and key_file to a client certificate the registry accepts, and mount both into the Rancher container.`);
  });
});

describe('certificates Go rejects', () => {
  const cases = [
    { tls: 'expired' as const, cause: 'expired', re: /: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time \S+ is after 2021-01-01T00:00:00Z\. The certificate is valid from 2020-01-01T00:00:00\.000Z to 2021-01-01T00:00:00\.000Z\.$/ },
    { tls: 'wrong-san' as const, cause: 'no-ip-san', re: /: tls: failed to verify certificate: x509: cannot validate certificate for 127\.0\.0\.1 because it doesn't contain any IP SANs\. The registry is addressed by IP but the certificate only has DNS names \(registry\.wrong\.invalid\)\.$/ },
    { tls: 'cn-only' as const, cause: 'cn-only', re: /: tls: failed to verify certificate: x509: certificate relies on legacy Common Name field, use SANs instead\. The certificate has only a Common Name \(CN=127\.0\.0\.1, O=airgap-preflight tests\) and no subjectAltName; Go \(and so containerd\) ignores the CN\.$/ },
  ];
  for (const c of cases) {
    it(`${c.tls} certificate: ${c.cause}, even with the right CA`, async () => {
      const reg = await startRegistry({ tls: c.tls, auth: 'none', images: [SHELL] });
      try {
        const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, tls: { ca_file: reg.caFile! } }));
        const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
        expect(shape(report.findings)).toEqual([
          ['image-set', 'skip', null],
          ['registry-tls', 'fail', `${reg.url}/v2`],
          ['registry-auth', 'skip', `${reg.url}/v2`],
          ['image-available', 'skip', `${reg.host}/${SHELL}`],
        ]);
        const f = byCheck(report.findings, 'registry-tls')[0]!;
        expect(f.data).toMatchObject({ cause: c.cause });
        expect(f.message).toMatch(c.re);
        expect(run.code).toBe(1);
        // insecure_skip_verify accepts it (with a warning), as containerd would
        const skip = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, tls: { insecure_skip_verify: true } }));
        const s = await registryJson(skip, ['--system-default-registry', reg.host, '--image', SHELL]);
        expect(s.report.findings.map((x) => x.status)).toEqual(['pass', 'warn', 'pass', 'pass']);
      } finally {
        await reg.stop();
      }
    });
  }
});

describe('SAN mismatch for a DNS name', () => {
  it('certificate for registry.wrong.invalid reached as localhost: "certificate is valid for …, not localhost"', async () => {
    const reg = await startRegistry({ tls: 'wrong-san', auth: 'none', images: [SHELL] });
    try {
      const name = `localhost:${reg.port}`;
      const file = await writeRegistries(registriesYaml({ configKey: name, tls: { ca_file: reg.caFile! } }));
      const { report } = await registryJson(file, ['--system-default-registry', name, '--image', SHELL]);
      const f = byCheck(report.findings, 'registry-tls')[0]!;
      expect([f.status, f.target, f.message]).toEqual([
        'fail',
        `https://${name}/v2`,
        `https://${name}/v2 (the registry's default endpoint): tls: failed to verify certificate: x509: certificate is valid for registry.wrong.invalid, not localhost. The certificate names registry.wrong.invalid, not localhost.`,
      ]);
      expect(f.remediation).toBe('Reissue the registry certificate with subjectAltName DNS:localhost, or reach the registry by a name the certificate has (registry.wrong.invalid) in CATTLE_SYSTEM_DEFAULT_REGISTRY and the mirror endpoint.');
    } finally {
      await reg.stop();
    }
  });
});

describe('plain HTTP + htpasswd', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'none', auth: 'htpasswd', images: [SHELL] });
  });
  afterAll(async () => reg?.stop());

  it('a correct http:// config passes (credentials in clear text are a warning)', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`http://${reg.host}`], configKey: reg.host, auth: creds(reg) }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const ep = `http://${reg.host}/v2`;
    expect(shape(report.findings)).toEqual([
      ['image-set', 'pass', null],
      ['registry-tls', 'pass', ep],
      ['registry-auth', 'warn', ep],
      ['image-available', 'pass', `${reg.host}/${SHELL}`],
    ]);
    expect(byCheck(report.findings, 'registry-tls')[0]!.message).toBe(`${ep}: plain HTTP endpoint, no TLS.`);
    expect(run.code).toBe(0);
  });

  it('no http:// mirror endpoint: containerd uses https://<registry>/v2 and gets "server gave HTTP response to HTTPS client"', async () => {
    const file = await writeRegistries(registriesYaml({ configKey: reg.host, auth: creds(reg) }));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const ep = `https://${reg.host}/v2`;
    const tls = byCheck(report.findings, 'registry-tls')[0]!;
    expect([tls.status, tls.target, tls.message]).toEqual(['fail', ep, `${ep} (the registry's default endpoint): http: server gave HTTP response to HTTPS client. ${reg.host} answers plain HTTP, but containerd contacts this endpoint over HTTPS.`]);
    expect(tls.remediation).toContain(`(mirrors."${reg.host}".endpoint: ["http://${reg.host}"])`);
    expect(run.code).toBe(1);
  });

  it('the base64 auth field works like username/password; a malformed one is named', async () => {
    const { username, password } = creds(reg);
    const b64 = Buffer.from(`${username}:${password}`).toString('base64');
    const good = await writeRegistries(`mirrors:\n  "${reg.host}":\n    endpoint: ["http://${reg.host}"]\nconfigs:\n  "${reg.host}":\n    auth:\n      auth: "${b64}"\n`);
    const ok = await registryJson(good, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    expect(ok.report.findings.map((f) => f.status)).toEqual(['pass', 'pass', 'warn', 'pass']);
    const bad = await writeRegistries(`mirrors:\n  "${reg.host}":\n    endpoint: ["http://${reg.host}"]\nconfigs:\n  "${reg.host}":\n    auth:\n      auth: "${username}:${password}"\n`);
    const ko = await registryJson(bad, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const auth = byCheck(ko.report.findings, 'registry-auth')[0]!;
    expect([auth.status, auth.message]).toEqual(['fail', `http://${reg.host}/v2: invalid decoded auth: the auth field is not base64 of user:password.`]);
    const all = await allFormats(bad, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(all).not.toContain(password);
    expect(all).not.toContain(b64);
  });

  it('configs keyed by something else than the endpoint host: no credentials for this endpoint', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`http://${reg.host}`], configKey: 'customreg', auth: creds(reg) }));
    const { report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const ep = `http://${reg.host}/v2`;
    const auth = byCheck(report.findings, 'registry-auth')[0]!;
    expect([auth.status, auth.message, auth.remediation]).toEqual([
      'fail',
      `${ep}: the registry requires authentication (authorization failed: no basic auth credentials) but no configs entry applies to this endpoint (configs has: "customreg").`,
      `Add configs."${reg.host}".auth with username and password: configs keys are the host[:port] of the endpoint contacted (here "${reg.host}"), not the mirror name.`,
    ]);
    expect(byCheck(report.findings, 'image-available')[0]!.status).toBe('skip');
  });
});

describe('Harbor-like token auth', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'valid', auth: 'token', images: [SHELL, FLEET], tokenOptions: { grants: { 'robot$rancher+puller': ['rancher/*'], 'robot$other+puller': ['other/*'] } }, users: { 'robot$rancher+puller': 'Rancher-Pw-1', 'robot$other+puller': 'Other-Pw-2' } });
  });
  afterAll(async () => reg?.stop());
  const cfg = (username: string, password: string) => registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: { username, password }, tls: { ca_file: reg.caFile! } });

  it('correct robot account passes; tokens are fetched in one batch and reused', async () => {
    const file = await writeRegistries(cfg('robot$rancher+puller', 'Rancher-Pw-1'));
    const before = reg.token!.issued();
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--image', FLEET]);
    expect(report.findings.map((f) => [f.check, f.status])).toEqual([
      ['image-set', 'pass'],
      ['registry-tls', 'pass'],
      ['registry-auth', 'pass'],
      ['image-available', 'pass'],
      ['image-available', 'pass'],
    ]);
    expect(byCheck(report.findings, 'registry-auth')[0]!.message).toBe(`${reg.url}/v2: token auth via ${reg.token!.realm} (service ${reg.token!.service}); credentials of "robot$rancher+puller" accepted.`);
    // one token for the credential check, one batched token for both repositories
    expect(reg.token!.issued() - before).toBe(2);
    expect(run.code).toBe(0);
  });

  it('wrong password: the token service still issues a token (as Harbor), yet we report bad credentials', async () => {
    const file = await writeRegistries(cfg('robot$rancher+puller', 'wrong-Pw'));
    const { report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    const auth = byCheck(report.findings, 'registry-auth')[0]!;
    expect([auth.status, auth.data!.cause]).toEqual(['fail', 'bad-credentials']);
    expect(auth.message).toBe(`${reg.url}/v2: the token service ${reg.token!.realm} issued an anonymous token (subject "") for username "robot$rancher+puller": the login failed.`);
    expect(byCheck(report.findings, 'image-available')[0]!.status).toBe('skip');
    const all = await allFormats(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(all).not.toContain('wrong-Pw');
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('valid login without pull permission: "no pull permission / project missing", not "bad credentials"', async () => {
    const file = await writeRegistries(cfg('robot$other+puller', 'Other-Pw-2'));
    const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(byCheck(report.findings, 'registry-auth')[0]!.status).toBe('pass');
    const img = byCheck(report.findings, 'image-available')[0]!;
    expect(img.status).toBe('fail');
    expect(img.message).toBe(
      `${reg.host}/${SHELL}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed. Tried: ${reg.url}/v2 (default endpoint): 401 (credentials are valid but have no pull permission here (or the Harbor project does not exist); the token grants []): pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed.`,
    );
    expect(img.remediation).toBe(`The login for configs."${reg.host}" works, but pulling rancher/shell is not allowed: create the Harbor project "rancher" (or push the images there) and give the account pull permission on it (a robot account of that project, or make the project public).`);
    expect(run.code).toBe(1);
    const all = await allFormats(file, ['--system-default-registry', reg.host, '--image', SHELL]);
    expect(all).not.toContain('Other-Pw-2');
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});

describe('plain HTTP + token auth', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'none', auth: 'token', images: [SHELL] });
  });
  afterAll(async () => reg?.stop());

  it('realm on the same host: credentials are used (with the clear-text warning) and the image resolves', async () => {
    const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [`http://${reg.host}`], configKey: reg.host, auth: creds(reg) }));
    const { report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    expect(report.findings.map((f) => [f.check, f.status])).toEqual([
      ['image-set', 'pass'],
      ['registry-tls', 'pass'],
      ['registry-auth', 'warn'],
      ['image-available', 'pass'],
    ]);
    expect(byCheck(report.findings, 'registry-auth')[0]!.message).toBe(`http://${reg.host}/v2: the credentials of "robot$rancher+puller" travel over plain HTTP (the registry accepts them).`);
  });

  it('realm on another host over plain HTTP: credentials are withheld, so pulls are unauthorized', async () => {
    const name = `localhost:${reg.port}`;
    const file = await writeRegistries(registriesYaml({ mirror: name, endpoints: [`http://${name}`], configKey: name, auth: creds(reg) }));
    const { report } = await registryJson(file, ['--system-default-registry', name, '--image', SHELL, '--rancher-version', 'v2.5.8']);
    const auth = byCheck(report.findings, 'registry-auth')[0]!;
    expect([auth.status, auth.message]).toEqual(['warn', `http://${name}/v2: the token realm ${reg.token!.realm} is plain HTTP on another host, so the credentials of "robot$rancher+puller" were not sent to it (they would travel in clear text); anonymous tokens were used.`]);
    expect(byCheck(report.findings, 'image-available')[0]!.status).toBe('fail');
  });
});

describe('IPv6 loopback registry', () => {
  it('[::1]:port with a CA-signed certificate (IP SAN ::1) passes', async () => {
    const reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: [SHELL], host: '::1' });
    try {
      const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: creds(reg), tls: { ca_file: reg.caFile! } }));
      const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--image', SHELL]);
      expect(shape(report.findings)).toEqual([
        ['image-set', 'pass', null],
        ['registry-tls', 'pass', `${reg.url}/v2`],
        ['registry-auth', 'pass', `${reg.url}/v2`],
        ['image-available', 'pass', `${reg.host}/${SHELL}`],
      ]);
      expect(run.code).toBe(0);
    } finally {
      await reg.stop();
    }
  });
});
