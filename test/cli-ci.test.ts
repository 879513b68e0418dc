/**
 * CI controls as a pipeline uses them: the README's CI snippets, run as written (only `npx
 * airgap-preflight` becomes the built bin) on a 0644 copy of a correct seed config, as a git
 * checkout has it; --skip / --only with their usage errors; the inline
 * `# airgap-preflight-disable-next-line` comment; --output/--format pairing and refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, ROOT, ensureBuilt, hasStackTrace, runBin, stderrLines } from './support/subprocess.js';

const SEED = path.join(ROOT, 'fixtures', 'seed', 'ca-signed-https-auth', 'registries.yaml');
const SDR = 'harbor.kingsd.top';
let dir: string;

type Report = { summary: Record<string, number>; findings: { check: string; status: string; message: string; location: { line: number } | null; data: Record<string, unknown> | null }[] };

function checkout(name: string, text?: string): string {
  const d = mkdtempSync(path.join(dir, `${name}-`));
  const file = path.join(d, 'registries.yaml');
  if (text === undefined) copyFileSync(SEED, file);
  else writeFileSync(file, text);
  chmodSync(file, 0o644);
  return d;
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'agp-cli-ci-'));
});

describe("the README's CI snippets", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a CI gate'), readme.indexOf('## Secrets'));
  const commands = [...section.matchAll(/^\s*-? ?(?:run: )?(npx airgap-preflight .+)$/gm)].map((m) => m[1]!);

  it('are there: one for GitLab (JUnit), one for GitHub (SARIF)', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toContain('--output preflight.xml');
    expect(commands[1]).toContain('--output preflight.sarif');
  });

  it.each([0, 1])('snippet %i passes as written on a clean 0644 checkout of a correct config, and writes its report file', (i) => {
    const cwd = checkout(`readme-${i}`);
    const cmd = commands[i]!.replace(/^npx airgap-preflight /, `${process.execPath} ${BIN} `);
    const r = spawnSync('sh', ['-c', cmd], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, CATTLE_SYSTEM_DEFAULT_REGISTRY: SDR }, timeout: 30_000 });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Summary: 0 failed, 0 errors, 0 warnings, \d+ passed, 1 skipped$/m);
    if (i === 0) {
      const xml = readFileSync(path.join(cwd, 'preflight.xml'), 'utf8');
      expect(xml).toMatch(/^<\?xml/);
      expect(xml).toMatch(/<testsuites name="airgap-preflight" tests="\d+" failures="0" errors="0" skipped="1">/);
      expect(xml).toContain('<skipped message="disabled by --skip"/>');
    } else {
      const sarif = JSON.parse(readFileSync(path.join(cwd, 'preflight.sarif'), 'utf8'));
      expect(sarif.runs[0].results.filter((x: { level: string }) => x.level === 'error' || x.level === 'warning')).toEqual([]);
    }
    // The control: without --skip the 0644 checkout warns, and --strict fails (as the issue saw).
    if (i === 0) {
      const without = spawnSync('sh', ['-c', cmd.replace(' --skip file-permissions', '')], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, CATTLE_SYSTEM_DEFAULT_REGISTRY: SDR } });
      expect(without.status).toBe(1);
    }
  });
});

describe('--skip and --only', () => {
  it('--skip keeps the finding as skip with data.disabledBy and its original status; the exit code ignores it', async () => {
    const cwd = checkout('skip');
    const r = await runBin(['lint', path.join(cwd, 'registries.yaml'), '--system-default-registry', SDR, '--skip', 'file-permissions', '--strict', '-f', 'json']);
    expect(r.code).toBe(0);
    const f = (JSON.parse(r.stdout) as Report).findings.find((x) => x.check === 'file-permissions')!;
    expect([f.status, f.message, f.data?.disabledBy, f.data?.originalStatus]).toEqual(['skip', 'disabled by --skip', 'skip', 'warn']);
  });

  it('a skipped check that fails still blocks the checks after it (no pass on an unparsed file)', async () => {
    const cwd = checkout('blocked', 'mirrors:\n  "h":\n    endpoint: [\n');
    const plain = JSON.parse((await runBin(['lint', path.join(cwd, 'registries.yaml'), '-f', 'json'])).stdout) as Report;
    const skipped = JSON.parse((await runBin(['lint', path.join(cwd, 'registries.yaml'), '--skip', 'yaml-syntax', '-f', 'json'])).stdout) as Report;
    // Only yaml-syntax's own finding changes; every check after it is still blocked by it.
    expect(skipped.findings.filter((x) => x.check !== 'yaml-syntax')).toEqual(plain.findings.filter((x) => x.check !== 'yaml-syntax'));
    expect(plain.findings.find((x) => x.check === 'yaml-syntax')?.status).toBe('fail');
    expect(skipped.findings.find((x) => x.check === 'yaml-syntax')?.status).toBe('skip');
    expect(skipped.findings.find((x) => x.check === 'registries-schema')?.data?.blockedBy).toBe('yaml-syntax');
  });

  it('--only reports only those checks, plus the failure that blocked one of them', async () => {
    const cwd = checkout('only', 'mirrors:\n  "h":\n    endpoint: [\n');
    const r = await runBin(['lint', path.join(cwd, 'registries.yaml'), '--only', 'endpoint-scheme,registries-schema', '-f', 'json']);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.findings.map((x) => [x.check, x.status])).toEqual([
      ['yaml-syntax', 'fail'],
      ['registries-schema', 'skip'],
      ['endpoint-scheme', 'skip'],
    ]);
    expect(r.code).toBe(1);
  });

  it.each([
    [['--skip', 'file-permision'], /^airgap-preflight: --skip: no check "file-permision"; did you mean "file-permissions"\?$/],
    [['--only', 'tls-file,nope-nope-nope-nope'], /^airgap-preflight: --only: no check "tls-file"; did you mean "tls-files"\?$/],
    [['--only', 'qqqqqqqqqqqqqqqqqqqq'], /^airgap-preflight: --only: no check "qqqqqqqqqqqqqqqqqqqq" \(docs\/checks\/README\.md lists the ids\)$/],
  ])('unknown ids are a usage error: %j', async (args, line) => {
    const r = await runBin(['lint', SEED, ...args]);
    expect([r.code, r.stdout, stderrLines(r).length]).toEqual([2, '', 1]);
    expect(stderrLines(r)[0]).toMatch(line);
  });
});

describe('inline # airgap-preflight-disable-next-line', () => {
  const text = (comment: string) => `mirrors:\n  "${SDR}":\n    endpoint:\n      - "https://${SDR}"\nconfigs:\n  "${SDR}":\n    tls:\n${comment}      ca_file: /nonexistent/ca.crt\n`;

  it('switches off the named check on the next line only, and says so', async () => {
    const cwd = checkout('inline', text('      # airgap-preflight-disable-next-line tls-files -- the CA is only on the Rancher host\n'));
    chmodSync(path.join(cwd, 'registries.yaml'), 0o600);
    const r = await runBin(['lint', path.join(cwd, 'registries.yaml'), '--system-default-registry', SDR, '-f', 'json']);
    const tls = (JSON.parse(r.stdout) as Report).findings.filter((x) => x.check === 'tls-files');
    expect(tls.map((x) => [x.status, x.message, x.location?.line, x.data?.disabledBy, x.data?.originalStatus])).toEqual([['skip', 'disabled by the airgap-preflight-disable-next-line comment on line 8', 9, 'comment', 'fail']]);
    expect(r.code).toBe(0);
  });

  it('another id, or no comment, leaves the failure', async () => {
    for (const c of ['      # airgap-preflight-disable-next-line endpoint-scheme\n', '']) {
      const cwd = checkout('inline-other', text(c));
      chmodSync(path.join(cwd, 'registries.yaml'), 0o600);
      const r = await runBin(['lint', path.join(cwd, 'registries.yaml'), '--system-default-registry', SDR, '-f', 'json']);
      expect((JSON.parse(r.stdout) as Report).findings.filter((x) => x.check === 'tls-files').map((x) => x.status)).toEqual(['fail']);
      expect(r.code).toBe(1);
    }
  });
});

describe('--format and --output', () => {
  const file = () => {
    const cwd = checkout('out');
    chmodSync(path.join(cwd, 'registries.yaml'), 0o600);
    return { cwd, file: path.join(cwd, 'registries.yaml') };
  };

  it('pair in either order, and nothing goes to stdout when every format has a file', async () => {
    const { cwd, file: f } = file();
    for (const order of [
      ['--output', path.join(cwd, 'q1.xml'), '--format', 'junit'],
      ['-f', 'junit', '-o', path.join(cwd, 'q1.xml')],
    ]) {
      const r = await runBin(['lint', f, '--system-default-registry', SDR, ...order]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
      expect(readFileSync(path.join(cwd, 'q1.xml'), 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    }
  });

  it('.junit infers JUnit; a name that says nothing is refused, never written as text', async () => {
    const { cwd, file: f } = file();
    const r = await runBin(['lint', f, '--system-default-registry', SDR, '-o', path.join(cwd, 'x.junit')]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(readFileSync(path.join(cwd, 'x.junit'), 'utf8')).toMatch(/^<\?xml/);
    const bad = await runBin(['lint', f, '-o', path.join(cwd, 'report.out')]);
    expect([bad.code, bad.stdout, stderrLines(bad)]).toEqual([2, '', [`airgap-preflight: --output ${path.join(cwd, 'report.out')}: cannot tell the format from the name; add --format text|json|junit|sarif next to it, or name it .txt, .json, .xml, .junit or .sarif`]]);
    expect(existsSync(path.join(cwd, 'report.out'))).toBe(false);
  });

  it.each([
    ['a missing directory', (d: string) => path.join(d, 'no', 'such', 'q.xml'), /^airgap-preflight: --output .*q\.xml: cannot write, no directory .*such$/],
    ['a directory', (d: string) => d, /^airgap-preflight: --output .*: is a directory$/],
  ])('an unwritable path (%s) is one line, exit 2, before anything runs', async (_n, out, line) => {
    const { cwd, file: f } = file();
    const r = await runBin(['lint', f, '-f', 'junit', '-o', out(cwd)]);
    expect([r.code, r.stdout, stderrLines(r).length]).toEqual([2, '', 1]);
    expect(stderrLines(r)[0]).toMatch(line);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
