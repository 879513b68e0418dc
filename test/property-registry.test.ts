/**
 * Property tests for the registry helper's parsers (issue #6): image references (DOMAIN §1.3,
 * §3.1), WWW-Authenticate challenges and token bodies (§3.3). Nothing but the module's own
 * ReferenceError escapes; well-formed inputs round-trip exactly; normalisation is idempotent.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseReference, ReferenceError, NAME_RE, TAG_RE } from '../src/registry/reference.js';
import { parseTokenBody, parseWwwAuthenticate } from '../src/registry/auth.js';

const RUNS = Number(process.env.FC_RUNS ?? 500);

const component = fc.stringMatching(/^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/).filter((s) => s.length <= 30);
const repository = fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => c.join('/'));
const tag = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,40}$/);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const registry = fc.oneof(
  fc.tuple(fc.array(label, { minLength: 2, maxLength: 3 }), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null })).map(([l, p]) => `${l.join('.')}${p ? `:${p}` : ''}`),
  fc.constantFrom('localhost', 'localhost:5000', '127.0.0.1:5000', '[::1]:5000', 'harbor.example.com:8443'),
);

describe('parseReference properties', () => {
  it('throws only ReferenceError, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100, unit: 'binary' }), (text) => {
        try {
          const r = parseReference(text);
          expect(NAME_RE.test(r.repository)).toBe(true);
          if (r.tag !== null) expect(TAG_RE.test(r.tag)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ReferenceError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('splits registry/repository:tag exactly as written', () => {
    fc.assert(
      fc.property(registry, repository, tag, (reg, repo, t) => {
        expect(parseReference(`${reg}/${repo}:${t}`)).toEqual({ requested: `${reg}/${repo}:${t}`, registry: reg, repository: repo, tag: t, digest: null });
      }),
      { numRuns: RUNS },
    );
  });

  it('normalises Docker Hub names (library/, :latest) and is idempotent', () => {
    fc.assert(
      fc.property(fc.option(registry, { nil: null }), repository, fc.option(tag, { nil: null }), (reg, repo, t) => {
        const text = `${reg ? `${reg}/` : ''}${repo}${t ? `:${t}` : ''}`;
        let once;
        try {
          once = parseReference(text);
        } catch (err) {
          // Without a registry, a first component with '.' or ':' is a registry; "a.b" alone has no repository.
          expect(err).toBeInstanceOf(ReferenceError);
          return;
        }
        const full = `${once.registry}/${once.repository}:${once.tag}`;
        const twice = parseReference(full);
        expect([twice.registry, twice.repository, twice.tag]).toEqual([once.registry, once.repository, once.tag]);
        if (!reg && !/[.:]/.test(repo.split('/')[0]!) && repo.split('/')[0] !== 'localhost') {
          expect(once.registry).toBe('docker.io');
          expect(once.repository).toBe(repo.includes('/') ? repo : `library/${repo}`);
        }
        expect(once.tag).toBe(t ?? 'latest');
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects upper case in the repository and schemes, with one-line reasons', () => {
    fc.assert(
      fc.property(registry, repository.filter((r) => /[a-z]/.test(r)), tag, fc.constantFrom('https://', 'http://', ''), (reg, repo, t, scheme) => {
        const upper = repo.replace(/[a-z]/, (c) => c.toUpperCase());
        const text = `${scheme}${reg}/${upper}:${t}`;
        expect(() => parseReference(text)).toThrow(ReferenceError);
        try {
          parseReference(text);
        } catch (err) {
          expect((err as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: RUNS },
    );
  });
});

const tokenChars = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/);
/** Parameter values as registries send them: URLs, scopes with commas and spaces, escaped quotes. */
const paramValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('https://harbor.example.com/service/token', 'harbor-registry', 'repository:rancher/shell:pull,push repository:b:pull', 'insufficient_scope', 'a "quoted" \\ value'),
);
const challenge = fc.record({
  scheme: fc.constantFrom('Bearer', 'Basic', 'bearer', 'BASIC', 'Negotiate'),
  params: fc.uniqueArray(fc.tuple(tokenChars.map((k) => k.toLowerCase()), paramValue), { maxLength: 4, selector: ([k]) => k }),
});
const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const render = (c: { scheme: string; params: [string, string][] }) => `${c.scheme}${c.params.length ? ' ' : ''}${c.params.map(([k, v]) => `${k}=${quote(v)}`).join(',')}`;

describe('parseWwwAuthenticate properties', () => {
  it('never throws, for any header text or list of them', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120, unit: 'binary' }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 })), (h) => {
        const out = parseWwwAuthenticate(h);
        expect(Array.isArray(out)).toBe(true);
        for (const c of out) expect(c.scheme).toBe(c.scheme.toLowerCase());
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back exactly the challenges a server wrote (quoted values with commas, spaces and escapes)', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 3 }), (challenges) => {
        const header = challenges.map(render).join(', ');
        const parsed = parseWwwAuthenticate(header);
        expect(parsed).toEqual(challenges.map((c) => ({ scheme: c.scheme.toLowerCase(), params: Object.fromEntries(c.params) })));
      }),
      { numRuns: RUNS },
    );
  });

  it('parses the DOMAIN §3.3 examples', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://harbor.test/service/token",service="harbor-registry",scope="repository:project_1/ubuntu:pull,push repository:project_2/ubuntu:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://harbor.test/service/token', service: 'harbor-registry', scope: 'repository:project_1/ubuntu:pull,push repository:project_2/ubuntu:pull' } },
    ]);
    expect(parseWwwAuthenticate('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
  });
});

describe('parseTokenBody properties', () => {
  it('never throws; returns null or a non-empty token with a positive lifetime', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.json(), fc.record({ token: fc.anything(), access_token: fc.anything(), expires_in: fc.anything() }).map((o) => JSON.stringify(o) ?? '')), (body) => {
        const t = parseTokenBody(body);
        if (t !== null) {
          expect(typeof t.token).toBe('string');
          expect(t.token.length).toBeGreaterThan(0);
          expect(t.expiresIn).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('prefers access_token over token, and defaults expires_in to 60 (DOMAIN §1.7, §3.3)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }), (a, b, exp) => {
        const t = parseTokenBody(JSON.stringify({ token: a, access_token: b, expires_in: exp }))!;
        expect([t.token, t.expiresIn]).toEqual([b, exp ?? 60]);
      }),
      { numRuns: RUNS },
    );
  });
});
