// Runs fixtures/registry/<case>/ without a network: registries.yaml and responses.json (the recorded
// answers of every request the walk makes, and the TLS handshake results) go through the real walk
// (src/registry/run-walk.ts runWalk) over a recorded HttpPort, then through the registry checks.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runWalk, type ProbeRunOptions } from '../../src/registry/run-walk.js';
import type { HttpPort, PortRequest } from '../../src/registry/port.js';
import type { HttpResponse, HttpStats } from '../../src/registry/http.js';
import type { TlsResult } from '../../src/registry/tls-probe.js';
import { probeRegistriesFile } from '../../src/probes/registries-file.js';
import { buildModel } from '../../src/registries-model.js';
import { buildImageSet } from '../../src/rancher/image-set.js';
import { featuresFor } from '../../src/rancher/releases.js';
import { runChecks } from '../../src/check-runner.js';
import { EN } from '../../src/i18n/index.js';
import registryTls from '../../checks/registry-tls.js';
import registryAuth from '../../checks/registry-auth.js';
import imageAvailable from '../../checks/image-available.js';
import type { Facts, Finding, RunOptions } from '../../src/types.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/registry');

export interface Recorded {
  /** "GET https://host/v2/" (a query is matched only when written). */
  request: string;
  /** Which Authorization was sent: none, basic, bearer (any when absent). */
  auth?: 'none' | 'basic' | 'bearer';
  /** Consumed by its first match (for a server whose answer changes). */
  once?: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Size of a body too large to record (HttpResponse.oversize). */
  oversize?: number;
  /** A socket error instead of an answer (Node's code: ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ECONNRESET). */
  error?: string;
}

export interface Recording {
  description: string;
  images: string[];
  systemDefaultRegistry?: string;
  rancherVersion?: string;
  platform?: string;
  /** Files the TLS configuration reads (ca_file, cert_file, key_file), by path. */
  files?: Record<string, string>;
  /** host:port -> handshake result (default: verified TLS 1.3). */
  tls?: Record<string, Partial<TlsResult>>;
  responses: Recorded[];
}

export async function listRegistryFixtures(): Promise<string[]> {
  return (await readdir(FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

function authKind(h: Record<string, string>): 'none' | 'basic' | 'bearer' {
  const a = h.authorization ?? '';
  return a.startsWith('Basic ') ? 'basic' : a.startsWith('Bearer ') ? 'bearer' : 'none';
}

function toResponse(r: Recorded): HttpResponse {
  if (r.error) throw Object.assign(new Error(`recorded ${r.error}`), { code: r.error });
  const body = typeof r.body === 'object' ? JSON.stringify(r.body) : (r.body ?? '');
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return r.oversize !== undefined ? { status: r.status ?? 200, headers, body: Buffer.alloc(0), oversize: r.oversize } : { status: r.status ?? 200, headers, body: Buffer.from(body) };
}

/** The recorded port: counts requests as the live one does; an unrecorded request is listed and refused. */
export function recordedPort(rec: Recording, stats: HttpStats, unmatched: string[]): HttpPort {
  const used = new Set<Recorded>();
  const count = (kind: string) => {
    stats.requests++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  };
  return {
    async handshake(hostname, port) {
      count('tls-probe');
      const r = rec.tls?.[`${hostname}:${port}`] ?? {};
      // Default: a verified certificate for the host from a private CA (what a ca_file setup sees).
      const cert = { subject: `CN=${hostname}`, issuer: 'CN=Fixture CA', dnsNames: [hostname], ipAddresses: [], notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z', isCA: false, selfSigned: false, fingerprint256: 'AB:CD', serialNumber: '01' };
      return { ok: true, cause: null, error: null, verificationSkipped: false, protocol: 'TLSv1.3', cert, chain: [cert], clientCertSent: false, ...r };
    },
    async get(req: PortRequest) {
      count(req.kind);
      const full = `GET ${req.origin}${req.path}`;
      const noQuery = full.split('?')[0]!;
      const kind = authKind(req.headers);
      const r = rec.responses.find((x) => !used.has(x) && (x.request === full || (!x.request.includes('?') && x.request === noQuery)) && (!x.auth || x.auth === kind));
      if (!r) {
        unmatched.push(`${full} (${kind})`);
        throw Object.assign(new Error('no recorded response'), { code: 'ECONNREFUSED' });
      }
      if (r.once) used.add(r);
      return toResponse(r);
    },
    async close() {},
  };
}

export interface FixtureResult {
  unmatched: string[];
  fact: unknown;
  findings: Finding[];
}

export async function runRegistryFixture(name: string): Promise<FixtureResult> {
  const dir = path.join(FIXTURES, name);
  const rec = JSON.parse(await readFile(path.join(dir, 'responses.json'), 'utf8')) as Recording;
  const { fact: file, raw } = await probeRegistriesFile(path.join(dir, 'registries.yaml'));
  const feats = rec.rancherVersion ? featuresFor(rec.rancherVersion) : null;
  const mode = feats?.mode ?? 'D';
  const o: ProbeRunOptions = {
    model: buildModel(file.yaml.tree, mode),
    features: { mode, rewrite: feats?.rewrite ?? true, lastDefaultEndpointBug: feats?.lastDefaultEndpointBug ?? false, insecureSkipVerify: feats?.insecureSkipVerify ?? true },
    modeSource: feats ? 'rancher-version' : 'default',
    imageSet: buildImageSet({ systemDefaultRegistry: rec.systemDefaultRegistry ?? null, rancherVersion: rec.rancherVersion ?? null, imagesFile: null, imageRefs: rec.images }),
    registriesFile: { path: 'registries.yaml', present: true },
    credentials: raw,
    platform: rec.platform ?? 'linux/amd64',
    concurrency: 1,
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    progress: () => {},
    readFile: async (p) => {
      const f = rec.files?.[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      return f;
    },
  };
  const stats: HttpStats = { requests: 0, retries: 0, byKind: {} };
  const unmatched: string[] = [];
  const fact = await runWalk(o, recordedPort(rec, stats, unmatched), stats);
  fact.stats.durationMs = 0;
  const facts: Facts = { registryProbe: { ok: true, value: fact }, registriesFile: { ok: true, value: { ...file, path: 'registries.yaml' } } };
  const options: RunOptions = { file: 'registries.yaml', systemDefaultRegistry: rec.systemDefaultRegistry ?? null, rancherVersion: rec.rancherVersion ?? null, strict: false };
  const findings = runChecks([registryTls, registryAuth, imageAvailable], facts, { options }, EN);
  return { unmatched, fact: JSON.parse(JSON.stringify(fact)), findings };
}
