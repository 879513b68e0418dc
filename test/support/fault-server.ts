/**
 * One misbehaving registry for the fault tests (issue #6), on 127.0.0.1 only. It speaks just
 * enough of the Docker Registry API v2 (DOMAIN §3.1: GET /v2/, HEAD/GET manifests, a Bearer
 * token endpoint as in §3.3) to succeed once a fault has played out, so a test can tell "retried
 * and succeeded" from "gave up". Every handler is bounded: sockets held open are destroyed after
 * `maxHoldMs`, trickles stop, redirect loops are served by a finite number of requests the client
 * chooses to make, and close() destroys whatever is left. Every request is recorded (method, path,
 * whether it carried an Authorization header and which scheme) so tests can assert retry bounds.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type FaultKind =
  /** A well-behaved registry (used as a control and as a token realm). */
  | 'ok'
  /** TCP accepted, nothing ever written (plain: no HTTP answer; with tls: no ServerHello). */
  | 'hang'
  /** TLS completes, then the HTTP request is never answered. Needs `tls`. */
  | 'hang-after-tls'
  /** TCP accepted, bytes read, the TLS handshake never answered (the URL is https://). */
  | 'tls-stall'
  /** Status line and headers arrive, then the body one byte every `trickleMs` (never finishes in time). */
  | 'trickle'
  /** Every connection is reset (RST) as soon as a request arrives. */
  | 'reset'
  /** `failures` answers 429 with Retry-After, then the registry works. */
  | 'rate-limit'
  /** `failures` answers 503 (default 2), then the registry works. */
  | 'flaky-503'
  /** /v2/ challenges with Bearer; the token endpoint answers 500. */
  | 'token-500'
  /** Bearer auth whose tokens expire after `tokenTtlSeconds` (default 1); expired tokens get 401. */
  | 'token-expiry'
  /** 401 with a WWW-Authenticate header that parses as nothing useful. */
  | 'bad-challenge'
  /** 401 without any WWW-Authenticate header. */
  | 'no-challenge'
  /** Bearer challenge whose realm redirects to itself forever (each hop is one request). */
  | 'realm-loop'
  /** Bearer challenge whose realm /token answers 302 to `redirectTo` (default /token2, which issues tokens). */
  | 'realm-redirect'
  /** An HTML page with 200 for every path: a proxy login page or a web server, not a registry. */
  | 'html'
  /** Every response carries a `headerBytes` (default 2 MiB) header. */
  | 'huge-headers'
  /** /v2/ is fine; manifest GETs answer a `bodyBytes` (default 8 MiB) body; HEADs claim that length. */
  | 'huge-body';

export interface FaultOptions {
  fault: FaultKind;
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1/localhost (see `caFile`). */
  tls?: boolean;
  /** For rate-limit / flaky-503: failing answers before success. */
  failures?: number;
  /** Retry-After header value for rate-limit (default "1"). */
  retryAfter?: string;
  /** Require credentials: Basic on /v2/, or Bearer with a token endpoint at `/token` (or `realm`). */
  auth?: { scheme: 'basic' | 'bearer'; username: string; password: string; realm?: string };
  /** Token lifetime for token-expiry (default 1). */
  tokenTtlSeconds?: number;
  /** Delay before each manifest answer (lets a token expire mid-run). */
  manifestDelayMs?: number;
  /** Repositories:tags that exist; default: every name and tag exists. */
  images?: string[];
  /** Upper bound for any held socket, trickle or delay (default 20 s). */
  maxHoldMs?: number;
  trickleMs?: number;
  headerBytes?: number;
  bodyBytes?: number;
  /** realm-redirect: the Location of /token (relative or absolute; default /token2). */
  redirectTo?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** 'basic' | 'bearer' | other scheme | null when no Authorization header was sent. */
  authScheme: string | null;
  /** The raw Authorization value (tests compare it with what they expect; never printed). */
  authorization: string | null;
  at: number;
}

