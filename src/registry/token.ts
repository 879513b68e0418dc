/**
 * Token acquisition (DOMAIN §1.7, §3.3, §3.4): the realm URL for a set of scopes, a pure next-hop
 * decision for the realm's redirects (Go's net/http policy), the fetch over the port, and a per-realm
 * cache with batched prefetching (bench/results.md: 3000 images = 75 token requests).
 */
import { registerSecret } from '../redact.js';
import { basicHeader, parseTokenBody, type Challenge } from './auth.js';
import { probeError, type ProbeError } from './errors.js';
import { header, type HttpResponse } from './http.js';
import type { HttpPort } from './port.js';
import { classifySocketError, type TlsSettings } from './tls-probe.js';

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const BATCH_SCOPES = 40;

export interface Creds {
  username: string;
  password: string;
}

export type TokenResult = { ok: true; token: string; expiresIn: number; credsWithheld: boolean } | { ok: false; status: number | null; error: ProbeError; credsWithheld: boolean };

export function statusText(code: number): string {
  const t: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return `${code}${t[code] ? ` ${t[code]}` : ''}`;
}

function bareHostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** The realm with service and scopes as query parameters (GET, as Harbor needs: its POST answers 405). */
export function tokenUrl(ch: Challenge, scopes: string[]): URL {
  const realm = new URL(ch.params.realm!);
  if (ch.params.service) realm.searchParams.set('service', ch.params.service);
  for (const s of scopes) realm.searchParams.append('scope', s);
  return realm;
}

export type Hop = { kind: 'final' } | { kind: 'follow'; url: URL; sendCreds: boolean } | { kind: 'error'; error: ProbeError };

/**
 * After a response from `url` at redirect number `hop`: stop, follow (and whether credentials go
 * along), or fail. Go's client follows at most 10 redirects; credentials follow only to the same host
 * or a subdomain (net/http copies Authorization only there), and never from https down to http.
 */
export function nextHop(url: URL, res: HttpResponse, hop: number, sendCreds: boolean): Hop {
  const location = REDIRECT_STATUS.has(res.status) ? header(res, 'location') : null;
  if (location === null) return { kind: 'final' };
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    return { kind: 'error', error: probeError('token-bad-location', { url: url.toString(), location }) };
  }
  if (hop >= MAX_REDIRECTS) return { kind: 'error', error: probeError('token-redirects', { url: next.toString(), max: MAX_REDIRECTS }) };
  if (next.protocol !== 'https:' && next.protocol !== 'http:') return { kind: 'error', error: probeError('token-scheme', { url: next.toString(), scheme: next.protocol.replace(/:$/, '') }) };
  const sameHost = bareHostOf(next) === bareHostOf(url) || bareHostOf(next).endsWith(`.${bareHostOf(url)}`);
  const downgrade = url.protocol === 'https:' && next.protocol === 'http:';
  return { kind: 'follow', url: next, sendCreds: sendCreds && sameHost && !downgrade };
}

/** The token service's final answer, judged (pure). */
export function judgeTokenResponse(res: HttpResponse, url: URL, kind: string, credsWithheld: boolean): TokenResult {
  if (res.status !== 200) return { ok: false, status: res.status, credsWithheld, error: probeError('token-fetch', { kind, cause: probeError('unexpected-status', { url: `${url.origin}${url.pathname}`, status: statusText(res.status) }) }) };
  const tok = parseTokenBody(res.body.toString('utf8'));
  if (!tok) return { ok: false, status: 200, credsWithheld, error: probeError('no-token-field', {}) };
  return { ok: true, token: tok.token, expiresIn: tok.expiresIn, credsWithheld };
}

export interface TokenRequest {
  challenge: Challenge;
  creds: Creds | null;
  /** Whether credentials may be sent to this realm at all (not to plain HTTP on another host). */
  realmCreds: boolean;
  tls: TlsSettings | null;
}

