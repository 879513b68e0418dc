/**
 * The HTTP port the registry walk runs over: a TLS handshake probe and GET requests. The live port
 * (undici pools per origin, one-off clients for token realms, the request statistics) is the only
 * I/O of the registry stage; the recorded-response fixtures (test/support/registry-fixtures.ts)
 * implement the same port without a network.
 */
import { EndpointClient, getOnce, type ClientOptions, type HttpResponse, type HttpStats } from './http.js';
import { probeTls, type TlsResult, type TlsSettings } from './tls-probe.js';

export interface PortRequest {
  /** scheme://host[:port] */
  origin: string;
  tls: TlsSettings | null;
  /** Label for the request statistics: ping, auth-check, manifest, token. */
  kind: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
}

export interface HttpPort {
  /** One handshake (plus one GET /v2/ to see a demanded client certificate), judged as Go would. */
  handshake(hostname: string, port: number, settings: TlsSettings): Promise<TlsResult>;
  /** One logical GET (bounded retries inside). Socket errors are thrown with Node's `code`. */
  get(req: PortRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export function livePort(opts: ClientOptions & { stats: HttpStats }): HttpPort {
  const pools = new Map<string, Map<TlsSettings | null, EndpointClient>>();
  const poolFor = (origin: string, tls: TlsSettings | null): EndpointClient => {
    let byTls = pools.get(origin);
    if (!byTls) pools.set(origin, (byTls = new Map()));
    let c = byTls.get(tls);
    if (!c) byTls.set(tls, (c = new EndpointClient(origin, tls, opts)));
    return c;
  };
  return {
    async handshake(hostname, port, settings) {
      const r = await probeTls(hostname, port, settings, opts.timeoutMs, opts.signal);
      opts.stats.requests++;
      opts.stats.byKind['tls-probe'] = (opts.stats.byKind['tls-probe'] ?? 0) + 1;
      return r;
    },
    get(req) {
      // A token realm is another origin, asked a few times per run: a one-off client, as before.
      if (req.kind === 'token') return getOnce(req.origin + req.path, req.headers, req.tls, opts, 'token');
      return poolFor(req.origin, req.tls).request(req.kind, 'GET', req.path, req.headers);
    },
    async close() {
      await Promise.all([...pools.values()].flatMap((m) => [...m.values()].map((c) => c.close())));
    },
  };
}
