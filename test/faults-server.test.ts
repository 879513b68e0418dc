/**
 * The fault server itself: each fault must misbehave exactly as documented, or the product fault
 * tests prove nothing. Plain node:http/https clients with hard timeouts, 127.0.0.1 only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import { closedPort, INDEX_DIGEST, startFaultServer, unresolvableHost, type FaultServer } from './support/fault-server.js';

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

function request(url: string, o: { method?: string; ca?: string | null; timeoutMs?: number; headers?: Record<string, string>; maxHeaderSize?: number } = {}): Promise<Got> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      { method: o.method ?? 'GET', headers: o.headers, ca: o.ca ?? undefined, timeout: o.timeoutMs ?? 2000, maxHeaderSize: o.maxHeaderSize, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', reject);
    req.end();
  });
}

const errCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
};

let servers: FaultServer[] = [];
const start = async (...args: Parameters<typeof startFaultServer>) => {
  const s = await startFaultServer(...args);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('fault server', () => {
  it('ok: answers /v2/ and manifests like a registry', async () => {
    const s = await start({ fault: 'ok' });
    const v2 = await request(`${s.url}/v2/`);
    expect([v2.status, v2.headers['docker-distribution-api-version'], v2.body]).toEqual([200, 'registry/2.0', '{}']);
    const m = await request(`${s.url}/v2/rancher/shell/manifests/v0.1.6`, { method: 'HEAD' });
    expect([m.status, m.headers['docker-content-digest'], m.headers['content-type']]).toEqual([200, INDEX_DIGEST, 'application/vnd.oci.image.index.v1+json']);
    expect(s.count()).toBe(2);
  });

  it('hang: accepts and never answers, over plain TCP and TLS', async () => {
    for (const tls of [false, true]) {
      const s = await start({ fault: 'hang', tls });
      expect(await errCode(request(`${s.url}/v2/`, { timeoutMs: 300, ca: s.caPem }))).toBe('CLIENT_TIMEOUT');
      expect(s.connections()).toBe(1);
      expect(s.count()).toBe(0);
    }
  });

  it('hang-after-tls: the handshake completes, the request is never answered', async () => {
    const s = await start({ fault: 'hang-after-tls', tls: true });
    expect(await errCode(request(`${s.url}/v2/`, { timeoutMs: 400, ca: s.caPem }))).toBe('CLIENT_TIMEOUT');
    expect(s.count()).toBe(1);
  });

  it('tls-stall: an https URL whose handshake never completes', async () => {
    const s = await start({ fault: 'tls-stall' });
    expect(s.url.startsWith('https://127.0.0.1:')).toBe(true);
    expect(await errCode(request(`${s.url}/v2/`, { timeoutMs: 300 }))).toBe('CLIENT_TIMEOUT');
  });

  it('a held socket is released by the server itself after maxHoldMs', async () => {
    const s = await start({ fault: 'hang', maxHoldMs: 200 });
    const code = await errCode(request(`${s.url}/v2/`, { timeoutMs: 3000 }));
    expect(code).toBe('ECONNRESET');
  });

  it('trickle: headers at once, body a byte at a time', async () => {
    const s = await start({ fault: 'trickle', trickleMs: 100 });
    const got = await new Promise<{ status: number; bytes: number }>((resolve) => {
      const req = http.get(`${s.url}/v2/`, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        setTimeout(() => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, bytes });
        }, 550);
      });
      req.on('error', () => {});
    });
    expect(got.status).toBe(200);
    expect(got.bytes).toBeGreaterThanOrEqual(3);
    expect(got.bytes).toBeLessThanOrEqual(8);
  });

  it('reset: every request gets a connection reset, over plain TCP and TLS', async () => {
    for (const tls of [false, true]) {
      const s = await start({ fault: 'reset', tls });
      expect(await errCode(request(`${s.url}/v2/`, { ca: s.caPem }))).toBe('ECONNRESET');
      expect(s.count()).toBe(1);
    }
  });

  it('rate-limit: 429 with Retry-After, then success', async () => {
    const s = await start({ fault: 'rate-limit', failures: 1, retryAfter: '1' });
    const a = await request(`${s.url}/v2/`);
    const b = await request(`${s.url}/v2/`);
    expect([a.status, a.headers['retry-after'], JSON.parse(a.body).errors[0].code, b.status]).toEqual([429, '1', 'TOOMANYREQUESTS', 200]);
  });

  it('flaky-503: two 503s, then OK', async () => {
    const s = await start({ fault: 'flaky-503' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(`${s.url}/v2/`)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('token-500: Bearer challenge, token endpoint answers 500', async () => {
    const s = await start({ fault: 'token-500' });
    const a = await request(`${s.url}/v2/`);
    expect([a.status, a.headers['www-authenticate']]).toEqual([401, `Bearer realm="${s.url}/token",service="fault-registry"`]);
    expect((await request(`${s.url}/token?service=fault-registry`)).status).toBe(500);
  });

  it('token-expiry: a token works, then stops working after its TTL', async () => {
    const s = await start({ fault: 'token-expiry', auth: { scheme: 'bearer', username: 'u', password: 'p' } });
    expect((await request(`${s.url}/token`)).status).toBe(401);
    const tok = JSON.parse((await request(`${s.url}/token`, { headers: { Authorization: basic('u', 'p') } })).body);
    expect(tok.expires_in).toBe(1);
    const m = `${s.url}/v2/rancher/shell/manifests/v1`;
    expect((await request(m, { method: 'HEAD', headers: { Authorization: `Bearer ${tok.token}` } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await request(m, { method: 'HEAD', headers: { Authorization: `Bearer ${tok.token}` } })).status).toBe(401);
    expect(s.tokensIssued).toEqual([tok.token]);
  });

  it('bad-challenge and no-challenge: 401 with a useless or no WWW-Authenticate', async () => {
    const bad = await start({ fault: 'bad-challenge' });
    expect((await request(`${bad.url}/v2/`)).headers['www-authenticate']).toBe('Bearer realm=,,service="=="');
    const none = await start({ fault: 'no-challenge' });
    const r = await request(`${none.url}/v2/`);
    expect([r.status, r.headers['www-authenticate']]).toEqual([401, undefined]);
  });

  it('realm-loop: the token realm redirects to itself', async () => {
    const s = await start({ fault: 'realm-loop' });
    const a = await request(`${s.url}/token?service=x`);
    const b = await request(`${s.url}${a.headers.location}`);
    expect([a.status, a.headers.location, b.status, b.headers.location]).toEqual([302, '/token?service=x&hop=1', 302, '/token?service=x&hop=2']);
  });

  it('html: a web page with 200 instead of the API', async () => {
    const s = await start({ fault: 'html' });
    const r = await request(`${s.url}/v2/`);
    expect([r.status, r.headers['content-type'], r.headers['docker-distribution-api-version']]).toEqual([200, 'text/html; charset=utf-8', undefined]);
    expect(r.body).toContain('<html>');
  });

  it('huge-headers: a 2 MiB header that default HTTP clients refuse', async () => {
    const s = await start({ fault: 'huge-headers' });
    expect(await errCode(request(`${s.url}/v2/`))).toBe('HPE_HEADER_OVERFLOW');
    const r = await request(`${s.url}/v2/`, { maxHeaderSize: 3 * 1024 * 1024 });
    expect(String(r.headers['x-padding']).length).toBe(2 * 1024 * 1024);
  });

  it('huge-body: a manifest body of many megabytes', async () => {
    const s = await start({ fault: 'huge-body', bodyBytes: 6 * 1024 * 1024 });
    const h = await request(`${s.url}/v2/rancher/shell/manifests/v1`, { method: 'HEAD' });
    expect(h.headers['content-length']).toBe(String(6 * 1024 * 1024));
    const g = await request(`${s.url}/v2/rancher/shell/manifests/v1`, { timeoutMs: 10_000 });
    expect(g.body.length).toBe(6 * 1024 * 1024);
  });

  it('basic auth and image lists behave like registry:2', async () => {
    const s = await start({ fault: 'ok', auth: { scheme: 'basic', username: 'robot$rancher+puller', password: 'pw' }, images: ['rancher/shell:v1'] });
    expect((await request(`${s.url}/v2/`)).headers['www-authenticate']).toBe('Basic realm="fault-registry"');
    const h = { Authorization: basic('robot$rancher+puller', 'pw') };
    expect((await request(`${s.url}/v2/`, { headers: h })).status).toBe(200);
    expect((await request(`${s.url}/v2/rancher/shell/manifests/v1`, { headers: h, method: 'HEAD' })).status).toBe(200);
    expect((await request(`${s.url}/v2/rancher/shell/manifests/v2`, { headers: h })).status).toBe(404);
    expect(s.count({ auth: true })).toBe(3);
    expect(s.count({ auth: false })).toBe(1);
  });

  it('helpers: closed ports refuse, .invalid names do not resolve', async () => {
    const port = await closedPort();
    expect(await errCode(request(`http://127.0.0.1:${port}/v2/`))).toBe('ECONNREFUSED');
    expect(await errCode(request(`http://${unresolvableHost()}/v2/`))).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
  });
});
