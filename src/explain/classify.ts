/**
 * `explain`'s entry point into the pull-error classifier. The signatures and their priority live in
 * src/health/classify.ts (DOMAIN §5.2) and are used as they are; this file only adds what a message
 * pasted on its own needs beyond what `health` sees:
 * - DOMAIN §5.2 row 16 (containerd 2.x: "host will try HTTPS first …"), a log line rather than a pull
 *   error, consulted only when classify.ts finds nothing;
 * - the image, registry and repository named by the message or, failing that, by its URL
 *   (`/v2/<repository>/manifests/<tag>?ns=<registry>`, DOMAIN §1.4, §5.1);
 * - which endpoint the URL is, without a registries.yaml: the registry's own default endpoint or a
 *   mirror endpoint (DOMAIN §1.5, §5.2 last paragraph).
 * Pure; no I/O.
 */
import { DOCKER_HUB_HOSTS, classifyPullError, registryOf, repositoryOf, splitUrl, type Classification, type PullCause } from '../health/classify.js';

export type ExplainCause = PullCause | 'https-first';

export interface MessageClassification extends Omit<Classification, 'cause'> {
  cause: ExplainCause;
}

const HTTPS_FIRST = /host will try HTTPS first since it is configured for HTTP with a TLS configuration/;
/** containerd's log line for a 404 at one host (DOMAIN §5.1 item 6): names the host that lacks the image. */
const NEXT_HOST_404 = /trying next host - response was http\.StatusNotFound/;

/** classifyPullError, plus DOMAIN §5.2 row 16 when it finds no cause. */
export function classifyMessage(message: string, reason: string | null = null): MessageClassification {
  const c = classifyPullError(message, reason);
  if (c.cause === 'unknown' && NEXT_HOST_404.test(message)) {
    const host = /\bhost="?([^\s"]+)"?/.exec(message.replace(/\\"/g, '"'))?.[1]?.toLowerCase() ?? null;
    return { ...c, cause: 'not-found', row: '7', host };
  }
  if (c.cause === 'unknown' && HTTPS_FIRST.test(message)) {
    // containerd@HEAD:core/remotes/docker/config/hosts.go L222 logs it with host=<host>.
    const host = /\bhost="?([^\s"]+)"?/.exec(message.replace(/\\"/g, '"'))?.[1] ?? null;
    return { ...c, cause: 'https-first', row: '16', host: c.host ?? host?.toLowerCase() ?? null, endpoint: c.endpoint ?? (host ? `http://${host.toLowerCase()}` : null) };
  }
  return c;
}

/** Image references a message names, most specific first (DOMAIN §5.1 item 4: containerd's normalised ref). */
const IMAGE_RES = [
  /failed to get sandbox image "([^"]+)"/,
  /failed to pull and unpack image "([^"]+)"/,
  /failed to resolve reference "([^"]+)"/,
  /Failed to pull image "([^"]+)"/,
  /PullImage "([^"]+)"/,
  /[Pp]ulling image "([^"]+)"/,
  /Back-off pulling image "([^"]+)"/,
  /\bpulling image: .*?"([^"\s]+)"/,
];

export function imageInMessage(message: string): string | null {
  const text = message.replace(/\\"/g, '"');
  for (const re of IMAGE_RES) {
    const m = re.exec(text);
    if (m && m[1] && !m[1].includes('://')) return m[1];
  }
  return null;
}

export interface UrlParts {
  scheme: string;
  host: string;
  endpoint: string;
  /** Repository requested at this endpoint (after any rewrite). */
  repository: string | null;
  /** Tag or digest of a manifests/ request. */
  reference: string | null;
  /** The `ns` query parameter containerd adds for a mirror host (DOMAIN §1.4). */
  ns: string | null;
  /** The API root before <repository>, e.g. /v2. */
  apiPath: string;
}

export function parseUrl(url: string): UrlParts | null {
  const parts = splitUrl(url);
  if (!parts) return null;
  const rest = url.slice(url.indexOf('//') + 2 + parts.host.length);
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1) : '';
  let ns: string | null = null;
  for (const kv of query.split('&')) {
    const [k, v] = kv.split('=');
    if (k === 'ns' && v) ns = decodeURIComponent(v).toLowerCase();
  }
  const m =
    /^(.*?\/v2)\/((?:[a-z0-9._-]+\/)*[a-z0-9._-]+)\/(manifests|blobs)\/([^/]+)$/.exec(path) ?? /^(.*?)\/((?:[a-z0-9._-]+\/)*[a-z0-9._-]+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
  return {
    scheme: parts.scheme,
    host: parts.host,
    endpoint: parts.endpoint,
    repository: m ? m[2]! : null,
    reference: m && m[3] === 'manifests' ? decodeURIComponent(m[4]!) : null,
    ns,
    apiPath: m ? m[1]! : path.replace(/\/$/, ''),
  };
}

/** The image a URL asks for, when the message names none: ns (or the host) + repository + tag. */
export function imageFromUrl(u: UrlParts): string | null {
  if (!u.repository) return null;
  const registry = u.ns ?? (DOCKER_HUB_HOSTS.has(u.host) ? 'docker.io' : u.host);
  const ref = u.reference ?? 'latest';
  return `${registry}/${u.repository}${ref.includes(':') ? `@${ref}` : `:${ref}`}`;
}

export type EndpointRole = 'mirror' | 'default' | 'unknown';

/**
 * Which endpoint a failing URL is, from the message alone (DOMAIN §1.5, §5.2 last paragraph): the
 * default endpoint is always https://<registry>/v2 (registry-1.docker.io for docker.io); a URL with
 * `ns=` or another host, or plain http:// on the registry's own host, comes from a mirrors entry.
 */
export function endpointRole(u: UrlParts | null, registry: string | null): EndpointRole {
  if (!u) return 'unknown';
  if (u.ns) return 'mirror';
  if (!registry) return DOCKER_HUB_HOSTS.has(u.host) && u.scheme === 'https' ? 'default' : 'unknown';
  const own = registry === 'docker.io' ? DOCKER_HUB_HOSTS.has(u.host) : u.host === registry;
  if (!own) return 'mirror';
  return u.scheme === 'https' && (u.apiPath === '/v2' || u.apiPath === '') ? 'default' : 'mirror';
}

export { DOCKER_HUB_HOSTS, registryOf, repositoryOf };
