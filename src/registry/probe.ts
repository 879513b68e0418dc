/**
 * The registry probe: walk every image's endpoint chain as containerd would (DOMAIN §1.5: endpoints in
 * order, 404 ⇒ next, other errors remembered), probing each endpoint's TLS and auth once, and record
 * what happened at each step. All I/O of the registry stage lives here; the result is a plain,
 * secret-free fact the checks judge.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RegistriesModel } from '../registries-model.js';
import type { RawCredentials } from '../probes/registries-file.js';
import { registerCredentialPair, registerSecret } from '../redact.js';
import { buildChain, type ChainEndpoint, type ChainFeatures, type ChainStep } from './chain.js';
import type { ImageSetEntry, ImageSetInfo } from '../rancher/image-set.js';
import { manifestReference } from './reference.js';
import { probeTls, classifySocketError, type TlsCause, type TlsSettings } from './tls-probe.js';
import type { CertInfo } from '../x509.js';
import { EndpointClient, getOnce, header, type HttpResponse, type HttpStats } from './http.js';
import { basicHeader, jwtAccess, jwtSubject, parseTokenBody, parseWwwAuthenticate, pullScope, type Challenge } from './auth.js';
import { ACCEPT, errorCodes, parseManifest, platformMatches, type ManifestInfo } from './manifest.js';

export type TransportCause = TlsCause | 'https-server';

export interface EndpointFact {
  id: string;
  url: string;
  host: string;
  scheme: string;
  role: 'mirror' | 'default';
  mirrorKey: string | null;
  raw: string | null;
  configLookup: string;
  configKey: string | null;
  /** Registry names whose images were requested here. */
  registries: string[];
  transport: { ok: boolean; cause: TransportCause | null; error: string | null };
  tls: {
    caFile: string | null;
    certFile: string | null;
    keyFile: string | null;
    insecureSkipVerify: boolean;
    /** insecure_skip_verify written but not supported by this K3s (v1.18). */
    insecureSkipVerifyIgnored: boolean;
    verificationSkipped: boolean;
    protocol: string | null;
    cert: CertInfo | null;
    chain: CertInfo[];
  } | null;
  auth: AuthFact | null;
}

export type AuthCause = 'bad-credentials' | 'no-credentials' | 'token-rejected' | 'realm-error' | 'not-registry' | 'web-page' | 'unexpected-status' | 'invalid-auth-field' | 'identity-token';

export interface AuthFact {
  scheme: 'none' | 'basic' | 'bearer';
  credentials: 'username' | 'auth' | 'identity_token' | null;
  username: string | null;
  /** true: the registry accepted them; false: rejected; null: could not tell (token servers hand out anonymous tokens). */
  credentialsValid: boolean | null;
  realm: string | null;
  service: string | null;
  ok: boolean;
  cause: AuthCause | null;
  error: string | null;
  /** Credentials configured for a plain-HTTP endpoint travel in clear text. */
  plainHttpCredentials: boolean;
  /** Credentials withheld from a plain-HTTP token realm on another host. */
  realmCredentialsWithheld: boolean;
  /** GET /v2/ answered with Docker-Distribution-Api-Version (a registry, not a web page). */
  apiVersionHeader: boolean;
}

export type AttemptStatus = 'ok' | 'not-found' | 'unauthorized' | 'denied' | 'error' | 'blocked';

export interface AttemptFact {
  endpoint: string;
  url: string;
  repository: string;
  rewrite: { pattern: string; replacement: string } | null;
  status: AttemptStatus;
  httpStatus: number | null;
  /** Registry error code: MANIFEST_UNKNOWN, NAME_UNKNOWN, NOT_FOUND, UNAUTHORIZED, DENIED… */
  code: string | null;
  /** containerd-style error text. */
  error: string | null;
  blockedBy: 'tls' | 'auth' | null;
  /** For 401: what we know about why. */
  authCause: 'bad-credentials' | 'no-permission' | 'no-permission-or-bad-credentials' | 'no-credentials' | null;
  /** JWT `access` of the token used, when a 401 needs explaining. */
  tokenActions: string[] | null;
  /**
   * A 200 containerd cannot use: a web page (text/html) instead of a manifest (DOMAIN §5.2 #13), or a
   * manifest over containerd's MaxManifestSize (DOMAIN §3.1). Absent in facts saved before it existed.
   */
  problem?: 'web-page' | 'too-large' | null;
}

