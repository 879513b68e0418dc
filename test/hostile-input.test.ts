/**
 * Hostile and bad input, through the real binary as a subprocess (issue #6). Input that is not a
 * registries.yaml at all, and bad flags, give one clear stderr line and exit 2; YAML that K3s would
 * refuse is a lint finding (exit 1). Never a stack trace, never a hang (hard deadline), bounded
 * memory (peak RSS from GNU time).
 *
 * Unreadable files: tests run as root, and root ignores mode 000, so the permission case runs the
 * CLI as uid 65534 (nobody) through setpriv; a FIFO covers "a read that would block forever".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, hasStackTrace, runBin, stderrLines, type RunResult } from './support/subprocess.js';

/** Peak RSS allowed for any of these runs; an idle `node` is ~50 MiB here. */
const RSS_LIMIT_KB = 256 * 1024;
const DEADLINE_MS = 30_000;

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'hostile-'));
  chmodSync(dir, 0o755);
});

function expectBounded(r: RunResult) {
  expect(r.timedOut, 'process hung and was killed').toBe(false);
  expect(hasStackTrace(r.stderr + r.stdout), `stack trace in output:\n${r.stderr}`).toBe(false);
  if (r.peakRssKb !== null) expect(r.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
}

/** Exit 2 with exactly one stderr line (commander may add one "(Did you mean …?)" hint line). */
function expectUsageError(r: RunResult, line: RegExp) {
  expectBounded(r);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = stderrLines(r);
  expect(lines[0]).toMatch(line);
  expect(lines.slice(1).every((l) => /^\(Did you mean .+\?\)$/.test(l))).toBe(true);
  expect(lines.length).toBeLessThanOrEqual(2);
}

interface JsonReport {
  summary: Record<string, number>;
  findings: { check: string; status: string; message: string; location: { line: number; column: number } | null; data: Record<string, unknown> | null }[];
}

async function lintJson(p: string, extra: string[] = []): Promise<{ r: RunResult; report: JsonReport }> {
  const r = await runBin(['lint', p, '-f', 'json', ...extra], { timeoutMs: DEADLINE_MS });
  expectBounded(r);
  expect(r.stderr).toBe('');
  return { r, report: JSON.parse(r.stdout) as JsonReport };
}

/** No check crashed and no fact failed: hostile YAML is judged, not tripped over. */
function expectNoEngineErrors(report: JsonReport) {
  expect(report.findings.filter((f) => f.status === 'error')).toEqual([]);
}

describe('input that is not a registries.yaml: one line, exit 2', { timeout: 90_000 }, () => {
  it('a missing file', async () => {
    expectUsageError(await runBin(['lint', path.join(dir, 'nope.yaml')]), /^airgap-preflight: .*nope\.yaml: no such file$/);
  });

  it('a directory where the file should be (what docker -v creates for a missing host file)', async () => {
    const d = path.join(dir, 'registries.yaml.d');
    mkdirSync(d);
    expectUsageError(await runBin(['lint', d]), /^airgap-preflight: .*registries\.yaml\.d: is a directory, not a registries\.yaml file/);
  });

  it('a binary file (PNG header with NUL bytes)', async () => {
    const p = file('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 7)]));
    expectUsageError(await runBin(['lint', p]), /^airgap-preflight: .*logo\.png: binary data, not a YAML text file$/);
  });

  it('a 50 MB file is refused without being read into memory', async () => {
    const p = path.join(dir, 'huge.yaml');
    writeFileSync(p, Buffer.alloc(50 * 1024 * 1024, 'a: b\n'));
    const r = await runBin(['lint', p]);
    expectUsageError(r, /^airgap-preflight: .*huge\.yaml: 52428800 bytes is too large for a registries\.yaml \(limit 1048576 bytes\)$/);
    if (r.peakRssKb !== null) expect(r.peakRssKb).toBeLessThan(120 * 1024);
  });

  it('a FIFO (a read that would block forever) is refused at once', async () => {
    const p = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [p]);
    const r = await runBin(['lint', p], { timeoutMs: 10_000 });
    expectUsageError(r, /^airgap-preflight: .*fifo\.yaml: not a regular file$/);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a character device is refused', async () => {
    expectUsageError(await runBin(['lint', '/dev/zero']), /^airgap-preflight: \/dev\/zero: not a regular file$/);
  });

  it('an unreadable file (mode 000, run as uid 65534)', async () => {
    const p = file('secret.yaml', 'mirrors: {}\n');
    chmodSync(p, 0o000);
    const r = await runBin(['lint', p], { uid: 65534 });
    expectUsageError(r, /^airgap-preflight: .*secret\.yaml: permission denied$/);
  });

  it('a file inside an unreadable directory (run as uid 65534)', async () => {
    const d = path.join(dir, 'locked');
    mkdirSync(d);
    writeFileSync(path.join(d, 'r.yaml'), 'mirrors: {}\n');
    chmodSync(d, 0o700);
    expectUsageError(await runBin(['lint', path.join(d, 'r.yaml')], { uid: 65534 }), /^airgap-preflight: .*r\.yaml: permission denied$/);
  });
});

describe('bad flags and flag values: one line, exit 2', { timeout: 90_000 }, () => {
  let good: string;
  beforeAll(() => {
    good = file('good.yaml', 'mirrors:\n  "harbor.example.com":\n    endpoint:\n      - "https://harbor.example.com"\n');
  });
  const cases: [string, (g: string) => string[], RegExp][] = [
    ['--format xml', (g) => ['lint', g, '--format', 'xml'], /^airgap-preflight: unknown format "xml" \(use one of: text, json, junit, sarif\)$/],
    ['-f with no value', (g) => ['lint', g, '-f'], /^error: option '-f, --format <format>' argument missing$/],
    ['--timeout abc', (g) => ['registry', g, '--timeout', 'abc'], /^airgap-preflight: --timeout: "abc" is not a duration \(e\.g\. 500ms, 10s, 2m\)$/],
    ['--timeout -5s', (g) => ['registry', g, '--timeout=-5s'], /^airgap-preflight: --timeout: "-5s" is not a duration/],
    ['--wait soon', (g) => ['health', g, '--wait', 'soon'], /^airgap-preflight: --wait: "soon" is not a duration/],
    ['--rancher-version 2.x', (g) => ['lint', g, '--rancher-version', '2.x'], /^airgap-preflight: --rancher-version: "2\.x" is not a version like v2\.8\.5$/],
    ['--concurrency 0', (g) => ['registry', g, '--concurrency', '0'], /^airgap-preflight: --concurrency: "0" must be a whole number from 1 to 1024$/],
    ['--concurrency abc', (g) => ['registry', g, '--concurrency', 'abc'], /^airgap-preflight: --concurrency: "abc" must be a whole number from 1 to 1024$/],
    ['--concurrency 1e9', (g) => ['registry', g, '--concurrency', '1e9'], /^airgap-preflight: --concurrency: "1e9" must be a whole number from 1 to 1024$/],
    ['--lang fr', (g) => ['lint', g, '--lang', 'fr'], /^airgap-preflight: --lang: "fr" is not supported \(use en or zh-CN\)$/],
    ['a misspelt option', (g) => ['lint', g, '--formt', 'json'], /^error: unknown option '--formt'$/],
    ['a misspelt command', () => ['lnit'], /^error: unknown command 'lnit'$/],
    ['plan without a file', () => ['plan'], /^error: missing required argument 'file'$/],
    ['two machine formats on stdout', (g) => ['lint', g, '-f', 'json', '-f', 'sarif'], /^airgap-preflight: at most one format can go to stdout; give the others an --output FILE$/],
    ['--output into a missing directory', (g) => ['lint', g, '-f', 'json', '-o', '/nonexistent-dir/x.json'], /^airgap-preflight: --output \/nonexistent-dir\/x\.json: cannot write, no directory \/nonexistent-dir$/],
    ['--from-facts on a missing directory', (g) => ['lint', g, '--from-facts', '/nonexistent-facts'], /^airgap-preflight: --from-facts \/nonexistent-facts: no such directory$/],
    ['--save-facts below a regular file', (g) => ['lint', g, '--save-facts', `${g}/facts`], /^airgap-preflight: --save-facts .*good\.yaml\/facts: /],
  ];
  for (const [name, args, line] of cases) {
    it(name, async () => {
      expectUsageError(await runBin(args(good), { timeoutMs: DEADLINE_MS }), line);
    });
  }

  it('--from-facts with a file that is not JSON', async () => {
    const d = path.join(dir, 'facts-garbage');
    mkdirSync(d);
    writeFileSync(path.join(d, 'registriesFile.json'), '{"ok": tru');
    expectUsageError(await runBin(['lint', good, '--from-facts', d]), /^airgap-preflight: --from-facts .*registriesFile\.json: not valid JSON/);
  });

  it('--from-facts with JSON that is not a saved fact', async () => {
    const d = path.join(dir, 'facts-wrong');
    mkdirSync(d);
    writeFileSync(path.join(d, 'registriesFile.json'), '[1,2,3]');
    expectUsageError(await runBin(['lint', good, '--from-facts', d]), /^airgap-preflight: --from-facts .*registriesFile\.json: not a saved fact/);
  });
});

describe('YAML K3s would refuse: a lint finding, exit 1, bounded', { timeout: 90_000 }, () => {
  it('malformed YAML names the line', async () => {
    const { r, report } = await lintJson(file('malformed.yaml', 'mirrors:\n  "harbor.example.com":\n    endpoint: [ "https://harbor.example.com"\n'));
    expect(r.code).toBe(1);
    const f = report.findings.filter((x) => x.check === 'yaml-syntax');
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.status === 'fail' && x.location !== null && x.location.line >= 3)).toBe(true);
    expectNoEngineErrors(report);
  });

  const tooLarge = async (name: string, text: string) => {
    const { r, report } = await lintJson(file(name, text));
    expect(r.code).toBe(1);
    expect(report.findings.filter((x) => x.check === 'yaml-syntax').map((x) => [x.status, x.data?.code])).toEqual([['fail', 'TOO_LARGE']]);
    expectNoEngineErrors(report);
    return r;
  };

  it('a billion-laughs alias bomb is refused, not expanded', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(97 + i - 1);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const r = await tooLarge('bomb.yaml', lines.join('\n') + '\n');
    expect(r.ms).toBeLessThan(10_000);
  });

  it('an alias bomb hidden inside mirrors', async () => {
    const text = 'x: &x ["https://a", "https://a", "https://a", "https://a", "https://a", "https://a", "https://a", "https://a"]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y]\nw: &w [*z,*z,*z,*z,*z,*z,*z,*z]\nv: &v [*w,*w,*w,*w,*w,*w,*w,*w]\nmirrors:\n  "harbor.example.com":\n    endpoint: [*v, *v, *v, *v]\n';
    await tooLarge('bomb-mirrors.yaml', text);
  });

  it('20 000 levels of flow nesting', async () => {
    await tooLarge('deep-flow.yaml', `mirrors: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
  });

  it('500 000 levels of flow nesting in under 1 MB: refused before the parser builds them (memory bounded)', async () => {
    // Before the pre-scan in parseYaml this took ~8 s and ~600 MB of RSS inside the yaml library.
    const r = await tooLarge('deeper-flow.yaml', `mirrors: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`);
    if (r.peakRssKb !== null) expect(r.peakRssKb).toBeLessThan(150 * 1024);
  });

  it('600 levels of block nesting', async () => {
    let s = '';
    for (let i = 0; i < 600; i++) s += `${' '.repeat(i)}k${i}:\n`;
    await tooLarge('deep-block.yaml', s);
  });

  it('a file just under the size limit with thousands of entries finishes in bounded time', async () => {
    let s = 'mirrors:\n';
    for (let i = 0; i < 8000; i++) s += `  "h${i}.example.com":\n    endpoint: ["https://h${i}.example.com:${(i % 60000) + 1}"]\n`;
    s += 'configs:\n';
    for (let i = 0; i < 3000; i++) s += `  "h${i}.example.com:${(i % 60000) + 1}":\n    tls: {insecure_skip_verify: true}\n`;
    expect(s.length).toBeLessThan(1024 * 1024);
    const { r, report } = await lintJson(file('many.yaml', s));
    expect([0, 1]).toContain(r.code);
    expectNoEngineErrors(report);
    expect(r.ms).toBeLessThan(25_000);
  });
});

describe('wrong types and odd documents: judged, never crashed on', { timeout: 90_000 }, () => {
  const docs: [string, string][] = [
    ['empty file', ''],
    ['only a comment', '# nothing here\n'],
    ['a top-level list', '- mirrors\n- configs\n'],
    ['a top-level scalar', 'just a string\n'],
    ['null sections', 'mirrors:\nconfigs:\n'],
    ['numbers for sections', 'mirrors: 5\nconfigs: 3.14\n'],
    ['lists for maps', 'mirrors: [a, b]\nconfigs: [c]\n'],
    ['a mirror that is a scalar', 'mirrors:\n  docker.io: yes\n'],
    ['endpoint as a string (K3s fails to start)', 'mirrors:\n  docker.io:\n    endpoint: "https://harbor.example.com"\n'],
    ['endpoint list of maps and numbers', 'mirrors:\n  docker.io:\n    endpoint: [{a: 1}, 42, null, true, [x]]\n'],
    ['rewrite as a list', 'mirrors:\n  docker.io:\n    endpoint: ["https://h.example.com"]\n    rewrite: ["^a", "b"]\n'],
    ['auth as a scalar', 'configs:\n  h.example.com:\n    auth: true\n'],
    ['auth fields as maps and lists', 'configs:\n  h.example.com:\n    auth: {username: {a: 1}, password: [1, 2], auth: 12345, identity_token: null}\n'],
    ['tls fields of every wrong type', 'configs:\n  h.example.com:\n    tls: {ca_file: [a], cert_file: 7, key_file: {x: y}, insecure_skip_verify: "yes please"}\n'],
    ['keys that are not strings', 'mirrors:\n  ? [a, b]\n  : {endpoint: [x]}\n  123: {endpoint: [y]}\n  null: {endpoint: [z]}\n  true: {endpoint: [w]}\n'],
    ['empty-string keys and endpoints', 'mirrors:\n  "": {endpoint: [""]}\nconfigs:\n  "": {tls: {ca_file: ""}}\n'],
    ['endpoints that are not URLs', 'mirrors:\n  docker.io:\n    endpoint: ["://", "https://", "http://[::1", "ftp://x", "https://h:99999999/v2", "https://h/%zz", "\\u0000"]\n'],
    ['merge keys and anchors', 'base: &b {endpoint: ["https://h.example.com"]}\nmirrors:\n  docker.io:\n    <<: *b\n  quay.io: *b\n'],
    ['a merge key inside a complex key', '? <<: x\n: y\nmirrors:\n  ? {<<: [1]}\n  : {endpoint: [a]}\n'],
    ['a self-referencing anchor', 'a: &a\n  b: *a\nmirrors: *a\n'],
    ['tags and odd scalars', 'mirrors: !!map\n  docker.io: !!map\n    endpoint: !!seq [!!binary aGVsbG8=, !!timestamp 2001-12-14, .inf, 0x1F, 0o17, ~]\n'],
    ['several documents', 'mirrors: {}\n---\nconfigs: {}\n---\n- x\n'],
    ['invalid UTF-8 and control characters', Buffer.from([0x6d, 0x69, 0x72, 0x72, 0x6f, 0x72, 0x73, 0x3a, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]).toString('latin1')],
    ['a byte-order mark and CRLF', '\ufeffmirrors:\r\n  docker.io:\r\n    endpoint:\r\n      - "https://h.example.com"\r\n'],
    ['a very long line', `mirrors:\n  docker.io:\n    endpoint: ["https://${'a'.repeat(200_000)}.example.com"]\n`],
    ['10 000 duplicate keys', `mirrors:\n${'  docker.io: {endpoint: ["https://h.example.com"]}\n'.repeat(10_000)}`],
  ];
  for (const [name, text] of docs) {
    it(name, async () => {
      const p = path.join(dir, `odd-${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(p, text, text.includes('\ufffd') ? 'utf8' : 'latin1');
      const { r, report } = await lintJson(p);
      expect([0, 1]).toContain(r.code);
      expectNoEngineErrors(report);
      expect(report.findings.length).toBeGreaterThan(0);
      // The same file through plan must not crash either (exit 0/1, or 2 with one line).
      const plan = await runBin(['plan', p], { timeoutMs: DEADLINE_MS });
      expectBounded(plan);
      expect([0, 1, 2]).toContain(plan.code);
      if (plan.code === 2) expect(stderrLines(plan).length).toBe(1);
    });
  }
});

