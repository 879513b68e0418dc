/**
 * The endpoint chain containerd walks for one image, derived FROM the files K3s renders
 * (DESIGN: render -> resolve): `render` (src/containerd/render.ts) writes config.toml / hosts.toml
 * for the K3s version's rendering mode, `resolve` (src/containerd/resolve.ts) reads them as the
 * embedded containerd does. So the chain probed and the files K3s writes cannot disagree.
 * Pure: model + K3s features + reference in, ordered steps out.
 */
import { compileGoRegexp, templateRefs } from '../go-regexp.js';
import type { RegistriesModel, MirrorEntry, ConfigEntry } from '../registries-model.js';
import { endpointKey, parseEndpoint, type RegistryMode } from '../endpoint.js';
import type { ImageRef } from './reference.js';
import { render, type Rendered } from '../containerd/render.js';
import { resolve, type Blocked, type ResolvedHost } from '../containerd/resolve.js';
import { ASSUMED_CONTAINERD, containerdFor, type ContainerdVersion } from '../containerd/versions.js';

export interface ChainFeatures {
  mode: RegistryMode;
  /** `rewrite` honoured (K3s >= v1.21, DOMAIN §1.2). */
  rewrite: boolean;
  /** Mode B: a default endpoint listed last drops the whole hosts.toml (k3s#9341, DOMAIN §2.4). Kept for callers; mode B implies it. */
  lastDefaultEndpointBug: boolean;
  /** K3s version (selects and the embedded containerd); null/absent: unknown. */
  k3s?: string | null;
  /** containerd version when the release data states it (wins over the K3s-derived one). */
  containerd?: string | null;
  /** Loopback registries stand in for remote hosts (test suites only; see HostsTomlOptions). */
  loopbackAsRemote?: boolean;
}

export interface ChainEndpoint {
  /** Identity of the endpoint for caching TLS/auth state: base URL, configs key and TLS source. */
  id: string;
  /** scheme://host + API root, e.g. https://harbor.example.com/v2 */
  url: string;
  scheme: string;
  /** host[:port] as written: what `configs` is matched against (DOMAIN §1.3). */
  host: string;
  hostname: string;
  port: number;
  apiRoot: string;
  role: 'mirror' | 'default';
  /** The mirrors key that supplied this endpoint (exact registry name or "*"), null for no mirror. */
  mirrorKey: string | null;
  /** Endpoint text as written in registries.yaml (null for the default endpoint). */
  raw: string | null;
  /** The configs key containerd looks up for this endpoint. */
  configLookup: string;
  /** The configs key actually present (null: no configs entry applies). */
  configKey: string | null;
  /**
   * The TLS settings containerd applies to this endpoint, as the rendered files give them (null:
   * none). May differ from configs[configKey].tls: mode B never puts the registry's own CA on
   * the `server` line, mode D puts a `configs."*"` CA on the default server.
   */
  tls: ConfigEntry['tls'];
}

export interface ChainStep {
  endpoint: ChainEndpoint;
  /** Repository requested at this endpoint (after a rewrite). */
  repository: string;
  rewrite: { pattern: string; replacement: string } | null;
  /** `ns` query parameter when the endpoint serves another registry's name (DOMAIN §1.4). */
  ns: string | null;
}

export interface Chain {
  registry: string;
  mirrorKey: string | null;
  steps: ChainStep[];
  /** Notes on quirks applied (e.g. mode B last-default bug, hosts-toml-undecodable). */
  notes: string[];
  /** Set when containerd cannot pull anything at all (e.g. it refuses its config.toml). Steps are then empty. */
  blocked: Blocked | null;
  /** containerd version the chain was resolved for, "1.7". */
  containerd: string;
}

function configFor(model: RegistriesModel, key: string): string | null {
  if (model.configs.some((c) => c.key === key)) return key;
  // configForHost normalises docker.io <-> registry-1.docker.io (DOMAIN §1.3).
  const alt = key === 'docker.io' ? 'registry-1.docker.io' : key === 'registry-1.docker.io' ? 'docker.io' : null;
  if (alt && model.configs.some((c) => c.key === alt)) return alt;
  return null;
}

