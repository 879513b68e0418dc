// A Docker-token-spec authorization service that behaves like Harbor's `/service/token`
// (DOMAIN §3.3, §3.4), for distribution's `auth.token` mode:
// - GET realm?service=…&scope=repository:<name>:pull with optional HTTP Basic ⇒ 200 JSON
//   {token|access_token, expires_in, issued_at};
// - POST answers 405 by default (Harbor keeps it so containerd falls back to GET), or speaks the
//   OAuth2 password grant with postAnswer: 'oauth';
// - wrong credentials are treated as anonymous and still get a token (with no access) unless
//   rejectBadCredentials, exactly like Harbor's basic_auth security generator;
// - tokens are JWTs signed ES256 with a key whose self-signed certificate goes in the
//   registry's `rootcertbundle`; the header carries `x5c`, which distribution 2.8 verifies
//   against that bundle (registry/auth/token/token.go `parseAndVerifyCertChain`).
// Note: distribution accepts a token up to 60 s after `exp` (token.go `Leeway`), so a short
// `expiresIn` only tells the *client* to refresh; the registry still accepts the old token.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openssl } from './pki.js';

export interface TokenServerOptions {
  /** user -> password accepted by the token service (default: the registry's users). */
  users?: Record<string, string>;
  /** user -> repository patterns (`*` = any characters, incl. `/`) the user may pull (default: every user may pull `*`). */
  grants?: Record<string, string[]>;
  /** Repository patterns anonymous clients may pull (Harbor public projects). Default none. */
  anonymousPull?: string[];
  /** Seconds; default 1800 (Harbor's token_expiration default of 30 min). */
  expiresIn?: number;
  /** Which JSON field(s) carry the token; default 'both' (Harbor sends both). */
  field?: 'token' | 'access_token' | 'both';
  /** What POST to the realm gets: 405 (Harbor, default) or the OAuth2 password grant. */
  postAnswer?: 405 | 'oauth';
  /** true = 401 for wrong credentials; false (Harbor, default) = a token without access. */
  rejectBadCredentials?: boolean;
}

export interface RunningTokenServer {
  realm: string;
  service: string;
  /** Number of tokens issued so far (GET and OAuth POST). */
  issued(): number;
  /** Every request the token service answered, in order (recorded before the answer is sent). */
  requestLog(): { method: string; path: string; status: number }[];
  resetLog(): void;
  stop(): Promise<void>;
}

export interface TokenServerStart extends TokenServerOptions {
  dir: string;
  host: string;
  tls: { cert: string; key: string } | null;
  service?: string;
  issuer?: string;
}

export const TOKEN_ISSUER = 'airgap-preflight-test-token-issuer';

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(name);
}

function parseBasic(header: string | undefined): { user: string; pass: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const raw = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const at = raw.indexOf(':');
  return at < 0 ? null : { user: raw.slice(0, at), pass: raw.slice(at + 1) };
}

/** Parse `repository:rancher/shell:pull,push` (several scopes may be space-separated or repeated). */
function parseScopes(values: string[]): { type: string; name: string; actions: string[] }[] {
  const out: { type: string; name: string; actions: string[] }[] = [];
  for (const v of values) {
    for (const s of v.split(' ').filter(Boolean)) {
      const first = s.indexOf(':');
      const last = s.lastIndexOf(':');
      if (first < 0 || last === first) continue;
      out.push({ type: s.slice(0, first), name: s.slice(first + 1, last), actions: s.slice(last + 1).split(',').filter(Boolean) });
    }
  }
  return out;
}

