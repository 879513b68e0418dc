/**
 * zh-CN everywhere a user looks: every --help, usage errors (ours and commander's), input errors
 * and the text report carry no English words outside ids, flags, paths, code and verbatim
 * registry/containerd errors. Also: --from-facts replays the options saved in meta.json (flags
 * given override them, and stderr says so), and `-` reads registries.yaml from stdin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, ensureBuilt, runBin, stderrLines } from './support/subprocess.js';

let dir: string;
const SEED = path.join(ROOT, 'fixtures', 'seed', 'ca-signed-https-auth', 'registries.yaml');

/**
 * English words left after taking out what is not prose: `code`, ids and flags, paths, URLs,
 * placeholders, file names, and the words that are names (YAML keys, tools, formats).
 */
const NAMES = new Set(
  'airgap preflight rancher registries yaml registry lint health all plan explain cluster kubernetes kubelet crictl help docker run json junit sarif text en zh cn stdin stderr stdout tls auth containerd kubectl imagepullbackoff harbor example com opt etc cattle system default sdr env lc lang file dir ids id format output error url ca crt vx x y z images image ref repo tag os arch duration n name options option command arguments usage md readme checks check docs v k3s rke cat txt xml sarif junit sh ms engine api mirrors configs endpoint username password ca_file'.split(' '),
);
function english(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, ' ')
    .replace(/'[^']*'|"[^"]*"/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/(^|[^\w-])--?[a-zA-Z][\w-]*/g, ' ')
    .replace(/\S*[/.:=]\S*/g, ' ')
    .replace(/\b[a-z]+(-[a-z0-9]+)+\b/g, ' ');
  return [...prose.matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0].toLowerCase()).filter((w) => !NAMES.has(w));
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'agp-cli-i18n-'));
});

describe('zh-CN: no English prose', () => {
  const zh = (args: string[]) => runBin([...args, '--lang', 'zh-CN']);

  it.each([[[]], [['lint']], [['registry']], [['health']], [['all']], [['plan']]])('--help %j', async (cmd) => {
    const r = await zh([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(english(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('示例：');
  });

  it.each([
    ['an unknown option (commander)', ['lint', SEED, '--bogus']],
    ['a missing argument (commander)', ['plan']],
    ['an unknown command (commander)', ['lnt']],
    ['a missing file', ['lint', '/nonexistent/registries.yaml']],
    ['a bad duration', ['registry', SEED, '--timeout', 'soon']],
    ['an unknown check id', ['lint', SEED, '--skip', 'file-permision']],
    ['an output name with no format', ['lint', SEED, '-o', 'report.out']],
    ['an unwritable output', ['lint', SEED, '-o', '/nonexistent/dir/x.xml']],
    ['a bad --rancher-version', ['lint', SEED, '--rancher-version', 'latest']],
  ])('usage and input errors: %s', async (_n, args) => {
    const r = await zh(args);
    expect(r.code).toBe(2);
    expect(stderrLines(r).length).toBeGreaterThanOrEqual(1);
    expect(english(r.stderr), r.stderr).toEqual([]);
  });

  it('the text report of the seed listing', async () => {
    const f = path.join(dir, 'listing.yaml');
    copyFileSync(path.join(ROOT, 'fixtures', 'lint', 'seed-listing-lost-indentation', 'registries.yaml'), f);
    chmodSync(f, 0o600);
    const r = await zh(['lint', f, '--no-color', '--system-default-registry', 'harbor.kingsd.top']);
    expect(english(r.stdout), r.stdout).toEqual([]);
    expect(r.stdout).toContain('失败：yaml-lost-indentation');
  });

  it('the control: the same filter finds the English of --lang en', async () => {
    expect(english((await runBin(['lint', '--help'])).stdout).length).toBeGreaterThan(20);
    expect(english((await runBin(['lint', SEED, '--bogus'])).stderr)).toEqual(['unknown']);
  });
});

describe('--from-facts replays the run it came from', () => {
  it('uses the options saved in meta.json; a flag given overrides, and stderr says so', async () => {
    const f = path.join(dir, 'replay.yaml');
    copyFileSync(path.join(ROOT, 'fixtures', 'lint', 'insecure-skip-verify-rancher-2.5.5', 'registries.yaml'), f);
    chmodSync(f, 0o600);
    const facts = path.join(dir, 'facts');
    const live = await runBin(['lint', f, '--rancher-version', 'v2.5.5', '--system-default-registry', 'harbor.kingsd.top', '-f', 'json', '--save-facts', facts]);
    const meta = JSON.parse(readFileSync(path.join(facts, 'meta.json'), 'utf8'));
    expect(meta.options).toMatchObject({ file: f, rancherVersion: 'v2.5.5', systemDefaultRegistry: 'harbor.kingsd.top' });
    // No flags: the same report as the live run, even without FILE.
    const replay = await runBin(['lint', '--from-facts', facts, '-f', 'json']);
    expect(replay.stdout).toBe(live.stdout);
    expect(replay.code).toBe(live.code);
    // A flag given wins, and stderr names it (the report itself stays the live run's: notes never go into it).
    const text = await runBin(['lint', '--from-facts', facts, '--rancher-version', 'v2.8.5', '--no-color']);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([`airgap-preflight ${meta.version} · lint ${f}`, '']);
    expect(text.stderr.split('\n')).toEqual([
      `airgap-preflight: Replayed from ${facts} (saved by lint, airgap-preflight ${meta.version}): nothing was probed.`,
      `airgap-preflight: Options from meta.json: file=${JSON.stringify(f)}, systemDefaultRegistry="harbor.kingsd.top"`,
      'airgap-preflight: Given on the command line, overriding meta.json: rancherVersion',
      '',
    ]);
    expect(JSON.parse((await runBin(['lint', '--from-facts', facts, '--rancher-version', 'v2.8.5', '-f', 'json'])).stdout)).not.toEqual(JSON.parse(live.stdout));
  });
});

describe('- reads registries.yaml from stdin', () => {
  it('gives the same findings as the file, located at -:line:col', async () => {
    const f = path.join(dir, 'stdin.yaml');
    copyFileSync(path.join(ROOT, 'fixtures', 'lint', 'endpoint-as-string', 'registries.yaml'), f);
    chmodSync(f, 0o600);
    const byFile = JSON.parse((await runBin(['lint', f, '-f', 'json'])).stdout) as { findings: { check: string; status: string; location: { file: string } | null; message: string }[] };
    const piped = await runBin(['lint', '-', '-f', 'json'], { stdin: readFileSync(f, 'utf8') });
    const byStdin = JSON.parse(piped.stdout) as typeof byFile;
    const norm = (x: typeof byFile) => x.findings.filter((g) => g.check !== 'file-permissions').map((g) => ({ ...g, location: g.location ? { ...g.location, file: 'F' } : null, message: g.message.split(f).join('F').split('-').join('') }));
    expect(norm(byStdin)).toEqual(norm(byFile));
    expect(byStdin.findings.filter((g) => g.location).every((g) => g.location!.file === '-')).toBe(true);
    expect(piped.code).toBe(1);
    expect(piped.stdout).not.toContain('airgap-preflight-stdin-');
  });
});
