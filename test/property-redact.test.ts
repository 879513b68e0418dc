/**
 * Property tests for `redact` / `redactDeep` (src/redact.ts): a registered secret never survives
 * in any text, in plain, base64 or URL-encoded form, wherever it sits; Authorization headers
 * never survive; redaction is idempotent and never throws; text with nothing secret is untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearSecrets, redact, redactDeep, registerCredentialPair, registerSecret, REDACTED } from '../src/redact.js';

const RUNS = Number(process.env.FC_RUNS ?? 400);

afterEach(() => clearSecrets());

/** Secrets as registries.yaml holds them: robot names with $ and +, punctuation, unicode. */
const secret = fc
  .oneof(
    fc.string({ minLength: 3, maxLength: 40 }),
    fc.string({ minLength: 3, maxLength: 24, unit: 'grapheme' }),
    fc.constantFrom('robot$rancher+puller', 'Harbor12345', 'p@ss:w0rd/with?query&x=1', 'S3cr3t-ü-密码', 'eyJhbGciOiJSUzI1NiJ9.eyJhY2Nlc3MiOltdfQ.c2ln'),
  )
  // A secret that is part of the word "<redacted>" cannot disappear from redacted text by definition.
  .filter((s) => !REDACTED.includes(s) && s.trim().length >= 3);
const noise = fc.string({ maxLength: 40 });

/** Every string value (not key) inside a JSON-like value. */
function stringValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(stringValues);
  if (v && typeof v === 'object') return Object.values(v).flatMap(stringValues);
  return [];
}

const forms = (s: string) => [s, Buffer.from(s, 'utf8').toString('base64'), encodeURIComponent(s)];

describe('redact properties', () => {
  it('removes every registered secret in plain, base64 and URL-encoded form, wherever it sits', () => {
    fc.assert(
      fc.property(secret, noise, noise, fc.integer({ min: 0, max: 2 }), (s, before, after, which) => {
        clearSecrets();
        registerSecret(s);
        const f = forms(s)[which]!;
        const out = redact(`${before}${f}${after}`);
        for (const form of forms(s)) if (form.length >= 3 && !REDACTED.includes(form)) expect(out.includes(form) && !`${before}${after}`.includes(form)).toBe(false);
        expect(out).toContain(REDACTED);
      }),
      { numRuns: RUNS },
    );
  });

  it('removes user:password base64 (an auth value or a Basic header) for any robot name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), secret, noise, (user, pw, around) => {
        clearSecrets();
        registerCredentialPair(user, pw);
        const b64 = Buffer.from(`${user}:${pw}`, 'utf8').toString('base64');
        const out = redact(`${around}"auth": "${b64}" ${around}`);
        expect(out.includes(b64)).toBe(false);
        expect(out.includes(pw) && !around.includes(pw) && !user.includes(pw)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('removes Authorization header values even when the secret was never registered', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{8,80}$/);
    const shape = fc.constantFrom(
      (t: string) => `Authorization: Bearer ${t}`,
      (t: string) => `authorization: Basic ${t}`,
      (t: string) => `{"Authorization":"Bearer ${t}"}`,
      (t: string) => `Proxy-Authorization=Basic ${t}`,
      (t: string) => `curl -H 'Authorization: Bearer ${t}' https://h/v2/`,
      (t: string) => `WWW-Authenticate answered; sent Bearer ${t}`,
    );
    fc.assert(
      fc.property(token, shape, noise, (t, make, around) => {
        clearSecrets();
        const out = redact(`${around}\n${make(t)}\n${around}`);
        expect(out.includes(t) && !around.includes(t)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.array(secret, { maxLength: 3 }), fc.string({ maxLength: 200, unit: 'binary' }), (secrets, text) => {
        clearSecrets();
        secrets.forEach(registerSecret);
        const once = redact(text);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves text without secrets or auth headers untouched', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }).filter((t) => !/authorization|bearer|basic/i.test(t)), (text) => {
        clearSecrets();
        expect(redact(text)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('redactDeep keeps the shape, blanks secret-named keys and redacts every string', () => {
    fc.assert(
      fc.property(secret, fc.jsonValue({ maxDepth: 4 }), (s, json) => {
        clearSecrets();
        registerSecret(s);
        const value = { data: json, nested: [{ password: 'anything', note: `x${s}y` }], token: 'tok' };
        const out = redactDeep(value);
        expect(Object.keys(out)).toEqual(['data', 'nested', 'token']);
        expect(out.nested[0]).toEqual({ password: REDACTED, note: `x${REDACTED}y` });
        expect(out.token).toBe(REDACTED);
        expect(stringValues(out).filter((v) => v.includes(s))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
