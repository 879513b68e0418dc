/**
 * `plan` as a generator: stdout is only the docker run command (text) or {command, mounts, env,
 * daemon} first (JSON), findings go to stderr; host-Docker advice per registry type; `--strict`
 * exits 0 when the plan is complete. The printed command is run with `sh` against the real Docker
 * Engine (a wrapper on PATH only adds --network none and drops what this host cannot do: -p, and
 * --privileged where refused), and the container checks then pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli.js';
import type { Report } from '../src/types.js';
import { acquireDockerLock, buildStandinImage, canRunPrivileged, dockerCli, releaseDockerLock, STANDIN_TAG } from './support/standin-rancher.js';
import { makePki } from './support/pki.js';
import { ensureBuilt } from './support/subprocess.js';

const REG = 'harbor.kingsd.top';
let work: string;
let caFile: string;
let pki: Awaited<ReturnType<typeof makePki>>;

async function cli(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const prev = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main({ argv: args, env: { PATH: process.env.PATH }, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}

const yaml = (configs: string, scheme = 'https') => `mirrors:\n  "${REG}":\n    endpoint:\n      - "${scheme}://${REG}"\nconfigs:\n  "${REG}":\n${configs}`;

beforeAll(async () => {
  ensureBuilt();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'ap-test-plan-'));
  pki = await makePki(path.join(work, 'pki'));
  caFile = pki.caCert;
});

describe('plan output', () => {
  it('text: stdout is the command alone, the findings are on stderr, --strict exits 0 when complete', async () => {
    const file = path.join(work, 'ca.yaml');
    await fs.writeFile(file, yaml(`    tls:\n      ca_file: ${caFile}\n`), { mode: 0o600 });
    const r = await cli(['plan', file, '--system-default-registry', REG, '--rancher-version', 'v2.5.8', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `docker run -d --privileged --restart=unless-stopped \\\n    -p 80:80 \\\n    -p 443:443 \\\n    -e CATTLE_SYSTEM_DEFAULT_REGISTRY=${REG} \\\n    -v ${file}:/etc/rancher/k3s/registries.yaml:ro \\\n    -v ${caFile}:${caFile}:ro \\\n    ${REG}/rancher/rancher:v2.5.8\n`,
    );
    expect(r.err).toContain(`NOTE  plan-docker-run ${REG}`);
    expect(r.err).toContain(`\`mkdir -p /etc/docker/certs.d/${REG} && cp ${caFile} /etc/docker/certs.d/${REG}/ca.crt\``);
    expect(r.err).toMatch(/^Summary: 0 failed, 0 errors, 0 warnings, 2 passed, 0 skipped$/m);
    expect((await cli(['plan', file, '--system-default-registry', REG, '--rancher-version', 'v2.5.8', '--strict', '-q'])).code).toBe(0);
    // Incomplete (no version): a warning, so --strict exits 1, and -q keeps the warning on stderr.
    const noVersion = await cli(['plan', file, '--system-default-registry', REG, '--strict', '-q', '--no-color']);
    expect(noVersion.code).toBe(1);
    expect(noVersion.out).toContain("'harbor.kingsd.top/rancher/rancher:<version>'");
    expect(noVersion.err).toContain('WARN  plan-docker-run');
  });

  it('json: command, argv, mounts, env and daemon first, and every finding still there', async () => {
    const file = path.join(work, 'json.yaml');
    await fs.writeFile(file, yaml(`    tls:\n      ca_file: ${caFile}\n`), { mode: 0o600 });
    const r = await cli(['plan', file, '--system-default-registry', REG, '--rancher-version', 'v2.5.8', '-f', 'json']);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as Record<string, unknown> & Report;
    expect(Object.keys(j)).toEqual(['command', 'argv', 'mounts', 'env', 'daemon', 'tool', 'summary', 'findings']);
    expect(j.mounts).toEqual([
      { source: file, target: '/etc/rancher/k3s/registries.yaml', readOnly: true },
      { source: caFile, target: caFile, readOnly: true },
    ]);
    expect(j.env).toEqual({ CATTLE_SYSTEM_DEFAULT_REGISTRY: REG });
    expect(j.daemon).toEqual({
      registry: REG,
      kind: 'self-signed',
      files: { ca: caFile, cert: null, key: null },
      login: false,
      endpoint: null,
      certsD: [{ source: caFile, target: `/etc/docker/certs.d/${REG}/ca.crt` }],
      daemonJson: null,
    });
    expect(j.findings.map((f) => [f.check, f.status, f.target])).toEqual([
      ['plan-docker-run', 'pass', `${REG}/rancher/rancher:v2.5.8`],
      ['plan-docker-run', 'pass', REG],
    ]);
  });

  const daemonCase = async (name: string, body: string, scheme = 'https') => {
    const file = path.join(work, `${name}.yaml`);
    await fs.writeFile(file, yaml(body, scheme), { mode: 0o600 });
    const r = await cli(['plan', file, '--system-default-registry', REG, '--rancher-version', 'v2.8.5', '-f', 'json']);
    const j = JSON.parse(r.out) as { daemon: Record<string, unknown>; findings: { status: string; message: string }[] };
    return { daemon: j.daemon, advice: j.findings[1]!.message };
  };

  it('daemon advice per registry type: CA-signed nothing, mTLS client.cert/client.key, plain HTTP insecure-registries', async () => {
    const ca = await daemonCase('ca-signed', '    auth:\n      username: admin\n      password: "x-Pa55"\n');
    expect([ca.daemon.kind, ca.daemon.certsD, ca.daemon.daemonJson, ca.daemon.login]).toEqual(['ca-signed', [], null, true]);
    expect(ca.advice).toContain('nothing to set up for TLS');
    expect(ca.advice).toContain(`docker login ${REG}`);
    const mtls = await daemonCase('mtls', `    tls:\n      ca_file: ${caFile}\n      cert_file: ${pki.clientCert}\n      key_file: ${pki.clientKey}\n`);
    expect([mtls.daemon.kind, mtls.daemon.certsD]).toEqual([
      'mtls',
      [
        { source: caFile, target: `/etc/docker/certs.d/${REG}/ca.crt` },
        { source: pki.clientCert, target: `/etc/docker/certs.d/${REG}/client.cert` },
        { source: pki.clientKey, target: `/etc/docker/certs.d/${REG}/client.key` },
      ],
    ]);
    expect(mtls.advice).toContain(`cp ${pki.clientCert} /etc/docker/certs.d/${REG}/client.cert && cp ${pki.clientKey} /etc/docker/certs.d/${REG}/client.key && cp ${caFile} /etc/docker/certs.d/${REG}/ca.crt`);
    const http = await daemonCase('http', '    auth:\n      username: admin\n      password: "x-Pa55"\n', 'http');
    expect([http.daemon.kind, http.daemon.daemonJson, http.daemon.certsD]).toEqual(['http', { 'insecure-registries': [REG] }, []]);
    expect(http.advice).toContain(`"insecure-registries": ["${REG}"]`);
    expect(http.advice).not.toContain('ca.crt');
  });
});

describe('plan > run.sh && sh run.sh, on the real Docker Engine', () => {
  let locked = false;
  beforeAll(async () => {
    await acquireDockerLock(360_000);
    locked = true;
    await buildStandinImage();
  }, 420_000);
  afterAll(async () => {
    try {
      dockerCli(['rm', '-f', '-v', 'ap-test-plan-sh']);
    } catch {
      // not created
    }
    try {
      dockerCli(['rmi', `${REG}/rancher/rancher:v2.5.8`]);
    } catch {
      // not tagged
    }
    if (locked) await releaseDockerLock();
  });

  it('runs as printed (a relative FILE as "$(pwd)/FILE"), and the container checks pass', async () => {
    const dir = path.join(work, 'sh');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'registries.yaml'), yaml(`    tls:\n      ca_file: ${caFile}\n`), { mode: 0o600 });
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(path.join(dir, 'registries.yaml'), past, past);
    const r = await cli(['plan', 'registries.yaml', '--system-default-registry', REG, '--rancher-version', 'v2.5.8'], dir);
    expect(r.out).toContain('-v "$(pwd)/registries.yaml:/etc/rancher/k3s/registries.yaml:ro"');
    await fs.writeFile(path.join(dir, 'run.sh'), r.out);
    dockerCli(['tag', STANDIN_TAG, `${REG}/rancher/rancher:v2.5.8`]);
    // A `docker` first on PATH that keeps every word of the printed command except the ones this
    // sandbox cannot honour (host ports with --bridge=none; --privileged where refused) and adds
    // --network none: the quoting, line continuations and $(pwd) are the shell's, as for a user.
    const bin = path.join(dir, 'bin');
    await fs.mkdir(bin);
    const real = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
    await fs.writeFile(
      path.join(bin, 'docker'),
      `#!/bin/sh\n[ "$1" = run ] || exec ${real} "$@"\nshift\nskip=0\nfor a in "$@"; do\n  shift\n  if [ $skip = 1 ]; then skip=0; continue; fi\n  case "$a" in\n    -p) skip=1; continue;;\n    --privileged) [ -n "$AP_NOPRIV" ] && continue;;\n  esac\n  set -- "$@" "$a"\ndone\nexec ${real} run --network none --name ap-test-plan-sh --add-host ${REG}:127.0.0.1 -e AP_CASE=healthy "$@"\n`,
      { mode: 0o755 },
    );
    const priv = canRunPrivileged();
    const run = spawnSync('sh', ['run.sh'], { cwd: dir, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, ...(priv ? {} : { AP_NOPRIV: '1' }) }, timeout: 120_000 });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    const mounts = JSON.parse(dockerCli(['inspect', '-f', '{{json .Mounts}}', 'ap-test-plan-sh'])) as { Source: string; Destination: string; RW: boolean }[];
    expect(mounts.filter((m) => m.Source.startsWith('/') && m.Destination !== '/var/lib/rancher').map((m) => [m.Source, m.Destination, m.RW]).sort()).toEqual(
      [
        [path.join(dir, 'registries.yaml'), '/etc/rancher/k3s/registries.yaml', false],
        [caFile, caFile, false],
      ].sort(),
    );
    const h = await cli(['health', path.join(dir, 'registries.yaml'), '--container', 'ap-test-plan-sh', '-f', 'json']);
    const rows = (JSON.parse(h.out) as Report).findings.filter((f) => ['registries-mount', 'registries-in-sync', 'tls-files-in-container', 'rancher-system-default-registry'].includes(f.check)).map((f) => [f.check, f.status]);
    expect(rows).toEqual([
      ['rancher-system-default-registry', 'pass'],
      ['registries-mount', 'pass'],
      ['registries-in-sync', 'pass'],
      ['tls-files-in-container', 'pass'],
    ]);
  }, 180_000);
});
