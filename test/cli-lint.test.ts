/**
 * `airgap-preflight lint` as a user runs it: the built binary in a real subprocess. The JSON
 * contract, exit codes 0/1/2, --strict, bad input, junit/sarif shapes, --output files,
 * --save-facts/--from-facts round trip without secrets, and which modules lint loads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, ensureBuilt, hasStackTrace, runBin, stderrLines } from './support/subprocess.js';

const SEED = path.join(ROOT, 'fixtures', 'seed');
const LINT = path.join(ROOT, 'fixtures', 'lint');
const FINDING_KEYS = ['check', 'status', 'severity', 'target', 'message', 'messageId', 'args', 'remediation', 'location', 'data'];
let dir: string;

/** A private copy of a fixture file, mode 600 unless told (the checkout's 644 would make file-permissions warn). */
function copy(src: string, name: string, mode = 0o600): string {
  const p = path.join(dir, name);
  copyFileSync(src, p);
  chmodSync(p, mode);
  return p;
}

function parseReport(stdout: string) {
  return JSON.parse(stdout) as { tool: { name: string; version: string }; summary: Record<string, number>; findings: Record<string, unknown>[] };
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'agp-cli-lint-'));
});

describe('lint --format json', () => {
  it('prints the contract: tool, summary, findings with every field, exit 0 for the seed CA-signed setup', async () => {
    const file = copy(path.join(SEED, 'ca-signed-https-auth', 'registries.yaml'), 'ca.yaml');
    const r = await runBin(['lint', file, '--format', 'json', '--system-default-registry', 'harbor.kingsd.top']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = parseReport(r.stdout);
    expect(Object.keys(report)).toEqual(['tool', 'summary', 'findings']);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(report.tool).toEqual({ name: 'airgap-preflight', version: pkg.version });
    expect(Object.keys(report.summary)).toEqual(['pass', 'warn', 'fail', 'skip', 'error']);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(FINDING_KEYS);
      expect(['pass', 'warn', 'fail', 'skip', 'error']).toContain(f.status);
      expect(f.check).toMatch(/^[a-z][a-z0-9-]*$/);
    }
    const counts = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 } as Record<string, number>;
    for (const f of report.findings) counts[f.status as string]!++;
    expect(report.summary).toEqual(counts);
    expect(counts).toEqual({ pass: report.findings.length, warn: 0, fail: 0, skip: 0, error: 0 });
  });

  it('exits 1 when a check fails, with the failure located at file:line:col', async () => {
    const file = copy(path.join(LINT, 'endpoint-as-string', 'registries.yaml'), 'string-endpoint.yaml');
    const r = await runBin(['lint', file, '-f', 'json']);
    expect(r.code).toBe(1);
    const fails = parseReport(r.stdout).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => [f.check, f.location])).toEqual([['registries-types', { file, line: 3, column: 15 }]]);
  });

  it('exits 0 on warnings, 1 with --strict', async () => {
    const file = copy(path.join(SEED, 'http-auth', 'registries.yaml'), 'http.yaml');
    const plain = await runBin(['lint', file, '-f', 'json', '--system-default-registry', '3.96.56.137']);
    const strict = await runBin(['lint', file, '-f', 'json', '--system-default-registry', '3.96.56.137', '--strict']);
    expect(parseReport(plain.stdout).summary).toMatchObject({ warn: 1, fail: 0, error: 0 });
    expect([plain.code, strict.code]).toEqual([0, 1]);
  });
});

