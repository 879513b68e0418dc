/**
 * `airgap-preflight registry` against each fault of the fault server (issue #6), as a real
 * subprocess with a short --timeout and a hard deadline. Each run must end in bounded time, name
 * the cause in a finding, keep retries bounded (the fault server counts requests) and exit per the
 * contract (1 when a check fails, 0 when a transient fault was retried away).
 *
 * Layout: images are requested as `fault.invalid/rancher/<repo>:<tag>`; registries.yaml mirrors
 * `fault.invalid` to the fault server. containerd then falls back to the default endpoint
 * https://fault.invalid/v2, which never resolves (RFC 6761), so the fault server sees exactly the
 * mirror's traffic and the DNS failure is a second, cheap attempt (DOMAIN §1.5).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { closedPort, startFaultServer, type FaultOptions, type FaultServer } from './support/fault-server.js';
import { ensureBuilt, hasStackTrace, runBin, type RunResult } from './support/subprocess.js';

const REGISTRY = 'fault.invalid';
const IMAGES = ['rancher/shell:v0.1.6', 'rancher/fleet:v0.3.5', 'rancher/rancher-webhook:v0.1.1'];

interface Finding {
  check: string;
  status: string;
  message: string;
  target: string | null;
  data: Record<string, unknown> | null;
}
interface Outcome {
  r: RunResult;
  findings: Finding[];
  byCheck: (id: string) => Finding[];
}

let dir: string;
let servers: FaultServer[] = [];
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'faults-registry-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function fault(opts: FaultOptions): Promise<FaultServer> {
  const s = await startFaultServer({ maxHoldMs: 15_000, ...opts });
  servers.push(s);
  return s;
}

function config(endpoint: string, extra: { caFile?: string | null; auth?: { username: string; password: string } } = {}): string {
  const host = new URL(endpoint).host;
  let y = `mirrors:\n  "${REGISTRY}":\n    endpoint:\n      - "${endpoint}"\n`;
  if (extra.caFile || extra.auth) {
    y += `configs:\n  "${host}":\n`;
    if (extra.auth) y += `    auth:\n      username: "${extra.auth.username}"\n      password: "${extra.auth.password}"\n`;
    if (extra.caFile) y += `    tls:\n      ca_file: "${extra.caFile}"\n`;
  }
  return y;
}

let n = 0;
async function run(yaml: string, o: { timeout?: string; images?: string[]; extra?: string[]; deadlineMs?: number } = {}): Promise<Outcome> {
  const file = path.join(dir, `r${++n}.yaml`);
  writeFileSync(file, yaml);
  const args = ['registry', file, '-f', 'json', '--timeout', o.timeout ?? '1s', '--concurrency', '2'];
  for (const i of o.images ?? IMAGES) args.push('--image', `${REGISTRY}/${i}`);
  const r = await runBin([...args, ...(o.extra ?? [])], { timeoutMs: o.deadlineMs ?? 30_000 });
  expect(r.timedOut, `hung; stderr: ${r.stderr}`).toBe(false);
  expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  let findings: Finding[] = [];
  try {
    findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
  return { r, findings, byCheck: (id) => findings.filter((f) => f.check === id) };
}

const summary = (o: Outcome) => o.findings.map((f) => `${f.check} ${f.status}: ${f.message}`).join('\n');

const fail = (o: Outcome, check: string) => o.byCheck(check).filter((f) => f.status === 'fail');
const paths = (s: FaultServer, re: RegExp) => s.count({ path: re });

/** Every image is either a pass or a fail naming `cause`; nothing is an engine error. */
function expectImagesFail(o: Outcome, cause: RegExp) {
  const imgs = o.byCheck('image-available');
  expect(imgs.map((f) => f.status)).toEqual(IMAGES.map(() => 'fail'));
  for (const f of imgs) expect(f.message).toMatch(cause);
}
function expectNoErrors(o: Outcome) {
  expect(o.findings.filter((f) => f.status === 'error')).toEqual([]);
}

