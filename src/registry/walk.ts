/**
 * The walk: for each image, its chain's endpoints in order (DOMAIN §1.5: 404 ⇒ next, other errors
 * remembered, first error wins), each endpoint probed once (./endpoint-probe.ts), one manifest
 * request per endpoint with at most one auth retry. An image's verdict comes from its own attempts.
 */
import path from 'node:path';
import type { Chain, ChainEndpoint, ChainStep } from './chain.js';
import type { ImageSetEntry } from '../rancher/image-set.js';
import { manifestReference } from './reference.js';
import { basicHeader, pullScope, type Challenge } from './auth.js';
import { probeError } from './errors.js';
import type { HttpResponse } from './http.js';
import { ACCEPT, platformMatches } from './manifest.js';
import { classifyManifest, judgeImage, type AttemptVerdict } from './attempt.js';
import { probeEndpoint, tokenStore, type EndpointEnv, type EndpointProbe } from './endpoint-probe.js';
import type { AttemptFact, AuthFact, ImageFact } from './probe-fact.js';
import { classifySocketError } from './tls-probe.js';
import type { TokenStore } from './token.js';

export function requestPath(ep: ChainEndpoint, step: ChainStep, ref: string): string {
  const p = path.posix.join('/', ep.apiRoot, step.repository, 'manifests', ref);
  return step.ns ? `${p}?ns=${encodeURIComponent(step.ns)}` : p;
}

/** Whether a ping verdict stands for the manifest requests: a page or a 404 on GET /v2/ says nothing about the manifest path. */
function blocksPulls(auth: AuthFact | null): boolean {
  return auth !== null && !auth.ok && auth.cause !== 'web-page' && auth.cause !== 'not-registry';
}

/** How one attempt authenticates: the endpoint's scheme, or a challenge it met on the way. */
interface AuthMode {
  scheme: AuthFact['scheme'];
  tokens: TokenStore | null;
}

export class Walk {
  private readonly endpoints = new Map<string, Promise<EndpointProbe>>();
  /** Token stores for challenges met on manifest requests (per endpoint and realm): caches only. */
  private readonly challengeStores = new Map<string, TokenStore>();
  constructor(private readonly env: EndpointEnv & { signal: AbortSignal; platform: string }) {}

  endpoint(ep: ChainEndpoint): Promise<EndpointProbe> {
    let p = this.endpoints.get(ep.id);
    if (!p) this.endpoints.set(ep.id, (p = probeEndpoint(ep, this.env)));
    return p;
  }

  async probed(): Promise<EndpointProbe[]> {
    return Promise.all(this.endpoints.values());
  }

  private storeFor(e: EndpointProbe, ep: ChainEndpoint, ch: Challenge): TokenStore {
    const key = `${ep.id}|${ch.params.realm}|${ch.params.service ?? ''}`;
    let s = this.challengeStores.get(key);
    if (!s) this.challengeStores.set(key, (s = tokenStore(this.env, ep, ch, e.creds, true, e.tls)));
    return s;
  }

  private async authHeader(e: EndpointProbe, mode: AuthMode, repository: string, fresh: boolean, scopes: string[]): Promise<{ header: string | null } | { error: ReturnType<typeof probeError>; status: number | null }> {
    if (mode.scheme === 'basic') return { header: e.creds ? basicHeader(e.creds.username, e.creds.password) : null };
    if (mode.scheme !== 'bearer' || !mode.tokens) return { header: null };
    const t = await mode.tokens.tokenFor(pullScope(repository), fresh, scopes);
    return 'token' in t ? { header: `Bearer ${t.token}` } : t;
  }

  private async request(e: EndpointProbe, step: ChainStep, reqPath: string, headers: Record<string, string>): Promise<HttpResponse> {
    const ep = step.endpoint;
    return this.env.port.get({ origin: `${ep.scheme}://${ep.host}`, tls: e.tls, kind: 'manifest', path: reqPath, headers });
  }

