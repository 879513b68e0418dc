/**
 * Misbehaving registries (plain node:http servers on loopback standing in for broken proxies):
 * every request has a timeout, 429/5xx are retried honouring Retry-After, a web page is not a
 * registry, and progress is reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { runRegistryProbe } from '../src/registry/run-walk.js';
import { errorText } from '../src/registry/errors.js';
import { buildModel } from '../src/registries-model.js';
import { parseYaml } from '../src/yaml-tree.js';
import { buildImageSet } from '../src/rancher/image-set.js';

const INDEX = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: 'sha256:' + 'a'.repeat(64), size: 1, platform: { os: 'linux', architecture: 'amd64' } }] });

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  servers.push({ close: () => s.close() });
  return `127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/**
 * Mode D: the https default endpoint follows the http:// mirror (DOMAIN §2.2), so checks look at the first attempt.
 * 127.0.0.1 stands in for a remote registry here (loopbackAsRemote): containerd's loopback rules
 * (http default, HTTPS-first with 1.7) are tested in registry-containerd.test.ts.
 */
async function probe(host: string, images: string[], timeoutMs = 2000, progress: string[] = []) {
  const yaml = `mirrors:\n  "${host}":\n    endpoint: ["http://${host}"]\n`;
  return runRegistryProbe({
    model: buildModel(parseYaml(yaml).tree, 'D'),
    features: { mode: 'D', rewrite: true, lastDefaultEndpointBug: false, insecureSkipVerify: true, loopbackAsRemote: true },
    modeSource: 'default',
    imageSet: buildImageSet({ systemDefaultRegistry: host, rancherVersion: null, imagesFile: null, imageRefs: images }),
    registriesFile: { path: 'r.yaml', present: true },
    credentials: {},
    platform: 'linux/amd64',
    concurrency: 4,
    timeoutMs,
    signal: new AbortController().signal,
    progress: (t) => progress.push(t),
  });
}

describe('faults', () => {
  it('429 with Retry-After and 503 are retried; the image still resolves', async () => {
    const seen = new Map<string, number>();
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end('{}');
      const n = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, n);
      if (n === 1) return res.writeHead(429, { 'retry-after': '0' }).end();
      if (n === 2) return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json', 'docker-content-digest': 'sha256:' + 'b'.repeat(64) }).end(INDEX);
    });
    const progress: string[] = [];
    const f = await probe(host, ['rancher/shell:v0.1.6'], 2000, progress);
    expect(f.images.map((i) => [i.result, i.attempts.map((a) => a.status)])).toEqual([['ok', ['ok']]]);
    expect(f.stats.retries).toBe(2);
    expect(f.stats.byKind).toEqual({ ping: 1, manifest: 3 });
    expect(progress).toContain('checked 1/1 images, 0 failing');
  });

  it('retries are bounded: a registry that always answers 503 fails the image with that status', async () => {
    const host = await serve((req, res) => (req.url === '/v2/' ? res.writeHead(200).end('{}') : res.writeHead(503, { 'retry-after': '0' }).end()));
    const f = await probe(host, ['rancher/shell:v0.1.6']);
    expect(f.images[0]!.attempts.slice(0, 1).map((a) => [a.status, a.httpStatus, a.error && errorText(a.error)])).toEqual([['error', 503, `unexpected status from GET request to http://${host}/v2/rancher/shell/manifests/v0.1.6: 503 Service Unavailable`]]);
    expect(f.stats.byKind.manifest).toBe(4);
  });

  it('a server that accepts and never answers: the request times out after --timeout', async () => {
    const s = net.createServer(() => {});
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    servers.push({ close: () => s.close() });
    const host = `127.0.0.1:${(s.address() as AddressInfo).port}`;
    const t0 = Date.now();
    const f = await probe(host, ['rancher/shell:v0.1.6'], 400);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(f.endpoints.slice(0, 1).map((e) => [e.url, { ...e.transport, error: e.transport.error && errorText(e.transport.error) }])).toEqual([[`http://${host}/v2`, { ok: false, cause: 'timeout', error: `failed to do request: Get "http://${host}/v2/": dial tcp ${host}: i/o timeout` }]]);
    expect(f.images[0]!.result).toBe('blocked');
  });

  it('a web page where the registry API should be: 404 on /v2/ is "not a registry"', async () => {
    const host = await serve((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>nginx</html>'));
    const f = await probe(host, ['rancher/shell:v0.1.6']);
    expect(f.endpoints[0]!.auth).toMatchObject({ ok: false, cause: 'not-registry', error: { code: 'not-registry', args: { url: `http://${host}/v2/` } } });
    expect(errorText(f.endpoints[0]!.auth!.error!)).toBe(`GET http://${host}/v2/ answered 404: no registry API at this path`);
  });

  it('an expired token is refreshed (expires_in honoured), a fresh one reused', async () => {
    let issued = 0;
    let host = '';
    const seenTokens: string[] = [];
    host = await serve((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/token') {
        issued++;
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `tok-${issued}`, expires_in: 1 }));
      }
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ')) return res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="svc"` }).end();
      if (url.pathname === '/v2/') return res.writeHead(200).end('{}');
      seenTokens.push(auth.slice(7));
      // The first manifest answers slowly, so the 1 s token has expired when the second image is checked.
      const delay = seenTokens.length === 1 ? 1300 : 0;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json', 'docker-content-digest': 'sha256:' + 'c'.repeat(64) }).end(INDEX), delay);
    });
    const yaml = `mirrors:\n  "${host}":\n    endpoint: ["http://${host}"]\n`;
    const f = await runRegistryProbe({
      model: buildModel(parseYaml(yaml).tree, 'D'),
      features: { mode: 'D', rewrite: true, lastDefaultEndpointBug: false, insecureSkipVerify: true, loopbackAsRemote: true },
      modeSource: 'default',
      imageSet: buildImageSet({ systemDefaultRegistry: host, rancherVersion: null, imagesFile: null, imageRefs: ['rancher/a:1', 'rancher/b:1', 'rancher/c:1'] }),
      registriesFile: { path: 'r.yaml', present: true },
      credentials: {},
      platform: 'linux/amd64',
      concurrency: 1,
      timeoutMs: 5000,
      signal: new AbortController().signal,
      progress: () => {},
    });
    expect(f.images.map((i) => i.result)).toEqual(['ok', 'ok', 'ok']);
    // One batched token for all three repositories; two workers (2 x --concurrency) take a and b at
    // once with it. c is started after a's slow answer, when the token has expired: one refresh.
    expect(seenTokens).toEqual(['tok-1', 'tok-1', 'tok-2']);
    expect(issued).toBe(2);
  });
});

describe('open /v2/ but a challenging repository', () => {
  it('follows the Bearer challenge of the manifest request, as containerd does', async () => {
    let host = '';
    host = await serve((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/v2/') return res.writeHead(200).end('{}');
      if (url.pathname === '/token') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-a', token: 'tok-b', expires_in: 300 }));
      if (req.headers.authorization !== 'Bearer tok-a') return res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="svc",scope="repository:rancher/shell:pull"` }).end();
      res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json' }).end(INDEX);
    });
    const f = await probe(host, ['rancher/shell:v0.1.6']);
    expect(f.images[0]!.attempts[0]!.status).toBe('ok');
    // The endpoint fact is the ping's view and stays so: images never write to it (issue 12), so no
    // result depends on which image ran first.
    expect(f.endpoints[0]!.auth).toMatchObject({ ok: true, scheme: 'none', realm: null, service: null });
  });
});