export interface ImageFact {
  ref: string;
  registry: string;
  repository: string;
  reference: string;
  source: ImageSetEntry['source'];
  line: number | null;
  mirrorKey: string | null;
  chainNotes: string[];
  attempts: AttemptFact[];
  result: 'ok' | 'not-found' | 'error' | 'blocked' | 'platform-missing';
  resolvedAt: string | null;
  manifest: ManifestInfo | null;
  platformOk: boolean | null;
}

export interface RegistryProbeFact {
  registriesFile: { path: string; present: boolean };
  imageSet: Omit<ImageSetInfo, 'images'> & { count: number };
  mode: ChainFeatures['mode'];
  modeSource: 'rancher-version' | 'default';
  rewritesSupported: boolean;
  platform: string;
  endpoints: EndpointFact[];
  images: ImageFact[];
  stats: { requests: number; retries: number; byKind: Record<string, number>; durationMs: number; images: number };
}

export interface ProbeRunOptions {
  model: RegistriesModel;
  features: ChainFeatures & { insecureSkipVerify: boolean };
  modeSource: RegistryProbeFact['modeSource'];
  imageSet: ImageSetInfo;
  registriesFile: { path: string; present: boolean };
  credentials: RawCredentials;
  platform: string;
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
  progress: (text: string) => void;
  /** Directory relative TLS paths resolve against (K3s resolves them against its cwd; we use the process cwd). */
  readFile?: (p: string) => Promise<string>;
}

interface Creds {
  username: string;
  password: string;
}

interface EndpointState {
  fact: EndpointFact;
  client: EndpointClient | null;
  tlsSettings: TlsSettings | null;
  creds: Creds | null;
  /** Whether credentials may be sent to the token realm. */
  realmCreds: boolean;
  challenge: Challenge | null;
  tokens: Map<string, { token: string; expiresAt: number; scopes: Set<string> }>;
  /** Pull scope -> the batched token request that covers it (see authHeaderFor). */
  prefetch: Map<string, Promise<boolean>> | null;
}

const BATCH_SCOPES = 40;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

function bareHostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function credsFrom(raw: RawCredentials, key: string | null): { creds: Creds | null; kind: AuthFact['credentials']; username: string | null; invalid: boolean } {
  const c = key ? raw[key] : undefined;
  if (!c) return { creds: null, kind: null, username: null, invalid: false };
  // Precedence: username+password > identity_token > auth (DOMAIN §1.7, containerd ParseAuth).
  if (c.username) return { creds: { username: c.username, password: c.password ?? '' }, kind: 'username', username: c.username, invalid: false };
  if (c.identityToken) return { creds: null, kind: 'identity_token', username: null, invalid: false };
  if (c.auth) {
    const clean = c.auth.trim();
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(clean) && clean.length % 4 === 0 ? Buffer.from(clean, 'base64').toString('utf8') : null;
    const i = decoded?.indexOf(':') ?? -1;
    if (!decoded || i < 0) return { creds: null, kind: 'auth', username: null, invalid: true };
    const creds = { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    registerCredentialPair(creds.username, creds.password);
    return { creds, kind: 'auth', username: creds.username, invalid: false };
  }
  return { creds: null, kind: null, username: null, invalid: false };
}

function statusText(code: number): string {
  const t: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return `${code}${t[code] ? ` ${t[code]}` : ''}`;
}

function requestPath(ep: ChainEndpoint, step: ChainStep, ref: string): string {
  const p = path.posix.join('/', ep.apiRoot, step.repository, 'manifests', ref);
  return step.ns ? `${p}?ns=${encodeURIComponent(step.ns)}` : p;
}

export async function runRegistryProbe(o: ProbeRunOptions): Promise<RegistryProbeFact> {
  const started = Date.now();
  const stats: HttpStats = { requests: 0, retries: 0, byKind: {} };
  const readFile = o.readFile ?? ((p: string) => fs.readFile(p, 'utf8'));
  const states = new Map<string, Promise<EndpointState>>();
  const endpointFacts = new Map<string, EndpointFact>();
  const clientOpts = { concurrency: o.concurrency, timeoutMs: o.timeoutMs, signal: o.signal, stats };

  const chains = o.imageSet.images.map((img) => buildChain(o.model, o.features, img));
  // Repositories each endpoint is the first stop for: their pull scopes are fetched in a few batched token requests.
  const firstRepos = new Map<string, Set<string>>();
  chains.forEach((c) => {
    const s = c.steps[0];
    if (!s) return;
    let set = firstRepos.get(s.endpoint.id);
    if (!set) firstRepos.set(s.endpoint.id, (set = new Set()));
    set.add(s.repository);
  });

  async function tlsSettingsFor(ep: ChainEndpoint, fact: EndpointFact): Promise<TlsSettings | { error: string; cause: TransportCause }> {
    const cfg = o.model.configs.find((c) => c.key === ep.configKey);
    const t = cfg?.tls ?? null;
    const caPems: string[] = [];
    let certPem: string | null = null;
    let keyPem: string | null = null;
    const skip = Boolean(t?.insecureSkipVerify) && o.features.insecureSkipVerify;
    fact.tls = {
      caFile: t?.caFile?.path ?? null,
      certFile: t?.certFile?.path ?? null,
      keyFile: t?.keyFile?.path ?? null,
      insecureSkipVerify: skip,
      insecureSkipVerifyIgnored: Boolean(t?.insecureSkipVerify) && !o.features.insecureSkipVerify,
      verificationSkipped: skip,
      protocol: null,
      cert: null,
      chain: [],
    };
    if (t?.caFile) {
      try {
        const pem = await readFile(t.caFile.path);
        if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return { cause: 'ca-file', error: `unable to load CA cert "${t.caFile.path}": no PEM certificate in the file` };
        caPems.push(pem);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { cause: 'ca-file', error: `failed to load CA file: open ${t.caFile.path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code)}` };
      }
    }
    if (t?.certFile && !t.keyFile) return { cause: 'client-cert-file', error: `cert file "${t.certFile.path}" was specified, but no corresponding key file was specified` };
    if (t?.certFile && t.keyFile) {
      try {
        certPem = await readFile(t.certFile.path);
        keyPem = await readFile(t.keyFile.path);
        registerSecret(keyPem);
      } catch (err) {
        return { cause: 'client-cert-file', error: `failed to load cert file: ${(err as Error).message}` };
      }
    }
    return { caPems, certPem, keyPem, insecureSkipVerify: skip };
  }

  async function fetchToken(st: EndpointState, scopes: string[]): Promise<{ ok: true; token: string; expiresIn: number } | { ok: false; status: number | null; error: string; credsWithheld?: boolean }> {
    const ch = st.challenge!;
    const realm = new URL(ch.params.realm!);
    if (ch.params.service) realm.searchParams.set('service', ch.params.service);
    for (const s of scopes) realm.searchParams.append('scope', s);
    const kind = st.creds ? 'oauth' : 'anonymous';
    let url = realm;
    let sendCreds = Boolean(st.creds && st.realmCreds);
    let res: HttpResponse;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {};
      if (st.creds && sendCreds) headers.authorization = basicHeader(st.creds.username, st.creds.password);
      try {
        // GET with Basic, as Harbor needs (its POST /service/token answers 405; DOMAIN §3.4).
        res = await getOnce(url.toString(), headers, st.tlsSettings, clientOpts, 'token');
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const c = classifySocketError(e, url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
        return { ok: false, status: null, error: `failed to fetch ${kind} token: ${c.error}` };
      }
      const location = REDIRECT_STATUS.has(res.status) ? header(res, 'location') : null;
      if (location === null) break;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return { ok: false, status: res.status, error: `failed to fetch ${kind} token: Get "${url.toString()}": failed to parse Location header "${location}"` };
      }
      // containerd's Go http client follows redirects, at most 10 (net/http's default policy); the 11th is refused.
      if (hop >= MAX_REDIRECTS) return { ok: false, status: res.status, error: `failed to fetch ${kind} token: Get "${next.toString()}": stopped after ${MAX_REDIRECTS} redirects` };
      if (next.protocol !== 'https:' && next.protocol !== 'http:') return { ok: false, status: res.status, error: `failed to fetch ${kind} token: Get "${next.toString()}": unsupported protocol scheme "${next.protocol.replace(/:$/, '')}"` };
      // Credentials follow a redirect only to the same host (net/http copies Authorization only to the
      // same domain or a subdomain), and never from https down to plain http (they would travel in clear).
      if (bareHostOf(next) !== bareHostOf(url) && !bareHostOf(next).endsWith(`.${bareHostOf(url)}`)) sendCreds = false;
      if (url.protocol === 'https:' && next.protocol === 'http:') sendCreds = false;
      url = next;
    }
    // Credentials held back on a redirect: a refusal says nothing about them, the redirect is the problem.
    const credsWithheld = Boolean(st.creds && st.realmCreds && !sendCreds);
    if (credsWithheld && st.fact.auth) st.fact.auth.realmCredentialsWithheld = true;
    if (res.status !== 200) return { ok: false, status: res.status, error: `failed to fetch ${kind} token: unexpected status from GET request to ${url.origin}${url.pathname}: ${statusText(res.status)}`, credsWithheld };
    const tok = parseTokenBody(res.body.toString('utf8'));
    if (!tok) return { ok: false, status: 200, error: 'failed to fetch token: the token server answered without a token or access_token field' };
    registerSecret(tok.token);
    return { ok: true, token: tok.token, expiresIn: tok.expiresIn };
  }

  function storeToken(st: EndpointState, scopes: string[], token: string, expiresIn: number): void {
    const entry = { token, expiresAt: Date.now() + Math.max(1, expiresIn - 5) * 1000, scopes: new Set(scopes) };
    for (const s of scopes) st.tokens.set(s, entry);
  }

  async function endpointState(ep: ChainEndpoint, registry: string): Promise<EndpointState> {
    let p = states.get(ep.id);
    if (!p) {
      p = initEndpoint(ep);
      states.set(ep.id, p);
    }
    const st = await p;
    if (!st.fact.registries.includes(registry)) st.fact.registries.push(registry);
    return st;
  }

  async function initEndpoint(ep: ChainEndpoint): Promise<EndpointState> {
    const fact: EndpointFact = {
      id: ep.id,
      url: ep.url,
      host: ep.host,
      scheme: ep.scheme,
      role: ep.role,
      mirrorKey: ep.mirrorKey,
      raw: ep.raw,
      configLookup: ep.configLookup,
      configKey: ep.configKey,
      registries: [],
      transport: { ok: true, cause: null, error: null },
      tls: null,
      auth: null,
    };
    endpointFacts.set(ep.id, fact);
    const cred = credsFrom(o.credentials, ep.configKey);
    const st: EndpointState = { fact, client: null, tlsSettings: null, creds: cred.creds, realmCreds: true, challenge: null, tokens: new Map(), prefetch: null };
    const origin = `${ep.scheme}://${ep.host}`;
    if (ep.scheme === 'https') {
      const ts = await tlsSettingsFor(ep, fact);
      if ('error' in ts) {
        fact.transport = { ok: false, cause: ts.cause, error: ts.error };
        return st;
      }
      st.tlsSettings = ts;
      o.progress(`TLS handshake with ${ep.host}`);
      const r = await probeTls(ep.hostname, ep.port, ts, o.timeoutMs, o.signal);
      stats.requests++; // the handshake probe sends one GET /v2/ to see a demanded client certificate
      stats.byKind['tls-probe'] = (stats.byKind['tls-probe'] ?? 0) + 1;
      Object.assign(fact.tls!, { verificationSkipped: r.verificationSkipped, protocol: r.protocol, cert: r.cert, chain: r.chain });
      if (!r.ok) {
        fact.transport = { ok: false, cause: r.cause, error: r.error };
        return st;
      }
    } else if (ep.scheme !== 'http') {
      fact.transport = { ok: false, cause: 'other', error: `unsupported scheme "${ep.scheme}"` };
      return st;
    }
    st.client = new EndpointClient(origin, st.tlsSettings, clientOpts);
    const auth: AuthFact = {
      scheme: 'none',
      credentials: cred.kind,
      username: cred.username,
      credentialsValid: null,
      realm: null,
      service: null,
      ok: true,
      cause: null,
      error: null,
      plainHttpCredentials: ep.scheme === 'http' && cred.kind !== null,
      realmCredentialsWithheld: false,
      apiVersionHeader: false,
    };
    const pingPath = path.posix.join('/', ep.apiRoot, '/');
    let ping: HttpResponse;
    try {
      ping = await st.client.request('ping', 'GET', pingPath, {});
    } catch (err) {
      const c = classifySocketError(err as NodeJS.ErrnoException, ep.hostname, ep.port);
      fact.transport = { ok: false, cause: c.cause, error: `failed to do request: Get "${origin}${pingPath}": ${c.error}` };
      return st;
    }
    const body = ping.body.toString('utf8');
    if (ping.status === 400 && /HTTP request to an HTTPS server/i.test(body)) {
      fact.transport = { ok: false, cause: 'https-server', error: `unexpected status from GET request to ${origin}${pingPath}: 400 Bad Request (Client sent an HTTP request to an HTTPS server.)` };
      return st;
    }
    fact.auth = auth;
    auth.apiVersionHeader = header(ping, 'docker-distribution-api-version') !== null;
    if (ping.status === 200) {
      // No challenge: containerd never asks for credentials, so even a malformed auth field does not matter.
      auth.scheme = 'none';
      const type = (header(ping, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!auth.apiVersionHeader && (type === 'text/html' || /^\s*<(?:!doctype|html|head|body)\b/i.test(body))) {
        // A web server or proxy page, not the v2 API (DOMAIN §3.1 header, §5.2 #13). containerd does not
        // GET /v2/ for an anonymous pull: it asks for the manifest and gets this page, so the images are
        // still tried (and fail as in containerd) rather than blocked by this finding.
        auth.ok = false;
        auth.cause = 'web-page';
        auth.error = type
          ? `GET ${origin}${pingPath} answered 200 ${type} and no Docker-Distribution-Api-Version header`
          : `GET ${origin}${pingPath} answered 200 with an HTML page, no Content-Type and no Docker-Distribution-Api-Version header`;
      }
      return st;
    }
    if (cred.invalid) {
      auth.ok = false;
      auth.cause = 'invalid-auth-field';
      auth.error = 'invalid decoded auth: the auth field is not base64 of user:password';
    }
    if (ping.status === 404) {
      auth.ok = false;
      auth.cause = 'not-registry';
      auth.error = `GET ${origin}${pingPath} answered 404: no registry API at this path`;
      return st;
    }
    if (ping.status !== 401) {
      auth.ok = false;
      auth.cause = 'unexpected-status';
      auth.error = `unexpected status from GET request to ${origin}${pingPath}: ${statusText(ping.status)}`;
      return st;
    }
    const challenges = parseWwwAuthenticate(ping.headers['www-authenticate']);
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (bearer) {
      auth.scheme = 'bearer';
      auth.realm = bearer.params.realm!;
      auth.service = bearer.params.service ?? null;
      st.challenge = bearer;
      let realm: URL;
      try {
        realm = new URL(bearer.params.realm!);
      } catch {
        auth.ok = false;
        auth.cause = 'realm-error';
        auth.error = `the token realm "${bearer.params.realm}" is not a URL`;
        return st;
      }
      if (realm.protocol === 'http:' && realm.hostname.replace(/^\[|\]$/g, '') !== ep.hostname.replace(/^\[|\]$/g, '') && st.creds) {
        st.realmCreds = false;
        auth.realmCredentialsWithheld = true;
      }
      if (st.creds && !auth.cause) {
        // Harbor hands out tokens even for wrong credentials; GET /v2/ with Basic is the reliable test (DOMAIN §3.4).
        const r = await st.client.request('auth-check', 'GET', pingPath, { authorization: basicHeader(st.creds.username, st.creds.password) });
        if (r.status === 200) auth.credentialsValid = true;
        else if (r.status === 401) {
          const again = parseWwwAuthenticate(r.headers['www-authenticate']);
          if (again.some((c) => c.scheme === 'basic')) auth.credentialsValid = false;
        }
        if (auth.credentialsValid === false) {
          auth.ok = false;
          auth.cause = 'bad-credentials';
          auth.error = `the registry rejected username "${st.creds.username}" and its password (GET ${origin}${pingPath} with Basic: 401 Unauthorized)`;
          return st;
        }
        if (auth.credentialsValid === null && st.realmCreds) {
          const t = await fetchToken(st, []);
          if (!t.ok) {
            auth.ok = false;
            auth.cause = (t.status === 401 || t.status === 403) && !t.credsWithheld ? 'token-rejected' : 'realm-error';
            auth.error = t.error;
            if (t.status === 401 && !t.credsWithheld) auth.credentialsValid = false;
            return st;
          }
          // A token for an anonymous subject although credentials were sent: the login failed (DOMAIN §3.4).
          const sub = jwtSubject(t.token);
          if (sub !== null) auth.credentialsValid = sub === st.creds.username;
          if (auth.credentialsValid === false) {
            auth.ok = false;
            auth.cause = 'bad-credentials';
            auth.error = `the token service ${realm.origin}${realm.pathname} issued an anonymous token (subject "${sub}") for username "${st.creds.username}": the login failed`;
            return st;
          }
        }
      }
      return st;
    }
    if (basic) {
      auth.scheme = 'basic';
      if (cred.kind === 'identity_token') {
        auth.ok = false;
        auth.cause = 'identity-token';
        auth.error = 'authorization failed: no basic auth credentials (identity_token is only used for token servers)';
        return st;
      }
      if (!st.creds) {
        if (!auth.cause) {
          auth.ok = false;
          auth.cause = 'no-credentials';
          auth.error = 'authorization failed: no basic auth credentials';
        }
        return st;
      }
      const r = await st.client.request('auth-check', 'GET', pingPath, { authorization: basicHeader(st.creds.username, st.creds.password) });
      if (r.status === 200) auth.credentialsValid = true;
      else {
        auth.credentialsValid = false;
        auth.ok = false;
        auth.cause = 'bad-credentials';
        auth.error = `unexpected status from GET request to ${origin}${pingPath}: ${statusText(r.status)} (the registry rejected username "${st.creds.username}" and its password)`;
      }
      return st;
    }
    auth.ok = false;
    auth.cause = 'unexpected-status';
    auth.error = `GET ${origin}${pingPath}: 401 without a usable WWW-Authenticate challenge`;
    return st;
  }

  async function authHeaderFor(st: EndpointState, repository: string, fresh: boolean): Promise<{ header: string | null; error?: string; status?: number | null }> {
    const auth = st.fact.auth!;
    if (auth.scheme === 'none') return { header: null };
    if (auth.scheme === 'basic') return { header: st.creds ? basicHeader(st.creds.username, st.creds.password) : null };
    const scope = pullScope(repository);
    const cached = st.tokens.get(scope);
    if (!fresh && cached && cached.expiresAt > Date.now()) return { header: `Bearer ${cached.token}` };
    if (!fresh && !st.prefetch) {
      const wanted = [...(firstRepos.get(st.fact.id) ?? [])].map(pullScope).filter((s) => !st.tokens.has(s));
      // Batches are fetched one after another (stopping at the first failure), and an image waits
      // only for the batch holding its scope, so manifest requests start after the first token
      // instead of after all of them (3000 images = 75 token requests; bench/results.md).
      st.prefetch = new Map();
      let previous: Promise<boolean> = Promise.resolve(true);
      for (let i = 0; i < wanted.length; i += BATCH_SCOPES) {
        const batch = wanted.slice(i, i + BATCH_SCOPES);
        const done: Promise<boolean> = previous.then(async (ok) => {
          if (!ok) return false;
          // A throw here would be an unhandled rejection for batches nobody awaits; the per-scope fetch below reports it.
          const t = await fetchToken(st, batch).catch(() => null);
          if (t?.ok) storeToken(st, batch, t.token, t.expiresIn);
          return Boolean(t?.ok);
        });
        for (const s of batch) st.prefetch.set(s, done);
        previous = done;
      }
    }
    if (!fresh && st.prefetch) {
      await st.prefetch.get(scope);
      const c = st.tokens.get(scope);
      if (c && c.expiresAt > Date.now()) return { header: `Bearer ${c.token}` };
    }
    const t = await fetchToken(st, [scope]);
    if (!t.ok) return { header: null, error: t.error, status: t.status };
    storeToken(st, [scope], t.token, t.expiresIn);
    return { header: `Bearer ${t.token}` };
  }

  async function attempt(st: EndpointState, step: ChainStep, ref: string, fullRef: string): Promise<{ attempt: AttemptFact; manifest: ManifestInfo | null }> {
    const ep = step.endpoint;
    const reqPath = requestPath(ep, step, ref);
    const url = `${ep.scheme}://${ep.host}${reqPath}`;
    const base: AttemptFact = { endpoint: ep.id, url, repository: step.repository, rewrite: step.rewrite, status: 'error', httpStatus: null, code: null, error: null, blockedBy: null, authCause: null, tokenActions: null, problem: null };
    let usedHeader: string | null = null;
    for (let round = 0; round < 2; round++) {
      const ah = await authHeaderFor(st, step.repository, round > 0);
      if (ah.error) {
        const a = { ...base, status: 'unauthorized' as const, httpStatus: ah.status ?? null, error: `failed to authorize: ${ah.error}` };
        if (ah.status === 401) a.authCause = st.creds ? 'bad-credentials' : 'no-credentials';
        return { attempt: a, manifest: null };
      }
      usedHeader = ah.header;
      let res: HttpResponse;
      try {
        // One GET gives status, digest, the error code of a 404 and the platform list of an index;
        // containerd HEADs this URL with the same Accept list and then GETs it during the pull (DOMAIN §3.1).
        res = await st.client!.request('manifest', 'GET', reqPath, { accept: ACCEPT, ...(usedHeader ? { authorization: usedHeader } : {}) });
      } catch (err) {
        const c = classifySocketError(err as NodeJS.ErrnoException, ep.hostname, ep.port);
        return { attempt: { ...base, status: 'error', error: `failed to do request: Get "${url}": ${c.error}` }, manifest: null };
      }
      const codes = errorCodes(res.body);
      if (res.status === 200 && res.oversize !== undefined) {
        // containerd's resolver: remembered as this endpoint's error, then the next endpoint is tried (DOMAIN §3.1).
        return { attempt: { ...base, status: 'error', httpStatus: 200, error: `rejecting ${res.oversize} byte manifest for ${fullRef}: not found`, problem: 'too-large' }, manifest: null };
      }
      if (res.status === 200) {
        const m = parseManifest(header(res, 'content-type'), header(res, 'docker-content-digest'), res.body);
        if (m.mediaType === 'text/html') {
          // containerd resolves to this page (200 is 200) and fails when it unpacks it (DOMAIN §5.2 #13).
          return { attempt: { ...base, status: 'error', httpStatus: 200, error: `unexpected media type text/html for ${m.digest}: not found`, problem: 'web-page' }, manifest: null };
        }
        return { attempt: { ...base, status: 'ok', httpStatus: 200 }, manifest: m };
      }
      if (res.status === 404) {
        return { attempt: { ...base, status: 'not-found', httpStatus: 404, code: codes[0] ?? null, error: `${url}: not found` }, manifest: null };
      }
      if (res.status === 401 && round === 0 && st.fact.auth?.scheme === 'none') {
        // GET /v2/ was open but this repository challenges (per-repository auth behind a proxy):
        // follow the challenge, as containerd's authorizer does on any 401.
        const ch = parseWwwAuthenticate(res.headers['www-authenticate']);
        const bearer = ch.find((c) => c.scheme === 'bearer' && c.params.realm);
        if (bearer) {
          st.challenge = bearer;
          Object.assign(st.fact.auth, { scheme: 'bearer', realm: bearer.params.realm ?? null, service: bearer.params.service ?? null });
          continue;
        }
        if (ch.some((c) => c.scheme === 'basic') && st.creds) {
          st.fact.auth.scheme = 'basic';
          continue;
        }
      }
      if (res.status === 401 && st.fact.auth?.scheme === 'bearer' && round === 0) continue; // batched token lacked the scope: fetch this one, as containerd would
      if (res.status === 401) {
        const ch = parseWwwAuthenticate(res.headers['www-authenticate']);
        const insufficient = ch.find((c) => c.params.error === 'insufficient_scope');
        const valid = st.fact.auth?.credentialsValid ?? null;
        const authCause: AttemptFact['authCause'] = !st.creds ? 'no-credentials' : valid === true ? 'no-permission' : valid === false ? 'bad-credentials' : 'no-permission-or-bad-credentials';
        const actions = usedHeader?.startsWith('Bearer ') ? jwtAccess(usedHeader.slice(7))?.filter((a) => a.name === step.repository).flatMap((a) => a.actions) ?? null : null;
        // containerd's own wording (DOMAIN §5.2 6a), so users can search for it.
        const error = insufficient
          ? 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
          : ch.some((c) => c.scheme === 'basic') && !st.creds
            ? 'pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials'
            : `unexpected status from GET request to ${url}: 401 Unauthorized`;
        return { attempt: { ...base, status: 'unauthorized', httpStatus: 401, code: codes[0] ?? null, error, authCause, tokenActions: actions }, manifest: null };
      }
      if (res.status === 403) return { attempt: { ...base, status: 'denied', httpStatus: 403, code: codes[0] ?? 'DENIED', error: `unexpected status from GET request to ${url}: 403 Forbidden` }, manifest: null };
      return { attempt: { ...base, status: 'error', httpStatus: res.status, code: codes[0] ?? null, error: `unexpected status from GET request to ${url}: ${statusText(res.status)}` }, manifest: null };
    }
    throw new Error('unreachable');
  }

  async function checkImage(img: ImageSetEntry, idx: number): Promise<ImageFact> {
    const chain = chains[idx]!;
    const ref = manifestReference(img);
    // The reference as containerd's resolver names it in errors (normalised, before any rewrite).
    const fullRef = `${img.registry}/${img.repository}${img.tag !== null ? `:${img.tag}` : ''}${img.digest !== null ? `@${img.digest}` : ''}`;
    const fact: ImageFact = {
      ref: img.requested,
      registry: img.registry,
      repository: img.repository,
      reference: ref,
      source: img.source,
      line: img.line ?? null,
      mirrorKey: chain.mirrorKey,
      chainNotes: chain.notes,
      attempts: [],
      result: 'not-found',
      resolvedAt: null,
      manifest: null,
      platformOk: null,
    };
    for (const step of chain.steps) {
      o.signal.throwIfAborted();
      const st = await endpointState(step.endpoint, img.registry);
      const url = `${step.endpoint.scheme}://${step.endpoint.host}${requestPath(step.endpoint, step, ref)}`;
      if (!st.fact.transport.ok || !st.client) {
        fact.attempts.push({ endpoint: step.endpoint.id, url, repository: step.repository, rewrite: step.rewrite, status: 'blocked', httpStatus: null, code: null, error: `failed to do request: Head "${url}": ${st.fact.transport.error}`, blockedBy: 'tls', authCause: null, tokenActions: null });
        continue;
      }
      if (st.fact.auth && !st.fact.auth.ok && st.fact.auth.cause !== 'web-page') {
        fact.attempts.push({ endpoint: step.endpoint.id, url, repository: step.repository, rewrite: step.rewrite, status: 'blocked', httpStatus: null, code: null, error: st.fact.auth.error, blockedBy: 'auth', authCause: null, tokenActions: null });
        continue;
      }
      const { attempt: a, manifest } = await attempt(st, step, ref, fullRef);
      fact.attempts.push(a);
      if (a.problem === 'web-page') break; // resolved (a 200), so containerd tries no further endpoint
      if (a.status === 'ok') {
        fact.resolvedAt = step.endpoint.id;
        fact.manifest = manifest;
        if (manifest?.platforms) fact.platformOk = manifest.platforms.some((p) => platformMatches(o.platform, p));
        fact.result = fact.platformOk === false ? 'platform-missing' : 'ok';
        return fact;
      }
    }
    const firstErr = fact.attempts.find((a) => a.status !== 'not-found');
    if (!firstErr) fact.result = 'not-found';
    else if (fact.attempts.every((a) => a.status === 'blocked')) fact.result = 'blocked';
    else fact.result = fact.attempts.some((a) => a.status === 'not-found') && fact.attempts.every((a) => a.status === 'not-found' || a.status === 'blocked') ? 'not-found' : 'error';
    return fact;
  }

  const images: ImageFact[] = new Array(o.imageSet.images.length);
  let next = 0;
  let done = 0;
  let failing = 0;
  const total = o.imageSet.images.length;
  const workers = Math.max(1, Math.min(total, o.concurrency * 2));
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < total) {
          const i = next++;
          images[i] = await checkImage(o.imageSet.images[i]!, i);
          done++;
          if (images[i]!.result !== 'ok') failing++;
          o.progress(`checked ${done}/${total} images, ${failing} failing`);
        }
      }),
    );
  } finally {
    await Promise.all([...states.values()].map(async (p) => (await p.catch(() => null))?.client?.close()));
  }
  // Deterministic order whatever the concurrency: endpoints as they first appear in the chains.
  const order: string[] = [];
  for (const c of chains) for (const s of c.steps) if (!order.includes(s.endpoint.id)) order.push(s.endpoint.id);
  const { images: _omit, ...setInfo } = o.imageSet;
  return {
    registriesFile: o.registriesFile,
    imageSet: { ...setInfo, count: o.imageSet.images.length },
    mode: o.features.mode,
    modeSource: o.modeSource,
    rewritesSupported: o.features.rewrite,
    platform: o.platform,
    endpoints: [...endpointFacts.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)).map((e) => ({ ...e, registries: [...e.registries].sort() })),
    images,
    stats: { requests: stats.requests, retries: stats.retries, byKind: stats.byKind, durationMs: Date.now() - started, images: total },
  };
}
