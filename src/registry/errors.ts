/**
 * Errors of the registry probe as data: a closed union of codes with their arguments. The probe
 * never writes a sentence; the checks pass `errorArg(error)` (a reference to `error.<code>`) to the
 * message catalogue, so every error is rendered from a template in the chosen language. `raw` keeps
 * containerd's / Go's words verbatim (the text users search for in kubelet events).
 *
 * The English templates below are typed against the argument list of each code, so a missing code or
 * a template that lost one of its placeholders fails `tsc`; the zh-CN catalogue uses the same type.
 */
import { ref, type MessageArg, type MessageArgs } from '../types.js';

/** The arguments of every code. A value that is itself a ProbeError is rendered (translated) in place. */
export interface ProbeErrorArgs {
  // Sockets and TLS (Go's net / crypto/tls wording).
  'dial-refused': { addr: string };
  'dial-dns': { host: string };
  'dial-timeout': { addr: string };
  'http-response-to-https': Record<never, never>;
  'tls-certificate-required': Record<never, never>;
  'tls-bad-certificate': Record<never, never>;
  'conn-reset': { addr: string };
  eof: Record<never, never>;
  /** Any other socket error: Node's own text. */
  socket: { detail: string };
  'tls-handshake-timeout': Record<never, never>;
  'deadline-exceeded': { url: string };
  canceled: Record<never, never>;
  'tls-verify': { detail: string };
  'no-certificate': Record<never, never>;
  'unsupported-scheme': { scheme: string };
  'request-failed': { method: string; url: string; cause: ProbeError };
  'https-server': { url: string };
  // TLS files (K3s / containerd wording).
  'ca-unreadable': { path: string; reason: string };
  'ca-no-pem': { path: string };
  'cert-without-key': { path: string };
  'cert-unreadable': { detail: string };
  // The ping and the credentials.
  'invalid-auth-field': Record<never, never>;
  'not-registry': { url: string };
  'web-page': { url: string; type: string };
  'web-page-untyped': { url: string };
  'unexpected-status': { url: string; status: string };
  'no-challenge': { url: string };
  'realm-not-url': { realm: string };
  'basic-rejected': { username: string; url: string };
  'basic-rejected-status': { url: string; status: string; username: string };
  'anonymous-token': { service: string; subject: string; username: string };
  'identity-token': Record<never, never>;
  'no-basic-credentials': Record<never, never>;
  // Token service.
  'token-fetch': { kind: string; cause: ProbeError };
  'token-bad-location': { url: string; location: string };
  'token-redirects': { url: string; max: number };
  'token-scheme': { url: string; scheme: string };
  'no-token-field': Record<never, never>;
  // Manifest requests (containerd's resolver wording).
  'authorize-failed': { cause: ProbeError };
  'manifest-too-large': { size: number; ref: string };
  'html-manifest': { digest: string };
  'not-found': { url: string };
  'insufficient-scope': Record<never, never>;
  'pull-no-basic-credentials': Record<never, never>;
  /** A sentence from facts saved by format 1, before errors were data: shown as it was saved. */
  legacy: { text: string };
}

export type ProbeErrorCode = keyof ProbeErrorArgs;

export type ProbeError = { [C in ProbeErrorCode]: { code: C; args: ProbeErrorArgs[C]; raw?: string } }[ProbeErrorCode];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Placeholder<K> = K extends string ? `${string}{${K}}${string}` : never;
/** A template that contains `{name}` for every argument of its code. */
type TemplateFor<A> = [keyof A] extends [never] ? string : UnionToIntersection<Placeholder<keyof A>>;

/** A catalogue of probe errors: one template per code, under `error.<code>`. */
export type ProbeErrorTemplates = { [C in ProbeErrorCode as `error.${C}`]: TemplateFor<ProbeErrorArgs[C]> };

/**
 * English (and containerd's own words: the codes not in OUR_WORDS render exactly what containerd or
 * Go prints, and the zh-CN catalogue keeps those verbatim).
 */
