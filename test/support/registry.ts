/**
 * Real registries for tests: Debian's `docker-registry` (CNCF distribution 2.8) on loopback, one
 * process per registry, each on a free port in its own temp dir.
 *
 * ```ts
 * import { startRegistry } from './support/registry.js';
 * let reg: RunningRegistry;
 * beforeAll(async () => { reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'] }); });
 * afterAll(() => reg?.stop());
 * // reg.host "127.0.0.1:PORT", reg.url "https://127.0.0.1:PORT", reg.caFile, reg.users {user: password}
 * ```
 *
 * Options (RegistryOptions):
 * - tls: 'none' (plain HTTP) | 'valid' (signed by the test CA, SANs 127.0.0.1, ::1, localhost) |
 *   'expired' | 'not-yet-valid' | 'wrong-san' | 'cn-only' | 'self-signed' | 'mtls' (valid + client certificate
 *   required, verified against the test CA: distribution `http.tls.clientcas`).
 *   caFile is the file a client must trust (the CA, or the self-signed certificate itself);
 *   pki.otherCaCert is a "wrong CA". clientCertFile/clientKeyFile are set for every TLS mode.
 * - auth: 'none' | 'htpasswd' (bcrypt file, `Basic realm="Registry Realm"`) | 'token'
 *   (distribution `auth.token` + the Harbor-like token service of token-server.ts; `reg.token`
 *   holds realm/service/issued()). The token service serves TLS with the registry's own
 *   certificate (Harbor serves both on one host), plain HTTP when tls is 'none'.
 * - users: user -> password (default one Harbor-style robot `robot$rancher+puller` with a
 *   random password). Passwords are only ever given to loopback servers and child processes.
 * - images: references such as 'rancher/shell:v0.1.6' pushed as a Docker manifest list with
 *   linux/amd64 + linux/arm64 (singleArch: only linux/amd64, a plain manifest under the tag);
 *   format 'oci' pushes an OCI index + OCI manifests instead.
 * - host: '127.0.0.1' (default) or '::1'.
 * - names: extra DNS SANs, e.g. TEST_REGISTRY_NAME, a name that only resolves (to 127.0.0.1)
 *   inside ctrPull({ resolve }) of containerd.ts: containerd treats loopback addresses specially
 *   (it adds a plain-HTTP fallback), so comparisons with containerd must use a name.
 *
 * populate(reg, images) pushes more tags later. It runs a second, unauthenticated, plain-HTTP
 * distribution process on the same storage directory for the push (blobs uploaded once, then
 * cross-repository mounts, then manifest PUTs), so nothing populate does shows up in
 * reg.requestLog() and no credentials are needed.
 *
 * reg.requestLog() returns the access log of the registry (distribution's combined log on its
 * stdout): one { method, path, status } per request the registry answered, in order; the
 * token service has its own reg.token.requestLog(). reg.resetLog() clears both;
 * await reg.settle() waits until the log has caught up with requests already answered (it
 * sends one marker request, which it removes from the log).
 *
 * The token service runs inside the calling process: while a token registry is up, never block
 * the event loop (execFileSync, spawnSync of a client that needs a token) or the client hangs
 * until its TLS/HTTP timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { makePki, serverCert, LOOPBACK_HOSTS, type Pki, type ServerCertKind } from './pki.js';
import { startTokenServer, TOKEN_ISSUER, type RunningTokenServer, type TokenServerOptions } from './token-server.js';
import { imageSet, splitRef, tarFiles, type ImageFormat } from './images.js';

export type TlsMode = 'none' | 'valid' | 'expired' | 'not-yet-valid' | 'wrong-san' | 'cn-only' | 'self-signed' | 'mtls';
export type AuthMode = 'none' | 'htpasswd' | 'token';

export interface RegistryOptions {
  tls: TlsMode;
  auth: AuthMode;
  users?: Record<string, string>;
  images?: string[];
  singleArch?: string[];
  format?: ImageFormat;
  pki?: Pki;
  tokenOptions?: TokenServerOptions;
  host?: '127.0.0.1' | '::1';
  /** Extra DNS names the server certificate covers (beyond 127.0.0.1, ::1, localhost), e.g. TEST_REGISTRY_NAME. */
  names?: string[];
}

