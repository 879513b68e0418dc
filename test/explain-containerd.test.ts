/**
 * explain on messages real containerd writes: a private containerd (test/support/containerd.ts) pulls
 * with `ctr images pull --hosts-dir` from real registries (test/support/registry.ts), through the
 * hosts.toml K3s mode D renders from a registries.yaml, and fails in its own words (unknown CA, 401,
 * missing tag, HTTPS to an HTTP registry, connection refused, …). Its stderr, with the random port
 * and the timestamps made fixed, must equal fixtures/explain/ctr-<case>/input.txt, and explain of it
 * (with that registries.yaml as --file) must give exactly fixtures/explain/ctr-<case>/expected.json —
 * the same folder test/explain-fixtures.test.ts checks offline.
 * UPDATE_EXPLAIN_FIXTURES=1 rewrites input.txt, registries.yaml and args.json from the live run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startRegistry, TEST_REGISTRY_NAME, type RunningRegistry } from './support/registry.js';
import { startContainerd, type RunningContainerd } from './support/containerd.js';
import { explainText } from './support/explain.js';
import { parseYaml } from '../src/yaml-tree.js';
import { buildModel } from '../src/registries-model.js';
import { renderHostsToml } from '../src/containerd/hosts-toml.js';
import type { Finding } from '../src/types.js';

const UPDATE = process.env.UPDATE_EXPLAIN_FIXTURES === '1';
const FIX = path.resolve(import.meta.dirname, '..', 'fixtures', 'explain');
const RESOLVE = { [TEST_REGISTRY_NAME]: '127.0.0.1' };
/** The port every fixture shows instead of the random one. */
const FIXED_PORT = '5000';
const FIXED_CA = '/etc/rancher/k3s/certs/ca.pem';

let ctd: RunningContainerd;
beforeAll(async () => {
  ctd = await startContainerd();
});
afterAll(() => ctd?.stop());

function normalize(text: string, port: number, paths: Record<string, string> = {}): string {
  let out = text.split(`${TEST_REGISTRY_NAME}:${port}`).join(`${TEST_REGISTRY_NAME}:${FIXED_PORT}`).split(`127.0.0.1:${port}`).join(`127.0.0.1:${FIXED_PORT}`);
  out = out.split(`%3A${port}`).join(`%3A${FIXED_PORT}`);
  for (const [from, to] of Object.entries(paths)) out = out.split(from).join(to);
  // ctr's progress loop sometimes logs `msg="active check failed" error="context canceled"` as it stops: not part of the pull.
  out = out.split('\n').filter((l) => !l.includes('msg="active check failed"')).join('\n');
  return out.replace(/time="[^"]+"/g, 'time="2026-01-01T00:00:00Z"').replace(/current time \S+ is/g, 'current time 2026-01-01T00:00:00Z is');
}

function registriesYaml(host: string, endpoint: string, opts: { caFile?: string | null; auth?: boolean } = {}): string {
  const lines = ['mirrors:', `  "${host}":`, '    endpoint:', `      - "${endpoint}"`];
  if (opts.caFile || opts.auth) {
    lines.push('configs:', `  "${host}":`);
    if (opts.caFile) lines.push('    tls:', `      ca_file: "${opts.caFile}"`);
    if (opts.auth) lines.push('    auth:', '      username: "robot$rancher+puller"', '      password: "<redacted in the fixture>"');
  }
  return lines.join('\n') + '\n';
}

/** Pull, check the stderr is the fixture's input.txt, and explain it with the fixture's registries.yaml. */
async function caseOf(name: string, o: { port: number; ref: string; yaml: string; user?: string; paths?: Record<string, string> }): Promise<{ stderr: string; findings: Finding[] }> {
  const hostsDir = await ctd.writeHostsDir(renderHostsToml(buildModel(parseYaml(o.yaml).tree, 'D'), { mode: 'D' })!);
  const r = await ctd.ctrPull(o.ref, { hostsDir, user: o.user, resolve: RESOLVE });
  expect(r.ok, r.stderr).toBe(false);
  const stderr = normalize(r.stderr, o.port, o.paths);
  const dir = path.join(FIX, name);
  const yaml = normalize(o.yaml, o.port, o.paths);
  if (UPDATE || !existsSync(path.join(dir, 'input.txt'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'input.txt'), stderr);
    writeFileSync(path.join(dir, 'registries.yaml'), yaml);
    writeFileSync(path.join(dir, 'args.json'), JSON.stringify({ file: 'registries.yaml' }, null, 2) + '\n');
  }
  expect(stderr).toBe(readFileSync(path.join(dir, 'input.txt'), 'utf8'));
  expect(yaml).toBe(readFileSync(path.join(dir, 'registries.yaml'), 'utf8'));
  const res = await explainText(stderr, ['--format', 'json', '--file', path.join(dir, 'registries.yaml')]);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(1);
  const findings = JSON.parse(JSON.stringify(JSON.parse(res.stdout).findings).split(dir + path.sep).join('$DIR/')) as Finding[];
  const expectedFile = path.join(dir, 'expected.json');
  // expected.json is written by test/explain-fixtures.test.ts (UPDATE_EXPLAIN_FIXTURES=1) from the same input.
  if (existsSync(expectedFile)) expect(findings).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  return { stderr, findings };
}

const causeOf = (fs: Finding[]) => fs.map((f) => [f.status, (f.data as { cause: string }).cause, (f.data as { role: string }).role]);

