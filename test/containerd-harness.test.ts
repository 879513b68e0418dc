// The containerd comparison harness works: a private containerd pulls through `ctr images pull
// --hosts-dir` from our real registries, given the hosts.toml K3s mode D would render, and fails
// with containerd's own words for the classic mistakes (DOMAIN §5.2).
// Registries are addressed as harbor.airgap.test:PORT (resolved to 127.0.0.1 only inside ctr's
// private mount namespace), because containerd treats loopback hosts specially (last test).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, TEST_REGISTRY_NAME, type RunningRegistry } from './support/registry.js';
import { startContainerd, type RunningContainerd } from './support/containerd.js';
import { parseYaml } from '../src/yaml-tree.js';
import { buildModel } from '../src/registries-model.js';
import { renderHostsToml } from '../src/containerd/hosts-toml.js';

let ctd: RunningContainerd;
beforeAll(async () => { ctd = await startContainerd(); });
afterAll(() => ctd?.stop());

const RESOLVE = { [TEST_REGISTRY_NAME]: '127.0.0.1' };
const named = (reg: RunningRegistry) => `${TEST_REGISTRY_NAME}:${reg.port}`;
const start = (o: Parameters<typeof startRegistry>[0]) => startRegistry({ ...o, names: [TEST_REGISTRY_NAME] });

/** registries.yaml text for one registry, as a user would write it. */
function registriesYaml(reg: RunningRegistry, opts: { scheme?: 'http' | 'https'; caFile?: string | null; client?: boolean; host?: string } = {}): string {
  const host = opts.host ?? named(reg);
  const lines = ['mirrors:', `  "${host}":`, '    endpoint:', `      - "${opts.scheme ?? reg.scheme}://${host}"`];
  const ca = opts.caFile === undefined ? reg.caFile : opts.caFile;
  if (ca || opts.client) {
    lines.push('configs:', `  "${host}":`, '    tls:');
    if (ca) lines.push(`      ca_file: "${ca}"`);
    if (opts.client) lines.push(`      cert_file: "${reg.clientCertFile}"`, `      key_file: "${reg.clientKeyFile}"`);
  }
  return lines.join('\n') + '\n';
}

async function hostsDirFor(yaml: string): Promise<string> {
  const files = renderHostsToml(buildModel(parseYaml(yaml).tree, 'D'), { mode: 'D' });
  return ctd.writeHostsDir(files!);
}

const userOf = (reg: RunningRegistry, password?: string) => {
  const [u, p] = Object.entries(reg.users)[0]!;
  return `${u}:${password ?? p}`;
};

describe('TLS (test CA) + htpasswd', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await start({ tls: 'valid', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('the right CA and password pull', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect([r.ok, r.stderr]).toEqual([true, '']);
    expect(r.stdout).not.toContain(reg.users['robot$rancher+puller']);
  });

  test('the wrong CA fails with x509: certificate signed by unknown authority', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg, { caFile: reg.pki!.otherCaCert }));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('x509: certificate signed by unknown authority');
  });

  test('no CA at all fails the same way', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg, { caFile: null }));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect([r.ok, r.stderr.includes('x509: certificate signed by unknown authority')]).toEqual([false, true]);
  });

  test('a wrong password fails with 401 Unauthorized, and the password is not in the output', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg, 'Wr0ng-Pa55'), resolve: RESOLVE });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('401 Unauthorized');
    expect(r.stderr + r.stdout).not.toContain('Wr0ng-Pa55');
  });

  test('a missing tag fails with not found', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v9.9.9`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain(`${named(reg)}/rancher/shell:v9.9.9: not found`);
  });
});

describe('plain HTTP registry', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await start({ tls: 'none', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('an https:// endpoint fails with server gave HTTP response to HTTPS client', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg, { scheme: 'https' }));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('server gave HTTP response to HTTPS client');
  });

  test('on 127.0.0.1 itself containerd falls back to plain HTTP, so the same mistake goes unnoticed', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg, { scheme: 'https', host: reg.host }));
    const r = await ctd.ctrPull(`${reg.host}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg) });
    expect(r.ok).toBe(true);
    expect(r.stderr).toMatch(/level=info msg="trying next host" error=".*http: server gave HTTP response to HTTPS client" host="127\.0\.0\.1:\d+"\n$/);
  });

  test('an http:// endpoint pulls', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg, { scheme: 'http' }));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect([r.ok, r.stderr]).toEqual([true, '']);
  });
});

describe('TLS + Harbor-like token service', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await start({ tls: 'valid', auth: 'token', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('containerd POSTs, gets 405, falls back to GET with Basic and pulls', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg), resolve: RESOLVE });
    expect([r.ok, r.stderr]).toEqual([true, '']);
    const log = reg.token!.requestLog();
    expect(log.slice(0, 2)).toEqual([
      { method: 'POST', path: '/service/token', status: 405 },
      { method: 'GET', path: '/service/token', status: 200 },
    ]);
  });

  test('wrong credentials: Harbor issues a token without access, the pull is denied', async () => {
    const hostsDir = await hostsDirFor(registriesYaml(reg));
    const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir, user: userOf(reg, 'Wr0ng-Pa55'), resolve: RESOLVE });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('insufficient_scope');
  });
});

describe('mutual TLS', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await start({ tls: 'mtls', auth: 'none', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('pulls with cert_file/key_file, fails without', async () => {
    const ok = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir: await hostsDirFor(registriesYaml(reg, { client: true })), resolve: RESOLVE });
    expect([ok.ok, ok.stderr]).toEqual([true, '']);
    const bad = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir: await hostsDirFor(registriesYaml(reg)), resolve: RESOLVE });
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toContain('remote error: tls: bad certificate');
  });
});

describe('certificate faults, in containerd\'s (Go 1.19) words', () => {
  const cases: [Parameters<typeof start>[0]['tls'], RegExp][] = [
    ['expired', /x509: certificate has expired or is not yet valid: current time \S+ is after 2021-01-01T00:00:00Z/],
    ['not-yet-valid', /x509: certificate has expired or is not yet valid: current time \S+ is before 2099-01-01T00:00:00Z/],
    ['wrong-san', new RegExp(`x509: certificate is valid for registry\\.wrong\\.invalid, not ${TEST_REGISTRY_NAME.replace(/\./g, '\\.')}`)],
    ['cn-only', /x509: certificate relies on legacy Common Name field, use SANs instead/],
  ];
  for (const [tls, message] of cases) {
    test(tls, async () => {
      const reg = await start({ tls, auth: 'none', images: ['rancher/shell:v0.1.6'] });
      try {
        const r = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir: await hostsDirFor(registriesYaml(reg)), resolve: RESOLVE });
        expect(r.ok).toBe(false);
        expect(r.stderr).toMatch(message);
      } finally {
        await reg.stop();
      }
    });
  }

  test('self-signed: trusted through the certificate itself, not through another CA', async () => {
    const reg = await start({ tls: 'self-signed', auth: 'none', images: ['rancher/shell:v0.1.6'] });
    try {
      const ok = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir: await hostsDirFor(registriesYaml(reg)), resolve: RESOLVE });
      expect([ok.ok, ok.stderr]).toEqual([true, '']);
      const bad = await ctd.ctrPull(`${named(reg)}/rancher/shell:v0.1.6`, { hostsDir: await hostsDirFor(registriesYaml(reg, { caFile: reg.pki!.caCert })), resolve: RESOLVE });
      expect([bad.ok, bad.stderr.includes('x509: certificate signed by unknown authority')]).toEqual([false, true]);
    } finally {
      await reg.stop();
    }
  });
});
