/** Pure parts of the registry stage: reference parsing, image set, endpoint chain, challenges, Go's certificate judgement. */
import { describe, expect, it } from 'vitest';
import { parseReference } from '../src/registry/reference.js';
import { buildImageSet } from '../src/rancher/image-set.js';
import { buildChain } from '../src/registry/chain.js';
import { buildModel } from '../src/registries-model.js';
import { parseYaml } from '../src/yaml-tree.js';
import { jwtSubject, parseTokenBody, parseWwwAuthenticate } from '../src/registry/auth.js';
import { judgeLeaf } from '../src/registry/tls-probe.js';
import { parseManifest, platformMatches } from '../src/registry/manifest.js';
import { retryDelay } from '../src/registry/http.js';
import { InputError } from '../src/errors.js';
import type { CertInfo } from '../src/x509.js';

describe('parseReference (DOMAIN §1.3, §3.1)', () => {
  it.each([
    ['harbor.example.com/rancher/shell:v0.1.6', { registry: 'harbor.example.com', repository: 'rancher/shell', tag: 'v0.1.6', digest: null }],
    ['harbor.example.com:8443/library/rancher/shell:v0.1.6', { registry: 'harbor.example.com:8443', repository: 'library/rancher/shell', tag: 'v0.1.6', digest: null }],
    ['rancher/shell:v0.1.6', { registry: 'docker.io', repository: 'rancher/shell', tag: 'v0.1.6', digest: null }],
    ['busybox', { registry: 'docker.io', repository: 'library/busybox', tag: 'latest', digest: null }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1', digest: null }],
    ['[::1]:5000/a/b@sha256:' + 'a'.repeat(64), { registry: '[::1]:5000', repository: 'a/b', tag: null, digest: 'sha256:' + 'a'.repeat(64) }],
  ])('%s', (text, want) => {
    expect(parseReference(text)).toEqual({ requested: text, ...want });
  });
  it.each([
    ['https://harbor.example.com/rancher/shell:v1', /URL scheme/],
    ['harbor.example.com/Rancher/shell:v1', /must be lower case/],
    ['harbor.example.com//shell:v1', /invalid repository name/],
    ['harbor.example.com/rancher/shell:-bad', /invalid tag/],
    ['harbor.example.com/rancher/shell :v1', /whitespace/],
  ])('rejects %s', (text, re) => {
    expect(() => parseReference(text)).toThrow(re);
  });
});

describe('buildImageSet (DOMAIN §4.1, §4.6)', () => {
  const base = { systemDefaultRegistry: 'harbor.example.com', rancherVersion: null, imagesFile: null, imageRefs: [] as string[] };
  it('v2.5.8 from the built-in table, requested with the plain prefix', () => {
    const s = buildImageSet({ ...base, rancherVersion: 'v2.5.8' });
    expect(s.images.map((i) => i.requested)).toEqual([
      'harbor.example.com/rancher/shell:v0.1.6',
      'harbor.example.com/rancher/fleet:v0.3.5',
      'harbor.example.com/rancher/fleet-agent:v0.3.5',
      'harbor.example.com/rancher/gitjob:v0.1.15',
      'harbor.example.com/rancher/rancher-webhook:v0.1.0',
      'harbor.example.com/rancher/rancher-operator:v0.1.4',
    ]);
    expect(s.sources).toEqual(['rancher-version']);
  });
  it('a path in the system default registry becomes part of the repository', () => {
    const s = buildImageSet({ ...base, systemDefaultRegistry: '192.168.14.33/library', imageRefs: ['rancher/shell:v0.1.6'] });
    expect(s.images[0]).toMatchObject({ requested: '192.168.14.33/library/rancher/shell:v0.1.6', registry: '192.168.14.33', repository: 'library/rancher/shell' });
  });
  it('--images file: blank lines ignored, duplicates counted, lines remembered; --image full references used as is', () => {
    const s = buildImageSet({ ...base, imagesFile: { path: 'l.txt', text: 'rancher/shell:v0.1.6\n\nrancher/fleet:v0.3.5\r\nrancher/shell:v0.1.6\n' }, imageRefs: ['other.example.com:5000/x/y:1'] });
    expect(s.images.map((i) => [i.requested, i.source, i.line ?? null])).toEqual([
      ['harbor.example.com/rancher/shell:v0.1.6', 'images-file', 1],
      ['harbor.example.com/rancher/fleet:v0.3.5', 'images-file', 3],
      ['other.example.com:5000/x/y:1', 'image-flag', null],
    ]);
    expect(s.duplicates).toBe(1);
  });
  it('unknown Rancher version is reported, not fatal', () => {
    expect(buildImageSet({ ...base, rancherVersion: 'v2.99.0' })).toMatchObject({ images: [], unknownVersion: 'v2.99.0' });
  });
  it.each([
    [{ ...base, imagesFile: { path: 'l.txt', text: 'rancher/shell:v1\nRancher/Bad:v1\n' } }, 'l.txt:2: "Rancher/Bad:v1": invalid repository name "Rancher/Bad" (repository names must be lower case)'],
    [{ ...base, imagesFile: { path: 'l.txt', text: 'docker.io/rancher/shell:v1\n' } }, 'l.txt:1: "docker.io/rancher/shell:v1" has a registry host; rancher-images.txt lines are <repo>:<tag> without one'],
    [{ ...base, systemDefaultRegistry: null, imageRefs: ['rancher/shell:v1'] }, '--image rancher/shell:v1 needs --system-default-registry (or env CATTLE_SYSTEM_DEFAULT_REGISTRY): Rancher requests system images as <system-default-registry>/rancher/<repo>:<tag>'],
    [{ ...base, systemDefaultRegistry: 'https://harbor.example.com', imageRefs: ['rancher/shell:v1'] }, '--system-default-registry "https://harbor.example.com": no URL scheme allowed (Rancher prefixes it verbatim, DOMAIN §4.1); use host[:port][/path]'],
    [{ ...base, systemDefaultRegistry: 'harbor.example.com/', imageRefs: ['rancher/shell:v1'] }, '--system-default-registry "harbor.example.com/": remove the trailing "/" (Rancher prefixes it verbatim and the image names become invalid)'],
    [base, 'no images to check: give --rancher-version vX.Y.Z, --images rancher-images.txt or --image REF'],
  ])('bad input is one InputError line (%#)', (input, msg) => {
    let err: unknown;
    try {
      buildImageSet(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(msg);
  });
  it('full references via --image need no system default registry', () => {
    expect(buildImageSet({ ...base, systemDefaultRegistry: null, imageRefs: ['harbor.example.com/rancher/shell:v1'] }).images.length).toBe(1);
  });
});

describe('buildChain (DOMAIN §1.3-§1.5, §2)', () => {
  const model = (yaml: string, mode: 'A' | 'B' | 'D' = 'D') => buildModel(parseYaml(yaml).tree, mode);
  const D = { mode: 'D' as const, rewrite: true, lastDefaultEndpointBug: false };
  const A = { mode: 'A' as const, rewrite: false, lastDefaultEndpointBug: false };
  const B = { mode: 'B' as const, rewrite: true, lastDefaultEndpointBug: true };
  const ref = parseReference('harbor.example.com/rancher/shell:v0.1.6');
  const steps = (c: ReturnType<typeof buildChain>) => c.steps.map((s) => [s.endpoint.url, s.endpoint.role, s.endpoint.configKey, s.repository, s.ns]);

  it('no registries.yaml: only the default endpoint, configs by registry name', () => {
    expect(steps(buildChain(model(''), D, ref))).toEqual([['https://harbor.example.com/v2', 'default', null, 'rancher/shell', null]]);
  });
  it('endpoint equal to the default, listed last, becomes the server line (D); mode A appends nothing either', () => {
    const y = 'mirrors:\n  harbor.example.com:\n    endpoint: ["https://harbor.example.com"]\nconfigs:\n  harbor.example.com:\n    tls: {insecure_skip_verify: true}\n';
    expect(steps(buildChain(model(y), D, ref))).toEqual([['https://harbor.example.com/v2', 'default', 'harbor.example.com', 'rancher/shell', null]]);
    expect(steps(buildChain(model(y, 'A'), A, ref))).toEqual([['https://harbor.example.com/v2', 'mirror', 'harbor.example.com', 'rancher/shell', null]]);
  });
  it('http:// endpoint: D keeps the https default as a fallback; A does not (same host)', () => {
    const y = 'mirrors:\n  harbor.example.com:\n    endpoint: ["http://harbor.example.com"]\n';
    expect(steps(buildChain(model(y), D, ref)).map((s) => s[0])).toEqual(['http://harbor.example.com/v2', 'https://harbor.example.com/v2']);
    expect(steps(buildChain(model(y, 'A'), A, ref)).map((s) => s[0])).toEqual(['http://harbor.example.com/v2']);
  });
  it('configs are looked up by the endpoint host, not the mirror name; ns names the registry; rewrites only on mirrors', () => {
    const y = [
      'mirrors:',
      '  harbor.example.com:',
      '    endpoint: ["https://mirror.example.com:8443", "https://other.example.com"]',
      '    rewrite:',
      '      "^rancher/(.*)": "proxy/rancher/$1"',
      'configs:',
      '  harbor.example.com: {tls: {insecure_skip_verify: true}}',
      '  "mirror.example.com:8443": {tls: {insecure_skip_verify: true}}',
      '',
    ].join('\n');
    expect(steps(buildChain(model(y), D, ref))).toEqual([
      ['https://mirror.example.com:8443/v2', 'mirror', 'mirror.example.com:8443', 'proxy/rancher/shell', 'harbor.example.com'],
      ['https://other.example.com/v2', 'mirror', null, 'proxy/rancher/shell', 'harbor.example.com'],
      ['https://harbor.example.com/v2', 'default', 'harbor.example.com', 'rancher/shell', null],
    ]);
    expect(steps(buildChain(model(y, 'A'), A, ref)).map((s) => s[3])).toEqual(['rancher/shell', 'rancher/shell', 'rancher/shell']);
  });
  it('rewrites follow Go regexp: a pattern RE2 rejects is dropped, $1x names group "1x" (empty), ${1}x and (?P<n>) work', () => {
    const rw = (rules: string) => {
      const y = `mirrors:\n  harbor.example.com:\n    endpoint: ["https://mirror.example.com"]\n    rewrite:\n${rules}`;
      return buildChain(model(y), D, ref).steps[0]!.repository;
    };
    expect(rw('      "^rancher/(?!x)(.*)": "proxy/$1"\n')).toBe('rancher/shell');
    expect(rw('      "^rancher/(.*)": "proxy/$1x"\n')).toBe('proxy/');
    expect(rw('      "^rancher/(.*)": "proxy/${1}x"\n')).toBe('proxy/shellx');
    expect(rw('      "^rancher/(?P<n>.*)": "p/${n}/$$"\n')).toBe('p/shell/$');
  });
  it('"*" mirror is used when no exact key matches; the exact key wins', () => {
    const y = 'mirrors:\n  "*":\n    endpoint: ["https://star.example.com"]\n  "harbor.example.com:443":\n    endpoint: ["https://port.example.com"]\n';
    expect(buildChain(model(y), D, ref).mirrorKey).toBe('*');
    expect(buildChain(model(y), D, parseReference('harbor.example.com:443/rancher/shell:v1')).mirrorKey).toBe('harbor.example.com:443');
  });
  it('mode B: the default endpoint listed last drops the mirror list (k3s#9341)', () => {
    const y = 'mirrors:\n  harbor.example.com:\n    endpoint: ["https://mirror.example.com", "https://harbor.example.com"]\n';
    const c = buildChain(model(y, 'B'), B, ref);
    expect(steps(c).map((s) => s[0])).toEqual(['https://harbor.example.com/v2']);
    expect(c.notes).toEqual(['lastDefaultEndpointBug']);
  });
  it('mode A keeps a trailing slash as the API root (containerd#7068)', () => {
    const y = 'mirrors:\n  harbor.example.com:\n    endpoint: ["https://mirror.example.com/"]\n';
    expect(buildChain(model(y, 'A'), A, ref).steps[0]!.endpoint.apiRoot).toBe('/');
    expect(buildChain(model(y), D, ref).steps[0]!.endpoint.apiRoot).toBe('/v2');
  });
});

describe('WWW-Authenticate and token bodies (DOMAIN §3.3)', () => {
  it('parses several challenges with commas inside quotes and escaped quotes', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://h/service/token",service="harbor-registry",scope="repository:a/b:pull,push", Basic realm="har\\"bor"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://h/service/token', service: 'harbor-registry', scope: 'repository:a/b:pull,push' } },
      { scheme: 'basic', params: { realm: 'har"bor' } },
    ]);
    expect(parseWwwAuthenticate(['Basic realm=x', 'Bearer realm="r",error="insufficient_scope"'])).toEqual([
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { realm: 'r', error: 'insufficient_scope' } },
    ]);
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
  });
  it('access_token wins over token; expires_in defaults to 60', () => {
    expect(parseTokenBody('{"token":"a","access_token":"b","expires_in":1800}')).toEqual({ token: 'b', expiresIn: 1800, issuedAt: null });
    expect(parseTokenBody('{"token":"a"}')).toEqual({ token: 'a', expiresIn: 60, issuedAt: null });
    expect(parseTokenBody('{"nothing":1}')).toBeNull();
    expect(parseTokenBody('<html>')).toBeNull();
  });
  it('reads the subject of a JWT', () => {
    const jwt = (o: object) => `e30.${Buffer.from(JSON.stringify(o)).toString('base64url')}.sig`;
    expect(jwtSubject(jwt({ sub: 'robot$rancher+puller' }))).toBe('robot$rancher+puller');
    expect(jwtSubject(jwt({ sub: '' }))).toBe('');
    expect(jwtSubject('opaque-token')).toBeNull();
  });
});

