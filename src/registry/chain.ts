/**
 * The endpoint chain containerd walks for one image, as K3s renders registries.yaml (DOMAIN §1.3-§1.6,
 * §2). Pure: model + K3s features + reference in, ordered steps out.
 */
import type { RegistriesModel, MirrorEntry } from '../registries-model.js';
import { defaultEndpointFor, endpointKey, parseEndpoint, type ParsedEndpoint, type RegistryMode } from '../endpoint.js';
import type { ImageRef } from './reference.js';

export interface ChainFeatures {
  mode: RegistryMode;
  /** `rewrite` honoured (K3s >= v1.21, DOMAIN §1.2). */
  rewrite: boolean;
  /** Mode B: a default endpoint listed last drops the whole hosts.toml (k3s#9341, DOMAIN §2.4). */
  lastDefaultEndpointBug: boolean;
}

export interface ChainEndpoint {
  /** Identity of the endpoint for caching TLS/auth state: base URL plus the configs key looked up. */
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
  /** Notes on quirks applied (e.g. mode B last-default bug). */
  notes: string[];
}

function portOf(ep: ParsedEndpoint): number {
  if (ep.port) return Number(ep.port);
  return ep.scheme === 'http' ? 80 : 443;
}

function configFor(model: RegistriesModel, key: string): string | null {
  if (model.configs.some((c) => c.key === key)) return key;
  // configForHost normalises docker.io <-> registry-1.docker.io (DOMAIN §1.3).
  const alt = key === 'docker.io' ? 'registry-1.docker.io' : key === 'registry-1.docker.io' ? 'docker.io' : null;
  if (alt && model.configs.some((c) => c.key === alt)) return alt;
  return null;
}

function toEndpoint(ep: ParsedEndpoint, role: ChainEndpoint['role'], mirrorKey: string | null, raw: string | null, configLookup: string, model: RegistriesModel): ChainEndpoint {
  const url = ep.base;
  const configKey = configFor(model, configLookup);
  return { id: `${url}|${configKey ?? ''}`, url, scheme: ep.scheme, host: ep.host, hostname: ep.hostname, port: portOf(ep), apiRoot: ep.apiRoot, role, mirrorKey, raw, configLookup, configKey };
}

/** Go regexp → JS: the syntax K3s users write (`^rancher/(.*)` → `mirror/$1`) is common to both. */
function applyRewrites(mirror: MirrorEntry | null, repository: string): { repository: string; rewrite: ChainStep['rewrite'] } {
  if (!mirror) return { repository, rewrite: null };
  for (const r of mirror.rewrites) {
    let re: RegExp;
    try {
      re = new RegExp(r.pattern);
    } catch {
      continue; // invalid pattern: K3s/containerd skip it too (lint reports it)
    }
    if (re.test(repository)) {
      const replaced = repository.replace(new RegExp(r.pattern, 'g'), r.replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
      return { repository: replaced, rewrite: { pattern: r.pattern, replacement: r.replacement } };
    }
  }
  return { repository, rewrite: null };
}

export function buildChain(model: RegistriesModel, features: ChainFeatures, ref: ImageRef): Chain {
  const registry = ref.registry;
  const mirror = model.mirrors.find((m) => m.key === registry) ?? model.mirrors.find((m) => m.key === '*') ?? null;
  const notes: string[] = [];
  const defParsed = parseEndpoint(defaultEndpointFor(registry), features.mode)!;
  const defaultEp = toEndpoint(defParsed, 'default', null, null, registry, model);
  const defKey = endpointKey(defParsed);

  const mirrorEps: ChainEndpoint[] = [];
  let appendDefault = true;
  if (mirror && mirror.endpointShape === 'list') {
    const parsed = mirror.endpoints.filter((e) => e.parsed).map((e) => ({ raw: e.raw, p: e.parsed! }));
    if (features.lastDefaultEndpointBug && parsed.length > 0 && endpointKey(parsed[parsed.length - 1]!.p) === defKey) {
      notes.push('lastDefaultEndpointBug');
      parsed.length = 0;
    }
    const seen = new Set<string>();
    parsed.forEach(({ raw, p }, i) => {
      const key = endpointKey(p);
      if (seen.has(key)) return;
      seen.add(key);
      if (features.mode === 'A') {
        // Old CRI: the default is not appended when any endpoint has the registry's host (DOMAIN §1.5).
        if (p.host === registry) appendDefault = false;
      } else if (key === defKey && i === parsed.length - 1) {
        // certs.d: an endpoint equal to the default, listed last, becomes the `server` line.
        appendDefault = true;
        return;
      }
      mirrorEps.push(toEndpoint(p, 'mirror', mirror.key, raw, p.host, model));
    });
    if (features.mode !== 'A' && mirrorEps.some((e) => endpointKey(parseEndpoint(e.url, features.mode)!) === defKey)) appendDefault = false;
  }
  const steps: ChainStep[] = mirrorEps.map((ep) => {
    const rw = features.rewrite ? applyRewrites(mirror, ref.repository) : { repository: ref.repository, rewrite: null };
    return { endpoint: ep, repository: rw.repository, rewrite: rw.rewrite, ns: ep.host !== registry ? registry : null };
  });
  if (appendDefault) steps.push({ endpoint: defaultEp, repository: ref.repository, rewrite: null, ns: null });
  return { registry, mirrorKey: mirror?.key ?? null, steps, notes };
}
