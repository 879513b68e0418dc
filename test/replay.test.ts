/**
 * `--from-facts` of a saved run reproduces its report byte for byte (issue #12, done-when), for the
 * lint, registry and health facts, in JSON and in text (--no-color): a live run with
 * `--save-facts DIR` against the real thing (a file; a real docker-registry on 127.0.0.1; a real
 * Docker Engine with the stand-in Rancher container), then `--from-facts DIR` with only the format
 * flags — the saved JudgeOptions (meta.json) must bring back FILE, --system-default-registry,
 * --rancher-version, --container — after the thing itself is gone (registry stopped, container
 * removed), so nothing can be probed again. The replay notes are on stderr, never in the report.
 *
 * The health part uses the Docker Engine: run this file under `flock /tmp/docker.lock`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { registriesYaml } from './support/probe-harness.js';
import { acquireDockerLock, buildStandinImage, canRunPrivileged, cleanupStandins, releaseDockerLock, removeStandinContainers, runStandin } from './support/standin-rancher.js';
import { makePki } from './support/pki.js';
import { ensureBuilt, ROOT, runBin, type RunResult } from './support/subprocess.js';

const FORMATS: [string, string[]][] = [
  ['json', ['-f', 'json']],
  ['text', ['-f', 'text', '--no-color']],
];

let work: string;
beforeAll(async () => {
  ensureBuilt();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'ap-test-replay-'));
});
afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

interface Pair {
  live: RunResult;
  replay: RunResult;
  dir: string;
}

/** The replay's stderr: where it came from, and the saved options it used that this command line did not give. */
function replayNotes(dir: string, command: string, fromMeta: string): string {
  const version = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')).version as string;
  return `airgap-preflight: Replayed from ${dir} (saved by ${command}, airgap-preflight ${version}): nothing was probed.\nairgap-preflight: Options from meta.json: ${fromMeta}\n`;
}

function expectSame(p: Pair): void {
  expect(p.live.timedOut).toBe(false);
  expect(p.live.stdout.length).toBeGreaterThan(0);
  expect(p.replay.stdout).toBe(p.live.stdout);
  expect(p.replay.code).toBe(p.live.code);
}

describe('lint facts replay byte for byte', () => {
  const FIXTURE = path.join(ROOT, 'fixtures', 'lint', 'insecure-skip-verify-rancher-2.5.5', 'registries.yaml');
  const pairs = new Map<string, Pair>();
  let file: string;
  beforeAll(async () => {
    file = path.join(work, 'lint.yaml');
    await fs.copyFile(FIXTURE, file);
    await fs.chmod(file, 0o600);
    for (const [name, fmt] of FORMATS) {
      const dir = path.join(work, `lint-facts-${name}`);
      const live = await runBin(['lint', file, '--rancher-version', 'v2.5.5', '--system-default-registry', 'harbor.kingsd.top', ...fmt, '--save-facts', dir]);
      // The file is gone: only the saved facts can give the report.
      if (name === 'text') await fs.rm(file);
      pairs.set(name, { live, dir, replay: await runBin(['lint', '--from-facts', dir, ...fmt]) });
    }
  }, 120_000);

  for (const [name] of FORMATS) {
    it(`-f ${name}`, () => {
      const p = pairs.get(name)!;
      expectSame(p);
      expect(p.live.code).toBe(1);
      expect(p.live.stderr).toBe('');
      expect(p.replay.stderr).toBe(replayNotes(p.dir, 'lint', `file=${JSON.stringify(file)}, systemDefaultRegistry="harbor.kingsd.top", rancherVersion="v2.5.5"`));
    });
  }
});

describe('registry facts replay byte for byte (docker-registry on 127.0.0.1)', () => {
  const SHELL = 'rancher/shell:v0.1.6';
  const pairs = new Map<string, Pair>();
  let reg: RunningRegistry | undefined;
  let host: string;
  let file: string;
  beforeAll(async () => {
    reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: [SHELL] });
    host = reg.host;
    const [username, password] = Object.entries(reg.users)[0]!;
    file = path.join(work, 'registry.yaml');
    await fs.writeFile(file, registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: { username, password }, tls: { ca_file: reg.caFile! } }), { mode: 0o600 });
    const args = ['registry', file, '--system-default-registry', reg.host, '--rancher-version', 'v2.8.2', '--image', SHELL, '--image', 'rancher/fleet:v9'];
    const lives = new Map<string, RunResult>();
    for (const [name, fmt] of FORMATS) lives.set(name, await runBin([...args, ...fmt, '--save-facts', path.join(work, `registry-facts-${name}`)], { timeoutMs: 60_000 }));
    // The registry is gone: a replay that probed would fail every check.
    await reg.stop();
    reg = undefined;
    for (const [name, fmt] of FORMATS) {
      const dir = path.join(work, `registry-facts-${name}`);
      pairs.set(name, { live: lives.get(name)!, dir, replay: await runBin(['registry', '--from-facts', dir, ...fmt], { timeoutMs: 60_000 }) });
    }
  }, 180_000);
  afterAll(async () => reg?.stop());

  for (const [name] of FORMATS) {
    it(`-f ${name}`, () => {
      const p = pairs.get(name)!;
      expectSame(p);
      // One image found, one missing: a real walk, not an empty report.
      expect(p.live.code).toBe(1);
      expect(p.live.stderr).toBe('');
      if (name === 'json') {
        const report = JSON.parse(p.live.stdout) as { findings: { check: string; status: string }[] };
        expect(report.findings.map((f) => [f.check, f.status])).toEqual([
          ['image-set', 'pass'],
          ['registry-tls', 'pass'],
          ['registry-auth', 'pass'],
          ['image-available', 'pass'],
          ['image-available', 'fail'],
        ]);
      }
      expect(p.replay.stderr).toBe(replayNotes(p.dir, 'registry', `file=${JSON.stringify(file)}, systemDefaultRegistry=${JSON.stringify(host)}, rancherVersion="v2.8.2"`));
    });
  }
});