export async function startTokenServer(opts: TokenServerStart): Promise<RunningTokenServer & { signingCert: string }> {
  const service = opts.service ?? 'harbor-registry';
  const issuer = opts.issuer ?? TOKEN_ISSUER;
  const users = opts.users ?? {};
  const expiresIn = opts.expiresIn ?? 1800;
  const field = opts.field ?? 'both';
  const keyPath = join(opts.dir, 'token-signing.key');
  const signingCert = join(opts.dir, 'token-signing.pem');
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath,
    '-days', '3650', '-subj', '/CN=airgap-preflight test token signer', '-out', signingCert]);
  const key = createPrivateKey(await readFile(keyPath));
  const certDer = (await readFile(signingCert, 'utf8')).replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  let issued = 0;
  const log: { method: string; path: string; status: number }[] = [];

  function jwt(subject: string, access: { type: string; name: string; actions: string[] }[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer] };
    const claims = { iss: issuer, sub: subject, aud: service, exp: now + expiresIn, nbf: now - 1, iat: now, jti: randomBytes(12).toString('hex'), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    issued += 1;
    return `${input}.${b64url(sig)}`;
  }

  function allowed(user: string | null, scopes: ReturnType<typeof parseScopes>) {
    const patterns = user === null ? opts.anonymousPull ?? [] : opts.grants?.[user] ?? (opts.grants ? [] : ['*']);
    return scopes.map((s) => ({
      type: s.type,
      name: s.name,
      actions: s.type === 'repository' && patterns.some((p) => globMatch(p, s.name)) ? s.actions.filter((a) => a === 'pull') : [],
    }));
  }

  function answer(res: ServerResponse, status: number, body: unknown, method: string, path: string, headers: Record<string, string> = {}) {
    log.push({ method, path, status });
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function tokenBody(token: string) {
    const body: Record<string, unknown> = { expires_in: expiresIn, issued_at: new Date().toISOString() };
    if (field !== 'access_token') body.token = token;
    if (field !== 'token') body.access_token = token;
    return body;
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path !== '/service/token') return answer(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] }, method, path);
    if (method === 'POST') {
      if (opts.postAnswer !== 'oauth') return answer(res, 405, { errors: [{ code: 'METHOD_NOT_ALLOWED', message: 'method not allowed' }] }, method, path);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const user = form.get('username');
        if (form.get('grant_type') !== 'password' || !user || users[user] === undefined || users[user] !== form.get('password')) {
          return answer(res, 401, { error: 'invalid_grant' }, method, path);
        }
        const token = jwt(user, allowed(user, parseScopes(form.getAll('scope'))));
        answer(res, 200, { access_token: token, expires_in: expiresIn, scope: form.getAll('scope').join(' '), issued_at: new Date().toISOString() }, method, path);
      });
      return;
    }
    if (method !== 'GET') return answer(res, 405, { errors: [{ code: 'METHOD_NOT_ALLOWED', message: 'method not allowed' }] }, method, path);
    if (url.searchParams.get('service') !== service) {
      // Harbor ignores the service parameter; distribution's own token servers reject it.
      // Keep Harbor's leniency but make a wrong value visible in the request log status.
    }
    const basic = parseBasic(req.headers.authorization);
    let user: string | null = null;
    if (basic) {
      if (users[basic.user] !== undefined && users[basic.user] === basic.pass) user = basic.user;
      else if (opts.rejectBadCredentials) {
        return answer(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }, method, path,
          { 'www-authenticate': 'Basic realm="token"' });
      }
    }
    const token = jwt(user ?? '', allowed(user, parseScopes(url.searchParams.getAll('scope'))));
    answer(res, 200, tokenBody(token), method, path);
  }

  let server: Server;
  if (opts.tls) {
    const [cert, keyPem] = await Promise.all([readFile(opts.tls.cert), readFile(opts.tls.key)]);
    server = createHttpsServer({ cert, key: keyPem }, handle);
  } else {
    server = createHttpServer(handle);
  }
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const realm = `${opts.tls ? 'https' : 'http'}://${hostPart}:${port}/service/token`;
  return {
    realm,
    service,
    signingCert,
    issued: () => issued,
    requestLog: () => log.slice(),
    resetLog: () => { log.length = 0; },
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