export interface FaultServer {
  url: string;
  hostPort: string;
  port: number;
  /** PEM of the self-signed certificate when `tls` (it is its own CA). */
  caPem: string | null;
  caFile: string | null;
  /** Raw TCP connections accepted (counts requests that never got to HTTP). */
  connections(): number;
  requests: SeenRequest[];
  count(filter?: { method?: string; path?: RegExp; auth?: boolean }): number;
  /** Tokens this server issued (bearer auth), for the secrets tests. */
  tokensIssued: string[];
  close(): Promise<void>;
}

const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';
const INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: INDEX_TYPE,
  manifests: ['amd64', 'arm64'].map((architecture, i) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${createHash('sha256').update(`fault-${architecture}`).digest('hex')}`,
    size: 500 + i,
    platform: { os: 'linux', architecture },
  })),
});
export const INDEX_DIGEST = `sha256:${createHash('sha256').update(INDEX).digest('hex')}`;

let certCache: { key: string; cert: string; dir: string } | null = null;

/** A self-signed EC certificate for 127.0.0.1, ::1 and localhost, made once per process. */
export function selfSignedCert(): { key: string; cert: string; dir: string } {
  if (certCache) return certCache;
  const dir = mkdtempSync(path.join(tmpdir(), 'fault-pki-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=fault-server', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', timeout: 20_000 },
  );
  certCache = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), dir };
  return certCache;
}

/** A name that never resolves (RFC 6761 reserves .invalid). */
export function unresolvableHost(label = 'registry'): string {
  return `${label}-${randomBytes(3).toString('hex')}.invalid`;
}

/** A loopback port with nothing listening (bound, then closed). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function startFaultServer(opts: FaultOptions): Promise<FaultServer> {
  const maxHold = opts.maxHoldMs ?? 20_000;
  const sockets = new Set<net.Socket>();
  const rawSockets = new Map<number, net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: SeenRequest[] = [];
  const tokens = new Map<string, number>();
  const tokensIssued: string[] = [];
  let connections = 0;
  let failuresLeft = opts.failures ?? 2;
  let closed = false;
  const tls = opts.tls ? selfSignedCert() : null;
  let caFile: string | null = null;
  if (tls) {
    caFile = path.join(tls.dir, 'ca.pem');
    writeFileSync(caFile, tls.cert);
  }
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, Math.min(ms, maxHold));
    timers.add(t);
    return t;
  };
  const hold = (socket: net.Socket) => {
    // Bounded: a held socket is destroyed after maxHoldMs even if the client never gives up.
    later(maxHold, () => socket.destroy());
  };
  const track = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };

  let baseUrl = '';
  const realm = () => opts.auth?.realm ?? `${baseUrl}/token`;
  const challenge = (scope?: string) =>
    opts.auth?.scheme === 'basic' ? 'Basic realm="fault-registry"' : `Bearer realm="${realm()}",service="fault-registry"${scope ? `,scope="${scope}"` : ''}`;
  const basicOk = (h: string | undefined) => {
    if (!h || !opts.auth || !/^basic /i.test(h)) return false;
    return Buffer.from(h.slice(6).trim(), 'base64').toString('utf8') === `${opts.auth.username}:${opts.auth.password}`;
  };
  const bearerOk = (h: string | undefined) => {
    if (!h || !/^bearer /i.test(h)) return false;
    const issued = tokens.get(h.slice(7).trim());
    if (issued === undefined) return false;
    const ttl = (opts.tokenTtlSeconds ?? (opts.fault === 'token-expiry' ? 1 : 300)) * 1000;
    return Date.now() - issued < ttl;
  };
  const authorized = (req: http.IncomingMessage) => {
    if (!opts.auth) return true;
    if (opts.auth.scheme === 'basic') return basicOk(req.headers.authorization);
    return bearerOk(req.headers.authorization);
  };

  const send = (res: http.ServerResponse, status: number, headers: Record<string, string | number>, body = '') => {
    const isHead = res.req.method === 'HEAD';
    res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(isHead ? undefined : body);
  };
  const apiError = (code: string, message: string) => JSON.stringify({ errors: [{ code, message, detail: null }] });
  const registryHeaders = { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Content-Type': 'application/json' };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const authz = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authScheme: authz ? authz.split(' ')[0]!.toLowerCase() : null, authorization: authz, at: Date.now() });
    const isToken = url.pathname === '/token' || (opts.fault === 'realm-redirect' && url.pathname === '/token2');
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);

    switch (opts.fault) {
      case 'hang-after-tls':
        hold(req.socket);
        return;
      case 'reset': {
        // Over TLS the RST must go on the raw TCP socket under the TLS one.
        const raw = rawSockets.get(req.socket.remotePort ?? -1);
        (raw ?? req.socket).resetAndDestroy();
        return;
      }
      case 'html':
        send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">Corporate proxy login</form></body></html>\n');
        return;
      case 'huge-headers':
        send(res, 200, { ...registryHeaders, 'X-Padding': 'a'.repeat(opts.headerBytes ?? 2 * 1024 * 1024) }, '{}');
        return;
      case 'no-challenge':
        send(res, 401, registryHeaders, apiError('UNAUTHORIZED', 'authentication required'));
        return;
      case 'bad-challenge':
        send(res, 401, { ...registryHeaders, 'WWW-Authenticate': 'Bearer realm=,,service="=="' }, apiError('UNAUTHORIZED', 'authentication required'));
        return;
      case 'rate-limit':
      case 'flaky-503':
        if (failuresLeft > 0 && !isToken) {
          failuresLeft--;
          if (opts.fault === 'rate-limit') send(res, 429, { ...registryHeaders, 'Retry-After': opts.retryAfter ?? '1' }, apiError('TOOMANYREQUESTS', 'too many requests'));
          else send(res, 503, { 'Content-Type': 'text/plain' }, 'service unavailable\n');
          return;
        }
        break;
      case 'trickle': {
        const total = 1024;
        res.writeHead(200, { ...registryHeaders, 'Content-Length': total });
        if (req.method === 'HEAD') {
          // A HEAD has no body; stall instead so the client still has to time out.
          hold(req.socket);
          return;
        }
        let sent = 0;
        const drip = () => {
          if (res.destroyed || sent >= total) return;
          res.write(' ');
          sent++;
          later(opts.trickleMs ?? 500, drip);
        };
        drip();
        return;
      }
      default:
        break;
    }

    if (isToken) {
      if (opts.fault === 'token-500') {
        send(res, 500, { 'Content-Type': 'text/plain' }, 'internal server error\n');
        return;
      }
      if (opts.fault === 'realm-redirect' && url.pathname === '/token') {
        send(res, 302, { Location: `${opts.redirectTo ?? '/token2'}${url.search}` });
        return;
      }
      if (opts.fault === 'realm-loop') {
        const n = Number(url.searchParams.get('hop') ?? '0') + 1;
        url.searchParams.set('hop', String(n));
        send(res, 302, { Location: `/token?${url.searchParams.toString()}` });
        return;
      }
      // With auth configured the token endpoint wants Basic credentials; without, it is anonymous.
      if (opts.auth && !basicOk(req.headers.authorization)) {
        send(res, 401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="fault-token"' }, JSON.stringify({ details: 'invalid credentials' }));
        return;
      }
      const token = `fault-tok-${randomBytes(12).toString('hex')}`;
      tokens.set(token, Date.now());
      tokensIssued.push(token);
      const ttl = opts.tokenTtlSeconds ?? (opts.fault === 'token-expiry' ? 1 : 300);
      send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ token, access_token: token, expires_in: ttl, issued_at: new Date().toISOString() }));
      return;
    }

    const bearerFault = opts.fault === 'token-500' || opts.fault === 'realm-loop' || opts.fault === 'realm-redirect';
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      if (bearerFault && !bearerOk(req.headers.authorization)) {
        send(res, 401, { ...registryHeaders, 'WWW-Authenticate': `Bearer realm="${realm()}",service="fault-registry"` }, apiError('UNAUTHORIZED', 'authentication required'));
        return;
      }
      if (!authorized(req)) {
        send(res, 401, { ...registryHeaders, 'WWW-Authenticate': challenge() }, apiError('UNAUTHORIZED', 'authentication required'));
        return;
      }
      send(res, 200, registryHeaders, '{}');
      return;
    }
    if (manifest) {
      const [, name, ref] = manifest;
      // Credentials are judged when the request arrives, as a registry does, not after the delay.
      const allowed = !(bearerFault && !bearerOk(req.headers.authorization)) && authorized(req);
      const answer = () => {
        if (res.destroyed) return;
        if (!allowed) {
          const c = bearerFault ? `Bearer realm="${realm()}",service="fault-registry",scope="repository:${name}:pull"` : challenge(`repository:${name}:pull`);
          send(res, 401, { ...registryHeaders, 'WWW-Authenticate': c }, apiError('UNAUTHORIZED', 'authentication required'));
          return;
        }
        if (opts.images && !opts.images.includes(`${name}:${ref}`)) {
          send(res, 404, registryHeaders, apiError('MANIFEST_UNKNOWN', `manifest unknown: ${name}:${ref}`));
          return;
        }
        if (opts.fault === 'huge-body') {
          const size = opts.bodyBytes ?? 8 * 1024 * 1024;
          res.writeHead(200, { 'Content-Type': INDEX_TYPE, 'Docker-Content-Digest': INDEX_DIGEST, 'Content-Length': size, 'Docker-Distribution-Api-Version': 'registry/2.0' });
          if (req.method === 'HEAD') {
            res.end();
            return;
          }
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let left = size;
          const pump = () => {
            while (left > 0 && !res.destroyed) {
              const n = Math.min(left, chunk.length);
              left -= n;
              if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
                res.once('drain', pump);
                return;
              }
            }
            if (!res.destroyed) res.end();
          };
          pump();
          return;
        }
        send(res, 200, { 'Content-Type': INDEX_TYPE, 'Docker-Content-Digest': INDEX_DIGEST, 'Docker-Distribution-Api-Version': 'registry/2.0' }, INDEX);
      };
      if (opts.manifestDelayMs) later(opts.manifestDelayMs, answer);
      else answer();
      return;
    }
    send(res, 404, registryHeaders, apiError('NOT_FOUND', 'not found'));
  };

  let server: net.Server;
  if (opts.fault === 'hang' || opts.fault === 'tls-stall') {
    // Raw TCP: accept, read whatever arrives (a request or a ClientHello), never write.
    server = net.createServer((socket) => {
      track(socket);
      socket.on('data', () => {});
      hold(socket);
    });
  } else {
    if (opts.fault === 'hang-after-tls' && !tls) throw new Error('hang-after-tls needs tls: true');
    const s = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handle) : http.createServer(handle);
    s.keepAliveTimeout = 1000;
    s.headersTimeout = 5000;
    s.requestTimeout = 0;
    s.on(tls ? 'secureConnection' : 'connection', (socket: net.Socket) => track(socket));
    if (tls)
      s.on('connection', (socket: net.Socket) => {
        socket.on('error', () => {});
        const port = socket.remotePort ?? -1;
        rawSockets.set(port, socket);
        socket.on('close', () => rawSockets.delete(port));
      });
    s.on('clientError', (_err, socket) => socket.destroy());
    server = s;
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const scheme = tls || opts.fault === 'tls-stall' ? 'https' : 'http';
  baseUrl = `${scheme}://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    hostPort: `127.0.0.1:${port}`,
    port,
    caPem: tls?.cert ?? null,
    caFile,
    connections: () => connections,
    requests,
    tokensIssued,
    count(filter = {}) {
      return requests.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method) &&
          (filter.path === undefined || filter.path.test(r.path)) &&
          (filter.auth === undefined || (r.authorization !== null) === filter.auth),
      ).length;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      if ('closeAllConnections' in server) (server as http.Server).closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
