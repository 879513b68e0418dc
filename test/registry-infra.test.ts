// Proves the test infrastructure itself (test/support/registry.ts, token-server.ts, pki.ts):
// every TLS and auth mode of startRegistry answered with plain node:https requests.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, populate, HTTP_REPOS, type RunningRegistry } from './support/registry.js';
import { makePki, type Pki } from './support/pki.js';
import { imageSet } from './support/images.js';

const run = promisify(execFile);

const ACCEPT = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, */*';

interface Res { status: number; headers: http.IncomingHttpHeaders; body: string }
interface Opts { method?: string; ca?: string | null; cert?: string | null; key?: string | null; headers?: Record<string, string>; body?: string; url?: string }

/** One request; rejects with the Node error (code such as CERT_HAS_EXPIRED) on TLS/network failure. */
function req(reg: RunningRegistry, path: string, o: Opts = {}): Promise<Res> {
  const u = new URL(path, o.url ?? reg.url);
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const r = mod.request(u, {
      method: o.method ?? 'GET', agent: false, timeout: 5000, headers: o.headers,
      ca: o.ca ? readFileSync(o.ca) : undefined, cert: o.cert ? readFileSync(o.cert) : undefined, key: o.key ? readFileSync(o.key) : undefined,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    r.end(o.body);
  });
}

const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const errCode = (p: Promise<unknown>) => p.then(() => 'no error', (e: NodeJS.ErrnoException) => e.code ?? e.message);
const creds = (reg: RunningRegistry) => Object.entries(reg.users)[0]!;

const INDEX = imageSet('docker').index;
const AMD64 = imageSet('docker').platforms[0]!.manifest;

describe('TLS + htpasswd (CA-signed)', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: ['rancher/shell:v0.1.6', 'rancher/fleet:v0.3.5'], singleArch: ['rancher/fleet:v0.3.5'] });
  });
  afterAll(() => reg?.stop());

  test('describes itself', () => {
    expect(reg.scheme).toBe('https');
    expect(reg.host).toBe(`127.0.0.1:${reg.port}`);
    expect(reg.url).toBe(`https://127.0.0.1:${reg.port}`);
    expect(reg.caFile).toBe(reg.pki!.caCert);
    expect(Object.keys(reg.users)).toEqual(['robot$rancher+puller']);
  });

  test('challenges, accepts the right password, rejects a wrong one, and logs every request', async () => {
    const [user, pass] = creds(reg);
    reg.resetLog();
    const anon = await req(reg, '/v2/', { ca: reg.caFile });
    expect([anon.status, anon.headers['www-authenticate'], anon.headers['docker-distribution-api-version']])
      .toEqual([401, 'Basic realm="Registry Realm"', 'registry/2.0']);
    const ok = await req(reg, '/v2/', { ca: reg.caFile, headers: { authorization: basic(user, pass) } });
    expect([ok.status, ok.body]).toEqual([200, '{}']);
    const bad = await req(reg, '/v2/', { ca: reg.caFile, headers: { authorization: basic(user, pass + 'x') } });
    expect(bad.status).toBe(401);
    const head = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', ca: reg.caFile, headers: { authorization: basic(user, pass), accept: ACCEPT } });
    expect([head.status, head.headers['content-type'], head.headers['docker-content-digest']]).toEqual([200, INDEX.mediaType, INDEX.digest]);
    const single = await req(reg, '/v2/rancher/fleet/manifests/v0.3.5', { method: 'HEAD', ca: reg.caFile, headers: { authorization: basic(user, pass), accept: ACCEPT } });
    expect([single.status, single.headers['content-type'], single.headers['docker-content-digest']]).toEqual([200, AMD64.mediaType, AMD64.digest]);
    const noTag = await req(reg, '/v2/rancher/shell/manifests/v9.9.9', { ca: reg.caFile, headers: { authorization: basic(user, pass), accept: ACCEPT } });
    expect([noTag.status, JSON.parse(noTag.body).errors[0].code]).toEqual([404, 'MANIFEST_UNKNOWN']);
    // distribution 2.8 says MANIFEST_UNKNOWN for a missing repository too; NAME_UNKNOWN only on tags/list.
    const noRepo = await req(reg, '/v2/rancher/nope/manifests/v1', { ca: reg.caFile, headers: { authorization: basic(user, pass), accept: ACCEPT } });
    expect([noRepo.status, JSON.parse(noRepo.body).errors[0].code]).toEqual([404, 'MANIFEST_UNKNOWN']);
    const noRepoTags = await req(reg, '/v2/rancher/nope/tags/list', { ca: reg.caFile, headers: { authorization: basic(user, pass) } });
    expect([noRepoTags.status, JSON.parse(noRepoTags.body).errors[0].code]).toEqual([404, 'NAME_UNKNOWN']);
    await reg.settle();
    expect(reg.requestLog()).toEqual([
      { method: 'GET', path: '/v2/', status: 401 },
      { method: 'GET', path: '/v2/', status: 200 },
      { method: 'GET', path: '/v2/', status: 401 },
      { method: 'HEAD', path: '/v2/rancher/shell/manifests/v0.1.6', status: 200 },
      { method: 'HEAD', path: '/v2/rancher/fleet/manifests/v0.3.5', status: 200 },
      { method: 'GET', path: '/v2/rancher/shell/manifests/v9.9.9', status: 404 },
      { method: 'GET', path: '/v2/rancher/nope/manifests/v1', status: 404 },
      { method: 'GET', path: '/v2/rancher/nope/tags/list', status: 404 },
    ]);
  });

  test('TLS trust: no CA and the wrong CA are rejected; the certificate covers 127.0.0.1 by IP SAN', async () => {
    expect(await errCode(req(reg, '/v2/'))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await errCode(req(reg, '/v2/', { ca: reg.pki!.otherCaCert }))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const cert = new X509Certificate(readFileSync(reg.certFile!));
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost');
    expect(cert.checkIssued(new X509Certificate(readFileSync(reg.caFile!)))).toBe(true);
  });

  test('plain HTTP to a TLS port gets a 400 from Go\'s TLS server', async () => {
    const r = await req(reg, '/v2/', { url: `http://${reg.host}` });
    expect([r.status, r.body.trim()]).toEqual([400, 'Client sent an HTTP request to an HTTPS server.']);
  });
});