describe('health facts replay byte for byte (Docker Engine, stand-in Rancher container)', () => {
  const REG = 'harbor.kingsd.top';
  const NAME = 'ap-test-replay';
  const pairs = new Map<string, Pair>();
  let locked = false;
  let regFile: string;
  beforeAll(async () => {
    await acquireDockerLock(360_000);
    locked = true;
    cleanupStandins();
    await buildStandinImage();
    const priv = canRunPrivileged();
    const pki = await makePki(path.join(work, 'pki'));
    regFile = path.join(work, 'health.yaml');
    await fs.writeFile(regFile, `mirrors:\n  "${REG}":\n    endpoint:\n      - "https://${REG}"\nconfigs:\n  "${REG}":\n    tls:\n      ca_file: /etc/rancher/k3s/certs/ca.pem\n`);
    // Written well before the container starts, so "modified after start" cannot trigger.
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(regFile, past, past);
    // pull-x509: a failing pull, so the report carries an explanation, not only passes.
    runStandin({
      name: NAME,
      privileged: priv,
      env: { AP_CASE: 'pull-x509', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG },
      volumes: [`${regFile}:/etc/rancher/k3s/registries.yaml:ro`, `${pki.caCert}:/etc/rancher/k3s/certs/ca.pem:ro`],
      addHosts: [`${REG}:127.0.0.1`],
    });
    const lives = new Map<string, RunResult>();
    for (const [name, fmt] of FORMATS) lives.set(name, await runBin(['health', regFile, '--container', NAME, ...fmt, '--save-facts', path.join(work, `health-facts-${name}`)], { timeoutMs: 120_000 }));
    // The container is gone: a replay that probed would find no Rancher container.
    removeStandinContainers();
    for (const [name, fmt] of FORMATS) {
      const dir = path.join(work, `health-facts-${name}`);
      pairs.set(name, { live: lives.get(name)!, dir, replay: await runBin(['health', '--from-facts', dir, ...fmt], { timeoutMs: 60_000 }) });
    }
  }, 600_000);
  afterAll(async () => {
    if (!locked) return;
    removeStandinContainers();
    await releaseDockerLock();
  });

  for (const [name] of FORMATS) {
    it(`-f ${name}`, () => {
      const p = pairs.get(name)!;
      expectSame(p);
      expect(p.live.stderr).toBe('');
      if (name === 'json') {
        const report = JSON.parse(p.live.stdout) as { findings: { check: string; status: string; target: string | null }[] };
        expect(report.findings.find((f) => f.check === 'rancher-container')).toMatchObject({ status: 'pass', target: NAME });
        expect(report.findings.filter((f) => f.check === 'pod-image-pull' && f.status === 'fail').length).toBeGreaterThan(0);
      }
      expect(p.replay.stderr).toBe(replayNotes(p.dir, 'health', `file=${JSON.stringify(regFile)}, container=${JSON.stringify(NAME)}`));
    });
  }
});

describe('meta.json options a replay cannot use', () => {
  it('are refused with one line and exit 2', async () => {
    const file = path.join(work, 'bad-meta.yaml');
    await fs.writeFile(file, 'mirrors: {}\n', { mode: 0o600 });
    const dir = path.join(work, 'bad-meta-facts');
    expect((await runBin(['lint', file, '-f', 'json', '--save-facts', dir])).code).toBe(0);
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8'));
    await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, options: { ...meta.options, strict: 'yes' } }));
    const r = await runBin(['lint', '--from-facts', dir, '-f', 'json']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `airgap-preflight: --from-facts ${dir}: meta.json options.strict is "yes", not a value this version reads; save the facts again with --save-facts\n`]);
  });
});
