import type { CheckContext, Facts, Location } from './types.js';
import type { RegistriesFileFact } from './probes/registries-file.js';
import type { TlsFilesFact } from './probes/tls-files.js';
import { buildModel, type RegistriesModel } from './registries-model.js';
import { featuresFor, type K3sFeatures } from './rancher/releases.js';
import { lookupRke2 } from './rancher/rke2.js';
import { resolveDistribution, type Distribution, type DistributionSource } from './distribution.js';
import { parseEndpoint, splitHostPort as splitHostPortOf } from './endpoint.js';

/** Typed accessors for the facts checks declare in `requires` (the engine guarantees they are ok). */
export function registriesFact(facts: Facts): RegistriesFileFact {
  const f = facts.registriesFile;
  if (!f || !f.ok) throw new Error('registriesFile fact missing');
  return f.value as RegistriesFileFact;
}

export function tlsFilesFact(facts: Facts): TlsFilesFact {
  const f = facts.tlsFiles;
  if (!f || !f.ok) throw new Error('tlsFiles fact missing');
  return f.value as TlsFilesFact;
}

/** The file name as the user wrote it, for locations. */
export function lintFile(ctx: CheckContext): string {
  return ctx.options.file;
}

export function loc(ctx: CheckContext, p: { line: number; col: number }): Location {
  return { file: ctx.options.file, line: p.line, column: p.col };
}

/**
 * The K3s registry code the node runs: --rke2-version's (the node's own K3s code) wins over
 * --rancher-version's embedded K3s. null: no version, one not in the tables, or an RKE2 release in
 * a mode not modelled (C); version-specific checks then judge as with no version.
 */
export function features(ctx: CheckContext): K3sFeatures | null {
  if (ctx.options.rke2Version) {
    const r = lookupRke2(ctx.options.rke2Version);
    return r.kind === 'known' ? r.features : null;
  }
  return ctx.options.rancherVersion ? featuresFor(ctx.options.rancherVersion) : null;
}

/** The node's distribution and why: --distribution, else the FILE path, else --rke2-version, else K3s. */
export function nodeDistribution(ctx: CheckContext): { distribution: Distribution; source: DistributionSource } {
  return resolveDistribution(ctx.options);
}

const modelCache = new WeakMap<object, Map<string, RegistriesModel>>();
/** The typed model of registries.yaml, built once per fact and K3s mode. */
export function model(facts: Facts, ctx: CheckContext): RegistriesModel {
  const fact = registriesFact(facts);
  const mode = features(ctx)?.mode ?? null;
  let byMode = modelCache.get(fact.yaml);
  if (!byMode) modelCache.set(fact.yaml, (byMode = new Map()));
  let m = byMode.get(String(mode));
  if (!m) byMode.set(String(mode), (m = buildModel(fact.yaml.tree, mode)));
  return m;
}

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

export function didYouMean(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  for (const c of candidates) {
    const d = norm(word) === norm(c) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/**
 * Checks that read the tree wait for these: when the YAML does not parse, is tab-indented or lost
 * its indentation, the tree is not what the author meant and one failure is better than ten.
 */
export const AFTER_YAML = ['yaml-syntax', 'yaml-tabs'];
export const AFTER_SHAPE = ['yaml-syntax', 'yaml-tabs', 'yaml-lost-indentation'];
export const AFTER_MODEL = ['yaml-syntax', 'yaml-tabs', 'yaml-lost-indentation', 'registries-types'];

/**
 * The keys K3s knows, per level, from the struct tags of rancher/wharfie pkg/registries/types.go
 * (and k3s pkg/agent/templates/registry.go before v1.21) — DOMAIN §1.2.
 */
export const SCHEMA = {
  top: ['mirrors', 'configs'],
  mirror: ['endpoint', 'rewrite'],
  config: ['auth', 'tls'],
  auth: ['username', 'password', 'auth', 'identity_token'],
  tls: ['ca_file', 'cert_file', 'key_file', 'insecure_skip_verify'],
} as const;

/** The registry part of an image prefix: `harbor.example.com:8443/library` → `harbor.example.com:8443` (DOMAIN §1.3). */
export function registryOfPrefix(prefix: string): string {
  return prefix.split('/')[0]!;
}

/** Parse-safe accessor for facts saved by older versions. */
export function textHints(facts: Facts) {
  return registriesFact(facts).hints ?? [];
}

/** Rancher versions named in messages, per K3s registry behaviour (DOMAIN §0, §2.4). */
export const MODE_A_RANCHER = 'Rancher 2.5.x–2.7.11 and 2.8.0–2.8.2';
export const MODE_B_RANCHER = 'Rancher 2.7.12–2.7.18 and 2.8.3–2.8.15';

/**
 * K3s certs.d (modes B and D) moves the LAST endpoint to the `server` line when its URL string
 * equals the registry's default URL (k3s-io/k3s pkg/agent/containerd/config.go `getHostConfigs`:
 * `endpointURLEqual` compares `url.String()` after `normalizeEndpointAddress`, which keeps an explicit
 * port and maps "", "/" and "/v2" to "/v2"). So `https://host:443` is NOT the default of `host`,
 * while `https://host:5443` IS the default of `host:5443`.
 */
export function isDefaultEndpointUrl(mirrorKey: string, endpointRaw: string): boolean {
  const norm = (raw: string) => {
    const p = parseEndpoint(raw, 'D');
    if (!p) return null;
    const host = p.host === 'docker.io' ? 'registry-1.docker.io' : p.host;
    const path = p.path === '' || p.path === '/' || p.path === '/v2' ? '/v2' : p.path;
    return `${p.scheme}://${host}${path}`;
  };
  const a = norm(mirrorKey);
  return a !== null && a === norm(endpointRaw);
}

/** The configs entry K3s uses for an endpoint host (`configForHost`: docker.io ⇔ registry-1.docker.io), case-insensitive as our other lookups. */
export function configForHost(m: RegistriesModel, host: string): RegistriesModel['configs'][number] | undefined {
  const h = host.toLowerCase();
  const alt = h === 'docker.io' ? 'registry-1.docker.io' : h === 'registry-1.docker.io' ? 'docker.io' : null;
  return m.configs.find((c) => c.key.toLowerCase() === h) ?? (alt ? m.configs.find((c) => c.key.toLowerCase() === alt) : undefined);
}

/**
 * The https:// spelling of an endpoint that K3s keeps as a mirror endpoint with its TLS settings in
 * every mode the run may be on: on Mode B (or an unknown version) an https URL equal to the
 * registry's default, listed last, becomes the TLS-less `server` line, so a host without a port is
 * written `https://host:443` (another URL string) and its configs entry is copied to "host:443"
 * (K3s looks configs up by the endpoint host). Returns the value and the extra edits.
 */
export function keptHttpsEndpoint(m: RegistriesModel, mirrorKey: string, host: string, path: string, last: boolean, mode: 'A' | 'B' | 'D' | null): { value: string; copy: { from: string; to: string } | null } {
  const value = `https://${host}${path}`;
  if (mode === 'A' || mode === 'D' || !last || !isDefaultEndpointUrl(mirrorKey, value)) return { value, copy: null };
  const config = configForHost(m, host);
  if (!config?.tls) return { value, copy: null };
  const { hostname, port } = splitHostPortOf(host);
  if (port !== null) return { value, copy: null };
  const to = `${hostname}:443`;
  return { value: `https://${to}`, copy: configForHost(m, to) ? null : { from: config.key, to } };
}
