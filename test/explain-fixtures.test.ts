/**
 * fixtures/explain/<case>/: input.txt piped into `airgap-preflight explain - --format json` through the
 * real CLI main() (args.json adds --file registries.yaml and --system-default-registry); the whole
 * findings array is compared with expected.json (English) and expected.zh-CN.json (--lang zh-CN).
 * Set UPDATE_EXPLAIN_FIXTURES=1 to (re)write them from the current output; review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { explainText } from './support/explain.js';
import { exitCodeFor, summarize } from '../src/check-runner.js';
import { ALL_CHECKS } from '../checks/index.js';
import type { Finding } from '../src/types.js';

const UPDATE = process.env.UPDATE_EXPLAIN_FIXTURES === '1';
const EXPLAIN_FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'explain');
const names = readdirSync(EXPLAIN_FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const check = ALL_CHECKS.find((c) => c.id === 'explain-pull-error')!;

interface Args {
  file?: string;
  systemDefaultRegistry?: string;
  rancherVersion?: string;
}

async function runCase(name: string, lang: 'en' | 'zh-CN'): Promise<{ code: number; stderr: string; findings: Finding[] }> {
  const dir = path.join(EXPLAIN_FIXTURES, name);
  const args: Args = existsSync(path.join(dir, 'args.json')) ? JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) : {};
  const extra = ['--format', 'json', '--lang', lang];
  if (args.file) extra.push('--file', path.join(dir, args.file));
  if (args.systemDefaultRegistry) extra.push('--system-default-registry', args.systemDefaultRegistry);
  if (args.rancherVersion) extra.push('--rancher-version', args.rancherVersion);
  const r = await explainText(readFileSync(path.join(dir, 'input.txt'), 'utf8'), extra);
  const findings = (JSON.parse(r.stdout || '{"findings":[]}') as { findings: Finding[] }).findings;
  // The file's absolute path differs per checkout.
  const text = JSON.stringify(findings).split(dir + path.sep).join('$DIR/');
  return { code: r.code, stderr: r.stderr, findings: JSON.parse(text) as Finding[] };
}

function compare(name: string, file: string, findings: Finding[]) {
  const p = path.join(EXPLAIN_FIXTURES, name, file);
  if (UPDATE || !existsSync(p)) {
    writeFileSync(p, JSON.stringify(findings, null, 2) + '\n');
    if (!UPDATE) throw new Error(`${name}/${file} was missing and has been written; review it`);
  }
  expect(findings).toEqual(JSON.parse(readFileSync(p, 'utf8')));
}

describe('fixtures/explain: the whole findings array of every case', () => {
  it('covers every row of DOMAIN §5.2 with a kubectl describe pod case', () => {
    const rows = ['1', '2', '3', '4', '5', '6a', '6b', '6c', '6d', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16'];
    for (const r of rows) expect(names.some((n) => n.startsWith(`domain-${r}-`)), `row ${r}`).toBe(true);
  });

  for (const name of names) {
    it(name, async () => {
      const en = await runCase(name, 'en');
      expect(en.stderr).toBe('');
      compare(name, 'expected.json', en.findings);
      expect(en.code).toBe(exitCodeFor(summarize(en.findings), false));
      const zh = await runCase(name, 'zh-CN');
      expect(zh.stderr).toBe('');
      compare(name, 'expected.zh-CN.json', zh.findings);
      // Same verdicts in both languages; only the words differ.
      expect(zh.findings.map((f) => [f.status, f.data])).toEqual(en.findings.map((f) => [f.status, f.data]));
    });
  }
});

describe('kubectl describe pod … | explain - names cause and fix for every DOMAIN §5.2 signature', () => {
  // The cause each row's signature stands for (src/health/classify.ts cause codes; 16 is explain's own).
  const want: Record<string, string> = {
    'domain-1-unknown-ca': 'unknown-ca',
    'domain-2-san-valid-for': 'san-mismatch',
    'domain-2-san-no-names': 'san-mismatch',
    'domain-2-san-legacy-cn': 'san-mismatch',
    'domain-2-san-ip': 'san-mismatch',
    'domain-3-cert-expired': 'cert-expired',
    'domain-4-https-to-http': 'https-to-http',
    'domain-5-http-to-https': 'http-to-https',
    'domain-6a-insufficient-scope': 'auth-denied',
    'domain-6b-no-basic-auth': 'auth-no-credentials',
    'domain-6b-401': 'auth-rejected',
    'domain-6c-oauth-token': 'auth-token',
    'domain-6d-authentication-required': 'auth-rejected',
    'domain-7-not-found': 'not-found',
    'domain-8-dns-no-such-host': 'dns',
    'domain-8-dns-timeout': 'dns',
    'domain-9-refused-sandbox': 'sandbox-image',
    'domain-10-reset': 'network',
    'domain-11-ca-file': 'tls-file-missing',
    'domain-12-sandbox': 'sandbox-image',
    'domain-13-text-html': 'not-html-api',
    'domain-14-rate-limited': 'rate-limited',
    'domain-15-hosts-toml': 'hosts-toml-invalid',
    'domain-16-https-first': 'https-first',
  };
  it('has a case for each', () => {
    expect(Object.keys(want).sort()).toEqual(names.filter((n) => n.startsWith('domain-')).sort());
  });
  for (const [name, cause] of Object.entries(want)) {
    for (const lang of ['en', 'zh-CN'] as const) {
      it(`${name} (${lang}): ${cause}, with its fix`, async () => {
        const { code, findings } = await runCase(name, lang);
        expect(code).toBe(1);
        // One pull failure per pod: the kubelet's repeated "Error: ErrImagePull" / "Back-off" lines add nothing.
        expect(findings.map((f) => [f.check, f.status, (f.data as { cause: string }).cause])).toEqual([['explain-pull-error', 'fail', cause]]);
        const f = findings[0]!;
        expect(f.remediation).toBeTruthy();
        expect(f.message + f.remediation).not.toMatch(/\{\w+\}|^internal:/);
        if (lang === 'zh-CN') {
          // The cause sentence and the fix are the zh-CN ones, not the English text.
          expect(f.message).toMatch(/[\u4e00-\u9fff]/);
          expect(f.remediation).toMatch(/[\u4e00-\u9fff]/);
        } else {
          // The longest literal part of the cause's template and of its fix are in the output.
          const longest = (t: string) => t.split(/\{\w+\}/).sort((a, b) => b.length - a.length)[0]!;
          expect(f.message).toContain(longest(check.messages[`cause.${cause}`]!));
        }
        expect((f.data as { occurrences: unknown[] }).occurrences.length).toBeGreaterThan(0);
      });
    }
  }
});