describe('registry faults: each ends in bounded time with a finding that names the cause', { timeout: 90_000 }, () => {
  it('accepts and never answers (plain HTTP): i/o timeout, one connection per try', async () => {
    const s = await fault({ fault: 'hang' });
    const o = await run(config(s.url));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(10_000);
    expect(fail(o, 'registry-tls').map((f) => f.message)).toEqual([
      `${s.url}/v2: failed to do request: Get "${s.url}/v2/": dial tcp ${s.hostPort}: i/o timeout.`,
      `https://${REGISTRY}/v2 (the registry's default endpoint): dial tcp: lookup ${REGISTRY}: no such host.`,
    ]);
    expect(s.connections()).toBeLessThanOrEqual(2);
    expectNoErrors(o);
  });

  it('stalls the TLS handshake: TLS handshake timeout, no HTTP request', async () => {
    const s = await fault({ fault: 'tls-stall' });
    const o = await run(config(s.url));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(10_000);
    expect(fail(o, 'registry-tls')[0]!.message).toBe(`${s.url}/v2: net/http: TLS handshake timeout.`);
    expect([s.connections(), s.count()]).toEqual([1, 0]);
  });

  it('completes TLS, then never answers: the request timed out, not the handshake; one request', async () => {
    const s = await fault({ fault: 'hang-after-tls', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(10_000);
    // The handshake completed (the server saw the GET), so Go's wording is the request's deadline (DOMAIN §5.2 #10).
    expect(fail(o, 'registry-tls')[0]!.message).toBe(`${s.url}/v2: failed to do request: Get "${s.url}/v2/": context deadline exceeded.`);
    expect(o.findings.filter((f) => /TLS handshake timeout/.test(f.message))).toEqual([]);
    expect(s.count()).toBe(1);
  });

  it('trickles the body: the per-request timeout still fires', async () => {
    const s = await fault({ fault: 'trickle', tls: true, trickleMs: 300 });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(12_000);
    expect(fail(o, 'registry-tls')[0]!.message).toMatch(new RegExp(`^${s.url.replace(/[.]/g, '\\.')}/v2: .*timeout\\.$`));
    expect(paths(s, /^\/v2\/$/)).toBeLessThanOrEqual(2);
  });

  it('resets the connection: connection reset by peer, not retried forever', async () => {
    const s = await fault({ fault: 'reset', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-tls')[0]!.message).toMatch(/connection reset by peer/);
    expect(s.count()).toBeLessThanOrEqual(2);
  });

  it('answers 429 with Retry-After twice, then works: waits as told and passes (exit 0)', async () => {
    const s = await fault({ fault: 'rate-limit', tls: true, failures: 2, retryAfter: '1' });
    const o = await run(config(s.url, { caFile: s.caFile }), { timeout: '5s' });
    expect(o.r.code).toBe(0);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['pass', 'pass', 'pass']);
    const pings = s.requests.filter((r) => r.path === '/v2/');
    expect(pings.length).toBe(3);
    // The TLS probe's GET took the first 429; the ping got the second and waited Retry-After: 1.
    expect(pings[2]!.at - pings[1]!.at).toBeGreaterThanOrEqual(950);
    expect(paths(s, /manifests/)).toBe(3);
  });

  it('answers 429 forever: gives up after bounded retries and says 429', async () => {
    const s = await fault({ fault: 'rate-limit', tls: true, failures: 1_000, retryAfter: '1' });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(15_000);
    expect(fail(o, 'registry-auth')[0]!.message).toBe(`${s.url}/v2: unexpected status from GET request to ${s.url}/v2/: 429 Too Many Requests.`);
    // One TLS-probe GET plus at most 1 + 3 retries of the ping; no manifest is hammered.
    expect(s.count()).toBeLessThanOrEqual(5);
    expect(paths(s, /manifests/)).toBe(0);
  });

  it('answers 503 twice, then OK: retried and passes (exit 0)', async () => {
    const s = await fault({ fault: 'flaky-503', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }), { timeout: '5s' });
    expect(o.r.code).toBe(0);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['pass', 'pass', 'pass']);
    expect(s.count()).toBe(6);
  });

  it('token endpoint answers 500: every image names the token failure; token requests bounded', async () => {
    const s = await fault({ fault: 'token-500', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(20_000);
    expectImagesFail(o, new RegExp(`failed to fetch anonymous token: unexpected status from GET request to ${s.url.replace(/[.]/g, '\\.')}/token: 500 Internal Server Error`));
    // A batched prefetch plus one fetch per image, each retried at most 3 times.
    expect(paths(s, /^\/token/)).toBeLessThanOrEqual(4 * (1 + IMAGES.length));
  });

  it('token expires after 1 second mid-run: fetched again, every image passes', async () => {
    const auth = { username: 'robot$rancher+puller', password: 'expiring-Pa55' };
    // 6 images answered 400 ms apart, one at a time: the run outlives several tokens.
    const s = await fault({ fault: 'token-expiry', tls: true, auth: { scheme: 'bearer', ...auth }, tokenTtlSeconds: 1, manifestDelayMs: 400 });
    const images = [...IMAGES, 'rancher/gitjob:v0.1.15', 'rancher/fleet-agent:v0.3.5', 'rancher/rancher-operator:v0.1.4'];
    const o = await run(config(s.url, { caFile: s.caFile, auth }), { images, extra: ['--concurrency', '1'], timeout: '5s' });
    expect(summary(o)).not.toMatch(/fail|error/);
    expect(o.r.code).toBe(0);
    const tokens = paths(s, /^\/token/);
    expect(tokens).toBeGreaterThanOrEqual(2);
    expect(tokens).toBeLessThanOrEqual(2 * (1 + images.length));
    expect(paths(s, /manifests/)).toBeLessThanOrEqual(2 * images.length);
    expect(s.requests.filter((r) => r.path.startsWith('/token')).every((r) => r.authScheme === 'basic')).toBe(true);
  });

  it('malformed WWW-Authenticate: 401 without a usable challenge', async () => {
    const s = await fault({ fault: 'bad-challenge', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-auth')[0]!.message).toBe(`${s.url}/v2: GET ${s.url}/v2/: 401 without a usable WWW-Authenticate challenge.`);
    expect(s.count()).toBe(2);
  });

  it('missing WWW-Authenticate: 401 without a usable challenge', async () => {
    const s = await fault({ fault: 'no-challenge', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-auth')[0]!.message).toBe(`${s.url}/v2: GET ${s.url}/v2/: 401 without a usable WWW-Authenticate challenge.`);
  });

  it('token realm redirects to itself forever: 10 redirects followed (as Go does), then a clear finding; bounded', async () => {
    const s = await fault({ fault: 'realm-loop', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(15_000);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['fail', 'fail', 'fail']);
    for (const f of o.byCheck('image-available')) {
      expect(f.message).toMatch(new RegExp(`failed to fetch anonymous token: Get "${s.url.replace(/[.]/g, '\\.')}/token\\?[^"]*hop=11[^"]*": stopped after 10 redirects`));
    }
    // Each token fetch is 1 request + 10 redirects; one batched prefetch plus one fetch per image.
    const tokens = paths(s, /^\/token/);
    expect(tokens % 11).toBe(0);
    expect(tokens).toBeLessThanOrEqual(11 * (1 + IMAGES.length));
  });

  it('token realm redirects once (same host): followed, credentials sent on, every image passes', async () => {
    const auth = { username: 'robot$rancher+puller', password: 'redirect-Pa55' };
    const s = await fault({ fault: 'realm-redirect', tls: true, auth: { scheme: 'bearer', ...auth } });
    const o = await run(config(s.url, { caFile: s.caFile, auth }), { timeout: '5s' });
    expect(summary(o)).not.toMatch(/fail|error/);
    expect(o.r.code).toBe(0);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['pass', 'pass', 'pass']);
    const hops = s.requests.filter((r) => r.path.startsWith('/token2'));
    expect(hops.length).toBe(paths(s, /^\/token\?/));
    expect(hops.length).toBeGreaterThanOrEqual(1);
    expect(hops.every((r) => r.authScheme === 'basic')).toBe(true);
  });

  it('token realm redirects from https to plain http: followed, but the credentials are not sent down', async () => {
    const auth = { username: 'robot$rancher+puller', password: 'downgrade-Pa55' };
    const plain = await fault({ fault: 'ok', auth: { scheme: 'bearer', ...auth } });
    const s = await fault({ fault: 'realm-redirect', tls: true, auth: { scheme: 'bearer', ...auth }, redirectTo: `${plain.url}/token` });
    const o = await run(config(s.url, { caFile: s.caFile, auth }));
    expect(o.r.code).toBe(1);
    // The https realm got Basic; the plain-http hop got no Authorization at all, and refused.
    expect(s.requests.filter((r) => r.path.startsWith('/token')).every((r) => r.authScheme === 'basic')).toBe(true);
    const down = plain.requests.filter((r) => r.path.startsWith('/token'));
    expect(down.length).toBeGreaterThanOrEqual(1);
    expect(down.every((r) => r.authorization === null)).toBe(true);
    // Not blamed on the credentials (they never reached that server): the realm is the problem.
    expect(fail(o, 'registry-auth').map((f) => [f.status, f.message, (f.data as { cause: string }).cause, (f.data as { credentialsValid: unknown }).credentialsValid])).toEqual([
      ['fail', `${s.url}/v2: the token service cannot be used: failed to fetch oauth token: unexpected status from GET request to ${plain.url}/token: 401 Unauthorized.`, 'realm-error', null],
    ]);
    expect(o.r.stdout + o.r.stderr).not.toContain(auth.password);
  });

  it('multi-megabyte response headers: refused with the reason', async () => {
    const s = await fault({ fault: 'huge-headers', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-tls')[0]!.message).toMatch(/Headers Overflow/i);
    if (o.r.peakRssKb !== null) expect(o.r.peakRssKb).toBeLessThan(300 * 1024);
  });

  // A 200 text/html page at /v2/ and at every manifest URL (a proxy login page): the endpoint is named
  // as not a registry API, and every image fails as containerd fails it (DOMAIN §5.2 #13): the page is
  // what it resolves, so the default endpoint is not tried.
  it('an HTML page instead of the API: named as not a registry, images not found', async () => {
    const s = await fault({ fault: 'html', tls: true });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-auth').map((f) => f.message)).toEqual([
      `${s.url}/v2: not a registry API: GET ${s.url}/v2/ answered 200 text/html and no Docker-Distribution-Api-Version header, so it is a web page (a web UI, a login page or a proxy), and containerd fails pulls from it with "unexpected media type text/html".`,
    ]);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['fail', 'fail', 'fail']);
    const page = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">Corporate proxy login</form></body></html>\n';
    const digest = `sha256:${createHash('sha256').update(page).digest('hex')}`;
    expect(o.byCheck('image-available').map((f) => f.message)).toEqual(
      IMAGES.map((i) => `${REGISTRY}/${i}: unexpected media type text/html for ${digest}: not found: ${s.url}/v2 answered a web page (text/html), not a manifest. Tried: ${s.url}/v2: unexpected media type text/html for ${digest}: not found.`),
    );
    expect(o.findings.filter((f) => /anonymous pulls allowed|found at/.test(f.message))).toEqual([]);
    expectNoErrors(o);
  });

  // An 8 MiB manifest: containerd rejects anything over MaxManifestSize (4 * 1048 * 1048 bytes) with
  // "rejecting <n> byte manifest for <ref>: not found" and tries the next endpoint (DOMAIN §3.1).
  it('a multi-megabyte manifest body: rejected by size, as containerd does', async () => {
    const s = await fault({ fault: 'huge-body', tls: true, bodyBytes: 8 * 1024 * 1024 });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.code).toBe(1);
    expectImagesFail(o, /8388608 byte manifest/);
    expect(o.byCheck('image-available').map((f) => f.message.split('. Tried:')[0])).toEqual(
      IMAGES.map((i) => `${REGISTRY}/${i}: rejecting 8388608 byte manifest for ${REGISTRY}/${i}: not found: the manifest at ${s.url}/v2 is larger than containerd accepts (4393216 bytes)`),
    );
  });

  it('a manifest of exactly MaxManifestSize bytes is still read (the limit is "larger than")', async () => {
    const s = await fault({ fault: 'huge-body', tls: true, bodyBytes: 4 * 1048 * 1048 });
    const o = await run(config(s.url, { caFile: s.caFile }));
    // The body is blanks, so it is not rejected by size: it is an index without platforms.
    expect(o.findings.filter((f) => /byte manifest/.test(f.message))).toEqual([]);
    expect(o.byCheck('image-available').map((f) => f.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('a multi-megabyte manifest body does not blow memory or time', async () => {
    const s = await fault({ fault: 'huge-body', tls: true, bodyBytes: 8 * 1024 * 1024 });
    const o = await run(config(s.url, { caFile: s.caFile }));
    expect(o.r.ms).toBeLessThan(15_000);
    if (o.r.peakRssKb !== null) expect(o.r.peakRssKb).toBeLessThan(300 * 1024);
    expectNoErrors(o);
  });

  it('an endpoint whose name does not resolve: no such host', async () => {
    const o = await run(config('https://mirror-nx.invalid'));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-tls').map((f) => f.message)[0]).toBe('https://mirror-nx.invalid/v2: dial tcp: lookup mirror-nx.invalid: no such host.');
    expect(o.r.ms).toBeLessThan(10_000);
  });

  it('a closed port: connection refused', async () => {
    const port = await closedPort();
    const o = await run(config(`https://127.0.0.1:${port}`));
    expect(o.r.code).toBe(1);
    expect(fail(o, 'registry-tls').map((f) => f.message)[0]).toBe(`https://127.0.0.1:${port}/v2: dial tcp 127.0.0.1:${port}: connect: connection refused. Nothing listens on that port.`);
  });

  it('a hung registry with many images still ends in bounded time (the hang is probed once, not per image)', async () => {
    const s = await fault({ fault: 'hang-after-tls', tls: true });
    const many = Array.from({ length: 40 }, (_, i) => `rancher/img${i}:v1`);
    const o = await run(config(s.url, { caFile: s.caFile }), { images: many });
    expect(o.r.code).toBe(1);
    expect(o.r.ms).toBeLessThan(12_000);
    expect(s.connections()).toBeLessThanOrEqual(2);
  });
});