describe("judgeLeaf: Go's order and wording (DOMAIN §1.8, §5.2)", () => {
  const cert = (o: Partial<CertInfo>): CertInfo => ({ subject: 'CN=h', issuer: 'CN=ca', dnsNames: [], ipAddresses: [], notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z', isCA: false, selfSigned: false, fingerprint256: '', serialNumber: '', ...o });
  const now = new Date('2025-01-01T00:00:00Z');
  it.each([
    [cert({ dnsNames: ['harbor.example.com'] }), 'harbor.example.com', null],
    [cert({ dnsNames: ['*.example.com'] }), 'harbor.example.com', null],
    [cert({ dnsNames: ['*.example.com'] }), 'a.b.example.com', 'x509: certificate is valid for *.example.com, not a.b.example.com'],
    [cert({ dnsNames: ['harbor.example.com'], notAfter: '2024-01-01T00:00:00.000Z' }), 'harbor.example.com', 'x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is after 2024-01-01T00:00:00Z'],
    [cert({ dnsNames: ['x'], notBefore: '2026-01-01T00:00:00.000Z' }), 'harbor.example.com', 'x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is before 2026-01-01T00:00:00Z'],
    [cert({ subject: 'CN=harbor.example.com' }), 'harbor.example.com', 'x509: certificate relies on legacy Common Name field, use SANs instead'],
    [cert({ subject: 'CN=other' }), 'harbor.example.com', 'x509: certificate is not valid for any names, but wanted to match harbor.example.com'],
    [cert({ dnsNames: ['harbor.example.com'] }), '10.0.0.5', "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs"],
    [cert({ ipAddresses: ['10.0.0.6'] }), '10.0.0.5', 'x509: certificate is valid for 10.0.0.6, not 10.0.0.5'],
    [cert({ ipAddresses: ['0:0:0:0:0:0:0:1'] }), '[::1]', null],
  ])('%#', (leaf, host, error) => {
    expect(judgeLeaf(leaf, host, now)?.error ?? null).toBe(error);
  });
});

describe('manifests and platforms (DOMAIN §3.1)', () => {
  it('lists index platforms, skipping attestation entries', () => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ platform: { os: 'linux', architecture: 'amd64' } }, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }, { platform: { os: 'unknown', architecture: 'unknown' } }] }));
    const m = parseManifest('application/vnd.oci.image.index.v1+json', 'sha256:abc', body);
    expect(m).toEqual({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: 'sha256:abc', platforms: ['linux/amd64', 'linux/arm/v7'], artifactType: null });
  });
  it('recognises a Helm chart as an OCI artifact', () => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: 'application/vnd.cncf.helm.config.v1+json' }, layers: [] }));
    expect(parseManifest('application/vnd.oci.image.manifest.v1+json', null, body).artifactType).toBe('application/vnd.cncf.helm.config.v1+json');
  });
  it('matches platforms as containerd does for the common cases', () => {
    expect(platformMatches('linux/amd64', 'linux/amd64')).toBe(true);
    expect(platformMatches('linux/arm64', 'linux/arm64/v8')).toBe(true);
    expect(platformMatches('linux/arm/v7', 'linux/arm/v6')).toBe(false);
    expect(platformMatches('linux/amd64', 'windows/amd64')).toBe(false);
  });
  it('Retry-After in seconds is honoured and capped', () => {
    expect(retryDelay('2', 0)).toBe(2000);
    expect(retryDelay('3600', 0)).toBe(5000);
    expect(retryDelay(undefined, 2)).toBe(1000);
  });
});