export async function fetchToken(port: HttpPort, r: TokenRequest, scopes: string[]): Promise<TokenResult> {
  const kind = r.creds ? 'oauth' : 'anonymous';
  let url = tokenUrl(r.challenge, scopes);
  let sendCreds = Boolean(r.creds && r.realmCreds);
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = r.creds && sendCreds ? { authorization: basicHeader(r.creds.username, r.creds.password) } : {};
    let res: HttpResponse;
    try {
      res = await port.get({ origin: url.origin, tls: url.protocol === 'https:' ? r.tls : null, kind: 'token', path: url.pathname + url.search, headers });
    } catch (err) {
      const c = classifySocketError(err as NodeJS.ErrnoException, url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      return { ok: false, status: null, credsWithheld: false, error: probeError('token-fetch', { kind, cause: c.error }) };
    }
    const h = nextHop(url, res, hop, sendCreds);
    if (h.kind === 'error') return { ok: false, status: res.status, credsWithheld: false, error: probeError('token-fetch', { kind, cause: h.error }) };
    if (h.kind === 'final') {
      const t = judgeTokenResponse(res, url, kind, Boolean(r.creds && r.realmCreds && !sendCreds));
      if (t.ok) registerSecret(t.token);
      return t;
    }
    url = h.url;
    sendCreds = h.sendCreds;
  }
}

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * Tokens of one endpoint's realm, per scope. Batches of first-stop scopes are fetched one after
 * another (stopping at the first failure); an image waits only for the batch holding its scope.
 * A cache, not a verdict: which image runs first changes the requests made, never a result.
 */
export class TokenStore {
  private readonly tokens = new Map<string, Cached>();
  private prefetch: Map<string, Promise<boolean>> | null = null;
  /** Credentials were held back on a realm redirect (an observation, OR-ed over all fetches). */
  credsWithheld = false;
  constructor(
    private readonly port: HttpPort,
    readonly request: TokenRequest,
    private readonly batchScopes: string[],
  ) {}

  private store(scopes: string[], token: string, expiresIn: number): void {
    const entry = { token, expiresAt: Date.now() + Math.max(1, expiresIn - 5) * 1000 };
    for (const s of scopes) this.tokens.set(s, entry);
  }

  async fetch(scopes: string[]): Promise<TokenResult> {
    const t = await fetchToken(this.port, this.request, scopes);
    if (t.credsWithheld) this.credsWithheld = true;
    if (t.ok) this.store(scopes, t.token, t.expiresIn);
    return t;
  }

  private cached(scope: string): string | null {
    const c = this.tokens.get(scope);
    return c && c.expiresAt > Date.now() ? c.token : null;
  }

  private startPrefetch(): Map<string, Promise<boolean>> {
    const wanted = this.batchScopes.filter((s) => !this.tokens.has(s));
    const prefetch = new Map<string, Promise<boolean>>();
    let previous: Promise<boolean> = Promise.resolve(true);
    for (let i = 0; i < wanted.length; i += BATCH_SCOPES) {
      const batch = wanted.slice(i, i + BATCH_SCOPES);
      // A throw here would be an unhandled rejection for batches nobody awaits; the per-scope fetch reports it.
      const done: Promise<boolean> = previous.then(async (ok) => ok && Boolean((await this.fetch(batch).catch(() => null))?.ok));
      for (const s of batch) prefetch.set(s, done);
      previous = done;
    }
    return prefetch;
  }

  /** A token for `scope` (plus `extra` scopes a challenge named); `fresh` skips the cache. */
  async tokenFor(scope: string, fresh: boolean, extra: string[] = []): Promise<{ token: string } | { error: ProbeError; status: number | null }> {
    if (!fresh) {
      const c = this.cached(scope);
      if (c) return { token: c };
      this.prefetch ??= this.startPrefetch();
      await this.prefetch.get(scope);
      const p = this.cached(scope);
      if (p) return { token: p };
    }
    const t = await this.fetch([scope, ...extra.filter((s) => s !== scope)]);
    return t.ok ? { token: t.token } : { error: t.error, status: t.status };
  }
}
