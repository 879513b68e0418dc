/**
 * Endpoint normalisation exactly as K3s/containerd do it (DOMAIN §1.4). We parse by hand rather
 * than with WHATWG URL because Go's url.Host keeps an explicit default port ("host:443") and
 * `configs` lookups compare that string exactly (DOMAIN §1.3).
 */
export type RegistryMode = 'A' | 'B' | 'D';

export interface ParsedEndpoint {
  raw: string;
  /** Scheme as written, or null when none was written. */
  schemeWritten: string | null;
  scheme: 'http' | 'https' | string;
  /** host[:port] exactly as written (lower-cased), the key `configs` must match. */
  host: string;
  hostname: string;
  port: string | null;
  /** Path as written ("" when none). */
  path: string;
  query: string;
  /** The API root containerd will use ("/v2" normally; a custom path is used verbatim). */
  apiRoot: string;
  /** True when the written path replaces /v2 (override_path in hosts.toml). */
  overridePath: boolean;
  /** Base URL requests are built on: scheme://host + apiRoot. */
  base: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function splitHostPort(host: string): { hostname: string; port: string | null } {
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
  if (v6) return { hostname: `[${v6[1]}]`, port: v6[2] ?? null };
  const i = host.lastIndexOf(':');
  if (i >= 0 && host.indexOf(':') === i) return { hostname: host.slice(0, i), port: host.slice(i + 1) };
  return { hostname: host, port: null };
}

const ENDPOINT_RE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/;

/** Returns null when the text cannot be an endpoint at all (empty host). */
export function parseEndpoint(raw: string, mode: RegistryMode | null = null): ParsedEndpoint | null {
  const text = raw.trim();
  const m = ENDPOINT_RE.exec(text);
  if (!m || !m[2]) return null;
  const schemeWritten = m[1] ? m[1].toLowerCase() : null;
  const host = m[2].toLowerCase();
  const { hostname, port } = splitHostPort(host);
  const path = m[3] ?? '';
  const query = m[4] ?? '';
  let scheme = schemeWritten;
  if (!scheme) {
    // Mode A (containerd CRI): http only for localhost/loopback. K3s certs.d (B/D): http only for
    // loopback with a port other than 443. Unknown mode: the certs.d rule, the current one.
    if (mode === 'A') scheme = isLoopbackHost(hostname) ? 'http' : 'https';
    else scheme = isLoopbackHost(hostname) && port !== null && port !== '443' ? 'http' : 'https';
  }
  let apiRoot: string;
  let overridePath = false;
  if (path === '') apiRoot = '/v2';
  else if (path === '/v2') apiRoot = '/v2';
  else if (path === '/') {
    // Mode A keeps "/" verbatim (containerd#7068); K3s >= Feb 2024 (B/D) maps it to /v2.
    apiRoot = mode === 'A' ? '/' : '/v2';
  } else {
    apiRoot = path;
    overridePath = true;
  }
  // containerd builds request paths with path.Join, which collapses "//" and drops a trailing "/".
  const root = apiRoot.replace(/\/{2,}/g, '/').replace(/\/$/, '');
  return { raw, schemeWritten, scheme, host, hostname, port, path, query, apiRoot, overridePath, base: `${scheme}://${host}${root}` };
}

/** The registry's own default endpoint (DOMAIN §1.5). */
export function defaultEndpointFor(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io/v2';
  return `https://${registry}/v2`;
}

/** Same endpoint after normalisation: used for duplicates and "default endpoint listed" checks. */
export function endpointKey(ep: ParsedEndpoint): string {
  const port = ep.port ?? (ep.scheme === 'https' ? '443' : ep.scheme === 'http' ? '80' : '');
  return `${ep.scheme}://${ep.hostname}:${port}${ep.apiRoot.replace(/\/$/, '') || '/'}`;
}
