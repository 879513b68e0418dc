/**
 * fixtures/registry/<case>/: recorded registry answers judged without a network (like fixtures/lint),
 * one case per cause the probe knows. Each compares the whole fact and the whole findings of
 * registry-tls, registry-auth and image-available. UPDATE_REGISTRY_FIXTURES=1 rewrites expected.json
 * from the current output; review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, listRegistryFixtures, runRegistryFixture } from './support/registry-fixtures.js';
import { PROBE_ERROR_CODES } from '../src/registry/errors.js';

const UPDATE = process.env.UPDATE_REGISTRY_FIXTURES === '1';
const names = await listRegistryFixtures();

describe('fixtures/registry: whole fact and findings of every recorded case', () => {
  for (const name of names) {
    it(name, async () => {
      const result = await runRegistryFixture(name);
      const file = path.join(FIXTURES, name, 'expected.json');
      if (UPDATE || !existsSync(file)) {
        await writeFile(file, JSON.stringify(result, null, 2) + '\n');
        if (!UPDATE) throw new Error(`${name}: expected.json was missing and has been written; review it`);
      }
      expect(result.unmatched).toEqual([]);
      expect(result).toEqual(JSON.parse(await readFile(file, 'utf8')));
    });
  }

  it('every cause the probe knows has a case', async () => {
    const seen = { transport: new Set<string>(), auth: new Set<string>(), attempt: new Set<string>(), result: new Set<string>(), codes: new Set<string>() };
    const walkCodes = (e: unknown): void => {
      if (!e || typeof e !== 'object') return;
      const pe = e as { code?: string; args?: Record<string, unknown> };
      if (typeof pe.code === 'string' && pe.args) {
        seen.codes.add(pe.code);
        Object.values(pe.args).forEach(walkCodes);
      }
    };
    for (const name of names) {
      const f = JSON.parse(await readFile(path.join(FIXTURES, name, 'expected.json'), 'utf8')).fact;
      for (const ep of f.endpoints) {
        if (ep.transport.cause) seen.transport.add(ep.transport.cause);
        if (ep.auth?.cause) seen.auth.add(ep.auth.cause);
        walkCodes(ep.transport.error);
        walkCodes(ep.auth?.error);
      }
      for (const img of f.images) {
        seen.result.add(img.result);
        for (const a of img.attempts) {
          seen.attempt.add(a.problem ?? a.authCause ?? a.status);
          walkCodes(a.error);
        }
      }
    }
    expect([...seen.auth].sort()).toEqual(['bad-credentials', 'identity-token', 'invalid-auth-field', 'no-credentials', 'not-registry', 'realm-error', 'token-rejected', 'unexpected-status', 'web-page']);
    expect([...seen.result].sort()).toEqual(['blocked', 'error', 'not-found', 'ok', 'platform-missing']);
    expect([...seen.attempt].sort()).toEqual(['bad-credentials', 'blocked', 'denied', 'error', 'no-credentials', 'no-permission', 'no-permission-or-bad-credentials', 'not-found', 'ok', 'too-large', 'web-page']);
    expect([...seen.transport].sort()).toEqual(['ca-file', 'client-cert-file', 'client-cert-required', 'dns', 'expired', 'http-server', 'https-server', 'no-ip-san', 'other', 'refused', 'reset', 'san-mismatch', 'timeout', 'unknown-ca', 'cn-only', 'not-yet-valid'].sort());
    // Every code but `legacy` (only read from format-1 facts) and `unsupported-scheme` occurs in some case.
    // `unsupported-scheme` is a guard only: the chain now comes from the rendered files, where containerd
    // reads `ftp://h` as `https://ftp:/h/v2` (parseHostConfig prefixes "https://"), so no such scheme reaches the probe.
    expect(PROBE_ERROR_CODES.filter((c) => c !== 'legacy' && c !== 'unsupported-scheme' && !seen.codes.has(c))).toEqual([]);
  });
});
