import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chown, copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { FIX_FIXTURES, argsFor, cli, fixJson, listFixCases, readFixArgs, tempFile } from './support/fix-fixtures.js';
import { makeCertsDir } from './support/lint-fixtures.js';
import { exitCodeFor, summarize } from '../src/check-runner.js';
import { ALL_CHECKS } from '../checks/index.js';
import { fixLoop } from '../src/fix/engine.js';
import { unifiedDiff } from '../src/fix/diff.js';
import type { Finding } from '../src/types.js';

// UPDATE_FIX_FIXTURES=1 (re)writes fixed.yaml and expected.json from the current output; review the diff.
const UPDATE = process.env.UPDATE_FIX_FIXTURES === '1';
const cases = await listFixCases();
const SEED = path.resolve(import.meta.dirname, '../fixtures/seed');
const problems = (fs: Finding[]) => fs.filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error');
const relabel = <T>(v: T, dir: string): T => JSON.parse(JSON.stringify(v).split(dir).join('$DIR')) as T;

describe('fixtures/fix: every fixable check repairs its cases', () => {
  it('covers every check that declares fixable messages, and only those', () => {
    const fixable = ALL_CHECKS.filter((c) => c.fixable?.length).map((c) => c.id).sort();
    expect([...new Set(cases.map(([check]) => check))].sort()).toEqual(fixable);
    for (const c of ALL_CHECKS) for (const id of c.fixable ?? []) expect(c.messages[id], `${c.id} fixable ${id}`).toBeTypeOf('string');
  });

  for (const [check, name] of cases) {
    it(`${check}/${name}`, async () => {
      const dir = path.join(FIX_FIXTURES, check, name);
      const args = await readFixArgs(dir);
      const before = await readFile(path.join(dir, 'registries.yaml'), 'utf8');
      const { dir: tmp, file } = await tempFile(before);
      const run = await fixJson(file, args);
      expect(run.stderr).toBe('');
      const after = await readFile(file, 'utf8');
      const result = relabel({ fixes: run.report.fixes, remaining: problems(run.report.findings) }, tmp);
      if (UPDATE || !existsSync(path.join(dir, 'expected.json'))) {
        await writeFile(path.join(dir, 'fixed.yaml'), after);
        await writeFile(path.join(dir, 'expected.json'), JSON.stringify(result, null, 2) + '\n');
        if (!UPDATE) throw new Error(`${check}/${name}: fixed.yaml and expected.json were missing and have been written; review them`);
      }
      // (a) --fix writes exactly fixed.yaml, reports exactly the expected fixes and remaining findings.
      expect(after).toBe(await readFile(path.join(dir, 'fixed.yaml'), 'utf8'));
      expect(after).not.toBe(before);
      expect(result).toEqual(JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')));
      expect(run.report.fixes!.some((f) => f.check === check)).toBe(true);
      // Every certain fix of the case was applied, and what was written parses back without an error or warning.
      expect(run.report.fixesRefused).toEqual([]);
      const back = parseDocument(after, { version: '1.1', uniqueKeys: false });
      expect([...back.errors, ...back.warnings].map((e) => e.message)).toEqual([]);
      expect(run.code).toBe(exitCodeFor(summarize(run.report.findings), false));
      // (b) lint of fixed.yaml: no problem of that check is left.
      const lint = await cli(['lint', file, '--format', 'json', ...argsFor(args)]);
      const findings = (JSON.parse(lint.stdout) as { findings: Finding[] }).findings;
      expect(problems(findings).filter((f) => f.check === check)).toEqual([]);
      // (c) a second --fix changes nothing.
      const again = await fixJson(file, args);
      expect(again.report.fixes).toEqual([]);
      expect(await readFile(file, 'utf8')).toBe(after);
      expect(again.code).toBe(run.code);
    });
  }
});

describe('yaml-lost-indentation/repeated-host: every name written twice in the flattened top level', () => {
  const dir = path.join(FIX_FIXTURES, 'yaml-lost-indentation', 'repeated-host');
  it('the input repeats its keys at the top level; the fixed file parses with unique keys into the meant setup and lints clean', async () => {
    const before = await readFile(path.join(dir, 'registries.yaml'), 'utf8');
    // What makes this case: the flattened top level holds both hosts and `endpoint` twice (path edits through them are refused).
    expect(parseDocument(before).errors.map((e) => e.code)).toEqual(['DUPLICATE_KEY', 'DUPLICATE_KEY', 'DUPLICATE_KEY']);
    const fixed = await readFile(path.join(dir, 'fixed.yaml'), 'utf8');
    const doc = parseDocument(fixed);
    expect([...doc.errors, ...doc.warnings]).toEqual([]);
    expect(doc.toJS()).toEqual({
      mirrors: { 'harbor.example.com': { endpoint: ['https://harbor.example.com'] }, 'registry.example.com:5000': { endpoint: ['https://registry.example.com:5000'] } },
      configs: { 'harbor.example.com': { auth: { username: 'admin', password: 'Harbor12345' } }, 'registry.example.com:5000': { tls: { insecure_skip_verify: true } } },
    });
    // Only the indentation changed: same lines, same comments.
    expect(fixed.split('\n').map((l) => l.trim())).toEqual(before.split('\n').map((l) => l.trim()));
    const { file } = await tempFile(fixed);
    const lint = await cli(['lint', file, '--format', 'json', ...argsFor(await readFixArgs(dir))]);
    expect(lint.code).toBe(0);
    expect(problems((JSON.parse(lint.stdout) as { findings: Finding[] }).findings)).toEqual([]);
  });
});

describe("the seed article's three listings as printed", () => {
  let certs = '';
  beforeAll(async () => {
    // Setup 2 names /opt/certs/{ca.crt,harbor.kingsd.top.cert,harbor.kingsd.top.key}: real files under that layout.
    const made = await makeCertsDir();
    certs = await mkdtemp(path.join(tmpdir(), 'agp-fix-seed-certs-'));
    await copyFile(path.join(made, 'ca.crt'), path.join(certs, 'ca.crt'));
    await copyFile(path.join(made, 'client.crt'), path.join(certs, 'harbor.kingsd.top.cert'));
    await copyFile(path.join(made, 'client.key'), path.join(certs, 'harbor.kingsd.top.key'));
  });
  const seeds: [string, string[]][] = [
    ['ca-signed-https-auth', ['--system-default-registry', 'harbor.kingsd.top', '--rancher-version', 'v2.5.8']],
    ['self-signed-https-auth', ['--system-default-registry', 'harbor.kingsd.top', '--rancher-version', 'v2.5.8']],
    ['http-auth', ['--system-default-registry', '3.96.56.137', '--rancher-version', 'v2.5.8']],
  ];
  const noSpace = (s: string) => s.replace(/\s+/g, '');
  for (const [name, opts] of seeds) {
    it(`${name}: --fix gives the correct setup (except whitespace), lint passes, a second run changes nothing`, async () => {
      const sub = (s: string) => s.split('/opt/certs').join(certs);
      const printed = sub(await readFile(path.join(SEED, name, 'as-printed.yaml'), 'utf8'));
      const correct = sub(await readFile(path.join(SEED, name, 'registries.yaml'), 'utf8'));
      // The listing as printed is broken: lint fails on it.
      const { file } = await tempFile(printed);
      expect((await cli(['lint', file, ...opts])).code).toBe(1);
      const run = await cli(['lint', file, '--fix', ...opts]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const fixed = await readFile(file, 'utf8');
      expect(parse(fixed)).toEqual(parse(correct));
      expect(noSpace(fixed)).toBe(noSpace(correct));
      expect((await cli(['lint', file, ...opts])).code).toBe(0);
      const again = await cli(['lint', file, '--fix', ...opts]);
      expect(again.code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(fixed);
      // The text report names each applied fix; the second run says there was nothing to fix.
      expect(run.stdout.split('\n').filter((l) => l.startsWith('Fixed '))).toEqual([
        expect.stringMatching(/^Fixed yaml-lost-indentation \(line 1\): `mirrors:` has nothing under it/),
        expect.stringMatching(/^Fixed yaml-lost-indentation \(line 6\): `configs:` has nothing under it/),
      ]);
      expect(again.stdout).toContain('lint --fix: nothing to fix automatically.');
    });
  }

  it('comments of the user survive, on their own lines and after values', async () => {
    const printed = (await readFile(path.join(SEED, 'ca-signed-https-auth', 'as-printed.yaml'), 'utf8'))
      .replace('configs:\n', '# credentials below: rotate every 90 days\nconfigs:\n')
      .replace('- "https://harbor.kingsd.top"', '- "https://harbor.kingsd.top" # the only endpoint');
    const { file } = await tempFile(printed);
    const run = await cli(['lint', file, '--fix', '--system-default-registry', 'harbor.kingsd.top', '--rancher-version', 'v2.5.8']);
    expect(run.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(
      [
        'mirrors:',
        '  # 私有仓库域名',
        '  harbor.kingsd.top:',
        '    endpoint:',
        '      - "https://harbor.kingsd.top" # the only endpoint',
        '# credentials below: rotate every 90 days',
        'configs:',
        '  "harbor.kingsd.top":',
        '    auth:',
        '      username: admin # 这是私有镜像仓库的用户名',
        '      password: Password # 这是私有镜像仓库的密码',
        '',
      ].join('\n'),
    );
  });
});

describe('mirror-key-format: only a key written as a URL is renamed', () => {
  it('a key with a project path, with or without a scheme, is left as written (exit 1, fixes [])', async () => {
    for (const key of ['https://harbor.example.com/library', 'harbor.example.com/library']) {
      const text = `mirrors:\n  "${key}":\n    endpoint:\n      - "https://harbor.example.com"\n`;
      const { file } = await tempFile(text);
      const run = await fixJson(file, { rancherVersion: 'v2.9.2' });
      expect([run.code, run.report.fixes, run.report.fixesRefused], key).toEqual([1, [], []]);
      expect(problems(run.report.findings).map((f) => [f.check, f.messageId]), key).toEqual([['mirror-key-format', key.includes('://') ? 'scheme' : 'path']]);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  });
});

describe('lint --fix writes safely', () => {
  it('keeps mode 0600 and 0640, and the owner and group', async () => {
    for (const mode of [0o600, 0o640]) {
      const { file } = await tempFile('mirrors:\n  "harbor.example.com":\n    endpoints:\n      - "https://harbor.example.com"\n', mode);
      if (process.getuid?.() === 0) await chown(file, 4242, 4343);
      const before = await stat(file);
      const run = await cli(['lint', file, '--fix']);
      expect(run.stderr).toBe('');
      const after = await stat(file);
      expect(after.mode & 0o7777).toBe(mode);
      expect([after.uid, after.gid]).toEqual([before.uid, before.gid]);
      expect(after.ino).not.toBe(before.ino); // a new file renamed over the old one (atomic), not rewritten in place
      expect(await readFile(file, 'utf8')).toBe('mirrors:\n  "harbor.example.com":\n    endpoint:\n      - "https://harbor.example.com"\n');
      // No temporary file is left beside it.
      await expect((await import('node:fs/promises')).readdir(path.dirname(file))).resolves.toEqual(['registries.yaml']);
    }
  });

  it('follows a symlink: the target is replaced, the link stays a link', async () => {
    const { dir, file } = await tempFile('mirror:\n  "h.example.com":\n    endpoint:\n      - "https://h.example.com"\n');
    const link = path.join(dir, 'link.yaml');
    await (await import('node:fs/promises')).symlink(file, link);
    expect((await cli(['lint', link, '--fix'])).code).toBe(0);
    expect((await (await import('node:fs/promises')).lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('mirrors:\n  "h.example.com":\n    endpoint:\n      - "https://h.example.com"\n');
  });

  it('never changes the characters of a credential: quoted in place, moved by path, re-nested', async () => {
    // Each password as the user meant it, and how the file wrote it.
    const secrets = ["&it's-a:secret", '@S3cr3t!pa55', '*star"quote'];
    const text = [
      'mirrors:',
      '  "a.example.com":',
      '    endpoint:',
      '      - "https://a.example.com"',
      '  "b.example.com":',
      '    endpoint:',
      '      - "https://b.example.com"',
      '  "c.example.com":',
      '    endpoint:',
      '      - "https://c.example.com"',
      'configs:',
      '  "a.example.com":',
      '    auth:',
      '      username: admin',
      `      password: ${secrets[0]}`,
      '  "b.example.com":',
      '    username: admin',
      `    password: ${secrets[1]}`,
      '  "c.example.com":',
      '    auth:',
      '      username: admin',
      `      password: '${secrets[2]}'`,
      '',
    ].join('\n');
    const { file } = await tempFile(text);
    const run = await fixJson(file, {});
    expect(run.stderr).toBe('');
    const fixed = parse(await readFile(file, 'utf8')) as { configs: Record<string, { auth: { password: string } }> };
    expect(['a.example.com', 'b.example.com', 'c.example.com'].map((h) => fixed.configs[h]!.auth.password)).toEqual(secrets);
    expect(run.report.fixes!.map((f) => `${f.check}:${f.messageId}`).sort()).toEqual(['auth-yaml-quoting:indicator', 'registries-schema:missingLevel', 'yaml-syntax:indicatorValue']);
    // No report carries a secret.
    for (const s of secrets) expect(JSON.stringify(run.report)).not.toContain(s);
  });
});

describe('lint --fix-dry-run', () => {
  it('prints the unified diff --fix would write, changes nothing, and patch(1) applies it', async () => {
    const text = 'mirrors:\n  "harbor.example.com":\n    endpoint: "https://harbor.example.com/" # the registry\n';
    const { dir, file } = await tempFile(text);
    const before = await stat(file);
    const run = await cli(['lint', file, '--fix-dry-run', '--rancher-version', 'v2.5.8']);
    expect(run.stderr).toBe('');
    const name = file.replace(/^\//, '');
    expect(run.stdout).toBe(
      [`--- a/${name}`, `+++ b/${name}`, '@@ -1,3 +1,4 @@', ' mirrors:', '   "harbor.example.com":', '-    endpoint: "https://harbor.example.com/" # the registry', '+    endpoint:', '+      - "https://harbor.example.com" # the registry', ''].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    // The diff is real: patch applies it and gives what --fix writes.
    const copy = path.join(dir, 'copy.yaml');
    await writeFile(copy, text);
    execFileSync('patch', ['-s', copy], { input: run.stdout });
    await cli(['lint', file, '--fix', '--rancher-version', 'v2.5.8']);
    expect(await readFile(copy, 'utf8')).toBe(await readFile(file, 'utf8'));
  });

  it('reads - (stdin) and prints the diff; with nothing to fix it prints nothing', async () => {
    const { Readable } = await import('node:stream');
    const run = async (text: string) => {
      let out = '';
      const code = await (await import('../src/cli.js')).main({ argv: ['lint', '-', '--fix-dry-run'], env: {}, stdin: Readable.from([text]), stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } });
      return { code, out };
    };
    expect(await run('mirror:\n  "h.example.com":\n    endpoint:\n      - "https://h.example.com"\n')).toEqual({
      code: 0,
      out: ['--- a/registries.yaml', '+++ b/registries.yaml', '@@ -1,4 +1,4 @@', '-mirror:', '+mirrors:', '   "h.example.com":', '     endpoint:', '       - "https://h.example.com"', ''].join('\n'),
    });
    expect(await run('mirrors:\n  "h.example.com":\n    endpoint:\n      - "https://h.example.com"\n')).toEqual({ code: 0, out: '' });
  });
});

describe('lint --fix: usage and refusals', () => {
  it('refuses bad combinations with one line and exit 2', async () => {
    const { file } = await tempFile('mirrors: {}\n');
    expect(await cli(['lint', file, '--fix', '--fix-dry-run'])).toEqual({ code: 2, stdout: '', stderr: 'airgap-preflight: --fix and --fix-dry-run exclude each other: choose one\n' });
    expect((await cli(['lint', '-', '--fix'])).stderr).toBe('airgap-preflight: --fix rewrites a file, and "-" is stdin: give the file, or use --fix-dry-run to see the changes\n');
    expect((await cli(['lint', file, '--fix', '--lang', 'zh-CN', '--fix-dry-run'])).stderr).toBe('airgap-preflight: --fix 与 --fix-dry-run 互斥：请只选一个\n');
    expect((await cli(['registry', file, '--fix'])).code).toBe(2); // lint only
  });

  it('names the applied fixes in zh-CN', async () => {
    const { file } = await tempFile('mirrors:\n  "h.example.com":\n    endpoints:\n      - "https://h.example.com"\n');
    const run = await cli(['lint', file, '--fix', '--lang', 'zh-CN']);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('已修复'))).toEqual([expect.stringMatching(/^已修复 registries-schema（第 3 行）：/)]);
  });

  const finding = (fix: unknown): Finding => ({ check: 'registries-schema', status: 'fail', severity: 'error', target: null, message: 'm', messageId: 'typo', args: null, remediation: null, location: null, data: { fix } });

  it('refuses a fix whose result does not parse back, and one that never settles', async () => {
    // A lint whose fix breaks the file: quoting half of a key leaves an unclosed quote.
    const breaking = async () => [finding({ edits: [{ op: 'quote', line: 1, column: 1, length: 3, style: 'double' }] })];
    await expect(fixLoop('mirrors: {}\n', breaking, ALL_CHECKS)).rejects.toMatchObject({ reason: 'unparsable', message: 'Unexpected scalar token at line 1, column 6:' });
    // A lint that always proposes another change.
    let n = 0;
    const restless = async () => [finding({ edits: [{ op: 'set', path: ['mirrors', 'x', 'endpoint'], value: [`https://h${n++}.example.com`] }] })];
    await expect(fixLoop('mirrors: {}\n', restless, ALL_CHECKS)).rejects.toMatchObject({ reason: 'noFixedPoint' });
    // 10 passes applied, then the 11th lint still finds a fix: refused.
    expect(n).toBe(11);
  });

  it('applies only certain fixes: not with alternatives, not of a message the check does not declare fixable', async () => {
    const lint = (f: Finding) => async () => [f];
    const set = { edits: [{ op: 'set', path: ['mirrors', 'x', 'endpoint'], value: ['https://h.example.com'] }] };
    expect((await fixLoop('mirrors: {}\n', lint({ ...finding(set), data: { fix: set, alternatives: [set] } }), ALL_CHECKS)).text).toBe('mirrors: {}\n');
    expect((await fixLoop('mirrors: {}\n', lint({ ...finding(set), messageId: 'unknown' }), ALL_CHECKS)).text).toBe('mirrors: {}\n');
    expect((await fixLoop('mirrors: {}\n', lint({ ...finding(set), status: 'pass' }), ALL_CHECKS)).text).toBe('mirrors: {}\n');
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with context and the no-newline marker, and nothing for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'f')).toBe('');
    const a = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const b = a.replace('l2\n', 'L2\n').replace('l11\n', 'L11\n');
    expect(unifiedDiff(a, b, 'f')).toBe(['--- a/f', '+++ b/f', '@@ -1,5 +1,5 @@', ' l1', '-l2', '+L2', ' l3', ' l4', ' l5', '@@ -8,5 +8,5 @@', ' l8', ' l9', ' l10', '-l11', '+L11', ' l12', ''].join('\n'));
    expect(unifiedDiff('x', 'x\n', 'f')).toBe(['--- a/f', '+++ b/f', '@@ -1 +1 @@', '-x', '\\ No newline at end of file', '+x', ''].join('\n'));
  });

  it('is a diff patch(1) applies, on random edits', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'agp-diff-'));
    await mkdir(dir, { recursive: true });
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 40; k++) {
      const a = Array.from({ length: rnd(30) }, () => `w${rnd(6)}`);
      const b = a.flatMap((l) => (rnd(5) === 0 ? [] : rnd(6) === 0 ? [l, `n${rnd(4)}`] : [rnd(7) === 0 ? `c${rnd(3)}` : l]));
      const A = a.join('\n') + (a.length ? '\n' : '');
      const B = b.join('\n') + (b.length ? '\n' : '');
      const f = path.join(dir, 'f');
      await writeFile(f, A);
      const d = unifiedDiff(A, B, 'f');
      if (d) execFileSync('patch', ['-s', f], { input: d });
      expect(await readFile(f, 'utf8')).toBe(B);
    }
  });
});

describe('docs of fixable checks', () => {
  it('every fixable check says so on its page, and no other check does', async () => {
    for (const c of ALL_CHECKS) {
      const doc = await readFile(path.resolve(import.meta.dirname, '../docs/checks', `${c.id}.md`), 'utf8');
      expect(doc.includes('**Fixable by `lint --fix`**'), c.id).toBe(Boolean(c.fixable?.length));
    }
  });
});
