/**
 * HTTP to one registry endpoint: a keep-alive undici Pool per origin and TLS setting, a bounded
 * number of requests in flight per host, a timeout on every request tied to the run's AbortSignal,
 * and bounded retries with backoff on 429/5xx honouring Retry-After (containerd retries 408/429 too).
 */
import { Pool } from 'undici';
import tls from 'node:tls';
import net from 'node:net';
import type { TlsSettings } from './tls-probe.js';
import { bareHost } from './tls-probe.js';
import { MAX_MANIFEST_SIZE } from './manifest.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /**
   * The body was larger than containerd's MaxManifestSize: its size in bytes (the declared
   * Content-Length, else counted while draining it unstored); `body` is then empty.
   */
  oversize?: number;
}

export interface HttpStats {
  requests: number;
  retries: number;
  byKind: Record<string, number>;
}

export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    return () => {
      this.active--;
      this.queue.shift()?.();
    };
  }
}

// No body is kept beyond containerd's MaxManifestSize (manifest.ts); larger ones report their size.
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRIES = 3;

export interface ClientOptions {
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
  stats: HttpStats;
  /** Sleep hook (tests). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in seconds or an HTTP date; capped so one slow registry cannot stall the run. */
export function retryDelay(header: string | string[] | undefined, attempt: number): number {
  const v = Array.isArray(header) ? header[0] : header;
  let ms = 250 * 2 ** attempt;
  if (v) {
    const secs = Number(v);
    if (Number.isFinite(secs)) ms = secs * 1000;
    else {
      const d = Date.parse(v);
      if (!Number.isNaN(d)) ms = d - Date.now();
    }
  }
  return Math.max(0, Math.min(ms, 5000));
}

const contexts = new WeakMap<TlsSettings, tls.SecureContext>();

/**
 * The TLS context for one endpoint's settings, built once: with `ca` given, Node builds a fresh
 * SecureContext per connection and parses all ~140 system roots each time (10-30 ms of CPU; the
 * bench's profile showed it as the largest cost of a 600-image run: 8 pool connections plus one per
 * token request). The roots stay in the pool because containerd appends ca_file to the system pool.
 */
export function secureContextFor(s: TlsSettings): tls.SecureContext {
  let ctx = contexts.get(s);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...s.caPems], cert: s.certPem ?? undefined, key: s.keyPem ?? undefined });
    contexts.set(s, ctx);
  }
  return ctx;
}

export class EndpointClient {
  private readonly pool: Pool;
  private readonly sem: Semaphore;
  constructor(
    readonly origin: string,
    tlsSettings: TlsSettings | null,
    private readonly opts: ClientOptions,
  ) {
    const u = new URL(origin);
    const host = bareHost(u.hostname);
    this.pool = new Pool(origin, {
      connections: opts.concurrency,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connect: tlsSettings
        ? {
            timeout: opts.timeoutMs,
            // One context for every connection (roots + ca_file + client pair); see secureContextFor.
            secureContext: secureContextFor(tlsSettings),
            rejectUnauthorized: !tlsSettings.insecureSkipVerify,
            servername: net.isIP(host) ? undefined : host,
            // The name was judged by Go's rules in the TLS probe (SANs only); requests only go to endpoints that passed it.
            checkServerIdentity: () => undefined,
          }
        : { timeout: opts.timeoutMs },
    });
    this.sem = new Semaphore(opts.concurrency);
  }

  /** One logical request (with retries). `kind` labels it for the request statistics. */
  async request(kind: string, method: 'GET' | 'HEAD', path: string, headers: Record<string, string>): Promise<HttpResponse> {
    const sleep = this.opts.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      const release = await this.sem.acquire();
      let res: HttpResponse;
      try {
        this.opts.signal.throwIfAborted();
        this.opts.stats.requests++;
        this.opts.stats.byKind[kind] = (this.opts.stats.byKind[kind] ?? 0) + 1;
        const signal = AbortSignal.any([this.opts.signal, AbortSignal.timeout(this.opts.timeoutMs)]);
        const r = await this.pool.request({ method, path, headers: { 'user-agent': 'airgap-preflight (containerd-compatible)', ...headers }, signal });
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(Array.isArray(r.headers['content-length']) ? r.headers['content-length'][0] : r.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_MANIFEST_SIZE) {
          // containerd takes the size from HEAD's Content-Length and rejects without reading the body.
          r.body.destroy();
          size = declared;
        } else {
          // No (or a small but wrong) Content-Length: count the rest without keeping it, as containerd
          // does (io.Copy to Discard); the request timeout and the run's signal still bound the read.
          for await (const chunk of r.body) {
            size += (chunk as Buffer).length;
            if (size <= MAX_MANIFEST_SIZE) chunks.push(chunk as Buffer);
          }
        }
        res = size > MAX_MANIFEST_SIZE ? { status: r.statusCode, headers: r.headers, body: Buffer.alloc(0), oversize: size } : { status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) };
      } finally {
        release();
      }
      if (RETRY_STATUS.has(res.status) && attempt < MAX_RETRIES) {
        this.opts.stats.retries++;
        await sleep(retryDelay(res.headers['retry-after'], attempt), this.opts.signal);
        continue;
      }
      return res;
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => {});
  }
}

/** A one-off GET to another origin (token realm). */
export async function getOnce(url: string, headers: Record<string, string>, tlsSettings: TlsSettings | null, opts: ClientOptions, kind: string): Promise<HttpResponse> {
  const u = new URL(url);
  const client = new EndpointClient(u.origin, u.protocol === 'https:' ? tlsSettings : null, { ...opts, concurrency: 1 });
  try {
    return await client.request(kind, 'GET', u.pathname + u.search, headers);
  } finally {
    await client.close();
  }
}

export function header(res: HttpResponse, name: string): string | null {
  const v = res.headers[name.toLowerCase()];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}
