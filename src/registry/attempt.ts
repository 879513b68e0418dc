/**
 * One manifest request's answer, classified (pure): containerd's resolver reading of it (DOMAIN §3.1,
 * §5.2 #6/#7/#13): 200 resolves (unless a page or too large), 404 = next endpoint, a 401 first
 * follows the challenge once (containerd's authorizer), anything else is this endpoint's error.
 */
import { jwtAccess, parseWwwAuthenticate, type Challenge } from './auth.js';
import { probeError } from './errors.js';
import { header, type HttpResponse } from './http.js';
import { errorCodes, parseManifest, type ManifestInfo } from './manifest.js';
import type { AttemptFact, AuthFact } from './probe-fact.js';
import { statusText } from './token.js';

export interface AttemptContext {
  base: AttemptFact;
  /** The reference as containerd names it in errors (normalised, before any rewrite). */
  fullRef: string;
  round: number;
  /** How this attempt authenticates now (the endpoint's scheme, or the challenge it followed). */
  scheme: AuthFact['scheme'];
  hasCreds: boolean;
  /** The endpoint's credential verdict from its ping. */
  credentialsValid: boolean | null;
  /** The Authorization header sent. */
  usedHeader: string | null;
}

export type AttemptVerdict =
  | { kind: 'done'; attempt: AttemptFact; manifest: ManifestInfo | null }
  /** Ask again: with the challenge's token realm, with Basic, or with a fresh token for `scopes`. */
  | { kind: 'retry'; bearer: Challenge | null; basic: boolean; scopes: string[] };

const done = (attempt: AttemptFact, manifest: ManifestInfo | null = null): AttemptVerdict => ({ kind: 'done', attempt, manifest });

function ok200(res: HttpResponse, c: AttemptContext): AttemptVerdict {
  if (res.oversize !== undefined) {
    // containerd's resolver: remembered as this endpoint's error, then the next endpoint is tried (DOMAIN §3.1).
    return done({ ...c.base, status: 'error', httpStatus: 200, error: probeError('manifest-too-large', { size: res.oversize, ref: c.fullRef }), problem: 'too-large' });
  }
  const m = parseManifest(header(res, 'content-type'), header(res, 'docker-content-digest'), res.body);
  // containerd resolves to a page (200 is 200) and fails when it unpacks it (DOMAIN §5.2 #13).
  if (m.mediaType === 'text/html') return done({ ...c.base, status: 'error', httpStatus: 200, error: probeError('html-manifest', { digest: m.digest ?? '' }), problem: 'web-page' });
  return done({ ...c.base, status: 'ok', httpStatus: 200 }, m);
}

function retry401(res: HttpResponse, c: AttemptContext): AttemptVerdict | null {
  if (c.round > 0) return null;
  const ch = parseWwwAuthenticate(res.headers['www-authenticate']);
  if (c.scheme === 'none') {
    // GET /v2/ was open but this repository challenges (per-repository auth behind a proxy): follow it.
    const bearer = ch.find((x) => x.scheme === 'bearer' && x.params.realm);
    if (bearer) return { kind: 'retry', bearer, basic: false, scopes: bearer.params.scope?.split(' ') ?? [] };
    if (ch.some((x) => x.scheme === 'basic') && c.hasCreds) return { kind: 'retry', bearer: null, basic: true, scopes: [] };
  }
  // The batched token lacked the scope: a fresh one for this repository plus the scope the challenge
  // names, as containerd's authorizer asks (GenerateTokenOptions + GetTokenScopes); behind an endpoint
  // path the registry's repository is <path>/<repository>.
  if (c.scheme === 'bearer') return { kind: 'retry', bearer: null, basic: false, scopes: ch.flatMap((x) => (x.scheme === 'bearer' && x.params.scope ? x.params.scope.split(' ') : [])) };
  return null;
}

function unauthorized(res: HttpResponse, c: AttemptContext, code: string | null): AttemptVerdict {
  const ch = parseWwwAuthenticate(res.headers['www-authenticate']);
  const insufficient = ch.some((x) => x.params.error === 'insufficient_scope');
  const valid = c.credentialsValid;
  const authCause: AttemptFact['authCause'] = !c.hasCreds ? 'no-credentials' : valid === true ? 'no-permission' : valid === false ? 'bad-credentials' : 'no-permission-or-bad-credentials';
  const actions = c.usedHeader?.startsWith('Bearer ') ? (jwtAccess(c.usedHeader.slice(7))?.filter((a) => a.name === c.base.repository).flatMap((a) => a.actions) ?? null) : null;
  // containerd's own wording (DOMAIN §5.2 6a), so users can search for it.
  const error = insufficient
    ? probeError('insufficient-scope', {})
    : ch.some((x) => x.scheme === 'basic') && !c.hasCreds
      ? probeError('pull-no-basic-credentials', {})
      : probeError('unexpected-status', { url: c.base.url, status: '401 Unauthorized' });
  return done({ ...c.base, status: 'unauthorized', httpStatus: 401, code, error, authCause, tokenActions: actions });
}

export function classifyManifest(res: HttpResponse, c: AttemptContext): AttemptVerdict {
  const code = errorCodes(res.body)[0] ?? null;
  if (res.status === 200) return ok200(res, c);
  if (res.status === 404) return done({ ...c.base, status: 'not-found', httpStatus: 404, code, error: probeError('not-found', { url: c.base.url }) });
  if (res.status === 401) return retry401(res, c) ?? unauthorized(res, c, code);
  if (res.status === 403) return done({ ...c.base, status: 'denied', httpStatus: 403, code: code ?? 'DENIED', error: probeError('unexpected-status', { url: c.base.url, status: '403 Forbidden' }) });
  return done({ ...c.base, status: 'error', httpStatus: res.status, code, error: probeError('unexpected-status', { url: c.base.url, status: statusText(res.status) }) });
}

/** An image's result from its own attempts only (containerd: first non-404 error wins; DOMAIN §1.5). */
export function judgeImage(attempts: AttemptFact[]): 'not-found' | 'error' | 'blocked' {
  const firstErr = attempts.find((a) => a.status !== 'not-found');
  if (!firstErr) return 'not-found';
  if (attempts.every((a) => a.status === 'blocked')) return 'blocked';
  return attempts.some((a) => a.status === 'not-found') && attempts.every((a) => a.status === 'not-found' || a.status === 'blocked') ? 'not-found' : 'error';
}