describe('TLS files that are not what they claim: a lint finding, never a crash', { timeout: 90_000 }, () => {
  let pemDir: string;
  let cert: string;
  let key: string;
  let otherKey: string;
  beforeAll(() => {
    pemDir = path.join(dir, 'pem');
    mkdirSync(pemDir);
    chmodSync(pemDir, 0o755);
    key = path.join(pemDir, 'client.key');
    cert = path.join(pemDir, 'client.crt');
    otherKey = path.join(pemDir, 'other.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', '/CN=client', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', otherKey], { stdio: 'ignore' });
  });
  const tlsYaml = (tls: Record<string, string>) =>
    `mirrors:\n  "h.example.com":\n    endpoint: ["https://h.example.com"]\nconfigs:\n  "h.example.com":\n    tls:\n${Object.entries(tls)
      .map(([k, v]) => `      ${k}: "${v}"`)
      .join('\n')}\n`;
  const tlsFindings = async (tls: Record<string, string>, o: { uid?: number } = {}) => {
    const p = file(`tls-${Math.random().toString(36).slice(2, 8)}.yaml`, tlsYaml(tls));
    chmodSync(p, 0o644);
    const r = await runBin(['lint', p, '-f', 'json'], { timeoutMs: DEADLINE_MS, uid: o.uid });
    expectBounded(r);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expectNoEngineErrors(report);
    return report.findings.filter((f) => f.check === 'tls-files' && f.status !== 'pass');
  };

  it('a CA file that is not PEM (DER bytes, a text note)', async () => {
    const der = path.join(pemDir, 'ca.der');
    execFileSync('openssl', ['x509', '-in', cert, '-outform', 'der', '-out', der]);
    const note = file('ca-note.txt', 'ask the security team for the CA\n');
    for (const p of [der, note]) {
      const f = await tlsFindings({ ca_file: p });
      expect(f.map((x) => x.status)).toEqual(['fail']);
      expect(f[0]!.message).toMatch(/is not PEM|holds no certificate/);
    }
  });

  it('a PEM block that is corrupt inside', async () => {
    const bad = file('ca-corrupt.pem', `-----BEGIN CERTIFICATE-----\nTUlJQm9nd3M=\n-----END CERTIFICATE-----\n`);
    const f = await tlsFindings({ ca_file: bad });
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0]!.message).toMatch(/holds no certificate/);
  });

  it('a key that does not match its certificate', async () => {
    const f = await tlsFindings({ cert_file: cert, key_file: otherKey });
    expect(f.filter((x) => x.status === 'fail').map((x) => x.message)).toEqual([
      `key_file "${otherKey}" does not belong to cert_file "${cert}" in configs."h.example.com", so the TLS handshake fails ("private key does not match public key").`,
    ]);
  });

  it('a directory, a FIFO and a device where the CA file should be', async () => {
    const d = path.join(pemDir, 'ca-dir');
    mkdirSync(d);
    const fifo = path.join(pemDir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect((await tlsFindings({ ca_file: d }))[0]!.message).toMatch(/is a directory/);
    expect((await tlsFindings({ ca_file: fifo }))[0]!.message).toMatch(/cannot be read|not a regular file/);
    expect((await tlsFindings({ ca_file: '/dev/zero' }))[0]!.message).toMatch(/cannot be read|not a regular file/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an unreadable CA file (mode 000, run as uid 65534)', async () => {
    const locked = path.join(pemDir, 'ca-locked.pem');
    execFileSync('cp', [cert, locked]);
    chmodSync(locked, 0o000);
    const f = await tlsFindings({ ca_file: locked }, { uid: 65534 });
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0]!.message).toMatch(/cannot be read \(permission denied\)/);
  });

  it('a 50 MB CA file is refused by size, not read', async () => {
    const big = path.join(pemDir, 'ca-big.pem');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 'A'));
    const f = await tlsFindings({ ca_file: big });
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0]!.message).toMatch(/too large/);
  });
});