/**
 * containerd applies a rewrite with Go's `regexp.ReplaceAllString` (RE2 syntax, `Regexp.Expand`
 * templates). A pattern Go rejects is a rule K3s/containerd drop (lint's rewrite-pattern reports it);
 * `$1x` names group "1x" and a missing group expands to "" (src/go-regexp.ts).
 */
function applyRewrites(rules: [string, string][], repository: string): { repository: string; rewrite: ChainStep['rewrite'] } {
  for (const [pattern, replacement] of rules) {
    if (!compileGoRegexp(pattern).ok) continue;
    let re: RegExp;
    try {
      re = new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'g');
    } catch {
      continue; // Go syntax JS cannot run (inline flags): not modelled, the rule is left out as lint warns
    }
    if (!new RegExp(re.source).test(repository)) continue;
    const replaced = repository.replace(re, (...m: unknown[]) => goExpand(replacement, m));
    return { repository: replaced, rewrite: { pattern, replacement } };
  }
  return { repository, rewrite: null };
}

/** Go's Regexp.Expand of `template` for one JS replace() callback's arguments. */
function goExpand(template: string, m: unknown[]): string {
  const last = m[m.length - 1];
  const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
  const groups = m.slice(0, typeof last === 'object' && last !== null ? -3 : -2) as (string | undefined)[];
  let out = '';
  let at = 0;
  for (const ref of templateRefs(template)) {
    out += template.slice(at, ref.index).replace(/\$\$/g, '$');
    const value = /^\d+$/.test(ref.name) ? groups[Number(ref.name)] : named[ref.name];
    out += value ?? '';
    at = ref.index + ref.text.length;
  }
  return out + template.slice(at).replace(/\$\$/g, '$');
}

function tlsOf(h: ResolvedHost): ConfigEntry['tls'] {
  if (!h.tls) return null;
  const at = { line: 0, col: 0 };
  const pair = h.tls.clientPairs[0];
  return {
    ...at,
    caFile: h.tls.caFiles[0] ? { ...at, path: h.tls.caFiles[0] } : null,
    certFile: pair && pair[0] ? { ...at, path: pair[0] } : null,
    keyFile: pair && pair[1] ? { ...at, path: pair[1] } : null,
    insecureSkipVerify: h.tls.skipVerify,
    insecurePos: null,
  };
}

/** The registries.yaml endpoint text this resolved host came from, if any. */
function rawFor(mirror: MirrorEntry | null, h: ResolvedHost, mode: RegistryMode): string | null {
  if (!mirror || h.role === 'default') return null;
  const key = endpointKey(parseEndpoint(`${h.scheme}://${h.host}${h.path}`, mode)!);
  for (const e of mirror.endpoints) {
    const p = e.parsed ?? parseEndpoint(e.raw, mode);
    if (p && endpointKey(p) === key) return e.raw;
  }
  return null;
}

/** Chain notes that carry a detail: `containerd-config-error:<containerd>|<parser message>`, `hosts-toml-error:<dir>|<containerd>|<parser message>`. */
export const CONTAINERD_ERROR_NOTE = 'containerd-config-error:';
export const HOSTS_TOML_ERROR_NOTE = 'hosts-toml-error:';

export function containerdOf(features: ChainFeatures): ContainerdVersion {
  return containerdFor(features.k3s ?? null, features.containerd ?? null) ?? ASSUMED_CONTAINERD;
}

/** Memo of rendered files per model/features: render once, resolve per image. */
const renderCache = new WeakMap<RegistriesModel, Map<string, Rendered>>();

export function renderedFor(model: RegistriesModel, features: ChainFeatures): Rendered {
  let m = renderCache.get(model);
  if (!m) renderCache.set(model, (m = new Map()));
  const key = `${features.mode}|${features.k3s ?? ''}|${features.loopbackAsRemote ? 1 : 0}`;
  let r = m.get(key);
  if (!r) m.set(key, (r = render(model, { mode: features.mode, k3s: features.k3s ?? null, loopbackAsRemote: features.loopbackAsRemote === true })));
  return r;
}