export const PROBE_ERROR_MESSAGES = {
  'error.dial-refused': 'dial tcp {addr}: connect: connection refused',
  'error.dial-dns': 'dial tcp: lookup {host}: no such host',
  'error.dial-timeout': 'dial tcp {addr}: i/o timeout',
  'error.http-response-to-https': 'http: server gave HTTP response to HTTPS client',
  'error.tls-certificate-required': 'remote error: tls: certificate required',
  'error.tls-bad-certificate': 'remote error: tls: bad certificate',
  'error.conn-reset': 'read tcp {addr}: read: connection reset by peer',
  'error.eof': 'EOF',
  'error.socket': '{detail}',
  'error.tls-handshake-timeout': 'net/http: TLS handshake timeout',
  'error.deadline-exceeded': 'failed to do request: Get "{url}": context deadline exceeded',
  'error.canceled': 'context canceled',
  'error.tls-verify': 'tls: failed to verify certificate: {detail}',
  'error.no-certificate': 'server sent no certificate',
  'error.unsupported-scheme': 'unsupported scheme "{scheme}"',
  'error.request-failed': 'failed to do request: {method} "{url}": {cause}',
  'error.https-server': 'unexpected status from GET request to {url}: 400 Bad Request (Client sent an HTTP request to an HTTPS server.)',
  'error.ca-unreadable': 'failed to load CA file: open {path}: {reason}',
  'error.ca-no-pem': 'unable to load CA cert "{path}": no PEM certificate in the file',
  'error.cert-without-key': 'cert file "{path}" was specified, but no corresponding key file was specified',
  'error.cert-unreadable': 'failed to load cert file: {detail}',
  'error.invalid-auth-field': 'invalid decoded auth: the auth field is not base64 of user:password',
  'error.not-registry': 'GET {url} answered 404: no registry API at this path',
  'error.web-page': 'GET {url} answered 200 {type} and no Docker-Distribution-Api-Version header',
  'error.web-page-untyped': 'GET {url} answered 200 with an HTML page, no Content-Type and no Docker-Distribution-Api-Version header',
  'error.unexpected-status': 'unexpected status from GET request to {url}: {status}',
  'error.no-challenge': 'GET {url}: 401 without a usable WWW-Authenticate challenge',
  'error.realm-not-url': 'the token realm "{realm}" is not a URL',
  'error.basic-rejected': 'the registry rejected username "{username}" and its password (GET {url} with Basic: 401 Unauthorized)',
  'error.basic-rejected-status': 'unexpected status from GET request to {url}: {status} (the registry rejected username "{username}" and its password)',
  'error.anonymous-token': 'the token service {service} issued an anonymous token (subject "{subject}") for username "{username}": the login failed',
  'error.identity-token': 'authorization failed: no basic auth credentials (identity_token is only used for token servers)',
  'error.no-basic-credentials': 'authorization failed: no basic auth credentials',
  'error.token-fetch': 'failed to fetch {kind} token: {cause}',
  'error.token-bad-location': 'Get "{url}": failed to parse Location header "{location}"',
  'error.token-redirects': 'Get "{url}": stopped after {max} redirects',
  'error.token-scheme': 'Get "{url}": unsupported protocol scheme "{scheme}"',
  'error.no-token-field': 'failed to fetch token: the token server answered without a token or access_token field',
  'error.authorize-failed': 'failed to authorize: {cause}',
  'error.manifest-too-large': 'rejecting {size} byte manifest for {ref}: not found',
  'error.html-manifest': 'unexpected media type text/html for {digest}: not found',
  'error.not-found': '{url}: not found',
  'error.insufficient-scope': 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  'error.pull-no-basic-credentials': 'pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials',
  'error.legacy': '{text}',
} satisfies ProbeErrorTemplates;

/** Codes whose text is the probe's own explanation (translated); every other code is containerd's / Go's words. */
export const OUR_WORDS: ReadonlySet<ProbeErrorCode> = new Set<ProbeErrorCode>([
  'no-certificate',
  'unsupported-scheme',
  'ca-no-pem',
  'invalid-auth-field',
  'not-registry',
  'web-page',
  'web-page-untyped',
  'no-challenge',
  'realm-not-url',
  'basic-rejected',
  'basic-rejected-status',
  'anonymous-token',
  'identity-token',
  'no-token-field',
]);

/** Every code, in catalogue order (the union enumerated: tsc keeps PROBE_ERROR_MESSAGES exhaustive). */
export const PROBE_ERROR_CODES = Object.keys(PROBE_ERROR_MESSAGES).map((k) => k.slice('error.'.length)) as ProbeErrorCode[];

export function isProbeError(v: unknown): v is ProbeError {
  return typeof v === 'object' && v !== null && typeof (v as ProbeError).code === 'string' && typeof (v as ProbeError).args === 'object';
}

/** The English text of an error (containerd's words where it is containerd's error). */
export function errorText(e: ProbeError): string {
  const t: string = PROBE_ERROR_MESSAGES[`error.${e.code}`];
  return t.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = (e.args as Record<string, unknown>)[name];
    if (v === undefined) return m;
    return isProbeError(v) ? errorText(v) : String(v);
  });
}

function hasContainerdWords(e: ProbeError): boolean {
  if (!OUR_WORDS.has(e.code)) return true;
  return Object.values(e.args).some((v) => isProbeError(v) && hasContainerdWords(v));
}

/** Builds an error; `raw` is set when the text (or a part of it) is containerd's or Go's own. */
export function probeError<C extends ProbeErrorCode>(code: C, args: ProbeErrorArgs[C]): ProbeError {
  const e = { code, args } as ProbeError;
  return hasContainerdWords(e) ? { ...e, raw: errorText(e) } : e;
}

/** An error as a message argument: a reference to `error.<code>`, nested errors as nested references. */
export function errorArg(e: ProbeError | null | undefined): MessageArg {
  if (!e) return '';
  const args: MessageArgs = {};
  for (const [k, v] of Object.entries(e.args)) args[k] = isProbeError(v) ? errorArg(v) : (v as MessageArg);
  return ref(`error.${e.code}`, args);
}
