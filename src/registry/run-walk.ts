/**
 * The registry probe: walk every image's endpoint chain as containerd would (DOMAIN §1.5) over an
 * HTTP port (live here; recorded responses in the fixtures) and assemble the fact. The steps live in
 * their own modules: tls-config, endpoint-probe (TLS, ping, credentials), ping and attempt
 * (classification, pure), token (realms, redirects, cache), walk (the sequence per image).
 */
import { promises as fs } from 'node:fs';
import type { RegistriesModel } from '../registries-model.js';
import type { RawCredentials } from '../probes/registries-file.js';
import { buildChain, type Chain, type ChainFeatures } from './chain.js';
import type { ImageSetInfo } from '../rancher/image-set.js';
import type { HttpStats } from './http.js';
import { livePort, type HttpPort } from './port.js';
import type { EndpointProbe } from './endpoint-probe.js';
import type { EndpointFact, ImageFact, RegistryProbeFact } from './probe-fact.js';
import { Walk } from './walk.js';

export type * from './probe-fact.js';

export interface ProbeRunOptions {
  model: RegistriesModel;
  features: ChainFeatures & { insecureSkipVerify: boolean };
  modeSource: RegistryProbeFact['modeSource'];
  imageSet: ImageSetInfo;
  registriesFile: { path: string; present: boolean };
  credentials: RawCredentials;
  platform: string;
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
  progress: (text: string) => void;
  /** Directory relative TLS paths resolve against (K3s resolves them against its cwd; we use the process cwd). */
  readFile?: (p: string) => Promise<string>;
}


/** Repositories each endpoint is the first stop for: their pull scopes are fetched in a few batched token requests. */
function firstRepos(chains: Chain[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const c of chains) {
    const s = c.steps[0];
    if (!s) continue;
    let set = m.get(s.endpoint.id);
    if (!set) m.set(s.endpoint.id, (set = new Set()));
    set.add(s.repository);
  }
  return new Map([...m].map(([k, v]) => [k, [...v]]));
}

/** Every image through the walk, `concurrency * 2` at a time; results in input order. */
async function walkAll(walk: Walk, o: ProbeRunOptions, chains: Chain[]): Promise<ImageFact[]> {
  const images: ImageFact[] = new Array(o.imageSet.images.length);
  const total = images.length;
  let next = 0;
  let done = 0;
  let failing = 0;
  const workers = Math.max(1, Math.min(total, o.concurrency * 2));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        const i = next++;
        images[i] = await walk.image(o.imageSet.images[i]!, chains[i]!);
        done++;
        if (images[i]!.result !== 'ok') failing++;
        // The CLI's progress line reads this shape (src/cli.ts); keep it in step.
        o.progress(`checked ${done}/${total} images, ${failing} failing`);
      }
    }),
  );
  return images;
}

/**
 * Endpoint facts in the order endpoints first appear in the chains, with the registries whose images
 * were tried there and the realm redirects observed by any token request (OR-ed, so order-free).
 */
function endpointFacts(probed: EndpointProbe[], chains: Chain[], images: ImageFact[]): EndpointFact[] {
  const order: string[] = [];
  for (const c of chains) for (const s of c.steps) if (!order.includes(s.endpoint.id)) order.push(s.endpoint.id);
  return probed
    .map((e) => {
      const registries = [...new Set(images.filter((i) => i.attempts.some((a) => a.endpoint === e.fact.id)).map((i) => i.registry))].sort();
      const withheld = Boolean(e.fact.auth?.realmCredentialsWithheld || e.tokens?.credsWithheld);
      return { ...e.fact, registries, auth: e.fact.auth && { ...e.fact.auth, realmCredentialsWithheld: withheld } };
    })
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** The walk over any port (the fixtures pass a recorded one); `stats` is what the port counted. */
export async function runWalk(o: ProbeRunOptions, port: HttpPort, stats: HttpStats): Promise<RegistryProbeFact> {
  const started = Date.now();
  const chains = o.imageSet.images.map((img) => buildChain(o.model, o.features, img));
  const first = firstRepos(chains);
  const walk = new Walk({
    port,
    model: o.model,
    credentials: o.credentials,
    insecureSkipVerify: o.features.insecureSkipVerify,
    readFile: o.readFile ?? ((p: string) => fs.readFile(p, 'utf8')),
    progress: o.progress,
    firstRepos: (id) => first.get(id) ?? [],
    signal: o.signal,
    platform: o.platform,
  });
  let images: ImageFact[];
  try {
    images = await walkAll(walk, o, chains);
  } finally {
    await port.close();
  }
  const { images: _omit, ...setInfo } = o.imageSet;
  return {
    registriesFile: o.registriesFile,
    imageSet: { ...setInfo, count: o.imageSet.images.length },
    mode: o.features.mode,
    modeSource: o.modeSource,
    rewritesSupported: o.features.rewrite,
    platform: o.platform,
    endpoints: endpointFacts(await walk.probed(), chains, images),
    images,
    stats: { requests: stats.requests, retries: stats.retries, byKind: stats.byKind, durationMs: Date.now() - started, images: images.length },
  };
}

export async function runRegistryProbe(o: ProbeRunOptions): Promise<RegistryProbeFact> {
  const stats: HttpStats = { requests: 0, retries: 0, byKind: {} };
  return runWalk(o, livePort({ concurrency: o.concurrency, timeoutMs: o.timeoutMs, signal: o.signal, stats }), stats);
}