const resolveCache = new WeakMap<Rendered, Map<string, ReturnType<typeof resolve>>>();

/** resolve() is pure: one resolution per rendered files, containerd version and registry. */
function resolvedFor(rendered: Rendered, ctd: ContainerdVersion, registry: string): ReturnType<typeof resolve> {
  let m = resolveCache.get(rendered);
  if (!m) resolveCache.set(rendered, (m = new Map()));
  const key = `${ctd.major}.${ctd.minor}|${registry}`;
  let r = m.get(key);
  if (!r) m.set(key, (r = resolve(rendered, ctd, registry)));
  return r;
}

export function buildChain(model: RegistriesModel, features: ChainFeatures, ref: ImageRef): Chain {
  const registry = ref.registry;
  const mirror = model.mirrors.find((m) => m.key === registry) ?? model.mirrors.find((m) => m.key === '*') ?? null;
  const ctd = containerdOf(features);
  const rendered = renderedFor(model, features);
  const r = resolvedFor(rendered, ctd, registry);
  const notes = [...r.notes];
  if (features.mode === 'B' && mirror && mirror.key !== '*' && !rendered.hostsToml.some((f) => f.dir === mirror.key) && mirror.endpoints.length > 0) {
    notes.push('lastDefaultEndpointBug');
  }
  if (features.mode === 'B' && mirror?.key === '*' && model.configs.some((c) => c.key === '*')) notes.push('wildcardMirrorReplacedByConfigs');
  if (r.blocked) notes.push(r.blocked.code, `${CONTAINERD_ERROR_NOTE}${ctd.major}.${ctd.minor}|${r.blocked.detail}`);
  if (r.decodeError && !r.blocked) notes.push(`${HOSTS_TOML_ERROR_NOTE}${r.dir ?? ''}|${ctd.major}.${ctd.minor}|${r.decodeError}`);
  const steps: ChainStep[] = [];
  for (const h of r.hosts) {
    const { hostname, port } = (() => {
      const p = parseEndpoint(`${h.scheme}://${h.host}`, features.mode)!;
      return { hostname: p.hostname, port: p.port ? Number(p.port) : h.scheme === 'http' ? 80 : 443 };
    })();
    // The request host is what credentials are looked up by (CRI `Configs[u.Host]`); docker.io's
    // default endpoint is looked up under the registry name (DOMAIN §1.3).
    const configLookup = h.role === 'default' && registry === 'docker.io' ? registry : h.host;
    const configKey = configFor(model, configLookup) ?? (h.role === 'default' ? configFor(model, registry) : null);
    const tls = tlsOf(h);
    const root = h.path.replace(/\/{2,}/g, '/').replace(/\/$/, '');
    const url = `${h.scheme}://${h.host}${root}`;
    const tlsSig = tls ? `${tls.caFile?.path ?? ''},${tls.certFile?.path ?? ''},${tls.keyFile?.path ?? ''},${tls.insecureSkipVerify ?? ''}` : '';
    const endpoint: ChainEndpoint = {
      id: `${url}|${configKey ?? ''}|${tlsSig}`,
      url,
      scheme: h.scheme,
      host: h.host,
      hostname,
      port,
      apiRoot: h.path,
      role: h.role,
      mirrorKey: h.role === 'mirror' ? (mirror?.key ?? null) : null,
      raw: rawFor(mirror, h, features.mode),
      configLookup,
      configKey,
      tls,
    };
    const rw = features.rewrite && h.role === 'mirror' ? applyRewrites(h.rewrites, ref.repository) : { repository: ref.repository, rewrite: null };
    steps.push({ endpoint, repository: rw.repository, rewrite: rw.rewrite, ns: h.host !== registry && h.host !== 'registry-1.docker.io' ? registry : h.host === 'registry-1.docker.io' && registry !== 'docker.io' ? registry : null });
  }
  return { registry, mirrorKey: mirror?.key ?? null, steps, notes, blocked: r.blocked, containerd: `${ctd.major}.${ctd.minor}` };
}
