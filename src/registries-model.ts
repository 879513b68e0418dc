import type { YNode, YPair } from './yaml-tree.js';
import { mapGet, scalarString } from './yaml-tree.js';
import { parseEndpoint, type ParsedEndpoint, type RegistryMode } from './endpoint.js';

/** A typed view of registries.yaml as K3s reads it (DOMAIN §1.2): only the keys it knows, with positions. */
export interface Pos {
  line: number;
  col: number;
}
export interface EndpointEntry extends Pos {
  raw: string;
  index: number;
  parsed: ParsedEndpoint | null;
}
export interface MirrorEntry extends Pos {
  key: string;
  /** 'list' is what K3s expects; a 'string' makes K3s fail to start (§1.1). */
  endpointShape: 'list' | 'string' | 'missing' | 'other';
  endpoints: EndpointEntry[];
  rewrites: (Pos & { pattern: string; replacement: string; valueLine: number; valueCol: number })[];
  /** Position of the `rewrite:` key (null when absent). */
  rewriteKey: Pos | null;
}
export interface ConfigEntry extends Pos {
  key: string;
  auth: (Pos & { username: string | null; usernamePos: Pos | null; hasPassword: boolean; hasAuth: boolean; hasIdentityToken: boolean }) | null;
  tls: (Pos & { caFile: (Pos & { path: string }) | null; certFile: (Pos & { path: string }) | null; keyFile: (Pos & { path: string }) | null; insecureSkipVerify: boolean | null; insecurePos: Pos | null }) | null;
}
export interface RegistriesModel {
  mirrors: MirrorEntry[];
  configs: ConfigEntry[];
}

function pathField(node: YNode | null | undefined, key: string): (Pos & { path: string }) | null {
  const pair = mapGet(node, key);
  const v = scalarString(pair?.value);
  if (!pair || v === null) return null;
  return { path: v, line: pair.value!.line, col: pair.value!.col };
}

function mirrorFrom(pair: YPair, mode: RegistryMode | null): MirrorEntry {
  const ep = mapGet(pair.value, 'endpoint');
  let endpointShape: MirrorEntry['endpointShape'] = 'missing';
  const endpoints: EndpointEntry[] = [];
  if (ep && ep.value) {
    if (ep.value.kind === 'seq') {
      endpointShape = 'list';
      ep.value.items.forEach((item, index) => {
        const raw = scalarString(item);
        if (raw === null) return;
        endpoints.push({ raw, index, line: item.line, col: item.col, parsed: parseEndpoint(raw, mode) });
      });
    } else if (ep.value.kind === 'scalar') endpointShape = ep.value.value === null ? 'missing' : 'string';
    else endpointShape = 'other';
  }
  const rewrites: MirrorEntry['rewrites'] = [];
  const rw = mapGet(pair.value, 'rewrite');
  if (rw?.value?.kind === 'map') {
    for (const r of rw.value.items) rewrites.push({ pattern: r.key, replacement: scalarString(r.value) ?? '', line: r.keyLine, col: r.keyCol, valueLine: r.value?.line ?? r.keyLine, valueCol: r.value?.col ?? r.keyCol });
  }
  const rewriteKey = rw ? { line: rw.keyLine, col: rw.keyCol } : null;
  return { key: pair.key, line: pair.keyLine, col: pair.keyCol, endpointShape, endpoints, rewrites, rewriteKey };
}

function configFrom(pair: YPair): ConfigEntry {
  const authPair = mapGet(pair.value, 'auth');
  const tlsPair = mapGet(pair.value, 'tls');
  let auth: ConfigEntry['auth'] = null;
  if (authPair?.value?.kind === 'map') {
    const a = authPair.value;
    const has = (k: string) => {
      const p = mapGet(a, k);
      return Boolean(p && p.value && p.value.kind === 'scalar' && p.value.value !== null && p.value.value !== '');
    };
    const up = mapGet(a, 'username');
    auth = { line: authPair.keyLine, col: authPair.keyCol, username: scalarString(up?.value), usernamePos: up ? { line: up.keyLine, col: up.keyCol } : null, hasPassword: has('password'), hasAuth: has('auth'), hasIdentityToken: has('identity_token') };
  }
  let tls: ConfigEntry['tls'] = null;
  if (tlsPair?.value?.kind === 'map') {
    const t = tlsPair.value;
    const skipPair = mapGet(t, 'insecure_skip_verify');
    const skip = skipPair?.value;
    tls = {
      line: tlsPair.keyLine,
      col: tlsPair.keyCol,
      caFile: pathField(t, 'ca_file'),
      certFile: pathField(t, 'cert_file'),
      keyFile: pathField(t, 'key_file'),
      insecureSkipVerify: skip && skip.kind === 'scalar' && skip.type === 'bool' ? Boolean(skip.value) : null,
      insecurePos: skipPair ? { line: skipPair.keyLine, col: skipPair.keyCol } : null,
    };
  }
  return { key: pair.key, line: pair.keyLine, col: pair.keyCol, auth, tls };
}

/** Builds the model from the parsed tree; tolerant of every malformation (checks report those). */
export function buildModel(tree: YNode | null, mode: RegistryMode | null = null): RegistriesModel {
  const model: RegistriesModel = { mirrors: [], configs: [] };
  const mirrors = mapGet(tree, 'mirrors');
  if (mirrors?.value?.kind === 'map') {
    const seen = new Map<string, MirrorEntry>();
    for (const p of mirrors.value.items) seen.set(p.key, mirrorFrom(p, mode)); // last duplicate wins, as yaml.v2
    model.mirrors = [...seen.values()];
  }
  const configs = mapGet(tree, 'configs');
  if (configs?.value?.kind === 'map') {
    const seen = new Map<string, ConfigEntry>();
    for (const p of configs.value.items) seen.set(p.key, configFrom(p));
    model.configs = [...seen.values()];
  }
  return model;
}