describe('plain HTTP + htpasswd', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await startRegistry({ tls: 'none', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('answers HTTP, Basic works, a TLS client fails', async () => {
    const [user, pass] = creds(reg);
    expect([reg.scheme, reg.caFile, reg.clientCertFile]).toEqual(['http', null, null]);
    expect((await req(reg, '/v2/')).status).toBe(401);
    const head = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', headers: { authorization: basic(user, pass), accept: ACCEPT } });
    expect([head.status, head.headers['docker-content-digest']]).toEqual([200, INDEX.digest]);
    expect(await errCode(req(reg, '/v2/', { url: `https://${reg.host}` }))).toBe('EPROTO');
  });
});

describe('certificate faults', () => {
  let pki: Pki;
  const regs: RunningRegistry[] = [];
  beforeAll(async () => { pki = await makePki(); });
  afterAll(async () => {
    await Promise.all(regs.map((r) => r.stop()));
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });
  const start = async (tls: 'expired' | 'wrong-san' | 'cn-only' | 'self-signed' | 'mtls') => {
    const r = await startRegistry({ tls, auth: 'none', pki });
    regs.push(r);
    return r;
  };

  test('expired', async () => {
    const reg = await start('expired');
    expect(await errCode(req(reg, '/v2/', { ca: reg.caFile }))).toBe('CERT_HAS_EXPIRED');
    expect(new X509Certificate(readFileSync(reg.certFile!)).validTo).toBe('Jan  1 00:00:00 2021 GMT');
  });

  test('wrong SAN', async () => {
    const reg = await start('wrong-san');
    expect(await errCode(req(reg, '/v2/', { ca: reg.caFile }))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(new X509Certificate(readFileSync(reg.certFile!)).subjectAltName).toBe('DNS:registry.wrong.invalid');
  });

  test('CN-only (no subjectAltName)', async () => {
    const reg = await start('cn-only');
    expect(await errCode(req(reg, '/v2/', { ca: reg.caFile }))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const cert = new X509Certificate(readFileSync(reg.certFile!));
    expect([cert.subjectAltName, cert.subject]).toEqual([undefined, 'CN=127.0.0.1\nO=airgap-preflight tests']);
  });

  test('self-signed: trusted only through the certificate itself', async () => {
    const reg = await start('self-signed');
    expect(reg.caFile).toBe(reg.certFile);
    expect((await req(reg, '/v2/', { ca: reg.caFile })).status).toBe(200);
    expect(await errCode(req(reg, '/v2/', { ca: pki.caCert }))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  test('mutual TLS requires the client certificate', async () => {
    const reg = await start('mtls');
    expect((await req(reg, '/v2/', { ca: reg.caFile, cert: reg.clientCertFile, key: reg.clientKeyFile })).status).toBe(200);
    // Go's TLS server answers a missing client certificate with a bad_certificate alert.
    expect(await errCode(req(reg, '/v2/', { ca: reg.caFile }))).toBe('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
    expect(await errCode(req(reg, '/v2/', { ca: reg.caFile, cert: reg.pki!.otherCaCert, key: reg.pki!.otherCaKey }))).toBe('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
  });

  test('IPv6 loopback', async () => {
    const reg = await startRegistry({ tls: 'valid', auth: 'none', pki, host: '::1', images: ['rancher/shell:v0.1.6'] });
    regs.push(reg);
    expect(reg.url).toBe(`https://[::1]:${reg.port}`);
    const r = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', ca: reg.caFile, headers: { accept: ACCEPT } });
    expect([r.status, r.headers['docker-content-digest']]).toEqual([200, INDEX.digest]);
  });
});

function bearer(challenge: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (challenge ?? '').matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

describe('TLS + token service (Harbor-like defaults)', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await startRegistry({ tls: 'valid', auth: 'token', images: ['rancher/shell:v0.1.6'] }); });
  afterAll(() => reg?.stop());

  test('challenge, GET with Basic, POST 405, pull with the token', async () => {
    const [user, pass] = creds(reg);
    const t = reg.token!;
    expect(t.realm).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/service\/token$/);
    expect(t.service).toBe('harbor-registry');
    const ping = await req(reg, '/v2/', { ca: reg.caFile });
    expect([ping.status, ping.headers['www-authenticate']]).toEqual([401, `Bearer realm="${t.realm}",service="harbor-registry"`]);
    const head0 = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', ca: reg.caFile });
    expect(bearer(head0.headers['www-authenticate'])).toEqual({ realm: t.realm, service: 'harbor-registry', scope: 'repository:rancher/shell:pull' });

    const post = await req(reg, '', { url: t.realm, method: 'POST', ca: reg.caFile, body: 'grant_type=password' });
    expect(post.status).toBe(405);
    const before = t.issued();
    const tok = await req(reg, '', { url: `${t.realm}?service=harbor-registry&scope=repository:rancher/shell:pull`, ca: reg.caFile, headers: { authorization: basic(user, pass) } });
    expect(tok.status).toBe(200);
    const body = JSON.parse(tok.body);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'issued_at', 'token']);
    expect([body.expires_in, body.token === body.access_token, t.issued() - before]).toEqual([1800, true, 1]);
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
    expect(claims.access).toEqual([{ type: 'repository', name: 'rancher/shell', actions: ['pull'] }]);
    const head = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', ca: reg.caFile, headers: { authorization: `Bearer ${body.token}`, accept: ACCEPT } });
    expect([head.status, head.headers['docker-content-digest']]).toEqual([200, INDEX.digest]);
  });

  test('wrong credentials still get a token, which has no access (Harbor)', async () => {
    const [user] = creds(reg);
    const t = reg.token!;
    const tok = await req(reg, '', { url: `${t.realm}?service=harbor-registry&scope=repository:rancher/shell:pull`, ca: reg.caFile, headers: { authorization: basic(user, 'wrong') } });
    expect(tok.status).toBe(200);
    const token = JSON.parse(tok.body).token;
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).access).toEqual([{ type: 'repository', name: 'rancher/shell', actions: [] }]);
    const head = await req(reg, '/v2/rancher/shell/manifests/v0.1.6', { ca: reg.caFile, headers: { authorization: `Bearer ${token}`, accept: ACCEPT } });
    expect(head.status).toBe(401);
    expect(bearer(head.headers['www-authenticate'])).toEqual({ realm: t.realm, service: 'harbor-registry', scope: 'repository:rancher/shell:pull', error: 'insufficient_scope' });
  });
});

describe('HTTP + token service with options', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({
      tls: 'none', auth: 'token', users: { alice: 'alice-pw', bob: 'bob-pw' }, images: ['rancher/shell:v0.1.6', 'rancher/fleet:v0.3.5', 'private/thing:v1'],
      tokenOptions: { grants: { alice: ['rancher/*', 'private/*'], bob: ['rancher/shell'] }, anonymousPull: ['rancher/*'], expiresIn: 5, field: 'access_token', postAnswer: 'oauth', rejectBadCredentials: true },
    });
  });
  afterAll(() => reg?.stop());

  const tokenFor = async (scope: string, auth?: string) => {
    const r = await req(reg, '', { url: `${reg.token!.realm}?service=harbor-registry&scope=${scope}`, headers: auth ? { authorization: auth } : {} });
    return { status: r.status, body: r.status === 200 ? JSON.parse(r.body) : r.body };
  };
  const pull = async (path: string, token: string) => (await req(reg, path, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, accept: ACCEPT } })).status;

  test('anonymous pulls from public patterns only; grants per user; bad credentials rejected', async () => {
    expect(reg.token!.realm).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/service\/token$/);
    const anon = await tokenFor('repository:rancher/shell:pull');
    expect([anon.status, Object.keys(anon.body).sort(), anon.body.expires_in]).toEqual([200, ['access_token', 'expires_in', 'issued_at'], 5]);
    expect(await pull('/v2/rancher/shell/manifests/v0.1.6', anon.body.access_token)).toBe(200);
    const anonPrivate = await tokenFor('repository:private/thing:pull');
    expect(await pull('/v2/private/thing/manifests/v1', anonPrivate.body.access_token)).toBe(401);
    const alice = await tokenFor('repository:private/thing:pull', basic('alice', 'alice-pw'));
    expect(await pull('/v2/private/thing/manifests/v1', alice.body.access_token)).toBe(200);
    const bob = await tokenFor('repository:rancher/fleet:pull', basic('bob', 'bob-pw'));
    expect(await pull('/v2/rancher/fleet/manifests/v0.3.5', bob.body.access_token)).toBe(401);
    const wrong = await tokenFor('repository:rancher/shell:pull', basic('alice', 'nope'));
    expect(wrong.status).toBe(401);
  });

  test('OAuth2 password grant on POST', async () => {
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'containerd-client', username: 'alice', password: 'alice-pw', service: 'harbor-registry', scope: 'repository:private/thing:pull' });
    const r = await req(reg, '', { url: reg.token!.realm, method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect([body.expires_in, body.scope]).toEqual([5, 'repository:private/thing:pull']);
    expect(await pull('/v2/private/thing/manifests/v1', body.access_token)).toBe(200);
    form.set('password', 'nope');
    expect((await req(reg, '', { url: reg.token!.realm, method: 'POST', body: form.toString() })).status).toBe(401);
  });
});

