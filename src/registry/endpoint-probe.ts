/**
 * One endpoint, probed once: TLS configuration, handshake, ping, credential check, in that order,
 * over the injected port. The result never changes after this (images do not write to it).
 */
import type { RegistriesModel } from '../registries-model.js';
import type { RawCredentials } from '../probes/registries-file.js';
import { registerCredentialPair } from '../redact.js';
import type { ChainEndpoint } from './chain.js';
import { basicHeader, pullScope, type Challenge } from './auth.js';
import { probeError } from './errors.js';
import type { HttpResponse } from './http.js';
import { classifyPing, judgeBasicCheck, judgeBearerBasicCheck, judgeLoginToken, type PingContext } from './ping.js';
import type { HttpPort } from './port.js';
import type { AuthFact, EndpointFact } from './probe-fact.js';
import { loadTlsConfig } from './tls-config.js';
import { classifySocketError, type TlsSettings } from './tls-probe.js';
import { TokenStore, type Creds } from './token.js';

export interface EndpointProbe {
  fact: EndpointFact;
  /** null: the transport failed, no request can be made. */
  tls: TlsSettings | null;
  usable: boolean;
  creds: Creds | null;
  /** The endpoint's own token realm (from the ping's challenge). */
  tokens: TokenStore | null;
}

export interface EndpointEnv {
  port: HttpPort;
  model: RegistriesModel;
  credentials: RawCredentials;
  insecureSkipVerify: boolean;
  readFile: (p: string) => Promise<string>;
  progress: (text: string) => void;
  /** Repositories for which this endpoint is the first stop: their scopes are fetched in batches. */
  firstRepos: (endpointId: string) => string[];
}

/** containerd never pings; our diagnostic GET is the host's API root, never an endpoint path after /v2 (DOMAIN §1.9). */
export const PING_PATH = '/v2/';

interface Cred {
  creds: Creds | null;
  kind: AuthFact['credentials'];
  username: string | null;
  invalid: boolean;
}

/** Precedence: username+password > identity_token > auth (DOMAIN §1.7, containerd ParseAuth). */
export function credsFrom(raw: RawCredentials, key: string | null): Cred {
  const c = key ? raw[key] : undefined;
  if (!c) return { creds: null, kind: null, username: null, invalid: false };
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

function newFact(ep: ChainEndpoint): EndpointFact {
  const { id, url, host, scheme, role, mirrorKey, raw, configLookup, configKey } = ep;
  return { id, url, host, scheme, role, mirrorKey, raw, configLookup, configKey, registries: [], transport: { ok: true, cause: null, error: null }, tls: null, auth: null };
}

/** TLS files and handshake; the settings, or null with the transport failure written to the fact. */
async function transport(ep: ChainEndpoint, fact: EndpointFact, env: EndpointEnv): Promise<TlsSettings | null | false> {
  if (ep.scheme === 'http') return null;
  if (ep.scheme !== 'https') {
    fact.transport = { ok: false, cause: 'other', error: probeError('unsupported-scheme', { scheme: ep.scheme }) };
    return false;
  }
  const cfg = env.model.configs.find((c) => c.key === ep.configKey);
  // TLS as the rendered files give it to containerd (chain.ts: e.g. mode B's server line has no CA), else the configs entry.
  const t = await loadTlsConfig(ep.tls !== undefined ? ep.tls : (cfg?.tls ?? null), env.insecureSkipVerify, env.readFile);
  fact.tls = t.fact;
  if (!('settings' in t)) {
    fact.transport = { ok: false, cause: t.cause, error: t.error };
    return false;
  }
  env.progress(`TLS handshake with ${ep.host}`);
  const r = await env.port.handshake(ep.hostname, ep.port, t.settings);
  Object.assign(fact.tls, { verificationSkipped: r.verificationSkipped, protocol: r.protocol, cert: r.cert, chain: r.chain });
  if (!r.ok) {
    fact.transport = { ok: false, cause: r.cause, error: r.error };
    return false;
  }
  return t.settings;
}

async function verifyBearer(env: EndpointEnv, c: PingContext, auth: AuthFact, check: () => Promise<HttpResponse>, tokens: TokenStore): Promise<AuthFact> {
  const a = judgeBearerBasicCheck(await check(), auth, c);
  if (a.credentialsValid !== null || !tokens.request.realmCreds) return a;
  return judgeLoginToken(await tokens.fetch([]), a, c);
}

export async function probeEndpoint(ep: ChainEndpoint, env: EndpointEnv): Promise<EndpointProbe> {
  const fact = newFact(ep);
  const cred = credsFrom(env.credentials, ep.configKey);
  const out: EndpointProbe = { fact, tls: null, usable: false, creds: cred.creds, tokens: null };
  const tls = await transport(ep, fact, env);
  if (tls === false) return out;
  out.tls = tls;
  const origin = `${ep.scheme}://${ep.host}`;
  const get = (kind: string, headers: Record<string, string>) => env.port.get({ origin, tls, kind, path: PING_PATH, headers });
  let ping: HttpResponse;
  try {
    ping = await get('ping', {});
  } catch (err) {
    const s = classifySocketError(err as NodeJS.ErrnoException, ep.hostname, ep.port);
    fact.transport = { ok: false, cause: s.cause, error: probeError('request-failed', { method: 'Get', url: `${origin}${PING_PATH}`, cause: s.error }) };
    return out;
  }
  const c: PingContext = { origin, pingPath: PING_PATH, scheme: ep.scheme, hostname: ep.hostname, credentials: cred.kind, username: cred.username, hasCreds: cred.creds !== null, invalidAuthField: cred.invalid };
  const v = classifyPing(ping, c);
  if (v.kind === 'transport') {
    fact.transport = { ok: false, cause: v.cause, error: v.error };
    return out;
  }
  out.usable = true;
  const basic = () => get('auth-check', { authorization: basicHeader(cred.creds!.username, cred.creds!.password) });
  if (v.kind === 'basic') fact.auth = judgeBasicCheck(await basic(), v.auth, c);
  else if (v.kind === 'bearer') {
    out.tokens = tokenStore(env, ep, v.challenge, cred.creds, v.realmCreds, tls);
    fact.auth = v.verify ? await verifyBearer(env, c, v.auth, basic, out.tokens) : v.auth;
  } else fact.auth = v.auth;
  return out;
}

export function tokenStore(env: EndpointEnv, ep: ChainEndpoint, challenge: Challenge, creds: Creds | null, realmCreds: boolean, tls: TlsSettings | null): TokenStore {
  return new TokenStore(env.port, { challenge, creds, realmCreds, tls }, env.firstRepos(ep.id).map(pullScope));
}
