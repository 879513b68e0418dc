/**
 * From pull-failure records to explanations: classify each message (src/explain/classify.ts →
 * src/health/classify.ts), drop the kubelet's cause-less repeats, merge duplicates, and, given a
 * registries.yaml, name the entry containerd used for the failing URL with the same endpoint chain
 * the `registry` stage probes (src/registry/chain.ts, DOMAIN §1.3-§1.6). Pure; no I/O.
 */
import { pullDetail } from '../health/classify.js';
import { parseReference } from '../registry/reference.js';
import { buildChain, type ChainFeatures } from '../registry/chain.js';
import type { RegistriesModel } from '../registries-model.js';
import { DOCKER_HUB_HOSTS, classifyMessage, endpointRole, imageFromUrl, imageInMessage, parseUrl, registryOf, repositoryOf, type EndpointRole, type ExplainCause } from './classify.js';
import { PULL_HINT, carriesNoCause, type PullRecord } from './input.js';

export interface Occurrence {
  line: number;
  source: PullRecord['source'];
  pod: string | null;
  container: string | null;
  reason: string | null;
  count: number;
}

export interface Explanation {
  cause: ExplainCause;
  /** DOMAIN §5.2 row of the signature. */
  row: string | null;
  image: string | null;
  /** Where the image name came from: the message, the surrounding output (describe's Image:), or the URL. */
  imageFrom: 'message' | 'context' | 'url' | null;
  registry: string | null;
  repository: string | null;
  url: string | null;
  /** scheme://host[:port] of the URL. */
  endpoint: string | null;
  host: string | null;
  /** `ns` query parameter of the URL (a mirror serving another registry's name). */
  ns: string | null;
  role: EndpointRole;
  sandboxImage: string | null;
  innerCause: ExplainCause | null;
  /** containerd's own words, after the wrapping layers (DOMAIN §5.1 item 4). */
  detail: string;
  /** The first full message this explanation was made from. */
  message: string;
  occurrences: Occurrence[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function occurrence(r: PullRecord): Occurrence {
  return { line: r.line, source: r.source, pod: r.pod, container: r.container, reason: r.reason, count: r.count };
}

/** Classify and merge. Records that only say "back-off" explain nothing when another record of the same image does. */
export function explainRecords(records: PullRecord[]): Explanation[] {
  const byKey = new Map<string, Explanation>();
  const causeless: PullRecord[] = [];
  const deferred: PullRecord[] = [];
  const consume = (r: PullRecord, second: boolean) => {
    const message = r.message.trim();
    if ((message === '' || carriesNoCause(message)) && r.reason !== 'InvalidImageName') {
      causeless.push(r);
      return;
    }
    const c = classifyMessage(message, r.reason);
    if (c.cause === 'back-off') {
      causeless.push(r);
      return;
    }
    // Other events and log lines (Scheduled, Started, …) are not pull failures.
    if (c.cause === 'unknown' && !PULL_HINT.test(message)) return;
    const u = c.url ? parseUrl(c.url) : null;
    let image = c.sandboxImage ?? imageInMessage(message);
    let imageFrom: Explanation['imageFrom'] = image ? 'message' : null;
    if (!image && r.image) [image, imageFrom] = [r.image, 'context'];
    if (!image && u) {
      image = imageFromUrl(u);
      imageFrom = image ? 'url' : null;
    }
    // A 404 log line names only the host (DOMAIN §5.1 item 6): it belongs to the not-found failure of the same pull.
    if (c.cause === 'not-found' && !image && c.host) {
      const same = [...byKey.values()].find((e) => e.cause === 'not-found');
      if (same) {
        same.occurrences.push(occurrence(r));
        if (!same.host) Object.assign(same, { host: c.host, role: hostRole(c.host, same.registry) });
        return;
      }
      if (!second) {
        deferred.push(r);
        return;
      }
    }
    const detail = c.cause === 'invalid-name' && message === '' ? (r.reason ?? '') : pullDetail(message);
    const key = `${c.cause}|${norm(detail)}|${c.cause === 'not-found' || !c.url ? (image ?? '') : ''}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.occurrences.push(occurrence(r));
      // A name from the message beats one guessed from the URL.
      if ((existing.imageFrom === 'url' || !existing.image) && imageFrom !== 'url' && image) Object.assign(existing, withImage(existing, image, imageFrom));
      return;
    }
    // An invalid name has no registry to speak of (https://host/… would read as registry "https:").
    const registry = c.cause === 'invalid-name' ? null : image ? registryOf(image) : u?.ns ?? null;
    byKey.set(key, {
      cause: c.cause,
      row: c.row,
      image,
      imageFrom,
      registry,
      repository: image && registry ? repositoryOf(image) : null,
      url: c.url,
      endpoint: c.endpoint,
      host: c.host,
      ns: u?.ns ?? null,
      role: u ? endpointRole(u, registry) : hostRole(c.host, registry),
      sandboxImage: c.sandboxImage,
      innerCause: c.inner,
      detail,
      message,
      occurrences: [occurrence(r)],
    });
  };
  for (const r of records) consume(r, false);
  for (const r of deferred) consume(r, true);
  const out = [...byKey.values()];
  // A back-off with no message anywhere for its image: say so rather than nothing (DOMAIN §5.1 items 2-3).
  const backoff = new Map<string, Explanation>();
  for (const r of causeless) {
    const image = imageInMessage(r.message) ?? r.image;
    const pullReason = r.reason && /ImagePullBackOff|ErrImagePull|BackOff/.test(r.reason);
    if (!image || (!pullReason && !/Back-off pulling image/.test(r.message))) continue;
    const key = canonical(image);
    if (out.some((e) => [e.image, e.sandboxImage].some((i) => i && canonical(i) === key))) continue;
    const ex = backoff.get(key);
    if (ex) {
      ex.occurrences.push(occurrence(r));
      continue;
    }
    const registry = registryOf(image);
    backoff.set(key, {
      cause: 'back-off', row: null, image, imageFrom: imageInMessage(r.message) ? 'message' : 'context', registry, repository: repositoryOf(image),
      url: null, endpoint: null, host: null, ns: null, role: 'unknown', sandboxImage: null, innerCause: null, detail: r.message.trim(), message: r.message.trim(), occurrences: [occurrence(r)],
    });
  }
  return [...out, ...backoff.values()];
}

/** docker.io/library/x:latest for x: the kubelet's requested name and containerd's normalised one compare equal (DOMAIN §1.3). */
export function canonical(image: string): string {
  const reg = registryOf(image);
  const digest = /@(sha256:[0-9a-f]+)$/.exec(image)?.[1];
  const noDigest = image.replace(/@sha256:[0-9a-f]+$/, '');
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > slash ? noDigest.slice(colon + 1) : null;
  return `${reg}/${repositoryOf(image)}${digest ? `@${digest}` : `:${tag ?? 'latest'}`}`;
}

/** Role of a host named without a URL (a 404 log line): the registry's own host is its default endpoint. */
function hostRole(host: string | null, registry: string | null): EndpointRole {
  if (!host || !registry) return 'unknown';
  if (registry === 'docker.io') return DOCKER_HUB_HOSTS.has(host) ? 'default' : 'mirror';
  return host === registry ? 'default' : 'mirror';
}

function withImage(ex: Explanation, image: string, from: Explanation['imageFrom']): Partial<Explanation> {
  const registry = registryOf(image);
  return { image, imageFrom: from, registry, repository: repositoryOf(image), role: ex.url ? endpointRole(parseUrl(ex.url), registry) : hostRole(ex.host, registry) };
}

export interface ChainStepView {
  url: string;
  role: 'mirror' | 'default';
  mirrorKey: string | null;
  raw: string | null;
}

export interface EntryInfo {
  /** The image the chain was built for. */
  image: string;
  /** Every endpoint containerd tries for it, in order. */
  chain: ChainStepView[];
  /** Index in `chain` of the failing URL; null when the file does not lead to that URL. */
  matched: number | null;
  role: 'mirror' | 'default' | null;
  mirror: { key: string; line: number; col: number } | null;
  endpoint: { raw: string; index: number; line: number; col: number } | null;
  configLookup: string | null;
  config: { key: string; line: number; col: number } | null;
  /** Endpoints containerd tried before the failing one. */
  triedBefore: string[];
}

function sameEndpoint(url: string, base: string): boolean {
  const lower = (s: string) => s.replace(/^([a-z]+:\/\/[^/?#]+)/i, (m) => m.toLowerCase());
  const u = lower(url);
  const b = lower(base).replace(/\/$/, '');
  return u === b || u.startsWith(`${b}/`) || u.startsWith(`${b}?`);
}

/** Which entries of registries.yaml containerd used for this explanation's URL (DOMAIN §1.3-§1.5). */
export function locateEntry(ex: Explanation, model: RegistriesModel, features: ChainFeatures): EntryInfo | null {
  if (!ex.image) return null;
  let ref;
  try {
    ref = parseReference(ex.image);
  } catch {
    return null;
  }
  const chain = buildChain(model, features, ref);
  const view = chain.steps.map((s) => ({ url: s.endpoint.url, role: s.endpoint.role, mirrorKey: s.endpoint.mirrorKey, raw: s.endpoint.raw }));
  const u = ex.url ? parseUrl(ex.url) : null;
  let matched: number | null = null;
  if (ex.url) {
    const idx = chain.steps.findIndex((s) => sameEndpoint(ex.url!, s.endpoint.url) && (!u?.repository || u.repository === s.repository));
    matched = idx >= 0 ? idx : null;
  }
  const mirrorEntry = chain.mirrorKey !== null ? model.mirrors.find((m) => m.key === chain.mirrorKey) ?? null : null;
  const step = matched !== null ? chain.steps[matched]! : null;
  // Without a URL (not found, auth) the first endpoint is the one the message is about only when there is one.
  const subject = step ?? (ex.url === null && chain.steps.length === 1 ? chain.steps[0]! : null);
  const epEntry = subject?.endpoint.raw != null && mirrorEntry ? mirrorEntry.endpoints.find((e) => e.raw === subject.endpoint.raw) ?? null : null;
  const configKey = subject?.endpoint.configKey ?? null;
  const configEntry = configKey ? model.configs.find((c) => c.key === configKey) ?? null : null;
  return {
    image: ex.image,
    chain: view,
    matched,
    role: subject?.endpoint.role ?? null,
    mirror: mirrorEntry ? { key: mirrorEntry.key, line: mirrorEntry.line, col: mirrorEntry.col } : null,
    endpoint: epEntry ? { raw: epEntry.raw, index: epEntry.index, line: epEntry.line, col: epEntry.col } : null,
    configLookup: subject?.endpoint.configLookup ?? null,
    config: configEntry ? { key: configEntry.key, line: configEntry.line, col: configEntry.col } : null,
    triedBefore: matched !== null ? view.slice(0, matched).map((s) => s.url) : [],
  };
}

export type SdrRelation = 'not-prefixed' | 'is-sdr' | 'other-registry';

/** How the image relates to --system-default-registry (DOMAIN §4.1: Rancher prefixes every system image with it). */
export function sdrRelation(ex: Explanation, sdr: string | null): { relation: SdrRelation; sdrRegistry: string } | null {
  if (!sdr || !ex.registry) return null;
  const sdrRegistry = sdr.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
  if (ex.registry === sdrRegistry) return { relation: 'is-sdr', sdrRegistry };
  if (ex.registry === 'docker.io') return { relation: 'not-prefixed', sdrRegistry };
  return { relation: 'other-registry', sdrRegistry };
}
