/**
 * Property tests for endpoint normalisation (`parseEndpoint`, src/endpoint.ts; DOMAIN §1.4):
 * never throws; scheme and host invariants; idempotent (normalising the normalised base gives the
 * same base, in every K3s mode); `endpointKey` is stable across that round trip.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endpointKey, isLoopbackHost, parseEndpoint, type RegistryMode } from '../src/endpoint.js';

const RUNS = Number(process.env.FC_RUNS ?? 500);
const mode = fc.constantFrom<RegistryMode | null>('A', 'B', 'D', null);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
  fc.constantFrom('localhost', '127.0.0.1', '127.1.2.3', '[::1]', '[fe80::1]', 'Harbor.Example.COM', '10.0.0.1.invalid'),
);
const port = fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('443', '80', '5000', '')), { nil: null });
const scheme = fc.option(fc.constantFrom('http', 'https', 'HTTPS', 'Http', 'ftp', 'unix'), { nil: null });
const pathPart = fc.constantFrom('', '/', '/v2', '/v2/', '/v2/extra', '//', '/rancher', '/a/b/', '/%2e%2e', '/v2?x=1', '/path#frag');
/** Endpoints as users write them in registries.yaml. */
const endpoint = fc
  .record({ scheme, hostname, port, path: pathPart, space: fc.constantFrom('', ' ', '\t') })
  // "host:" + "//…" without a scheme would read as the scheme "host://", which is not an endpoint.
  .filter(({ scheme: s, port: p, path: pa }) => !(s === null && p === '' && pa.startsWith('//')))
  .map(({ scheme: s, hostname: h, port: p, path: pa, space }) => `${space}${s ? `${s}://` : ''}${h}${p !== null ? `:${p}` : ''}${pa}${space}`);

/**
 * A normalised endpoint written back as an endpoint: its base, except that a root API path ("/" in
 * Mode A, "//" anywhere) needs an explicit "//" — a bare host would mean /v2 again.
 */
const written = (ep: NonNullable<ReturnType<typeof parseEndpoint>>) => (ep.base === `${ep.scheme}://${ep.host}` ? `${ep.base}//` : ep.base);

describe('parseEndpoint properties', () => {
  it('builds the base as containerd joins paths ("//" is the root, found by the idempotence property)', () => {
    expect(['localhost//', 'https://h//', 'https://h/a//b/'].map((e) => parseEndpoint(e, 'A')!.base)).toEqual(['http://localhost', 'https://h', 'https://h/a/b']);
  });

  it('never throws, for any string and mode', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), mode, (raw, m) => {
        const ep = parseEndpoint(raw, m);
        if (ep) expect(ep.host.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('scheme and host invariants hold for endpoints as users write them', () => {
    fc.assert(
      fc.property(endpoint, mode, (raw, m) => {
        const ep = parseEndpoint(raw, m);
        expect(ep).not.toBeNull();
        if (!ep) return;
        expect(ep.scheme).toBe(ep.scheme.toLowerCase());
        expect(ep.host).toBe(ep.host.toLowerCase());
        expect(ep.host).toBe(ep.port !== null ? `${ep.hostname}:${ep.port}` : ep.hostname);
        expect(ep.base.startsWith(`${ep.scheme}://${ep.host}`)).toBe(true);
        expect(ep.base).not.toMatch(/\s/);
        // An explicit scheme is kept; without one, http only for loopback (DOMAIN §1.4).
        if (ep.schemeWritten) expect(ep.scheme).toBe(ep.schemeWritten);
        else if (!isLoopbackHost(ep.hostname)) expect(ep.scheme).toBe('https');
        else if (m === 'A') expect(ep.scheme).toBe('http');
        else expect(ep.scheme).toBe(ep.port !== null && ep.port !== '443' ? 'http' : 'https');
        // "" and "/v2" always mean /v2; "/" means /v2 except in Mode A (containerd#7068).
        if (ep.path === '' || ep.path === '/v2') expect([ep.apiRoot, ep.overridePath]).toEqual(['/v2', false]);
        if (ep.path === '/') expect(ep.apiRoot).toBe(m === 'A' ? '/' : '/v2');
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent: normalising the normalised endpoint changes nothing', () => {
    fc.assert(
      fc.property(endpoint, mode, (raw, m) => {
        const once = parseEndpoint(raw, m);
        if (!once) return;
        const twice = parseEndpoint(written(once), m);
        expect(twice).not.toBeNull();
        expect(twice!.base).toBe(once.base);
        expect(twice!.scheme).toBe(once.scheme);
        expect(twice!.host).toBe(once.host);
        expect(endpointKey(twice!)).toBe(endpointKey(once));
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent for arbitrary text that parses at all', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), mode, (raw, m) => {
        const once = parseEndpoint(raw, m);
        if (!once || /[\s?#]/.test(once.base)) return; // whitespace inside a URL is trimmed away on re-reading
        const twice = parseEndpoint(written(once), m);
        expect(twice?.base).toBe(once.base);
      }),
      { numRuns: RUNS },
    );
  });

  it('endpointKey makes an explicit default port equal to none', () => {
    fc.assert(
      fc.property(hostname, fc.constantFrom('http', 'https'), pathPart, mode, (h, s, p, m) => {
        const a = parseEndpoint(`${s}://${h}${p}`, m)!;
        const b = parseEndpoint(`${s}://${h}:${s === 'https' ? 443 : 80}${p}`, m)!;
        expect(endpointKey(a)).toBe(endpointKey(b));
        // …while the `configs` key (host as written) differs, as Go's url.Host does (DOMAIN §1.3).
        expect(a.host).not.toBe(b.host);
      }),
      { numRuns: RUNS },
    );
  });
});
