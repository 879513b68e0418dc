/**
 * resolve: the endpoint list containerd walks for one registry, read from the files K3s rendered
 * (config.toml registry part in mode A, certs.d hosts.toml in modes B/D), as the containerd version
 * K3s embeds reads them. Pure: files + version + registry in, ordered hosts out.
 *
 * Mode A follows containerd's legacy CRI registry code (`pkg/cri/server/image_pull.go` at
 * containerd v1.6.x/v1.7.x, `registryEndpoints` / `addDefaultScheme` / `defaultScheme` /
 * `registryHosts`; the same in k3s-io/cri for containerd 1.4): `mirrors[host]` else `mirrors["*"]`;
 * a scheme-less endpoint gets `http` when its host is loopback (`docker.IsLocalhost`, any port),
 * else `https`; the default `<scheme>://<DefaultHost(host)>` is appended unless an endpoint's
 * `u.Host` equals the registry; an empty path becomes `/v2`, any other path is kept verbatim;
 * TLS and credentials come from `configs[u.Host]`.
 *
 * Modes B/D follow `remotes/docker/config/hosts.go` (containerd v1.6 `ConfigureHosts` /
 * `loadHostDir` / `parseHostsFile` / `parseHostConfig`; release/1.7 for the root-entry rule): the
 * directory `certs.d/<registry>` else `certs.d/_default`; a file that fails to decode is logged
 * ("failed to decode hosts.toml") and replaced by the default endpoint with no TLS; `[host]`
 * tables in file order, then the root entry (its `server`, or the registry's default when empty),
 * which containerd 1.7 appends only when a `server` key exists or no host table does.
 */
import { parseToml, tableAt, asString, asStrings, asBool, type TomlTable } from './toml.js';
import { criPluginTable, type ConfigGeneration } from './config-toml.js';
import type { HostsTomlFile } from './hosts-toml.js';
import { rootHostNeedsServerKey, tomlRejectsBracketKeys, atLeast, versionText, type ContainerdVersion } from './versions.js';
import { isLoopbackHost, splitHostPort } from '../endpoint.js';

export interface Rendered {
  mode: 'A' | 'B' | 'D';
  generation: ConfigGeneration;
  /** The registry part of config.toml (mode A: everything; B/D: config_path + auth). */
  configToml: string;
  /** certs.d/<dir>/hosts.toml files (empty in mode A). */
  hostsToml: HostsTomlFile[];
  /** Rendered with loopback hosts treated as remote (test stand-ins only); resolve follows it. */
  loopbackAsRemote?: boolean;
}

export interface ResolvedTls {
  caFiles: string[];
  clientPairs: [string, string][];
  skipVerify: boolean | null;
}

export interface ResolvedHost {
  scheme: string;
  /** host[:port] as containerd dials it. */
  host: string;
  /** API root containerd joins the repository to (`/v2`, or an override path). */
  path: string;
  /** 'default': the registry's own endpoint containerd falls back to; 'mirror': listed before it. */
  role: 'mirror' | 'default';
  tls: ResolvedTls | null;
  /** Rewrite rules (pattern, replacement) in the order the file gives them. */
  rewrites: [string, string][];
}

export interface Blocked {
  /** containerd refuses to start (mode A config.toml that its TOML parser rejects). */
  code: 'containerd-config-unparsable';
  detail: string;
}

export interface Resolution {
  registry: string;
  hosts: ResolvedHost[];
  blocked: Blocked | null;
  /** certs.d directory used ("_default" for the wildcard), null when none applied. */
  dir: string | null;
  /** Why the hosts are what they are, for the report: e.g. "hosts-toml-undecodable". */
  notes: string[];
  decodeError: string | null;
}

/** containerd `docker.DefaultHost`. */
export const defaultHost = (host: string) => (host === 'docker.io' ? 'registry-1.docker.io' : host);

const stripBrackets = (h: string) => h.replace(/^\[|\]$/g, '');

function tlsOf(t: TomlTable | null, keys: { ca: string; client: string; skip: string; cert?: string; key?: string }): ResolvedTls | null {
  if (!t) return null;
  const caFiles = asStrings(t[keys.ca]);
  const clientPairs: [string, string][] = [];
  if (keys.cert) {
    const cert = asString(t[keys.cert]) ?? '';
    const key = asString(t[keys.key!]) ?? '';
    if (cert || key) clientPairs.push([cert, key]);
  } else {
    const c = t[keys.client];
    if (typeof c === 'string') clientPairs.push([c, '']);
    else if (Array.isArray(c)) {
      for (const p of c) {
        if (typeof p === 'string') clientPairs.push([p, '']);
        else if (Array.isArray(p)) clientPairs.push([String(p[0] ?? ''), String(p[1] ?? '')]);
      }
    }
  }
  const skipVerify = asBool(t[keys.skip]);
  if (!caFiles.length && !clientPairs.length && skipVerify === null) return null;
  return { caFiles, clientPairs, skipVerify };
}

