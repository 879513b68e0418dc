/**
 * Secrets never leak (issue #6). Every command (lint, registry, health, all, plan) and every format
 * (text, json, junit, sarif; --save-facts; stdout and stderr) runs over configs holding distinctive
 * secrets — a password for the Harbor-style robot `robot$rancher+puller`, an `auth` value, an
 * `identity_token`, a password with quotes and a backslash, and the bearer tokens a real token
 * server issues during the run — and the secrets must not appear in any output in any form:
 * plain, base64 (alone and as user:password), base64url, URL-encoded or JSON-escaped.
 *
 * Also: TLS verification is never silently disabled (an untrusted certificate fails and the server
 * never sees a request carrying credentials); credentials sent over plain HTTP come with a warning
 * finding; credentials are never sent to a plain-HTTP token realm on another host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startFaultServer, type FaultServer } from './support/fault-server.js';
import { ensureBuilt, hasStackTrace, runBin } from './support/subprocess.js';

const ROBOT = 'robot$rancher+puller';
const PW = 'Zq8-SECRET-pw-7Kx';
const PW_TOKEN_SERVER = 'Zq8-SECRET-tokpw-4Rd';
const PW_HTTP = 'Zq8-SECRET-httppw-2Wn';
const PW_QUOTED = 'Zq8"SECRET\\quoted\'pw';
const IDT = 'Zq8-SECRET-idtoken-9Lp';
const AUTH_VALUE = Buffer.from(`${ROBOT}:${PW_TOKEN_SERVER}`).toString('base64');

/** Every form a secret could leak in. */
function forms(secret: string, user = ROBOT): string[] {
  const out = new Set<string>([
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(`${user}:${secret}`).toString('base64'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
  ]);
  // base64 without padding, as some tools print it
  for (const f of [...out]) if (f.endsWith('=')) out.add(f.replace(/=+$/, ''));
  return [...out].filter((f) => f.length >= 6);
}

let dir: string;
let reg: RunningRegistry;
let tok: FaultServer;
let plain: FaultServer;
const allSecrets = (): string[] => [PW, PW_TOKEN_SERVER, PW_HTTP, PW_QUOTED, IDT, AUTH_VALUE, ...tok.tokensIssued];

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of allSecrets()) for (const f of forms(s)) if (text.includes(f)) found.push(`${JSON.stringify(f)} (form of ${JSON.stringify(s.slice(0, 12))}…)`);
  return found;
}

function filesUnder(d: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
  // A real distribution registry with htpasswd over TLS, holding one image.
  reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', users: { [ROBOT]: PW }, images: ['rancher/shell:v0.1.6'] });
  // A token server + registry that issues bearer tokens (recorded, so the test knows them).
  tok = await startFaultServer({ fault: 'ok', tls: true, auth: { scheme: 'bearer', username: ROBOT, password: PW_TOKEN_SERVER } });
  // A plain-HTTP registry with Basic auth: credentials travel in clear text.
  plain = await startFaultServer({ fault: 'ok', auth: { scheme: 'basic', username: ROBOT, password: PW_HTTP } });
}, 120_000);

afterAll(async () => {
  await Promise.all([reg?.stop(), tok?.close(), plain?.close()]);
});

function registriesYaml(): string {
  const regHost = `${reg.host}:${reg.port}`;
  return `mirrors:
  "harbor.secret.invalid":
    endpoint:
      - "https://${regHost}"
      - "${tok.url}"
  "plain.secret.invalid":
    endpoint:
      - "${plain.url}"
configs:
  "${regHost}":
    auth:
      username: "${ROBOT}"
      password: "${PW}"
    tls:
      ca_file: "${reg.caFile}"
  "${tok.hostPort}":
    auth:
      auth: "${AUTH_VALUE}"
    tls:
      ca_file: "${tok.caFile}"
  "${plain.hostPort}":
    auth:
      username: ${ROBOT}
      password: ${PW_HTTP}
  "idt.secret.invalid":
    auth:
      identity_token: "${IDT}"
  "quoted.secret.invalid":
    auth:
      username: quoted
      password: '${PW_QUOTED.replace(/'/g, "''")}'
`;
}

const IMAGE_ARGS = ['--image', 'harbor.secret.invalid/rancher/shell:v0.1.6', '--image', 'harbor.secret.invalid/rancher/fleet:v0.3.5', '--image', 'plain.secret.invalid/rancher/gitjob:v0.1.15'];

interface Run {
  name: string;
  text: string;
  code: number | null;
}

