/**
 * The `certs.d/<host>/hosts.toml` files K3s writes from registries.yaml in rendering mode D
 * (K3s v1.26.16+/v1.27.13+/v1.28.9+/v1.29.4+/v1.30+, Rancher 2.9+; DOMAIN §2.1-2.2).
 *
 * A line-by-line port of k3s-io/k3s `pkg/agent/containerd/config.go` (`getHostConfigs`,
 * `normalizeEndpointAddress`, `defaultHostConfig`, `configForHost`, `endpointURLEqual`,
 * `endpointHasConfig`) and of `HostsTomlTemplate` + `trimEmpty` in
 * `pkg/agent/templates/templates.go`, so `health`, `plan` and the containerd comparison tests
 * see the very files containerd reads. Pure: no I/O.
 *
 * Mode A (config.toml `registry.mirrors`, no certs.d) yields no files.
 *
 * Mode B (K3s v1.26.13/v1.27.10/v1.28.6/v1.29.1 `+k3s2` .. v1.29.2, the first certs.d code of
 * k3s-io/k3s PR #9323, before the #9341/#9729/#9853 fixes; Rancher 2.7.12-2.7.18, 2.8.3-2.8.15) is
 * `getHostConfigsB` below: a port of that era's `getHostConfigs` (read in the reference library:
 * the version with `DefaultEndpoint string` and the post-loop clean-up, before #9556), whose
 * `normalizeEndpointAddress` is today's minus the registry name (PR #9323 introduced it). Its
 * template writes TLS only into `[host."<url>"]` tables and `server` with no TLS (rke2#5658
 * v1.27.10 sample, DOMAIN §2.2). A last endpoint equal to the default with no config of its own
 * drops the whole file (k3s#9341 item 1, reproduced on v1.26.14, v1.27.11, v1.28.7 in
 * k3s#9678/#9638/#9637); with config it stays a `[host]` table with its TLS and the `server` line
 * goes. The `*` mirror gets no `server` line (k3s#9728, fixed by #9729). The configs loop runs after
 * the mirrors loop and looks `*` up before renaming it `_default`, so a `configs."*"` replaces a
 * `mirrors."*"` file; we write that file without hosts (its TLS not honoured, k3s#9341 item 2).
 * That era's code would write a `[host]` table for the URL https:// + "*" + /v2 there; what containerd makes of
 * it is not measured, and config-wildcard-tls flags every `configs."*"` TLS in mode B.
 */
import type { RegistriesModel, ConfigEntry } from '../registries-model.js';
import type { RegistryMode } from '../endpoint.js';

export interface HostsTomlFile {
  /** Directory name under certs.d: the registry host[:port] as written, or `_default` for "*". */
  dir: string;
  toml: string;
}

export interface HostsTomlOptions {
  mode: RegistryMode;
  /** K3s `--disable-default-registry-endpoint` (DOMAIN §1.2). */
  noDefaultEndpoint?: boolean;
  /** Header program name: "k3s" (Rancher's embedded K3s) or "rke2". */
  program?: string;
  /** Address of K3s' embedded registry mirror (spegel), never given a default http scheme nor rewrites. */
  mirrorAddr?: string;
  /**
   * Treat loopback hosts as ordinary remote hosts (no http default). Only for test suites that use
   * a 127.0.0.1 registry as a stand-in for a remote Harbor; never set by the product.
   */
  loopbackAsRemote?: boolean;
}

/** Go's url.URL, reduced to what K3s uses. An empty URL prints as "". */
interface GoUrl { scheme: string; host: string; path: string; rawQuery: string }

interface TlsConfig { caFile: string; certFile: string; keyFile: string; insecureSkipVerify: boolean }
interface RegistryConfig { hasAuth: boolean; tls: TlsConfig | null }
interface Endpoint { url: GoUrl | null; config: RegistryConfig; rewrites: [string, string][]; overridePath: boolean }
interface HostConfig { default: Endpoint | null; endpoints: Endpoint[] }

/** spegel.DefaultRegistry InternalAddress:RegistryPort in K3s. */
export const K3S_EMBEDDED_MIRROR_ADDR = '127.0.0.1:6443';

const NO_CONFIG: RegistryConfig = { hasAuth: false, tls: null };

function urlString(u: GoUrl | null): string {
  if (!u) return '';
  if (!u.scheme && !u.host && !u.path) return '';
  return `${u.scheme}://${u.host}${u.path}${u.rawQuery ? `?${u.rawQuery}` : ''}`;
}