describe('TLS registry with htpasswd', () => {
  let reg: RunningRegistry;
  let host: string;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'], names: [TEST_REGISTRY_NAME] });
    host = `${TEST_REGISTRY_NAME}:${reg.port}`;
  });
  afterAll(() => reg?.stop());
  const user = () => {
    const [u, p] = Object.entries(reg.users)[0]!;
    return { user: `${u}:${p}`, u };
  };

  test('no ca_file: x509: certificate signed by unknown authority', async () => {
    const { stderr, findings } = await caseOf('ctr-unknown-ca', { port: reg.port, ref: `${host}/rancher/shell:v0.1.6`, yaml: registriesYaml(host, `https://${host}`), user: user().user });
    expect(stderr).toContain('x509: certificate signed by unknown authority');
    // containerd's "trying next host" line and ctr's own line are the same failure: one finding.
    expect(causeOf(findings)).toEqual([['fail', 'unknown-ca', 'default']]);
    expect(findings[0]!.remediation).toContain(`configs: {"${TEST_REGISTRY_NAME}:${FIXED_PORT}": {tls: {ca_file:`);
  });

  test('wrong password: 401 Unauthorized, and no password in the output', async () => {
    const { u } = user();
    const { stderr, findings } = await caseOf('ctr-401', {
      port: reg.port, ref: `${host}/rancher/shell:v0.1.6`, yaml: registriesYaml(host, `https://${host}`, { caFile: reg.caFile, auth: true }), user: `${u}:Wr0ng-Pa55`, paths: { [reg.caFile!]: FIXED_CA },
    });
    expect(stderr).toContain('401 Unauthorized');
    expect(JSON.stringify(findings)).not.toContain('Wr0ng-Pa55');
    expect(causeOf(findings)).toEqual([['fail', 'auth-rejected', 'default']]);
  });

  test('missing tag: not found', async () => {
    const { stderr, findings } = await caseOf('ctr-not-found', { port: reg.port, ref: `${host}/rancher/shell:v9.9.9`, yaml: registriesYaml(host, `https://${host}`, { caFile: reg.caFile }), user: user().user, paths: { [reg.caFile!]: FIXED_CA } });
    expect(stderr).toContain(': not found');
    expect(causeOf(findings)).toEqual([['fail', 'not-found', 'default']]);
  });

  test('expired certificate', async () => {
    const expired = await startRegistry({ tls: 'expired', auth: 'none', images: ['rancher/shell:v0.1.6'], names: [TEST_REGISTRY_NAME] });
    try {
      const h = `${TEST_REGISTRY_NAME}:${expired.port}`;
      const { findings } = await caseOf('ctr-cert-expired', { port: expired.port, ref: `${h}/rancher/shell:v0.1.6`, yaml: registriesYaml(h, `https://${h}`, { caFile: expired.caFile }), paths: { [expired.caFile!]: FIXED_CA } });
      expect(causeOf(findings)).toEqual([['fail', 'cert-expired', 'default']]);
    } finally {
      await expired.stop();
    }
  });
});

describe('plain-HTTP registry', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'none', auth: 'none', images: ['rancher/shell:v0.1.6'], names: [TEST_REGISTRY_NAME] });
  });
  afterAll(() => reg?.stop());

  test('an https:// endpoint: server gave HTTP response to HTTPS client; the fix is an http:// endpoint', async () => {
    const host = `${TEST_REGISTRY_NAME}:${reg.port}`;
    const { stderr, findings } = await caseOf('ctr-https-to-http', { port: reg.port, ref: `${host}/rancher/shell:v0.1.6`, yaml: registriesYaml(host, `https://${host}`) });
    expect(stderr).toContain('server gave HTTP response to HTTPS client');
    expect(causeOf(findings)).toEqual([['fail', 'https-to-http', 'default']]);
    expect(findings[0]!.remediation).toContain(`endpoint: ["http://${TEST_REGISTRY_NAME}:${FIXED_PORT}"]`);
  });
});

describe('nothing listening', () => {
  test('connection refused', async () => {
    const port = await freePort();
    const host = `${TEST_REGISTRY_NAME}:${port}`;
    const { stderr, findings } = await caseOf('ctr-refused', { port, ref: `${host}/rancher/shell:v0.1.6`, yaml: registriesYaml(host, `https://${host}`) });
    expect(stderr).toContain('connect: connection refused');
    expect(causeOf(findings)).toEqual([['fail', 'refused', 'default']]);
  });

  test('a mirror endpoint refused, then the default endpoint: explain names the mirror entry', async () => {
    const reg = await startRegistry({ tls: 'none', auth: 'none', images: [], names: [TEST_REGISTRY_NAME] });
    const dead = await freePort();
    try {
      const host = `${TEST_REGISTRY_NAME}:${reg.port}`;
      // Mirror (nothing listens) first, then the registry's own https default, which speaks HTTP: two errors.
      const yaml = ['mirrors:', `  "${host}":`, '    endpoint:', `      - "http://${TEST_REGISTRY_NAME}:${dead}"`, ''].join('\n');
      const { findings } = await caseOf('ctr-mirror-then-default', { port: reg.port, ref: `${host}/rancher/shell:v0.1.6`, yaml, paths: { [`${TEST_REGISTRY_NAME}:${dead}`]: `${TEST_REGISTRY_NAME}:5001`, [`127.0.0.1:${dead}`]: '127.0.0.1:5001' } });
      // containerd reports the first error (the mirror's); its log shows the default endpoint's too.
      expect(causeOf(findings)).toEqual([
        ['fail', 'refused', 'mirror'],
        ['fail', 'https-to-http', 'default'],
      ]);
      expect((findings[0]!.data as { occurrences: unknown[] }).occurrences).toHaveLength(2);
    } finally {
      await reg.stop();
    }
  });
});