async function runAllFormats(command: string, file: string, extra: string[] = []): Promise<Run[]> {
  const out = path.join(dir, `${command}-${path.basename(file)}-${Math.random().toString(36).slice(2, 7)}`);
  mkdirSync(out);
  const args = [command, file, '-f', 'json', '-o', `${out}/r.json`, '-f', 'junit', '-o', `${out}/r.xml`, '-f', 'sarif', '-o', `${out}/r.sarif`, '-f', 'text', '-o', `${out}/r.txt`, '--save-facts', `${out}/facts`, ...extra];
  const r = await runBin(args, { timeoutMs: 90_000 });
  expect(r.timedOut).toBe(false);
  expect(hasStackTrace(r.stderr)).toBe(false);
  // Text on stdout too, in a second run that also exercises the zh-CN catalogue.
  const r2 = await runBin([command, file, '--lang', 'zh-CN', ...extra], { timeoutMs: 90_000 });
  const runs: Run[] = [
    { name: `${command} stdout`, text: r.stdout, code: r.code },
    { name: `${command} stderr`, text: r.stderr, code: r.code },
    { name: `${command} zh-CN stdout+stderr`, text: r2.stdout + r2.stderr, code: r2.code },
  ];
  for (const f of filesUnder(out)) runs.push({ name: `${command} ${path.relative(out, f)}`, text: readFileSync(f, 'utf8'), code: r.code });
  return runs;
}

describe('secrets never appear in any output', () => {
  it('every command and every format, over a config with every kind of secret', async () => {
    const file = path.join(dir, 'registries.yaml');
    writeFileSync(file, registriesYaml());
    const runs: Run[] = [];
    runs.push(...(await runAllFormats('lint', file, ['--system-default-registry', 'harbor.secret.invalid'])));
    runs.push(...(await runAllFormats('registry', file, [...IMAGE_ARGS, '--timeout', '5s'])));
    runs.push(...(await runAllFormats('health', file, ['--container', 'no-such-rancher-container'])));
    runs.push(...(await runAllFormats('all', file, [...IMAGE_ARGS, '--timeout', '5s', '--container', 'no-such-rancher-container'])));
    runs.push(...(await runAllFormats('plan', file)));
    // The probes really used the secrets: the registry run found both images, one via a bearer token.
    expect(tok.tokensIssued.length).toBeGreaterThan(0);
    expect(tok.count({ path: /manifests/, auth: true })).toBeGreaterThan(0);
    expect(plain.count({ auth: true })).toBeGreaterThan(0);
    const registryJson = JSON.parse(runs.find((r) => r.name === 'registry r.json')!.text) as { findings: { check: string; status: string; message: string }[] };
    expect(registryJson.findings.filter((f) => f.check === 'image-available').map((f) => f.status)).toEqual(['pass', 'pass', 'pass']);
    // Every format and the facts folder were written for every command.
    const names = runs.map((r) => r.name);
    for (const c of ['lint', 'registry', 'health', 'all', 'plan']) {
      for (const f of ['r.json', 'r.xml', 'r.sarif', 'r.txt']) expect(names).toContain(`${c} ${f}`);
      expect(names.some((n) => n.startsWith(`${c} facts/`))).toBe(true);
    }
    const leaked = runs.flatMap((r) => leaks(r.text).map((l) => `${r.name}: ${l}`));
    expect(leaked).toEqual([]);
    // The detector itself works: it finds every configured secret in the input file.
    expect(leaks(readFileSync(file, 'utf8')).length).toBeGreaterThanOrEqual(6);
  }, 300_000);

  it('a registries.yaml that does not parse still keeps its secrets out of messages and facts', async () => {
    const broken = registriesYaml().replace(`password: "${PW}"`, `password: "${PW}\n      oops: [`);
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, broken);
    const runs = [...(await runAllFormats('lint', file)), ...(await runAllFormats('plan', file))];
    const lint = JSON.parse(runs.find((r) => r.name === 'lint r.json')!.text) as { findings: { check: string; status: string }[] };
    expect(lint.findings.some((f) => f.check === 'yaml-syntax' && f.status === 'fail')).toBe(true);
    expect(runs.flatMap((r) => leaks(r.text).map((l) => `${r.name}: ${l}`))).toEqual([]);
  }, 120_000);

  it('secrets under misspelt keys (identitytoken, token) and in flow style are redacted too', async () => {
    const file = path.join(dir, 'odd.yaml');
    writeFileSync(file, `configs:\n  "a.secret.invalid": {auth: {username: "${ROBOT}", password: "${PW}", identitytoken: "${IDT}", token: "${PW_HTTP}"}}\n`);
    const runs = await runAllFormats('lint', file);
    expect(runs.flatMap((r) => leaks(r.text).map((l) => `${r.name}: ${l}`))).toEqual([]);
  });
});