describe('populate', () => {
  let reg: RunningRegistry;
  beforeAll(async () => { reg = await startRegistry({ tls: 'self-signed', auth: 'none' }); });
  afterAll(() => reg?.stop());

  test('3000 tags over 3000 repositories, through the API and on disk alike, readable by skopeo', async () => {
    const refs = Array.from({ length: 3000 }, (_, i) => `rancher/repo-${i}:v1.${i}`);
    const t0 = Date.now();
    await populate(reg, refs, { singleArch: ['rancher/repo-3:v1.3', 'rancher/repo-2999:v1.2999'] });
    const ms = Date.now() - t0;
    console.log(`populate 3000 tags: ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
    reg.resetLog();
    const sample = [0, 3, HTTP_REPOS - 1, HTTP_REPOS, 1500, 2999];
    const got = await Promise.all(sample.map(async (i) => {
      const r = await req(reg, `/v2/rancher/repo-${i}/manifests/v1.${i}`, { method: 'HEAD', ca: reg.caFile, headers: { accept: ACCEPT } });
      return [i, r.status, r.headers['docker-content-digest']];
    }));
    expect(got).toEqual(sample.map((i) => [i, 200, i === 3 || i === 2999 ? AMD64.digest : INDEX.digest]));
    const missing = await req(reg, '/v2/rancher/repo-1500/manifests/v1.1501', { method: 'HEAD', ca: reg.caFile, headers: { accept: ACCEPT } });
    expect(missing.status).toBe(404);
    await reg.settle();
    expect(reg.requestLog().length).toBe(sample.length + 1);
    // A real client pulls the arm64 image of an on-disk repository, blobs included.
    const certDir = join(reg.dir, 'skopeo-certs');
    await mkdir(certDir);
    await copyFile(reg.caFile!, join(certDir, 'ca.crt'));
    const out = join(reg.dir, 'out');
    await run('skopeo', ['copy', '--override-arch', 'arm64', '--src-cert-dir', certDir, `docker://${reg.host}/rancher/repo-2500:v1.2500`, `oci:${out}:x`], { timeout: 30_000 });
    const { stdout } = await run('skopeo', ['inspect', '--config', `oci:${out}:x`]);
    expect(JSON.parse(stdout).architecture).toBe('arm64');
  }, 90_000);

  test('OCI format pushes an OCI index', async () => {
    const r2 = await startRegistry({ tls: 'none', auth: 'none', images: ['rancher/shell:v0.1.6'], format: 'oci' });
    try {
      const h = await req(r2, '/v2/rancher/shell/manifests/v0.1.6', { method: 'HEAD', headers: { accept: ACCEPT } });
      expect([h.status, h.headers['content-type'], h.headers['docker-content-digest']]).toEqual([200, 'application/vnd.oci.image.index.v1+json', imageSet('oci').index.digest]);
    } finally {
      await r2.stop();
    }
  });
});
