/**
 * The text report a person reads: problems first, passes and skips folded, --verbose for all;
 * 600 images against a real registry (docker-registry) with 599 missing print as one block,
 * a total, and a --missing-images list in rancher-images.txt form; the progress line on a real
 * pseudo-terminal (script(1)) at any width, on stderr only, translated under zh-CN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { BIN, ROOT, ensureBuilt, runBin } from './support/subprocess.js';

let dir: string;
type Report = { summary: Record<string, number>; findings: { check: string; status: string }[] };

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'agp-cli-report-'));
});

describe('lint text: problems first', () => {
  const listing = () => {
    const f = path.join(dir, 'listing.yaml');
    copyFileSync(path.join(ROOT, 'fixtures', 'lint', 'seed-listing-lost-indentation', 'registries.yaml'), f);
    chmodSync(f, 0o600);
    return f;
  };

  it("the seed's flattened listing: its 2 failures and one folded line", async () => {
    const f = listing();
    const r = await runBin(['lint', f, '--no-color', '--system-default-registry', 'harbor.kingsd.top', '--rancher-version', 'v2.5.8']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^ {2}(FAIL|WARN|ERROR|PASS|SKIP|NOTE) /.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['FAIL yaml-lost-indentation', 'FAIL yaml-lost-indentation']);
    expect(lines.filter((l) => /^ {2}\d+ passed, \d+ skipped/.test(l))).toEqual(['  6 passed, 22 skipped: 22 blocked by yaml-lost-indentation; --verbose lists them']);
    expect(lines.slice(-2)).toEqual(['Summary: 2 failed, 0 errors, 0 warnings, 6 passed, 22 skipped', 'Failed: yaml-lost-indentation']);
    expect(lines.length).toBeLessThanOrEqual(16);
  });

  it('--verbose restores the full listing; JSON carries every finding either way', async () => {
    const f = listing();
    const args = ['lint', f, '--no-color', '--system-default-registry', 'harbor.kingsd.top', '--rancher-version', 'v2.5.8'];
    const verbose = await runBin([...args, '--verbose']);
    const json = JSON.parse((await runBin([...args, '-f', 'json'])).stdout) as Report;
    const labels = verbose.stdout.split('\n').filter((l) => /^ {2}(FAIL|WARN|ERROR|PASS|SKIP|NOTE) /.test(l));
    expect(labels).toHaveLength(json.findings.length);
    expect(labels.filter((l) => l.startsWith('  SKIP ')).length).toBe(json.summary.skip);
    expect(json.findings.length).toBe(30); // 29 lint checks, yaml-lost-indentation twice
  });

  it('-q keeps advice the user must act on (NOTE) and drops the folded line', async () => {
    const f = path.join(dir, 'advice.yaml');
    writeFileSync(f, 'configs:\n  "harbor.kingsd.top":\n    tls:\n      ca_file: /etc/hostname\n', { mode: 0o600 });
    const r = await runBin(['lint', f, '--no-color', '-q', '--system-default-registry', 'harbor.kingsd.top', '--only', 'tls-paths-in-container']);
    expect(r.stdout).toBe(
      `lint: registries.yaml, offline\n  NOTE  tls-paths-in-container ${f}:4:16\n        /etc/hostname\n        ca_file "/etc/hostname" is opened inside the Rancher container, not on this host: run Rancher with -v /etc/hostname:/etc/hostname:ro (or mount its directory). \`airgap-preflight health\` checks it once the container runs.\n\nSummary: 0 failed, 0 errors, 0 warnings, 1 passed, 0 skipped\n`,
    );
    const sarif = JSON.parse((await runBin(['lint', f, '-f', 'sarif', '--only', 'tls-paths-in-container'])).stdout);
    expect(sarif.runs[0].results.map((x: { ruleId: string; level: string; kind: string }) => [x.ruleId, x.level, x.kind])).toEqual([['tls-paths-in-container', 'note', 'fail']]);
  });
});

describe('600 images, 599 missing, against a real registry', () => {
  let reg: RunningRegistry;
  let regFile: string;
  let list: string;
  const names = Array.from({ length: 599 }, (_, i) => `rancher/missing-${String(i).padStart(3, '0')}:v1.${i}`);
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'none', auth: 'none', images: ['rancher/shell:v0.1.6'] });
    regFile = path.join(dir, 'reg.yaml');
    writeFileSync(regFile, `mirrors:\n  "${reg.host}":\n    endpoint: ["http://${reg.host}"]\n`, { mode: 0o600 });
    list = path.join(dir, 'rancher-images.txt');
    // rancher-images.txt as a user edits it: a comment and blank lines are allowed.
    writeFileSync(list, ['# images for the air gap', 'rancher/shell:v0.1.6', '', ...names].join('\n') + '\n');
  }, 60_000);
  afterAll(async () => reg?.stop());

  it('text: one block with a total, one line per image, the fix once; a list the Rancher scripts read', async () => {
    const missing = path.join(dir, 'missing.txt');
    const r = await runBin(['registry', regFile, '--system-default-registry', reg.host, '--rancher-version', 'v2.8.2', '--images', list, '--no-color', '--missing-images', missing], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(612);
    expect(lines.filter((l) => l.startsWith('  FAIL ')), r.stdout.slice(0, 3000)).toEqual(['  FAIL  image-available  599 of 600: images missing from the registry']);
    expect(lines.filter((l) => l.startsWith('        fix: '))).toHaveLength(1);
    for (const n of names) expect(lines).toContain(`          ${reg.host}/${n}`);
    expect(lines.slice(-2)).toEqual(['Summary: 599 failed, 0 errors, 0 warnings, 4 passed, 0 skipped', 'Failed: image-available']);
    expect(r.stderr).toBe('');
    // The list: rancher-images.txt form, newline-terminated, no comments.
    const text = readFileSync(missing, 'utf8');
    expect(text).toBe(names.join('\n') + '\n');
    // What rancher-save-images.sh does with it (`while IFS= read -r i; [ -z "$i" ] && continue;
    // docker pull "${source_registry}${i}"`, rancher/rancher@v2.11.16 pkg/image/utilities/utilities.go):
    const read = spawnSync('sh', ['-c', 'while IFS= read -r i; do [ -z "$i" ] && continue; echo "$SRC/$i"; done < "$1"', 'sh', missing], { encoding: 'utf8', env: { SRC: reg.host } });
    expect(read.stdout).toBe(names.map((n) => `${reg.host}/${n}\n`).join(''));
    // And fed back as --images, it checks exactly those: all still missing.
    const again = JSON.parse((await runBin(['registry', regFile, '--system-default-registry', reg.host, '--rancher-version', 'v2.8.2', '--images', missing, '-f', 'json'], { timeoutMs: 120_000 })).stdout) as Report;
    expect(again.findings.filter((f) => f.check === 'image-available').map((f) => f.status)).toEqual(names.map(() => 'fail'));
  }, 240_000);

  it('--verbose lists the 600 findings one by one', async () => {
    const r = await runBin(['registry', regFile, '--system-default-registry', reg.host, '--rancher-version', 'v2.8.2', '--images', list, '--no-color', '--verbose'], { timeoutMs: 120_000 });
    expect(r.stdout.split('\n').filter((l) => /^ {2}(FAIL|PASS) +image-available /.test(l))).toHaveLength(600);
  }, 180_000);

  describe('progress on a pseudo-terminal (script(1))', () => {
    /** Runs the CLI on a pty; stdout goes to a file so the pty shows stderr alone. */
    // Asynchronous: the test registry's request log runs in this process and must keep answering.
    const onPty = async (setup: string, args: string[]) => {
      const out = path.join(dir, `pty-${Math.random().toString(36).slice(2)}.out`);
      const cmd = `${setup}timeout --foreground 60 ${process.execPath} ${BIN} ${args.map((a) => `'${a}'`).join(' ')} > ${out}`;
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { PATH: process.env.PATH!, TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let tty = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (tty += d));
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      return { status, tty, stdout: readFileSync(out, 'utf8') };
    };
    const args = () => ['registry', regFile, '--system-default-registry', reg.host, '--rancher-version', 'v2.8.2', '--images', list, '--no-color'];

    it.each([
      ['120 columns', 'stty cols 120 rows 40; '],
      ['0 columns (the size script(1) gives)', ''],
    ])('%s: checked/total with failures and elapsed time on stderr; stdout stays clean', async (_n, setup) => {
      const r = await onPty(setup, args());
      expect(r.status).toBe(1);
      expect(r.tty).toMatch(/\r\u001b\[2K. checked [1-9]\d*\/600 images, \d+ failing · \d+s/);
      expect(r.tty).toMatch(/\r\u001b\[2K. starting · 0s/);
      expect(r.stdout).not.toContain('\u001b[2K');
      expect(r.stdout).toContain('599 of 600');
    }, 120_000);

    it('zh-CN: the progress line is translated', async () => {
      const r = await onPty('stty cols 120 rows 40; ', [...args(), '--lang', 'zh-CN']);
      expect(r.tty).toMatch(/已检查 [1-9]\d*\/600 个镜像，\d+ 个失败 · \d+ 秒/);
      expect(r.tty).not.toMatch(/checked \d+|starting/);
    }, 120_000);

    it('none with a machine format on stdout, and none without a terminal', async () => {
      const r = await onPty('stty cols 120 rows 40; ', [...args(), '-f', 'json']);
      expect(r.tty).toBe('');
      const piped = await runBin(args(), { timeoutMs: 120_000 });
      expect(piped.stderr).toBe('');
    }, 180_000);
  });
});