export interface LogEntry { method: string; path: string; status: number }

export interface RunningRegistry {
  host: string;
  port: number;
  scheme: 'http' | 'https';
  url: string;
  caFile: string | null;
  clientCertFile: string | null;
  clientKeyFile: string | null;
  /** The server certificate / key the registry presents (null for plain HTTP). */
  certFile: string | null;
  keyFile: string | null;
  users: Record<string, string>;
  token?: RunningTokenServer;
  pki: Pki | null;
  dir: string;
  /** distribution's filesystem storage root (on tmpfs when available). */
  storage: string;
  requestLog(): LogEntry[];
  resetLog(): void;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export const REGISTRY_BIN = '/usr/bin/docker-registry';
/** A name under the reserved .test TLD; never resolvable outside a private mount namespace. */
export const TEST_REGISTRY_NAME = 'harbor.airgap.test';
export const BASIC_REALM = 'Registry Realm';

/**
 * Registry storage lives on tmpfs (/dev/shm) when it can: on this machine's ext4 disk creating
 * 27 000 small files takes over a minute, on tmpfs a few seconds. AGP_TEST_STORAGE overrides.
 */
async function storageDir(): Promise<string> {
  for (const base of [process.env.AGP_TEST_STORAGE, '/dev/shm', tmpdir()]) {
    if (!base) continue;
    try {
      return await mkdtemp(join(base, 'agp-storage-'));
    } catch { /* not writable: try the next */ }
  }
  throw new Error('no writable directory for registry storage');
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function htpasswdLine(user: string, pass: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // -i reads the password from stdin so it never appears in a process list.
    const child = execFile('htpasswd', ['-niB', '-C', '4', user], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`htpasswd failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
    child.stdin!.end(pass);
  });
}

interface Proc { child: ChildProcess; log: LogEntry[]; stderr: string[]; exited: Promise<number | null> }

const ACCESS_RE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

/** Registry processes still running; killed if the test process exits without stop(). */
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });

function spawnRegistry(config: string): Proc {
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const log: LogEntry[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = ACCESS_RE.exec(line);
      if (m) log.push({ method: m[1]!, path: m[2]!, status: Number(m[3]) });
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log, stderr, exited };
}

async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 3000);
  await p.exited;
  clearTimeout(t);
}

interface Target { scheme: 'http' | 'https'; hostname: string; port: number; ca?: Buffer; cert?: Buffer; key?: Buffer }

/** One GET without verification (readiness only), resolves with the status or rejects. */
function getStatus(t: Target, path: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve, reject) => {
    const mod = t.scheme === 'https' ? https : http;
    const req = mod.request({
      host: t.hostname, port: t.port, path, method: 'GET', timeout: timeoutMs, agent: false,
      rejectUnauthorized: false, cert: t.cert, key: t.key,
    }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function waitReady(proc: Proc, t: Target, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`docker-registry exited (${proc.child.exitCode}): ${proc.stderr.join('').slice(-2000)}`);
    try {
      await getStatus(t, '/v2/');
      return;
    } catch { /* not up yet */ }
    if (Date.now() > until) throw new Error(`docker-registry did not answer on port ${t.port}: ${proc.stderr.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Wait until the access log holds every request answered so far: send a marker request and
 * wait for its line (distribution logs a request after answering it), then drop the marker.
 */
async function settle(p: Proc, t: Target): Promise<void> {
  const marker = `/v2/-settle-${randomBytes(6).toString('hex')}`;
  await getStatus(t, marker, 5000);
  const until = Date.now() + 5000;
  while (!p.log.some((e) => e.path === marker)) {
    if (Date.now() > until) throw new Error('settle: the registry access log did not show the marker request');
    await new Promise((r) => setTimeout(r, 5));
  }
  // Lines of requests answered just before the marker may be written a moment after it.
  await new Promise((r) => setTimeout(r, 20));
  const i = p.log.findIndex((e) => e.path === marker);
  if (i >= 0) p.log.splice(i, 1);
}

function yamlStr(s: string): string { return JSON.stringify(s); }

interface ConfigParts { addr: string; storage: string; tls?: { cert: string; key: string; clientCa?: string }; htpasswd?: string; token?: { realm: string; service: string; bundle: string }; accessLog: boolean }

function renderConfig(c: ConfigParts): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  formatter: text',
    '  accesslog:',
    `    disabled: ${c.accessLog ? 'false' : 'true'}`,
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${yamlStr(c.storage)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${yamlStr(c.addr)}`,
    `  secret: ${yamlStr(randomBytes(16).toString('hex'))}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
  ];
  if (c.tls) {
    lines.push('  tls:', `    certificate: ${yamlStr(c.tls.cert)}`, `    key: ${yamlStr(c.tls.key)}`);
    if (c.tls.clientCa) lines.push('    clientcas:', `      - ${yamlStr(c.tls.clientCa)}`);
  }
  if (c.htpasswd) lines.push('auth:', '  htpasswd:', `    realm: ${yamlStr(BASIC_REALM)}`, `    path: ${yamlStr(c.htpasswd)}`);
  if (c.token) {
    lines.push('auth:', '  token:', `    realm: ${yamlStr(c.token.realm)}`, `    service: ${yamlStr(c.token.service)}`,
      `    issuer: ${yamlStr(TOKEN_ISSUER)}`, `    rootcertbundle: ${yamlStr(c.token.bundle)}`);
  }
  return lines.join('\n') + '\n';
}

/** Repositories pushed through the registry API by populate(); the rest are cloned on disk. */
export const HTTP_REPOS = 20;

const populateFormat = new WeakMap<RunningRegistry, ImageFormat>();

export async function startRegistry(opts: RegistryOptions): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'agp-reg-'));
  const host = opts.host ?? '127.0.0.1';
  const hostPart = host === '::1' ? '[::1]' : host;
  const users = opts.users ?? { 'robot$rancher+puller': `Pw-${randomBytes(9).toString('base64url')}` };
  const storage = await storageDir();
  let pki: Pki | null = opts.pki ?? null;
  let tlsFiles: { cert: string; key: string } | null = null;
  let caFile: string | null = null;
  if (opts.tls !== 'none') {
    pki ??= await makePki(join(dir, 'pki'));
    const kind: ServerCertKind = opts.tls === 'mtls' ? 'valid' : opts.tls;
    // Names first: a CN-only certificate then carries the name as CN (Go's legacy-CN message needs a CN that matches).
    tlsFiles = await serverCert(pki, kind, [...(opts.names ?? []), ...LOOPBACK_HOSTS]);
    caFile = opts.tls === 'self-signed' ? tlsFiles.cert : pki.caCert;
  }
  let htpasswd: string | undefined;
  if (opts.auth === 'htpasswd') {
    htpasswd = join(dir, 'htpasswd');
    const entries = await Promise.all(Object.entries(users).map(([u, p]) => htpasswdLine(u, p)));
    await writeFile(htpasswd, entries.join('\n') + '\n');
  }
  let token: (RunningTokenServer & { signingCert: string }) | undefined;
  if (opts.auth === 'token') {
    token = await startTokenServer({ users, ...opts.tokenOptions, dir, host, tls: tlsFiles });
  }
  const config = join(dir, 'config.yml');
  const clientCa = opts.tls === 'mtls' ? pki!.caCert : undefined;
  const target: Target = {
    scheme: tlsFiles ? 'https' : 'http', hostname: host, port: 0,
    cert: opts.tls === 'mtls' ? readFileSync(pki!.clientCert) : undefined,
    key: opts.tls === 'mtls' ? readFileSync(pki!.clientKey) : undefined,
  };
  let proc: Proc | null = null;
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort(host);
    await writeFile(config, renderConfig({
      addr: `${hostPart}:${port}`, storage, accessLog: true,
      tls: tlsFiles ? { ...tlsFiles, clientCa } : undefined, htpasswd,
      token: token ? { realm: token.realm, service: token.service, bundle: token.signingCert } : undefined,
    }));
    proc = spawnRegistry(config);
    target.port = port;
    try {
      await waitReady(proc, target);
      break;
    } catch (e) {
      await stopProc(proc);
      // Another process may have taken the port between freePort() and bind: retry a few times.
      if (attempt >= 3 || !/address already in use/.test(String(e))) {
        await token?.stop();
        await rm(dir, { recursive: true, force: true });
        await rm(storage, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const p = proc!;
  const scheme = tlsFiles ? 'https' : 'http';
  const reg: RunningRegistry = {
    host: `${hostPart}:${port}`,
    port,
    scheme,
    url: `${scheme}://${hostPart}:${port}`,
    caFile,
    clientCertFile: pki && tlsFiles ? pki.clientCert : null,
    clientKeyFile: pki && tlsFiles ? pki.clientKey : null,
    certFile: tlsFiles?.cert ?? null,
    keyFile: tlsFiles?.key ?? null,
    users,
    token,
    pki,
    dir,
    storage,
    requestLog: () => p.log.slice(),
    resetLog: () => {
      p.log.length = 0;
      token?.resetLog();
    },
    settle: () => settle(p, target),
    stop: async () => {
      await stopProc(p);
      await token?.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(storage, { recursive: true, force: true });
    },
  };
  p.log.length = 0; // readiness probes are not part of the test's traffic
  populateFormat.set(reg, opts.format ?? 'docker');
  if (opts.images?.length) await populate(reg, opts.images, { singleArch: opts.singleArch, format: opts.format });
  return reg;
}

function untar(archive: Buffer, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('tar', ['-x', '-f', '-', '-C', dir], { timeout: 120_000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`tar failed: ${stderr || err.message}`));
      else resolve();
    });
    child.stdin!.end(archive);
  });
}