describe('bad input exits 2 with one line on stderr and no stack trace', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['lint', path.join(dir, 'nope.yaml')], /^airgap-preflight: .*nope\.yaml: no such file$/],
    ['a directory', () => ['lint', dir], /^airgap-preflight: .*is a directory/],
    ['an unknown format', () => ['lint', path.join(SEED, 'http-auth', 'registries.yaml'), '--format', 'xml'], /unknown format "xml"/],
    ['a bad --rancher-version', () => ['lint', path.join(SEED, 'http-auth', 'registries.yaml'), '--rancher-version', 'latest'], /--rancher-version/],
  ];
  it.each(cases)('%s', async (_name, argv, line) => {
    const r = await runBin(argv());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r)).toHaveLength(1);
    expect(stderrLines(r)[0]).toMatch(line);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('other formats and outputs', () => {
  it('junit: one testcase per finding, failures counted, well-formed', async () => {
    const file = copy(path.join(LINT, 'configs-keyed-by-mirror-name', 'registries.yaml'), 'junit.yaml');
    const json = parseReport((await runBin(['lint', file, '-f', 'json', '--rancher-version', 'v2.8.5'])).stdout);
    const r = await runBin(['lint', file, '-f', 'junit', '--rancher-version', 'v2.8.5']);
    expect(r.code).toBe(1);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(json.findings.length);
    expect(xml.match(/<failure /g)).toHaveLength(json.summary.fail!);
    expect(xml).toContain(`tests="${json.findings.length}" failures="${json.summary.fail}"`);
    expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length);
  });

  it('sarif: version 2.1.0, a result per finding, failures as level error with a location', async () => {
    const file = copy(path.join(LINT, 'configs-keyed-by-mirror-name', 'registries.yaml'), 'sarif.yaml');
    const r = await runBin(['lint', file, '-f', 'sarif', '--rancher-version', 'v2.8.5']);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('airgap-preflight');
    const errors = run.results.filter((x: { level: string }) => x.level === 'error');
    expect(errors.map((x: { ruleId: string; locations: { physicalLocation: { region: unknown } }[] }) => [x.ruleId, x.locations[0]!.physicalLocation.region])).toEqual([
      ['config-key-matches-endpoint', { startLine: 6, startColumn: 3 }],
    ]);
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
  });

  it('--output: json and junit to files, text on stdout', async () => {
    const file = copy(path.join(SEED, 'ca-signed-https-auth', 'registries.yaml'), 'outputs.yaml');
    const out = path.join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const r = await runBin(['lint', file, '-f', 'json', '-o', path.join(out, 'r.json'), '-f', 'junit', '-o', path.join(out, 'r.xml'), '-f', 'text', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Summary: 0 failed');
    expect(parseReport(readFileSync(path.join(out, 'r.json'), 'utf8')).summary.fail).toBe(0);
    expect(readFileSync(path.join(out, 'r.xml'), 'utf8')).toMatch(/^<\?xml/);
  });
});

describe('--save-facts / --from-facts', () => {
  it('replays to the same findings, and the saved folder holds no credential', async () => {
    const file = copy(path.join(LINT, 'username-and-auth', 'registries.yaml'), 'facts.yaml');
    const facts = path.join(dir, 'facts');
    const live = await runBin(['lint', file, '-f', 'json', '--save-facts', facts]);
    const replay = await runBin(['lint', file, '-f', 'json', '--from-facts', facts]);
    expect(live.code).toBe(0);
    expect(replay.code).toBe(live.code);
    expect(parseReport(replay.stdout).findings).toEqual(parseReport(live.stdout).findings);
    const saved = readdirSync(facts).map((n) => readFileSync(path.join(facts, n), 'utf8')).join('\n');
    expect(readdirSync(facts).sort()).toEqual(['meta.json', 'registriesFile.json', 'tlsFiles.json']);
    const secrets = ['Harbor12345', Buffer.from('admin:Harbor12345').toString('base64'), Buffer.from('Harbor12345').toString('base64')];
    for (const s of secrets) expect(saved).not.toContain(s);
    expect(saved).toContain('<redacted>');
  });
});

describe('lint loads no heavy modules', () => {
  it('never resolves dockerode, ora or undici (but does load yaml and commander)', async () => {
    const log = path.join(dir, 'modules.log');
    writeFileSync(log, '');
    const file = copy(path.join(SEED, 'ca-signed-https-auth', 'registries.yaml'), 'modules.yaml');
    const r = await runBin(['lint', file, '-f', 'json'], {
      env: { AGP_MODULE_LOG: log, NODE_OPTIONS: `--import=${path.join(ROOT, 'test', 'support', 'record-modules.mjs')}` },
    });
    expect(r.code).toBe(0);
    expect(existsSync(log)).toBe(true);
    const specifiers = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.slice(4));
    expect(specifiers).toContain('yaml');
    expect(specifiers).toContain('commander');
    expect(specifiers.filter((s) => /(^|\/)(dockerode|ora|undici)(\/|$)/.test(s))).toEqual([]);
  });
});