  /** One endpoint of the chain: the manifest request, with at most one auth retry. */
  async attempt(e: EndpointProbe, step: ChainStep, ref: string, fullRef: string): Promise<Extract<AttemptVerdict, { kind: 'done' }>> {
    const ep = step.endpoint;
    const reqPath = requestPath(ep, step, ref);
    const url = `${ep.scheme}://${ep.host}${reqPath}`;
    const base: AttemptFact = { endpoint: ep.id, url, repository: step.repository, rewrite: step.rewrite, status: 'error', httpStatus: null, code: null, error: null, blockedBy: null, authCause: null, tokenActions: null, problem: null };
    const auth = e.fact.auth!;
    let mode: AuthMode = { scheme: auth.scheme, tokens: e.tokens };
    let scopes: string[] = [];
    for (let round = 0; ; round++) {
      const ah = await this.authHeader(e, mode, step.repository, round > 0, scopes);
      if ('error' in ah) {
        const authCause = ah.status === 401 ? (e.creds ? 'bad-credentials' : 'no-credentials') : null;
        return { kind: 'done', attempt: { ...base, status: 'unauthorized', httpStatus: ah.status, error: probeError('authorize-failed', { cause: ah.error }), authCause }, manifest: null };
      }
      let res: HttpResponse;
      try {
        // One GET gives status, digest, the error code of a 404 and the platform list of an index;
        // containerd HEADs this URL with the same Accept list and then GETs it during the pull (DOMAIN §3.1).
        res = await this.request(e, step, reqPath, { accept: ACCEPT, ...(ah.header ? { authorization: ah.header } : {}) });
      } catch (err) {
        const c = classifySocketError(err as NodeJS.ErrnoException, ep.hostname, ep.port);
        return { kind: 'done', attempt: { ...base, error: probeError('request-failed', { method: 'Get', url, cause: c.error }) }, manifest: null };
      }
      const v = classifyManifest(res, { base, fullRef, round, scheme: mode.scheme, hasCreds: e.creds !== null, credentialsValid: auth.credentialsValid, usedHeader: ah.header });
      if (v.kind === 'done') return v;
      if (v.bearer) mode = { scheme: 'bearer', tokens: this.storeFor(e, ep, v.bearer) };
      else if (v.basic) mode = { scheme: 'basic', tokens: null };
      scopes = v.scopes;
    }
  }

  private blocked(e: EndpointProbe, step: ChainStep, ref: string): AttemptFact | null {
    const ep = step.endpoint;
    const url = `${ep.scheme}://${ep.host}${requestPath(ep, step, ref)}`;
    const base = { endpoint: ep.id, url, repository: step.repository, rewrite: step.rewrite, status: 'blocked' as const, httpStatus: null, code: null, authCause: null, tokenActions: null };
    if (!e.usable) return { ...base, error: probeError('request-failed', { method: 'Head', url, cause: e.fact.transport.error ?? probeError('eof', {}) }), blockedBy: 'tls' };
    if (blocksPulls(e.fact.auth)) return { ...base, error: e.fact.auth!.error, blockedBy: 'auth' };
    return null;
  }

  async image(img: ImageSetEntry, chain: Chain): Promise<ImageFact> {
    const ref = manifestReference(img);
    const fullRef = `${img.registry}/${img.repository}${img.tag !== null ? `:${img.tag}` : ''}${img.digest !== null ? `@${img.digest}` : ''}`;
    const fact: ImageFact = { ref: img.requested, registry: img.registry, repository: img.repository, reference: ref, source: img.source, line: img.line ?? null, mirrorKey: chain.mirrorKey, chainNotes: chain.notes, attempts: [], result: 'not-found', resolvedAt: null, manifest: null, platformOk: null };
    for (const step of chain.steps) {
      this.env.signal.throwIfAborted();
      const e = await this.endpoint(step.endpoint);
      const blocked = this.blocked(e, step, ref);
      if (blocked) {
        fact.attempts.push(blocked);
        continue;
      }
      const { attempt: a, manifest } = await this.attempt(e, step, ref, fullRef);
      fact.attempts.push(a);
      if (a.problem === 'web-page') break; // resolved (a 200), so containerd tries no further endpoint
      if (a.status === 'ok') {
        const platformOk = manifest?.platforms ? manifest.platforms.some((p) => platformMatches(this.env.platform, p)) : null;
        return { ...fact, resolvedAt: step.endpoint.id, manifest, platformOk, result: platformOk === false ? 'platform-missing' : 'ok' };
      }
    }
    return { ...fact, result: judgeImage(fact.attempts) };
  }
}
