/**
 * `airgap-preflight explain` as a user runs it: the built binary in a real subprocess, the message
 * piped on stdin (`kubectl describe pod … | airgap-preflight explain -`) or given as arguments, every
 * output format, both languages, bad input (exit 2, one line), and proof that it stays offline: the
 * process never resolves undici, dockerode or ora (module resolve hook, as for lint).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, ensureBuilt, hasStackTrace, runBin, stderrLines } from './support/subprocess.js';

const FIX = path.join(ROOT, 'fixtures', 'explain');
const input = (name: string) => readFileSync(path.join(FIX, name, 'input.txt'), 'utf8');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'agp-explain-cli-'));
});

describe('explain reads stdin', () => {
  it('kubectl describe pod … | explain - --format json: the same findings as the fixture, exit 1', async () => {
    const r = await runBin(['explain', '-', '--format', 'json'], { stdin: input('domain-1-unknown-ca') });
    expect([r.code, r.stderr]).toEqual([1, '']);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual(JSON.parse(readFileSync(path.join(FIX, 'domain-1-unknown-ca', 'expected.json'), 'utf8')));
    expect(report.summary).toEqual({ pass: 0, warn: 0, fail: 1, skip: 0, error: 0 });
  });

  it('without "-" when stdin is piped, and in zh-CN text', async () => {
    const r = await runBin(['explain', '--lang', 'zh-CN'], { stdin: input('domain-4-https-to-http') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('containerd 用 HTTPS 访问 https://192.168.1.132:5000，但它只提供纯 HTTP。');
    expect(r.stdout).toContain('修复：用显式的 http:// 端点列出该镜像仓库');
  });

  it('exit 0 and a skip when the input holds no pull error', async () => {
    const r = await runBin(['explain', '-', '-f', 'json'], { stdin: input('text-none') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { status: string }) => f.status)).toEqual(['skip']);
  });
});

describe('explain MESSAGE', () => {
  it('takes the message as one quoted argument or as unquoted words', async () => {
    const msg = 'failed to do request: Head "https://harbor.example.com/v2/rancher/shell/manifests/v0.1.6": dial tcp: lookup harbor.example.com: no such host';
    const one = await runBin(['explain', msg, '-f', 'json']);
    const words = await runBin(['explain', ...msg.split(' '), '-f', 'json']);
    expect(one.code).toBe(1);
    expect(JSON.parse(words.stdout)).toEqual(JSON.parse(one.stdout));
    const f = JSON.parse(one.stdout).findings[0];
    expect([f.data.cause, f.data.url, f.data.host, f.data.role, f.target]).toEqual(['dns', 'https://harbor.example.com/v2/rancher/shell/manifests/v0.1.6', 'harbor.example.com', 'default', 'harbor.example.com/rancher/shell:v0.1.6']);
  });
});

describe('formats', () => {
  it('junit and sarif carry the check id; --output writes the file', async () => {
    const out = path.join(dir, 'r.sarif');
    const r = await runBin(['explain', '-', '-f', 'junit', '-f', 'sarif', '-o', out], { stdin: input('text-events-table') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testsuites');
    expect(r.stdout).toContain('explain-pull-error');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['explain-pull-error', 'explain-pull-error']);
  });

  it('--file: the location is the registries.yaml endpoint line', async () => {
    const file = path.join(dir, 'registries.yaml');
    writeFileSync(file, readFileSync(path.join(FIX, 'file-mirror-no-config', 'registries.yaml')), { mode: 0o600 });
    const r = await runBin(['explain', '-', '--file', file, '-f', 'json'], { stdin: input('file-mirror-no-config') });
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings[0];
    expect(f.location).toEqual({ file, line: 4, column: 9 });
    // The password of the file is not in the output.
    expect(r.stdout).not.toContain('S3cret-Pa55');
  });
});

describe('bad input: exit 2 with one line, no stack trace', () => {
  const cases: [string, string[], string | undefined, string][] = [
    ['empty stdin', ['explain', '-'], '', 'airgap-preflight: explain: the input is empty'],
    ['blank stdin', ['explain'], '  \n\n', 'airgap-preflight: explain: the input is empty'],
    ['missing --file', ['explain', 'x509: certificate signed by unknown authority', '--file', '/nonexistent/registries.yaml'], undefined, 'airgap-preflight: /nonexistent/registries.yaml: no such file'],
  ];
  for (const [name, args, stdin, line] of cases) {
    it(name, async () => {
      const r = await runBin(args, { stdin });
      expect(r.code).toBe(2);
      expect(stderrLines(r)).toEqual([line]);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }

  it('--help shows the examples', async () => {
    const r = await runBin(['explain', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kubectl describe pod -n cattle-system helm-operation-x | airgap-preflight explain -');
    expect(r.stdout).toContain('--file <registries.yaml>');
    expect(r.stdout).toContain('--system-default-registry');
  });
});

describe('explain is offline', () => {
  it('never resolves undici, dockerode or ora, with --file and --system-default-registry', async () => {
    const log = path.join(dir, 'modules.log');
    writeFileSync(log, '');
    const file = path.join(dir, 'reg-offline.yaml');
    writeFileSync(file, readFileSync(path.join(FIX, 'file-mirror-unknown-ca', 'registries.yaml')), { mode: 0o600 });
    const r = await runBin(['explain', '-', '--file', file, '--system-default-registry', 'harbor.example.com', '-f', 'json'], {
      stdin: input('file-mirror-unknown-ca'),
      env: { AGP_MODULE_LOG: log, NODE_OPTIONS: `--import=${path.join(ROOT, 'test', 'support', 'record-modules.mjs')}` },
    });
    expect(r.code).toBe(1);
    const specifiers = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.slice(4));
    // The hook saw the run: the explain modules and commander were resolved.
    expect(specifiers).toContain('commander');
    expect(specifiers.some((s) => s.endsWith('explain/probe.js'))).toBe(true);
    expect(specifiers.filter((s) => /(^|\/)(dockerode|ora|undici)(\/|$)|registry\/(http|probe|auth|tls-probe)\.js$/.test(s))).toEqual([]);
  });
});