/** Minimal keep-alive HTTP client for the plain-HTTP push sidecar. */
function pusher(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method, agent, timeout: 30_000,
        headers: { ...headers, 'content-length': String(body?.length ?? 0) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Push `images` into the running registry (see the header comment). Each reference
 * becomes a manifest list linux/amd64 + linux/arm64, or a single linux/amd64 manifest when it
 * is listed in opts.singleArch. 3000 tags over 3000 repositories take a few seconds.
 */
export async function populate(reg: RunningRegistry, images: string[], opts: { singleArch?: string[]; format?: ImageFormat; concurrency?: number } = {}): Promise<void> {
  const set = imageSet(opts.format ?? populateFormat.get(reg) ?? 'docker');
  const single = new Set(opts.singleArch ?? []);
  const storage = reg.storage;
  const port = await freePort();
  const config = join(reg.dir, `populate-${port}.yml`);
  await writeFile(config, renderConfig({ addr: `127.0.0.1:${port}`, storage, accessLog: false }));
  const proc = spawnRegistry(config);
  const client = pusher(port);
  try {
    await waitReady(proc, { scheme: 'http', hostname: '127.0.0.1', port });
    const expect = (r: { status: number; body: string }, ok: number, what: string) => {
      if (r.status !== ok) throw new Error(`populate: ${what} answered ${r.status} ${r.body.slice(0, 300)}`);
    };
    const byRepo = new Map<string, { tag: string; single: boolean }[]>();
    for (const ref of images) {
      const { repo, tag } = splitRef(ref);
      const list = byRepo.get(repo) ?? [];
      list.push({ tag, single: single.has(ref) });
      byRepo.set(repo, list);
    }
    const blobsFor = (p: typeof set.platforms[number]) => [p.layer, p.config];
    // Seed: upload every blob once into the first repository, then mount it elsewhere.
    const repos = [...byRepo.keys()];
    if (!repos.length) return;
    const seed = repos[0]!;
    for (const b of set.platforms.flatMap(blobsFor)) {
      const start = await client.call('POST', `/v2/${seed}/blobs/uploads/`);
      expect(start, 202, `upload start ${seed}`);
      const loc = new URL(String(start.headers.location), `http://127.0.0.1:${port}`);
      loc.searchParams.set('digest', b.digest);
      const put = await client.call('PUT', loc.pathname + loc.search, { 'content-type': 'application/octet-stream' }, b.data);
      expect(put, 201, `blob upload ${seed}`);
    }
    // The seed repository also gets every manifest and the index (by digest), so every blob the
    // clones below point at exists, whatever mix of single- and multi-arch tags was asked for.
    for (const p of set.platforms) {
      expect(await client.call('PUT', `/v2/${seed}/manifests/${p.manifest.digest}`, { 'content-type': p.manifest.mediaType }, p.manifest.data), 201, `manifest ${seed}`);
    }
    expect(await client.call('PUT', `/v2/${seed}/manifests/${set.index.digest}`, { 'content-type': set.index.mediaType }, set.index.data), 201, `index ${seed}`);
    const viaHttp = repos.slice(0, HTTP_REPOS);
    await pool(viaHttp, opts.concurrency ?? 8, async (repo) => {
      const tags = byRepo.get(repo)!;
      const platforms = tags.some((t) => !t.single) ? set.platforms : set.platforms.slice(0, 1);
      if (repo !== seed) {
        for (const b of platforms.flatMap(blobsFor)) {
          const r = await client.call('POST', `/v2/${repo}/blobs/uploads/?mount=${b.digest}&from=${seed}`);
          expect(r, 201, `mount into ${repo}`);
        }
      }
      for (const p of platforms) {
        expect(await client.call('PUT', `/v2/${repo}/manifests/${p.manifest.digest}`, { 'content-type': p.manifest.mediaType }, p.manifest.data), 201, `manifest ${repo}`);
      }
      for (const t of tags) {
        const m = t.single ? set.platforms[0]!.manifest : set.index;
        expect(await client.call('PUT', `/v2/${repo}/manifests/${t.tag}`, { 'content-type': m.mediaType }, m.data), 201, `manifest ${repo}:${t.tag}`);
      }
    });
    // Beyond the first HTTP_REPOS repositories a PUT costs ~3.5 ms each at 7 requests per
    // repository (3000 repos = 76 s measured), so the remaining repositories get the very link
    // files distribution wrote for the ones above (layout of distribution's filesystem storage:
    // repositories/<name>/_layers|_manifests/revisions|_manifests/tags/<tag>/{current,index/sha256/<hex>}/link,
    // each holding "sha256:<hex>"). The blobs they point at were uploaded through the API.
    // Written as one tar stream unpacked by GNU tar in one process (with storage on tmpfs:
    // populate of 3000 tags over 3000 repositories measured 4.7 s here, under load).
    const files: [string, Buffer][] = [];
    for (const repo of repos.slice(HTTP_REPOS)) {
      const tags = byRepo.get(repo)!;
      const platforms = tags.some((t) => !t.single) ? set.platforms : set.platforms.slice(0, 1);
      const links = new Map<string, string>();
      for (const b of platforms.flatMap(blobsFor)) links.set(`_layers/sha256/${b.digest.slice(7)}`, b.digest);
      for (const p of platforms) links.set(`_manifests/revisions/sha256/${p.manifest.digest.slice(7)}`, p.manifest.digest);
      for (const t of tags) {
        const m = t.single ? set.platforms[0]!.manifest : set.index;
        if (!t.single) links.set(`_manifests/revisions/sha256/${m.digest.slice(7)}`, m.digest);
        links.set(`_manifests/tags/${t.tag}/current`, m.digest);
        links.set(`_manifests/tags/${t.tag}/index/sha256/${m.digest.slice(7)}`, m.digest);
      }
      for (const [dirPart, digest] of links) files.push([`${repo}/${dirPart}/link`, Buffer.from(digest)]);
    }
    if (files.length) {
      const reposDir = join(storage, 'docker', 'registry', 'v2', 'repositories');
      await mkdir(reposDir, { recursive: true });
      await untar(tarFiles(files), reposDir);
    }
  } finally {
    client.close();
    await stopProc(proc);
    await rm(config, { force: true });
  }
}