describe('issue #6 wording: web pages and the manifest size limit', () => {
  it("MaxManifestSize is containerd's 4 * 1048 * 1048 (not 4 MiB)", async () => {
    const { MAX_MANIFEST_SIZE } = await import('../src/registry/manifest.js');
    expect(MAX_MANIFEST_SIZE).toBe(4_393_216);
  });

  it("the probe's errors are codes rendered through the catalogue; containerd's words stay verbatim in raw", async () => {
    const { errorArg, errorText, probeError } = await import('../src/registry/errors.js');
    const page = probeError('web-page', { url: 'https://r.example/v2/', type: 'text/html' });
    expect(page).toEqual({ code: 'web-page', args: { url: 'https://r.example/v2/', type: 'text/html' } });
    expect(errorArg(page)).toEqual({ messageId: 'error.web-page', args: { url: 'https://r.example/v2/', type: 'text/html' } });
    expect(errorText(probeError('web-page-untyped', { url: 'https://r.example/v2/' }))).toBe('GET https://r.example/v2/ answered 200 with an HTML page, no Content-Type and no Docker-Distribution-Api-Version header');
    expect(probeError('html-manifest', { digest: 'sha256:abc' }).raw).toBe('unexpected media type text/html for sha256:abc: not found');
    const big = probeError('manifest-too-large', { size: 8388608, ref: 'r.example/rancher/shell:v0.1.6' });
    expect(big.raw).toBe('rejecting 8388608 byte manifest for r.example/rancher/shell:v0.1.6: not found');
    // A nested error is a nested reference, so its own words are translated in place.
    const nested = probeError('token-fetch', { kind: 'oauth', cause: probeError('no-certificate', {}) });
    expect(errorArg(nested)).toEqual({ messageId: 'error.token-fetch', args: { kind: 'oauth', cause: { messageId: 'error.no-certificate', args: {} } } });
    expect(nested.raw).toBe('failed to fetch oauth token: server sent no certificate');
  });
});
