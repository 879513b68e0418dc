/**
 * `lint --fix` / `--fix-dry-run` when a certain fix is refused: the user is told which finding was
 * not fixed and why (a "Not fixed …" note in the text report, `fixesRefused` in JSON, the same note
 * on stderr for the dry run), the finding stays failing (exit 1), and the file is left byte for
 * byte. Run through the built CLI (`npx tsc -p tsconfig.json` first), as a user runs it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, runBin } from './support/subprocess.js';
import { toolVersion } from '../src/version.js';
import { ALL_CHECKS } from '../checks/index.js';
import { fixLoop } from '../src/fix/engine.js';
import type { Finding, Report } from '../src/types.js';

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), 'agp-fix-refused-'));
});

let n = 0;
async function file(text: string): Promise<string> {
  const dir = path.join(root, `case-${n++}`);
  await (await import('node:fs/promises')).mkdir(dir);
  const f = path.join(dir, 'registries.yaml');
  await writeFile(f, text);
  await chmod(f, 0o600);
  return f;
}

// `h.example.com` written twice under mirrors:, the misspelt `endpoints` in the second (the one
// yaml.v2 keeps): registries-schema's rename goes through a key written twice, so it is refused.
const TWICE = ['mirrors:', '  "h.example.com":', '    endpoint:', '      - "https://h2.example.com"', '  "h.example.com":', '    endpoints:', '      - "https://h.example.com"', ''].join('\n');
const REFUSED = {
  check: 'registries-schema',
  messageId: 'typo',
  target: 'h.example.com',
  line: 6,
  reason: 'repeatedKey',
  key: 'h.example.com',
  lines: [2, 5],
};
const NOTE_EN = 'Not fixed registries-schema (line 6): `h.example.com` is written 2 times in the same map (lines 2, 5), so the fix cannot tell which one to edit and is not applied; merge them into one (see yaml-duplicate-key), then run --fix again.';
const NOTE_ZH = '未修复 registries-schema（第 6 行）：`h.example.com` 在同一个映射中写了 2 次（第 2、5 行），修复无法确定要改哪一个，因此未应用；请先把它们合并为一个（见 yaml-duplicate-key），再运行 --fix。';

const problems = (r: Report) => r.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip').map((f) => [f.check, f.status, f.location?.line ?? null]);

describe('lint --fix refuses a fix through a key written twice, and says so', () => {
  it('text: the whole report, the note first; the file is untouched; exit 1', async () => {
    const f = await file(TWICE);
    const before = await readFile(f);
    const st = await stat(f);
    const run = await runBin(['lint', f, '--fix']);
    expect([run.code, run.stderr]).toEqual([1, '']);
    expect(run.stdout).toBe(
      [
        `airgap-preflight ${toolVersion()} · lint ${f}`,
        NOTE_EN,
        '',
        'lint: registries.yaml, offline',
        `  FAIL  registries-schema ${f}:6:5`,
        '        h.example.com',
        '        Unknown key `endpoints` in mirrors."h.example.com" (K3s expects `endpoint`). K3s ignores unknown keys without an error, so this setting is not applied.',
        '        fix: Rename `endpoints` to `endpoint`.',
        `  WARN  yaml-duplicate-key ${f}:5:3`,
        '        mirrors.h.example.com',
        '        `h.example.com` is written twice under `mirrors:` (first at line 2). K3s (yaml.v2) keeps only this later entry: everything under the first one is dropped, not merged.',
        '        fix: Merge the two `h.example.com` entries into one (keep the settings you need from line 2) and delete the other.',
        '  25 passed, 2 skipped: 2 not applicable (system-default-registry-format, mirror-matches-system-default-registry); --verbose lists them',
        '',
        'Summary: 1 failed, 0 errors, 1 warnings, 25 passed, 2 skipped',
        'Failed: registries-schema',
        'Warnings: yaml-duplicate-key',
        '',
      ].join('\n'),
    );
    expect((await readFile(f)).equals(before)).toBe(true);
    const after = await stat(f);
    expect([after.ino, after.mtimeMs]).toEqual([st.ino, st.mtimeMs]); // not even rewritten with the same bytes
  });

  it('JSON: fixes [], fixesRefused names the finding and the reason; the findings are the unfixed file\'s', async () => {
    const f = await file(TWICE);
    const before = await readFile(f);
    const run = await runBin(['lint', f, '--fix', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as Report;
    const plain = JSON.parse((await runBin(['lint', f, '--format', 'json'])).stdout) as Report;
    expect(report).toEqual({ ...plain, fixes: [], fixesRefused: [REFUSED] });
    expect(Object.keys(report)).toEqual(['tool', 'summary', 'findings', 'fixes', 'fixesRefused']);
    // The report is not vacuous: the refused finding is still failing.
    expect(report.summary).toEqual({ pass: 25, warn: 1, fail: 1, skip: 2, error: 0 });
    expect(problems(report)).toEqual([
      ['yaml-duplicate-key', 'warn', 5],
      ['registries-schema', 'fail', 6],
    ]);
    expect((await readFile(f)).equals(before)).toBe(true);
  });

  it('--fix-dry-run: no diff on stdout, the same note on stderr, the exit code --fix gives', async () => {
    const f = await file(TWICE);
    const before = await readFile(f);
    const run = await runBin(['lint', f, '--fix-dry-run']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: `airgap-preflight: ${NOTE_EN}\n` });
    expect((await readFile(f)).equals(before)).toBe(true);
  });

  it('zh-CN: the note in Chinese, in the text report and on the dry run\'s stderr', async () => {
    const f = await file(TWICE);
    const run = await runBin(['lint', f, '--fix', '--lang', 'zh-CN']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(1, 3)).toEqual([NOTE_ZH, '']);
    expect((await runBin(['lint', f, '--fix-dry-run', '--lang', 'zh-CN'])).stderr).toBe(`airgap-preflight: ${NOTE_ZH}\n`);
  });
});

describe('a refused fix next to one that applies', () => {
  // The same repeat, plus `insecure_skip_verify: "true"` under a host written once: that one is fixed.
  const text = TWICE + ['configs:', '  "h.example.com":', '    tls:', '      insecure_skip_verify: "true"', ''].join('\n');

  it('--fix writes the applicable fix, names both, exit 1 for the one left', async () => {
    const f = await file(text);
    const run = await runBin(['lint', f, '--fix', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as Report;
    expect(await readFile(f, 'utf8')).toBe(text.replace('insecure_skip_verify: "true"', 'insecure_skip_verify: true'));
    expect({ fixes: report.fixes, fixesRefused: report.fixesRefused }).toEqual({
      fixes: [
        {
          check: 'registries-types',
          messageId: 'quotedBool',
          target: 'h.example.com',
          line: 11,
          message: '`insecure_skip_verify` is the quoted string "true", not a boolean. yaml.v2 stops with "cannot unmarshal !!str into bool", so K3s fails to start.',
          pass: 1,
        },
      ],
      fixesRefused: [REFUSED],
    });
    const plain = JSON.parse((await runBin(['lint', f, '--format', 'json'])).stdout) as Report;
    expect(report.findings).toEqual(plain.findings);
    expect(problems(report)).toEqual([
      ['yaml-duplicate-key', 'warn', 5],
      ['registries-schema', 'fail', 6],
      ['insecure-skip-verify-version', 'warn', 11],
    ]);
  });

  it('text: "Fixed" then "Not fixed"; the dry run prints the diff on stdout and the note on stderr', async () => {
    const f = await file(text);
    const dry = await runBin(['lint', f, '--fix-dry-run']);
    const name = f.replace(/^\//, '');
    expect(dry).toMatchObject({
      code: 1,
      stdout: [`--- a/${name}`, `+++ b/${name}`, '@@ -8,4 +8,4 @@', ' configs:', '   "h.example.com":', '     tls:', '-      insecure_skip_verify: "true"', '+      insecure_skip_verify: true', ''].join('\n'),
      stderr: `airgap-preflight: ${NOTE_EN}\n`,
    });
    expect(await readFile(f, 'utf8')).toBe(text);
    const run = await runBin(['lint', f, '--fix']);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual([
      'Fixed registries-types (line 11): `insecure_skip_verify` is the quoted string "true", not a boolean. yaml.v2 stops with "cannot unmarshal !!str into bool", so K3s fails to start.',
      NOTE_EN,
      '',
    ]);
    // A second --fix applies nothing and refuses the same fix again.
    const again = await runBin(['lint', f, '--fix']);
    expect(again.stdout.split('\n').slice(1, 3)).toEqual([NOTE_EN, '']);
  });
});

describe('a file without the repeat is still fixed', () => {
  it('the same typo, host written once: renamed, fixesRefused [], exit 0, lint clean', async () => {
    const f = await file(['mirrors:', '  "h.example.com":', '    endpoints:', '      - "https://h.example.com"', ''].join('\n'));
    const run = await runBin(['lint', f, '--fix', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const report = JSON.parse(run.stdout) as Report;
    expect({ fixes: report.fixes, fixesRefused: report.fixesRefused }).toEqual({
      fixes: [{ check: 'registries-schema', messageId: 'typo', target: 'h.example.com', line: 3, message: 'Unknown key `endpoints` in mirrors."h.example.com" (K3s expects `endpoint`). K3s ignores unknown keys without an error, so this setting is not applied.', pass: 1 }],
      fixesRefused: [],
    });
    expect(await readFile(f, 'utf8')).toBe(['mirrors:', '  "h.example.com":', '    endpoint:', '      - "https://h.example.com"', ''].join('\n'));
    expect((await runBin(['lint', f])).code).toBe(0);
    const text = await runBin(['lint', f, '--fix']);
    expect(text.stdout.split('\n')[1]).toBe('lint --fix: nothing to fix automatically.');
  });
});

describe('fixLoop: which fixes are refused', () => {
  const finding = (line: number, fix: unknown): Finding => ({ check: 'registries-schema', status: 'fail', severity: 'error', target: null, message: 'm', messageId: 'typo', args: null, remediation: null, location: { file: 'f', line, column: 1 }, data: { fix } });
  const set = { edits: [{ op: 'set', path: ['mirrors', 'x', 'endpoint'], value: ['https://x.example.com'] }] };
  const badQuote = { edits: [{ op: 'quote', line: 99, column: 1, length: 1, style: 'double' }] };

  it('a quote that does not apply does not keep a path fix of the same pass from being tried', async () => {
    // Quotes go alone in a pass; when the only one fails, the pass tries the path fix.
    const lint = async (t: string) => (t.includes('x.example.com') ? [finding(99, badQuote)] : [finding(99, badQuote), finding(1, set)]);
    const r = await fixLoop('mirrors: {}\n', lint, ALL_CHECKS);
    expect(r.text).toBe('mirrors: { x: { endpoint: [ "https://x.example.com" ] } }\n');
    expect(r.applied.map((a) => [a.line, a.pass])).toEqual([[1, 1]]);
    expect(r.refused).toEqual([{ check: 'registries-schema', messageId: 'typo', target: null, line: 99, reason: 'notApplied', key: null, lines: [] }]);
  });

  it('a refusal of an earlier pass whose finding is gone is not reported', async () => {
    // Pass 1 refuses the quote and applies the set; the fixed text's lint has no finding left.
    const lint = async (t: string) => (t.includes('x.example.com') ? [] : [finding(99, badQuote), finding(1, set)]);
    const r = await fixLoop('mirrors: {}\n', lint, ALL_CHECKS);
    expect([r.applied.length, r.refused]).toEqual([1, []]);
  });
});