function rewritesOf(t: TomlTable | null): [string, string][] {
  if (!t) return [];
  return Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** Go url.Parse for the endpoint strings CRI sees: scheme, host, path. */
function splitUrl(u: string): { scheme: string; host: string; path: string } | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(u);
  if (!m) return null;
  return { scheme: m[1]!.toLowerCase(), host: m[2]!.toLowerCase(), path: m[3] ?? '' };
}

function resolveModeA(rendered: Rendered, ctd: ContainerdVersion, registry: string): Resolution {
  const res: Resolution = { registry, hosts: [], blocked: null, dir: null, notes: [], decodeError: null };
  const parsed = parseToml(rendered.configToml, { goTomlV1: tomlRejectsBracketKeys(ctd) });
  if (!parsed.ok) {
    // containerd exits at start ("failed to load TOML ... "): nothing is pulled at all.
    res.blocked = { code: 'containerd-config-unparsable', detail: `failed to load TOML: config.toml: ${parsed.error}` };
    void versionText;
    res.decodeError = parsed.error;
    return res;
  }
  const plugin = rendered.generation === 'A-1' ? ['plugins', 'cri'] : ['plugins', 'io.containerd.grpc.v1.cri'];
  void criPluginTable;
  const reg = tableAt(parsed.root, [...plugin, 'registry']);
  const mirrors = reg ? tableAt(reg, ['mirrors']) : null;
  const configs = reg ? tableAt(reg, ['configs']) : null;
  const mirror = (mirrors && (tableAt(mirrors, [registry]) ?? tableAt(mirrors, ['*']))) || null;
  const endpoints = mirror ? asStrings(mirror.endpoint) : [];
  const rewrites = mirror ? rewritesOf(tableAt(mirror, ['rewrite'])) : [];
  const schemeFor = (host: string) => (!rendered.loopbackAsRemote && isLoopbackHost(splitHostPort(host).hostname) ? 'http' : 'https');
  const list = endpoints.map((e) => {
    if (e.includes('://')) return e;
    const host = /^([^/?#]*)/.exec(e)![1]!;
    return `${schemeFor(host)}://${e}`;
  });
  let appendDefault = true;
  for (const e of list) {
    const u = splitUrl(e);
    if (u && u.host === registry) appendDefault = false;
  }
  const dh = defaultHost(registry);
  const all: { url: string; role: ResolvedHost['role'] }[] = list.map((url) => ({ url, role: 'mirror' as const }));
  if (appendDefault) all.push({ url: `${schemeFor(dh)}://${dh}`, role: 'default' });
  for (const { url, role } of all) {
    const u = splitUrl(url);
    if (!u) continue; // CRI: "parse registry endpoint ... from mirrors" error, the endpoint is skipped
    const cfg = configs ? tableAt(configs, [u.host]) : null;
    const tls = cfg ? tlsOf(tableAt(cfg, ['tls']), { ca: 'ca_file', client: '', skip: 'insecure_skip_verify', cert: 'cert_file', key: 'key_file' }) : null;
    res.hosts.push({ scheme: u.scheme, host: u.host, path: u.path === '' ? '/v2' : u.path, role, tls, rewrites: role === 'mirror' ? rewrites : [] });
  }
  return res;
}

/** containerd `parseHostConfig`: scheme/host/path of a `server` or `[host]` key. */
function hostUrl(server: string, overridePath: boolean): { scheme: string; host: string; path: string } | null {
  const s = server.startsWith('http') ? server : `https://${server}`;
  const u = splitUrl(s);
  if (!u) return null;
  let p = u.path;
  if (p.length > 0) {
    p = cleanPath(p);
    if (!p.endsWith('/v2') && !overridePath) p += '/v2';
  } else if (!overridePath) p = '/v2';
  return { scheme: u.scheme, host: u.host, path: p };
}

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** containerd's default host for a registry with no (usable) server: ConfigureHosts. */
function fillDefault(registry: string, ctd: ContainerdVersion, tls: ResolvedTls | null, loopbackAsRemote = false): ResolvedHost {
  if (registry === 'docker.io') return { scheme: 'https', host: 'registry-1.docker.io', path: '/v2', role: 'default', tls, rewrites: [] };
  const { hostname, port } = splitHostPort(registry);
  if (!loopbackAsRemote && isLoopbackHost(stripBrackets(hostname)) && atLeast(ctd, 1, 6)) {
    // release/1.7 ConfigureHosts: loopback on a port other than 443 defaults to http.
    const scheme = port === null || port === '' || port === '443' ? 'https' : 'http';
    // ... and, unless the port is 80, skips TLS verification for it.
    const lt = scheme === 'http' && port !== '80' && atLeast(ctd, 1, 7) ? { caFiles: tls?.caFiles ?? [], clientPairs: tls?.clientPairs ?? [], skipVerify: true } : tls;
    return { scheme, host: registry, path: '/v2', role: 'default', tls: lt, rewrites: [] };
  }
  return { scheme: 'https', host: registry, path: '/v2', role: 'default', tls, rewrites: [] };
}

function resolveCertsD(rendered: Rendered, ctd: ContainerdVersion, registry: string): Resolution {
  const res: Resolution = { registry, hosts: [], blocked: null, dir: null, notes: [], decodeError: null };
  const file = rendered.hostsToml.find((f) => f.dir === registry) ?? rendered.hostsToml.find((f) => f.dir === '_default') ?? null;
  if (!file) {
    res.hosts.push(fillDefault(registry, ctd, null, rendered.loopbackAsRemote));
    return res;
  }
  res.dir = file.dir;
  const parsed = parseToml(file.toml, { goTomlV1: tomlRejectsBracketKeys(ctd) });
  let error: string | null = parsed.ok ? null : parsed.error;
  const root = parsed.ok ? parsed.root : null;
  const hostTree = root ? tableAt(root, ['host']) : null;
  // containerd 1.6 getSortedHosts: no `host` tree is a decode error; 1.7 accepts it.
  if (root && !hostTree && !atLeast(ctd, 1, 7)) error = 'invalid `host` tree';
  if (error !== null || !root) {
    res.decodeError = error;
    res.notes.push('hosts-toml-undecodable');
    res.hosts.push(fillDefault(registry, ctd, null, rendered.loopbackAsRemote));
    return res;
  }
  for (const [key, v] of Object.entries(hostTree ?? {})) {
    if (typeof v !== 'object' || Array.isArray(v)) continue;
    const t = v as TomlTable;
    const u = hostUrl(key, asBool(t.override_path) === true);
    if (!u) continue;
    res.hosts.push({ ...u, role: 'mirror', tls: tlsOf(t, { ca: 'ca', client: 'client', skip: 'skip_verify' }), rewrites: rewritesOf(tableAt(t, ['rewrite'])) });
  }
  const hasServer = 'server' in root;
  if (!rootHostNeedsServerKey(ctd) || hasServer || res.hosts.length === 0) {
    const server = asString(root.server) ?? '';
    const tls = tlsOf(root, { ca: 'ca', client: 'client', skip: 'skip_verify' });
    const u = server ? hostUrl(server, asBool(root.override_path) === true) : null;
    res.hosts.push(u ? { ...u, role: 'default', tls, rewrites: [] } : fillDefault(registry, ctd, tls, rendered.loopbackAsRemote));
  } else {
    res.notes.push('no-default-fallback');
  }
  return res;
}

/**
 * containerd >= 1.7 (release/1.7 `ConfigureHosts`): an http host that has TLS settings (ca, client,
 * skip_verify; the loopback default gets skip_verify) on a port other than 80 is tried over HTTPS
 * first, falling back to HTTP ("host will try HTTPS first since it is configured for HTTP with a
 * TLS configuration"). Modelled as the https host followed by the same host over http.
 */
function httpsFirst(hosts: ResolvedHost[], ctd: ContainerdVersion): ResolvedHost[] {
  if (!atLeast(ctd, 1, 7)) return hosts;
  const out: ResolvedHost[] = [];
  for (const h of hosts) {
    const port = splitHostPort(h.host).port;
    if (h.scheme === 'http' && h.tls && port && port !== '80') out.push({ ...h, scheme: 'https' }, h);
    else out.push(h);
  }
  return out;
}

export function resolve(rendered: Rendered, ctd: ContainerdVersion, registry: string): Resolution {
  if (rendered.mode === 'A') return resolveModeA(rendered, ctd, registry);
  const r = resolveCertsD(rendered, ctd, registry);
  return { ...r, hosts: httpsFirst(r.hosts, ctd) };
}