function hostPort(host: string): { hostname: string; port: string } {
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
  if (v6) return { hostname: v6[1]!, port: v6[2] ?? '' };
  const i = host.lastIndexOf(':');
  if (i >= 0 && host.indexOf(':') === i) return { hostname: host.slice(0, i), port: host.slice(i + 1) };
  return { hostname: host, port: '' };
}

/** Set for the duration of one synchronous renderHostsToml call (see HostsTomlOptions.loopbackAsRemote). */
let loopbackAsRemote = false;

/** containerd `docker.IsLocalhost`: "localhost" or a loopback IP, port ignored. */
function isLocalhost(host: string): boolean {
  if (loopbackAsRemote) return false;
  const { hostname } = hostPort(host);
  if (hostname === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)) return true;
  return /^(0*:)*:?0*1$/.test(hostname) && hostname.includes(':');
}

/** containerd `docker.DefaultHost`. */
function defaultHost(host: string): string {
  return host === 'docker.io' ? 'registry-1.docker.io' : host;
}

const URL_RE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

/** k3s `normalizeEndpointAddress`: [registry name, URL, override path] or null when Go's url.Parse fails. */
function normalizeEndpointAddress(endpoint: string, mirrorAddr: string): { registry: string; url: GoUrl; override: boolean } | null {
  const text = endpoint.includes('://') ? endpoint : `//${endpoint}`;
  const m = URL_RE.exec(text);
  if (!m) return null;
  const host = m[2] ?? '';
  const { port } = hostPort(host);
  if (port !== '' && !/^\d+$/.test(port)) return null; // Go: invalid port
  if (/[\s"<>\\^`{|}]/.test(host)) return null; // Go: invalid character in host name
  let scheme = (m[1] ?? '').toLowerCase();
  if (!scheme) {
    scheme = isLocalhost(host) && port !== '' && port !== '443' && host !== mirrorAddr ? 'http' : 'https';
  }
  let registry = host;
  const urlHost = defaultHost(registry);
  if (urlHost === 'registry-1.docker.io') registry = 'docker.io';
  const path = m[3] ?? '';
  const url: GoUrl = { scheme, host: urlHost, path, rawQuery: m[4] ?? '' };
  if (path === '' || path === '/' || path === '/v2') return { registry, url: { ...url, path: '/v2' }, override: false };
  return { registry, url, override: true };
}

function registryConfigOf(c: ConfigEntry | undefined): RegistryConfig {
  if (!c) return NO_CONFIG;
  return {
    hasAuth: c.auth !== null,
    tls: c.tls ? {
      caFile: c.tls.caFile?.path ?? '',
      certFile: c.tls.certFile?.path ?? '',
      keyFile: c.tls.keyFile?.path ?? '',
      insecureSkipVerify: c.tls.insecureSkipVerify === true,
    } : null,
  };
}

/** k3s `configForHost`: the config under the DefaultHost-modified name wins, else the name itself. */
function configForHost(configs: Map<string, ConfigEntry>, host: string): RegistryConfig {
  const h = defaultHost(host);
  if (h !== host && configs.has(h)) return registryConfigOf(configs.get(h));
  return registryConfigOf(configs.get(host));
}

function defaultHostConfig(host: string, mirrorAddr: string, config: RegistryConfig): HostConfig | null {
  const n = normalizeEndpointAddress(host, mirrorAddr);
  if (!n) return null;
  return { default: { url: host === '*' ? null : n.url, config, rewrites: [], overridePath: false }, endpoints: [] };
}

function endpointHasConfig(ep: Endpoint | null): boolean {
  return ep !== null && (ep.overridePath || ep.config.hasAuth || ep.config.tls !== null || ep.rewrites.length > 0);
}

/** k3s `getHostConfigs`. Map keys keep the YAML order (Go's map order is random; files are independent). */
function getHostConfigs(model: RegistriesModel, noDefaultEndpoint: boolean, mirrorAddr: string): Map<string, HostConfig> {
  const configs = new Map(model.configs.map((c) => [c.key, c]));
  const hosts = new Map<string, HostConfig>();
  for (const c of model.configs) {
    const hc = defaultHostConfig(c.key, mirrorAddr, registryConfigOf(c));
    if (hc) hosts.set(c.key === '*' ? '_default' : c.key, hc);
  }
  for (const mirror of model.mirrors) {
    const host = mirror.key;
    let config = hosts.get(host);
    if (!config) {
      const c = defaultHostConfig(host, mirrorAddr, configForHost(configs, host));
      if (!c) continue;
      if (noDefaultEndpoint) c.default = null;
      else if (host === '*') c.default = { ...c.default!, url: { scheme: '', host: '', path: '', rawQuery: '' } };
      config = c;
    }
    const seen = new Set<string>();
    // Rewrites render in sorted key order: Go templates range over maps sorted by key.
    const rewrites = mirror.rewrites.map((r) => [r.pattern, r.replacement] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const count = mirror.endpointShape === 'list' ? mirror.endpoints.length : 0;
    mirror.endpoints.forEach((entry, i) => {
      if (mirror.endpointShape !== 'list') return;
      const n = normalizeEndpointAddress(entry.raw, mirrorAddr);
      if (!n) return; // "Ignoring invalid endpoint URL"
      const key = urlString(n.url);
      if (seen.has(key)) return; // "Skipping duplicate endpoint URL"
      seen.add(key);
      const ep: Endpoint = {
        url: n.url,
        config: configForHost(configs, n.registry),
        rewrites: n.url.host !== mirrorAddr ? rewrites : [],
        overridePath: n.override,
      };
      // The last endpoint, when it is the default endpoint, becomes `server` (DOMAIN §1.5).
      if (i + 1 === count && urlString(config!.default?.url ?? null) === urlString(ep.url)) config!.default = ep;
      else config!.endpoints.push(ep);
    });
    hosts.set(host === '*' ? '_default' : host, config);
  }
  for (const [host, config] of hosts) {
    if (config.endpoints.length === 0 && !endpointHasConfig(config.default)) hosts.delete(host);
  }
  return hosts;
}

const q = (s: string) => JSON.stringify(s);

function tlsLines(tls: TlsConfig | null, indent: string): string[] {
  if (!tls) return [];
  const out: string[] = [];
  if (tls.caFile) out.push(`${indent}ca = [${q(tls.caFile)}]`);
  if (tls.certFile || tls.keyFile) out.push(`${indent}client = [[${q(tls.certFile)}, ${q(tls.keyFile)}]]`);
  if (tls.insecureSkipVerify) out.push(`${indent}skip_verify = true`);
  return out;
}

/** HostsTomlTemplate after trimEmpty: no blank lines, one blank line before each top-level table. */
function render(program: string, hc: HostConfig): string {
  const lines: string[] = [`# File generated by ${program}. DO NOT EDIT.`];
  const d = hc.default;
  if (d) {
    if (d.url) lines.push(`server = ${q(urlString(d.url))}`, 'capabilities = ["pull", "resolve", "push"]');
    lines.push(...tlsLines(d.config.tls, ''));
  }
  lines.push('[host]');
  for (const e of hc.endpoints) {
    const u = urlString(e.url);
    lines.push(`[host.${q(u)}]`, '  capabilities = ["pull", "resolve"]');
    if (e.overridePath) lines.push('  override_path = true');
    lines.push(...tlsLines(e.config.tls, '  '));
    if (e.rewrites.length) {
      lines.push(`  [host.${q(u)}.rewrite]`);
      // K3s writes patterns unescaped ("{{ $pattern }}"), so a backslash in a regex lands raw in TOML.
      for (const [pattern, replace] of e.rewrites) lines.push(`    "${pattern}" = "${replace}"`);
    }
  }
  return lines.filter((l) => l.trim() !== '').map((l) => (l.startsWith('[') ? `\n${l}\n` : `${l}\n`)).join('');
}

interface HostConfigB { server: GoUrl | null; endpoints: Endpoint[]; rootOnly: boolean }

/**
 * Mode B: K3s' first certs.d `getHostConfigs` (PR #9323 era, before #9556 fixed k3s#9341), ported
 * rule by rule. Where it differs from mode D:
 * - an endpoint's config is `Configs[url.Host]`, the DefaultHost-modified host, looked up as
 *   written (no docker.io alias, no "*" fallback);
 * - duplicate endpoints are not skipped: both `[host]` tables are written and containerd rejects
 *   the file ("duplicated tables", k3s#9693, reproduced on v1.29.2+k3s1);
 * - after both loops, per host: `--disable-default-registry-endpoint` and `_default` drop the
 *   server; a host left without endpoints is dropped; when the LAST endpoint equals the server
 *   URL it is dropped with its host if it has no auth, TLS or rewrite (k3s#9341 item 1), else the
 *   server line goes and the endpoint stays a `[host]` table WITH its TLS. This also applies to a
 *   configs-only host, whose one endpoint is its own default.
 */
function getHostConfigsB(model: RegistriesModel, noDefaultEndpoint: boolean, mirrorAddr: string): Map<string, HostConfigB> {
  const configs = new Map(model.configs.map((c) => [c.key, c]));
  const hosts = new Map<string, HostConfigB>();
  for (const mirror of model.mirrors) {
    const host = mirror.key;
    const def = host === '*' ? null : normalizeEndpointAddress(host, mirrorAddr);
    if (host !== '*' && !def) continue;
    const hc: HostConfigB = { server: def ? def.url : null, endpoints: [], rootOnly: false };
    const rewrites = mirror.rewrites.map((r) => [r.pattern, r.replacement] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (mirror.endpointShape === 'list') {
      for (const entry of mirror.endpoints) {
        const n = normalizeEndpointAddress(entry.raw, mirrorAddr);
        if (!n) continue;
        hc.endpoints.push({ url: n.url, config: registryConfigOf(configs.get(n.url.host)), rewrites: n.url.host !== mirrorAddr ? rewrites : [], overridePath: n.override });
      }
    }
    hosts.set(host === '*' ? '_default' : host, hc);
  }
  for (const c of model.configs) {
    // Looked up by the configs key itself: "*" never finds the mirror's "_default" entry.
    let hc = hosts.get(c.key);
    if (!hc) {
      if (c.key === '*') {
        hc = { server: null, endpoints: [], rootOnly: true };
      } else {
        const n = normalizeEndpointAddress(c.key, mirrorAddr);
        if (!n) continue;
        hc = { server: n.url, endpoints: [], rootOnly: false };
      }
    }
    if (hc.endpoints.length === 0 && !hc.rootOnly) {
      const n = normalizeEndpointAddress(c.key, mirrorAddr);
      if (n) hc.endpoints.push({ url: n.url, config: registryConfigOf(c), rewrites: [], overridePath: false });
    }
    hosts.set(c.key === '*' ? '_default' : c.key, hc);
  }
  for (const [dir, hc] of hosts) {
    if (noDefaultEndpoint || dir === '_default') hc.server = null;
    if (hc.rootOnly) continue;
    const last = hc.endpoints[hc.endpoints.length - 1];
    if (!last) {
      hosts.delete(dir);
    } else if (hc.server && urlString(last.url) === urlString(hc.server)) {
      if (!last.config.hasAuth && !last.config.tls && last.rewrites.length === 0) hosts.delete(dir);
      else hc.server = null;
    }
  }
  return hosts;
}

/** Mode B template: server (no TLS), then one [host] table per endpoint; no empty [host] base table. */
function renderB(program: string, hc: HostConfigB): string {
  const out: string[] = [`# File generated by ${program}. DO NOT EDIT.`, ''];
  if (hc.server) out.push(`server = ${q(urlString(hc.server))}`, 'capabilities = ["pull", "resolve", "push"]', '');
  for (const e of hc.endpoints) {
    const u = urlString(e.url);
    out.push(`[host.${q(u)}]`, '  capabilities = ["pull", "resolve"]');
    if (e.overridePath) out.push('  override_path = true');
    out.push(...tlsLines(e.config.tls, '  '));
    if (e.rewrites.length) {
      out.push(`  [host.${q(u)}.rewrite]`);
      for (const [pattern, replace] of e.rewrites) out.push(`    "${pattern}" = "${replace}"`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The hosts.toml files K3s would write for this registries.yaml, sorted by directory name. */
export function renderHostsToml(model: RegistriesModel, opts: HostsTomlOptions): HostsTomlFile[] | null {
  if (opts.mode === 'A') return [];
  const program = opts.program ?? 'k3s';
  const mirrorAddr = opts.mirrorAddr ?? K3S_EMBEDDED_MIRROR_ADDR;
  loopbackAsRemote = opts.loopbackAsRemote === true;
  try {
    const files = opts.mode === 'B'
      ? [...getHostConfigsB(model, opts.noDefaultEndpoint ?? false, mirrorAddr).entries()].map(([dir, hc]) => ({ dir, toml: renderB(program, hc) }))
      : [...getHostConfigs(model, opts.noDefaultEndpoint ?? false, mirrorAddr).entries()].map(([dir, hc]) => ({ dir, toml: render(program, hc) }));
    return files.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  } finally {
    loopbackAsRemote = false;
  }
}
