/**
 * Ping and auth classification, pure: a response in, a verdict out (DOMAIN §1.7, §3.1, §3.3, §3.4).
 * containerd itself never pings; our GET /v2/ of the host only explains what the manifest requests
 * will meet (which challenge, whether the credentials work).
 */
import { jwtSubject, parseWwwAuthenticate, type Challenge } from './auth.js';
import { probeError, type ProbeError } from './errors.js';
import { header, type HttpResponse } from './http.js';
import type { AuthFact, TransportCause } from './probe-fact.js';
import { statusText, type TokenResult } from './token.js';

export interface PingContext {
  /** scheme://host[:port] */
  origin: string;
  pingPath: string;
  scheme: string;
  hostname: string;
  credentials: AuthFact['credentials'];
  username: string | null;
  hasCreds: boolean;
  /** The auth field is not base64 of user:password. */
  invalidAuthField: boolean;
}

export type PingVerdict =
  | { kind: 'transport'; cause: TransportCause; error: ProbeError }
  | { kind: 'done'; auth: AuthFact }
  | { kind: 'bearer'; auth: AuthFact; challenge: Challenge; realmCreds: boolean; verify: boolean }
  | { kind: 'basic'; auth: AuthFact };

function failed(auth: AuthFact, cause: NonNullable<AuthFact['cause']>, error: ProbeError): AuthFact {
  return { ...auth, ok: false, cause, error };
}

function baseAuth(res: HttpResponse, c: PingContext): AuthFact {
  return {
    scheme: 'none',
    credentials: c.credentials,
    username: c.username,
    credentialsValid: null,
    realm: null,
    service: null,
    ok: true,
    cause: null,
    error: null,
    plainHttpCredentials: c.scheme === 'http' && c.credentials !== null,
    realmCredentialsWithheld: false,
    apiVersionHeader: header(res, 'docker-distribution-api-version') !== null,
  };
}

/** A 200 without the API header that is an HTML page: a web UI or proxy, not the v2 API (DOMAIN §5.2 #13). */
function webPage(res: HttpResponse, auth: AuthFact, url: string): AuthFact {
  const body = res.body.toString('utf8');
  const type = (header(res, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (auth.apiVersionHeader || !(type === 'text/html' || /^\s*<(?:!doctype|html|head|body)\b/i.test(body))) return auth;
  return failed(auth, 'web-page', type ? probeError('web-page', { url, type }) : probeError('web-page-untyped', { url }));
}

function bearerVerdict(auth: AuthFact, bearer: Challenge, c: PingContext): PingVerdict {
  const a: AuthFact = { ...auth, scheme: 'bearer', realm: bearer.params.realm!, service: bearer.params.service ?? null };
  let realm: URL;
  try {
    realm = new URL(bearer.params.realm!);
  } catch {
    return { kind: 'done', auth: failed(a, 'realm-error', probeError('realm-not-url', { realm: bearer.params.realm! })) };
  }
  const otherHost = realm.hostname.replace(/^\[|\]$/g, '') !== c.hostname.replace(/^\[|\]$/g, '');
  const realmCreds = !(realm.protocol === 'http:' && otherHost && c.hasCreds);
  if (!realmCreds) a.realmCredentialsWithheld = true;
  return { kind: 'bearer', auth: a, challenge: bearer, realmCreds, verify: c.hasCreds && !a.cause };
}

export function classifyPing(res: HttpResponse, c: PingContext): PingVerdict {
  const url = `${c.origin}${c.pingPath}`;
  if (res.status === 400 && /HTTP request to an HTTPS server/i.test(res.body.toString('utf8'))) return { kind: 'transport', cause: 'https-server', error: probeError('https-server', { url }) };
  let auth = baseAuth(res, c);
  // No challenge: containerd never asks for credentials, so even a malformed auth field does not matter.
  if (res.status === 200) return { kind: 'done', auth: webPage(res, auth, url) };
  if (c.invalidAuthField) auth = failed(auth, 'invalid-auth-field', probeError('invalid-auth-field', {}));
  if (res.status === 404) return { kind: 'done', auth: failed(auth, 'not-registry', probeError('not-registry', { url })) };
  if (res.status !== 401) return { kind: 'done', auth: failed(auth, 'unexpected-status', probeError('unexpected-status', { url, status: statusText(res.status) })) };
  const challenges = parseWwwAuthenticate(res.headers['www-authenticate']);
  const bearer = challenges.find((ch) => ch.scheme === 'bearer' && ch.params.realm);
  if (bearer) return bearerVerdict(auth, bearer, c);
  if (challenges.some((ch) => ch.scheme === 'basic')) {
    auth = { ...auth, scheme: 'basic' };
    if (c.credentials === 'identity_token') return { kind: 'done', auth: failed(auth, 'identity-token', probeError('identity-token', {})) };
    if (!c.hasCreds) return { kind: 'done', auth: auth.cause ? auth : failed(auth, 'no-credentials', probeError('no-basic-credentials', {})) };
    return { kind: 'basic', auth };
  }
  return { kind: 'done', auth: failed(auth, 'unexpected-status', probeError('no-challenge', { url })) };
}

/** GET /v2/ with Basic at a Basic registry: 200 = the credentials work (pure). */
export function judgeBasicCheck(res: HttpResponse, auth: AuthFact, c: PingContext): AuthFact {
  if (res.status === 200) return { ...auth, credentialsValid: true };
  return failed({ ...auth, credentialsValid: false }, 'bad-credentials', probeError('basic-rejected-status', { url: `${c.origin}${c.pingPath}`, status: statusText(res.status), username: c.username ?? '' }));
}

/**
 * GET /v2/ with Basic at a token registry: Harbor hands out tokens even for wrong credentials, so
 * this is the reliable test (DOMAIN §3.4). 200 = valid; 401 with a Basic challenge = rejected.
 */
export function judgeBearerBasicCheck(res: HttpResponse, auth: AuthFact, c: PingContext): AuthFact {
  if (res.status === 200) return { ...auth, credentialsValid: true };
  if (res.status === 401 && parseWwwAuthenticate(res.headers['www-authenticate']).some((ch) => ch.scheme === 'basic')) {
    return failed({ ...auth, credentialsValid: false }, 'bad-credentials', probeError('basic-rejected', { username: c.username ?? '', url: `${c.origin}${c.pingPath}` }));
  }
  return auth;
}

/** The login token, when the Basic check could not tell: refused, or issued for an anonymous subject (pure). */
export function judgeLoginToken(t: TokenResult, auth: AuthFact, c: PingContext): AuthFact {
  if (!t.ok) {
    const rejected = (t.status === 401 || t.status === 403) && !t.credsWithheld;
    const a = failed(auth, rejected ? 'token-rejected' : 'realm-error', t.error);
    return t.status === 401 && !t.credsWithheld ? { ...a, credentialsValid: false } : a;
  }
  const sub = jwtSubject(t.token);
  if (sub === null) return auth;
  if (sub === c.username) return { ...auth, credentialsValid: true };
  const realm = new URL(auth.realm!);
  return failed({ ...auth, credentialsValid: false }, 'bad-credentials', probeError('anonymous-token', { service: `${realm.origin}${realm.pathname}`, subject: sub, username: c.username ?? '' }));
}