describe('credentials are only sent where containerd would send them, and never silently', { timeout: 120_000 }, () => {
  it('TLS verification is not silently disabled: an untrusted certificate fails and gets no credentials', async () => {
    const untrusted = await startFaultServer({ fault: 'ok', tls: true, auth: { scheme: 'basic', username: ROBOT, password: PW } });
    try {
      const file = path.join(dir, 'untrusted.yaml');
      writeFileSync(file, `mirrors:\n  "u.secret.invalid":\n    endpoint: ["${untrusted.url}"]\nconfigs:\n  "${untrusted.hostPort}":\n    auth: {username: "${ROBOT}", password: "${PW}"}\n`);
      const r = await runBin(['registry', file, '-f', 'json', '--image', 'u.secret.invalid/rancher/shell:v0.1.6', '--timeout', '5s'], { timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      const tlsFindings = (JSON.parse(r.stdout) as { findings: { check: string; status: string; message: string }[] }).findings.filter((f) => f.check === 'registry-tls');
      expect(tlsFindings.some((f) => f.status === 'fail' && f.message.startsWith(`${untrusted.url}/v2: tls: failed to verify certificate: x509: certificate signed by unknown authority.`))).toBe(true);
      expect(untrusted.count({ auth: true })).toBe(0);
      expect(untrusted.count({ path: /manifests/ })).toBe(0);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
    } finally {
      await untrusted.close();
    }
  });

  it('credentials sent over plain HTTP come with a warning finding', async () => {
    const file = path.join(dir, 'plain.yaml');
    writeFileSync(file, `mirrors:\n  "plain.secret.invalid":\n    endpoint: ["${plain.url}"]\nconfigs:\n  "${plain.hostPort}":\n    auth: {username: "${ROBOT}", password: "${PW_HTTP}"}\n`);
    const before = plain.count({ auth: true });
    const r = await runBin(['all', file, '-f', 'json', '--image', 'plain.secret.invalid/rancher/shell:v0.1.6', '--timeout', '5s', '--container', 'no-such-rancher-container'], { timeoutMs: 60_000 });
    const findings = (JSON.parse(r.stdout) as { findings: { check: string; status: string; message: string }[] }).findings;
    expect(plain.count({ auth: true })).toBeGreaterThan(before);
    const warnings = findings.filter((f) => f.status === 'warn' && /plain HTTP|clear text|unencrypted|http:\/\//i.test(f.message) && /credential|password|auth/i.test(f.message));
    expect(warnings.map((f) => f.check)).toContain('auth-plain-http');
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });

  it('credentials are never sent to a plain-HTTP token realm on another host', async () => {
    // The realm is another origin (localhost ≠ 127.0.0.1) over plain HTTP: containerd would send
    // the password there in clear text; we withhold it and say so.
    const realm = await startFaultServer({ fault: 'ok' });
    const registry = await startFaultServer({ fault: 'ok', tls: true, auth: { scheme: 'bearer', username: ROBOT, password: PW, realm: `http://localhost:${realm.port}/token` } });
    try {
      const file = path.join(dir, 'realm.yaml');
      writeFileSync(file, `mirrors:\n  "realm.secret.invalid":\n    endpoint: ["${registry.url}"]\nconfigs:\n  "${registry.hostPort}":\n    auth: {username: "${ROBOT}", password: "${PW}"}\n    tls: {ca_file: "${registry.caFile}"}\n`);
      const r = await runBin(['registry', file, '-f', 'json', '--image', 'realm.secret.invalid/rancher/shell:v0.1.6', '--timeout', '5s'], { timeoutMs: 60_000 });
      expect(r.timedOut).toBe(false);
      expect(realm.count({ auth: true })).toBe(0);
      const findings = (JSON.parse(r.stdout) as { findings: { check: string; status: string; message: string }[] }).findings;
      const auth = findings.filter((f) => f.check === 'registry-auth' && f.status !== 'pass' && f.status !== 'skip');
      expect(auth.some((f) => /realm/i.test(f.message) && /http/i.test(f.message))).toBe(true);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
    } finally {
      await Promise.all([realm.close(), registry.close()]);
    }
  });
});
