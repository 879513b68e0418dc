/**
 * Issue #7 items 1-3: the single-file bundle, the SEA binary and the npm tarball, each run the way
 * an operator in an air gap runs them (copied into an empty directory, no node_modules, no
 * registry, no Node on PATH), and compared with the in-repo CLI (`main()` in-process) on the same
 * input. Builds once in beforeAll; slow by nature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { main } from '../src/cli.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { acquireDockerLock, releaseDockerLock } from './support/standin-rancher.js';
// @ts-expect-error: plain ESM build script without type declarations
import { bundleOptions } from '../scripts/bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'airgap-preflight.cjs');
const SEA = path.join(ROOT, 'dist', 'airgap-preflight-linux-x64');
const FIXTURE = path.join(ROOT, 'test', 'packaging', 'registries.yaml');
const SECRET = 'Packaging-S3cret-do-not-print';
const DOCKER_SOCKET = '/var/run/docker.sock';
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
/** Empty directories holding only the artefact, as on an air-gapped host. */
let bundleDir: string;
let seaDir: string;
const measured: Record<string, string> = {};

/**
 * The `--version` line an artefact must print, from the build info esbuild's `define` wrote into it
 * (others commit, and rebuild dist/, concurrently, so HEAD now may not be what was built). The
 * commit must be one of this repository's commits.
 */
function embeddedVersionLine(bytes: Buffer | string): string {
  const m = /\{version:"([^"]+)",commit:"([0-9a-f]{7})"\}/.exec(bytes.toString('latin1'));
  expect(m, 'build info embedded by scripts/bundle.mjs').not.toBeNull();
  expect(m![1]).toBe(VERSION);
  execFileSync('git', ['cat-file', '-e', `${m![2]}^{commit}`], { cwd: ROOT });
  return `${m![1]} (${m![2]})\n`;
}
const timed = <T>(label: string, fn: () => T): T => {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    measured[label] = `${Math.round(performance.now() - t0)} ms`;
  }
};
const mib = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The in-repo CLI, in-process, with a clean environment like the subprocesses get. */
async function inRepo(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, env, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** The in-repo CLI with DOCKER_HOST set in process.env too: dockerode reads it from there. */
async function inRepoWithDocker(argv: string[], dockerHost: string): Promise<Run> {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = dockerHost;
  try {
    return await inRepo(argv, { DOCKER_HOST: dockerHost });
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

/** Docker's human status ("Up 2 seconds") moves between two runs a second apart; compare the rest. */
function steady(r: Run): Run {
  const fix = (t: string) => t.replace(/"status": "(Up|Exited \(\d+\)) [^"]*"/g, '"status": "$1 …"');
  return { ...r, stdout: fix(r.stdout), stderr: fix(r.stderr) };
}

function done(r: SpawnSyncReturns<string>): Run {
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `node airgap-preflight.cjs …` in the bundle's empty directory. */
function runBundle(argv: string[], env: Record<string, string> = {}): Run {
  return done(spawnSync(process.execPath, ['airgap-preflight.cjs', ...argv], { cwd: bundleDir, env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8', timeout: 60_000 }));
}

/** The SEA binary with an empty environment (plus `env`): no PATH, so no Node either. */
function runSea(argv: string[], env: Record<string, string> = {}): Run {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return done(spawnSync('env', ['-i', ...vars, './airgap-preflight-linux-x64', ...argv], { cwd: seaDir, env: {}, encoding: 'utf8', timeout: 60_000 }));
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+\(?.*:\d+:\d+\)?$/m);

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * A real OpenSSH server on 127.0.0.1 that lets root in with a fresh key held by a private ssh-agent:
 * what DOCKER_HOST=ssh://root@host needs (docker-modem authenticates through SSH_AUTH_SOCK, then runs
 * `docker system dial-stdio` on the server).
 */
async function startSshd(dir: string): Promise<{ port: number; agentSock: string; stop(): void }> {
  mkdirSync(dir);
  mkdirSync('/run/sshd', { recursive: true });
  for (const key of ['host', 'client']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, key)]);
  copyFileSync(path.join(dir, 'client.pub'), path.join(dir, 'authorized_keys'));
  const port = await closedPort();
  const config = [`ListenAddress 127.0.0.1`, `Port ${port}`, `HostKey ${dir}/host`, `AuthorizedKeysFile ${dir}/authorized_keys`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'StrictModes no', 'UsePAM no', `PidFile ${dir}/sshd.pid`];
  writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const agentSock = path.join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSock], { stdio: 'ignore' });
  // Sessions outlive a killed listener (they are re-parented to init), so end them first, by pid.
  const descendants = (pid: number): number[] => {
    const kids: number[] = [];
    for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) kids.push(Number(entry), ...descendants(Number(entry)));
      } catch {
        /* gone meanwhile */
      }
    }
    return kids;
  };
  const stop = () => {
    if (sshd.pid) for (const pid of descendants(sshd.pid)) try { process.kill(pid); } catch { /* already gone */ }
    sshd.kill();
    agent.kill();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 20_000);
      sshd.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      sshd.once('exit', (code) => reject(new Error(`sshd exited ${code}: ${log}`)));
    });
    for (let i = 0; i < 50 && !statSafe(agentSock); i++) await new Promise((r) => setTimeout(r, 100));
    execFileSync('ssh-add', [path.join(dir, 'client')], { env: { SSH_AUTH_SOCK: agentSock }, stdio: 'pipe' });
  } catch (err) {
    stop();
    throw err;
  }
  return { port, agentSock, stop };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'ap-pack-'));
  bundleDir = path.join(work, 'bundle');
  seaDir = path.join(work, 'sea');
  mkdirSync(bundleDir);
  mkdirSync(seaDir);
  // The npm scripts themselves, as a release build runs them.
  timed('npm run bundle', () => execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'pipe' }));
  timed('npm run sea', () => execFileSync('npm', ['run', '--silent', 'sea'], { cwd: ROOT, stdio: 'pipe' }));
  copyFileSync(BUNDLE, path.join(bundleDir, 'airgap-preflight.cjs'));
  copyFileSync(SEA, path.join(seaDir, 'airgap-preflight-linux-x64'));
  execFileSync('chmod', ['755', path.join(seaDir, 'airgap-preflight-linux-x64')]);
  measured['bundle size'] = mib(BUNDLE);
  measured['SEA size'] = mib(SEA);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  // Recorded for the README's sizes and the report; visible with --reporter=verbose output.
  console.log(`packaging measurements: ${JSON.stringify(measured)}`);
});

describe('in a checkout', () => {
  it('--version names the commit checked out, read from .git without running git', async () => {
    const head = () => execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const before = head();
    const r = await inRepo(['--version']);
    const after = head(); // others commit concurrently
    expect([`${VERSION} (${before})\n`, `${VERSION} (${after})\n`]).toContain(r.stdout);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});

describe('single-file bundle (node airgap-preflight.cjs in an empty directory)', () => {
  it('--version prints the version and the commit it was built from', () => {
    const r = runBundle(['--version']);
    expect(r).toEqual({ code: 0, stdout: embeddedVersionLine(readFileSync(path.join(bundleDir, 'airgap-preflight.cjs'))), stderr: '' });
  });

  it('--help is the same as the in-repo CLI', async () => {
    const r = runBundle(['--help']);
    expect(r).toEqual(await inRepo(['--help']));
    expect(r.code).toBe(0);
  });

  it('lint (text and JSON) gives exactly what the in-repo CLI gives, and never the password', async () => {
    for (const argv of [['lint', FIXTURE], ['lint', FIXTURE, '--format', 'json']]) {
      const r = runBundle(argv);
      expect(r).toEqual(await inRepo(argv));
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    const json = JSON.parse(runBundle(['lint', FIXTURE, '-f', 'json']).stdout) as { tool: unknown; findings: unknown[] };
    expect(json.tool).toEqual({ name: 'airgap-preflight', version: VERSION });
    expect(json.findings.length).toBeGreaterThan(0);
  });

  it('bad input: one line on stderr and exit 2, as in-repo', async () => {
    const argv = ['lint', path.join(work, 'no-such-registries.yaml')];
    const r = runBundle(argv);
    expect(r).toEqual(await inRepo(argv));
    expect([r.code, r.stderr.split('\n').length]).toEqual([2, 2]);
  });

  it('requires nothing but Node built-ins, also inside the embedded packages (SEA can load nothing else)', () => {
    const text = readFileSync(path.join(bundleDir, 'airgap-preflight.cjs'), 'utf8');
    const builtins = new Set(builtinModules);
    const others = new Set<string>();
    // Plain `require("x")` in the bundle and `require(\"x\")` inside the embedded package strings.
    for (const m of text.matchAll(/\brequire\(\\?["']([^"'\\]+)\\?["']\)/g)) if (!m[1]!.startsWith('node:') && !builtins.has(m[1]!)) others.add(m[1]!);
    expect([...others]).toEqual([]);
    expect(text).toContain('compileFunction('); // the embedded-package loader is there, so the scan above saw its contents
  });

  it('ends with the licence of every npm package inlined in it, including the embedded undici and dockerode trees', () => {
    const text = readFileSync(path.join(bundleDir, 'airgap-preflight.cjs'), 'utf8');
    const list = /\nThird-party software in this file, with its licences:\n((?: {2}.+\n)+)/.exec(text);
    expect(list).not.toBeNull();
    const entries = list![1]!.trimEnd().split('\n').map((l) => /^ {2}(.+)@([^@ ]+) \((.+)\)$/.exec(l)!.slice(1));
    const names = entries.map(([name]) => name);
    for (const name of ['commander', 'yaml', 'undici', 'dockerode', 'docker-modem', 'ssh2', 'tar-fs']) expect(names, name).toContain(name);
    // Not bundled (see scripts/bundle.mjs), so not listed.
    for (const name of ['@grpc/grpc-js', 'protobufjs', 'cpu-features']) expect(names).not.toContain(name);
    expect(entries.filter(([, , license]) => !/^(MIT|ISC|Apache-2\.0|BSD-[23]-Clause|Unlicense|0BSD|BlueOak-1\.0\.0)( OR .+)?$/.test(license!))).toEqual([]);
    expect(text.endsWith('*/\n')).toBe(true);
  });

  it('lint evaluates neither undici nor dockerode (no tls/http/http2/dns/zlib built-ins loaded); registry does', () => {
    // Start-up guard without timing: esbuild keeps lazily imported modules lazy, so lint must not
    // pull in the network stack. Node lists every built-in it loaded in process.moduleLoadList.
    const hook = path.join(work, 'modules-hook.cjs');
    writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.AP_MODULES, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n");
    const network = ['dns', 'http', 'http2', 'https', 'tls', 'zlib'];
    const loaded = (argv: string[]) => {
      const out = path.join(work, 'modules.txt');
      spawnSync(process.execPath, ['-r', hook, 'airgap-preflight.cjs', ...argv], { cwd: bundleDir, env: { PATH: '/usr/bin:/bin', AP_MODULES: out }, encoding: 'utf8' });
      return readFileSync(out, 'utf8').split('\n').filter((m) => network.includes(m)).sort();
    };
    expect(loaded(['lint', FIXTURE])).toEqual([]);
    // The control: the same probe sees the network stack when the registry stage runs.
    expect(loaded(['registry', FIXTURE, '--system-default-registry', 'harbor.example.invalid:8443', '--image', 'rancher/shell:v0.1.6', '--timeout', '1s'])).toEqual(expect.arrayContaining(['http', 'http2', 'tls']));
  });

  it('on a terminal the progress line runs and is erased, whatever width the terminal reports (0 included), without hanging', () => {
    // `timeout` inside the terminal, so a hang (exit 124) cannot leave a spinning node behind.
    const cmd = `timeout --foreground 30 node airgap-preflight.cjs registry ${FIXTURE} --system-default-registry 127.0.0.1:1 --image rancher/shell:v0.1.6 --timeout 2s`;
    // script(1) gives the command a pseudo-terminal; its size is 0x0 unless stty sets it.
    const onTty = (setup: string) => spawnSync('script', ['-qec', `${setup}${cmd}`, '/dev/null'], { cwd: bundleDir, env: { PATH: '/usr/bin:/bin', TERM: 'xterm' }, encoding: 'utf8', timeout: 45_000 });
    const wide = onTty('stty cols 120 rows 40; ');
    expect([wide.signal, wide.status]).toEqual([null, 1]);
    expect(wide.stdout).toMatch(/\r\u001b\[2K. starting · 0s/);
    expect(wide.stdout).toMatch(/\r\u001b\[2K(\u001b\[1m)?airgap-preflight \S+ · registry /); // erased, then the report
    expect(wide.stdout).toContain('Summary: ');
    const zero = onTty('');
    expect([zero.signal, zero.status]).toEqual([null, 1]);
    expect(zero.stdout).toMatch(/\r\u001b\[2K. starting · 0s/); // 0 columns: cut at 80, no division by the width
    expect(zero.stdout).toContain('Summary: ');
  }, 120_000);

  it('health with no Docker socket: the same result as in-repo, at most one line on stderr, no stack', async () => {
    const argv = ['health', '--format', 'json'];
    const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
    const r = runBundle(argv, env);
    expect(steady(r)).toEqual(steady(await inRepoWithDocker(argv, env.DOCKER_HOST)));
    expect(r.code).not.toBe(3);
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    noStack(r.stdout + r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { status: string; message: string }[] }).findings;
    // Until the health stage has checks there is nothing to name; once it has, the socket is named.
    if (findings.some((f) => f.status === 'error' || f.status === 'fail')) expect(JSON.stringify(findings)).toContain('/nonexistent.sock');
  });
});

describe("the bundle's dependencies (esbuild configuration of scripts/bundle.mjs)", () => {
  // A small entry bundled with exactly the CLI's options, so dockerode, ssh2 (native add-ons
  // replaced) and undici are exercised from one file even where the CLI does not reach them yet.
  let probe: string;
  beforeAll(async () => {
    const dir = path.join(work, 'probe');
    mkdirSync(dir);
    probe = path.join(dir, 'probe.cjs');
    const source = `
      import Docker from 'dockerode';
      import { request } from 'undici';
      async function run(what: string, arg: string): Promise<string> {
        if (what === 'docker') {
          try { return 'ping ' + String(await new Docker().ping()); } catch (e) { return 'docker: ' + (e as Error).message; }
        }
        if (what === 'build') {
          try { await new Docker().buildImage('x.tar', { t: 'x', authconfig: { username: 'u' } } as never); return 'built'; } catch (e) { return 'build: ' + (e as Error).message; }
        }
        const r = await request(arg, { headersTimeout: 5000, bodyTimeout: 5000 });
        return r.statusCode + ' ' + (await r.body.text());
      }
      run(process.argv[2]!, process.argv[3] ?? '').then((s) => process.stdout.write(s + '\\n'));
    `;
    await build({ ...bundleOptions({ outfile: probe, source }), metafile: false });
  });
  const runProbe = (args: string[], env: Record<string, string> = {}) => done(spawnSync(process.execPath, [probe, ...args], { cwd: path.dirname(probe), env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8', timeout: 30_000 }));

  it('dockerode over a unix socket: a missing socket is a plain ENOENT error', () => {
    expect(runProbe(['docker'], { DOCKER_HOST: 'unix:///nonexistent.sock' })).toEqual({ code: 0, stdout: 'docker: connect ENOENT /nonexistent.sock\n', stderr: '' });
  });

  it.runIf(statSafe(DOCKER_SOCKET))('dockerode over the real Docker Engine socket answers ping', () => {
    expect(runProbe(['docker'], { DOCKER_HOST: `unix://${DOCKER_SOCKET}` })).toEqual({ code: 0, stdout: 'ping OK\n', stderr: '' });
  });

  it('dockerode over ssh:// loads ssh2 without its native add-ons and fails with a plain connection error', async () => {
    const port = await closedPort();
    const r = runProbe(['docker'], { DOCKER_HOST: `ssh://nobody@127.0.0.1:${port}`, NODE_NO_WARNINGS: '1' });
    expect(r).toEqual({ code: 0, stdout: `docker: connect ECONNREFUSED 127.0.0.1:${port}\n`, stderr: '' });
  });

  it.runIf(existsSync('/usr/sbin/sshd') && statSafe(DOCKER_SOCKET) && process.getuid?.() === 0)(
    'dockerode over ssh:// to a real sshd: key exchange, ciphers and Ed25519 auth work with ssh2 in pure JavaScript',
    async () => {
      const sshd = await startSshd(path.join(work, 'sshd-probe'));
      try {
        const r = runProbe(['docker'], { DOCKER_HOST: `ssh://root@127.0.0.1:${sshd.port}`, SSH_AUTH_SOCK: sshd.agentSock, NODE_NO_WARNINGS: '1' });
        expect(r).toEqual({ code: 0, stdout: 'ping OK\n', stderr: '' });
      } finally {
        sshd.stop();
      }
    },
    60_000,
  );

  it("dockerode's image-build path (gRPC, not bundled) fails with a clear message, not a crash", () => {
    const r = runProbe(['build'], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^build: (connect ENOENT \/nonexistent\.sock|@grpc\/grpc-js \(used by dockerode only to build images\) is not part of the single-file build)\n$/);
  });

  it('undici answers from a real registry on loopback', async () => {
    const reg = await startRegistry({ tls: 'none', auth: 'none' });
    try {
      expect(runProbe(['http', `${reg.url}/v2/`])).toEqual({ code: 0, stdout: '200 {}\n', stderr: '' });
    } finally {
      await reg.stop();
    }
  });
});

function statSafe(p: string): boolean {
  try {
    return statSync(p).isSocket();
  } catch {
    return false;
  }
}

describe('SEA binary (env -i: no PATH, no Node)', () => {
  // The health comparisons below list every rancher/rancher container the Engine has: hold the stand-in
  // tests' lock, so health-docker/faults-docker cannot create or remove theirs between our two runs.
  let locked = false;
  beforeAll(async () => {
    if (!statSafe(DOCKER_SOCKET)) return;
    await acquireDockerLock(600_000);
    locked = true;
  }, 620_000);
  afterAll(async () => {
    if (locked) await releaseDockerLock();
  });

  it('--version prints the version and the commit', () => {
    const r = runSea(['--version']);
    expect(r).toEqual({ code: 0, stdout: embeddedVersionLine(readFileSync(path.join(seaDir, 'airgap-preflight-linux-x64'))), stderr: '' });
  });

  it("carries Node.js's licence besides the bundle's notices", () => {
    const binary = readFileSync(path.join(seaDir, 'airgap-preflight-linux-x64')).toString('latin1');
    expect(binary).toContain(`This executable is Node.js ${process.version} with the script above embedded. Node.js licence:`);
    expect(binary).toContain('Third-party software in this file, with its licences:');
  });

  it('lint (text, JSON, and in Chinese from --lang or LANG) gives exactly what the in-repo CLI gives', async () => {
    for (const argv of [['lint', FIXTURE], ['lint', FIXTURE, '--format', 'json'], ['lint', FIXTURE, '--lang', 'zh-CN']]) {
      const r = runSea(argv);
      expect(r).toEqual(await inRepo(argv));
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    const zh = runSea(['lint', FIXTURE], { LANG: 'zh_CN.UTF-8' });
    expect(zh).toEqual(await inRepo(['lint', FIXTURE], { LANG: 'zh_CN.UTF-8' }));
    expect(zh.stdout).toMatch(/[\u4e00-\u9fff]/);
  });

  it('health with no Docker socket: same JSON as in-repo and nothing on stderr (dockerode compiled inside SEA)', async () => {
    const argv = ['health', '--format', 'json'];
    const r = runSea(argv, { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(r).toEqual(await inRepoWithDocker(argv, 'unix:///nonexistent.sock'));
    expect(r.stderr).toBe('');
  });

  it.runIf(statSafe(DOCKER_SOCKET))('runs in a container whose root holds only the binary and the C/C++ runtime it links (no Node anywhere)', async () => {
    const image = 'airgap-preflight-packaging/sea-only:test';
    const rootfs = path.join(work, 'sea-rootfs');
    mkdirSync(rootfs);
    copyFileSync(path.join(seaDir, 'airgap-preflight-linux-x64'), path.join(rootfs, 'airgap-preflight'));
    execFileSync('chmod', ['755', path.join(rootfs, 'airgap-preflight')]);
    // The shared libraries ldd names (glibc, libstdc++, libgcc_s), at the same paths.
    const libs = [...execFileSync('ldd', [path.join(rootfs, 'airgap-preflight')], { encoding: 'utf8' }).matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1]!);
    expect(libs.some((l) => l.includes('libstdc++'))).toBe(true);
    for (const lib of new Set(libs)) {
      mkdirSync(path.join(rootfs, path.dirname(lib)), { recursive: true });
      copyFileSync(lib, path.join(rootfs, lib));
    }
    try {
      execFileSync('sh', ['-c', `tar -C "${rootfs}" -c . | docker import - ${image}`], { stdio: 'pipe' });
      const fixtureDir = path.dirname(FIXTURE);
      const argv = ['lint', FIXTURE, '--format', 'json'];
      // The fixture is mounted at its own path so the report names the same file as in-repo.
      const r = done(spawnSync('docker', ['run', '--rm', '--network', 'none', '-v', `${fixtureDir}:${fixtureDir}:ro`, image, '/airgap-preflight', ...argv], { encoding: 'utf8', timeout: 120_000 }));
      expect(r).toEqual(await inRepo(argv));
      const version = done(spawnSync('docker', ['run', '--rm', '--network', 'none', image, '/airgap-preflight', '--version'], { encoding: 'utf8', timeout: 120_000 }));
      expect(version).toEqual({ code: 0, stdout: embeddedVersionLine(readFileSync(path.join(seaDir, 'airgap-preflight-linux-x64'))), stderr: '' });
    } finally {
      spawnSync('docker', ['rmi', image], { stdio: 'ignore' });
    }
  }, 180_000);

  it.runIf(existsSync('/usr/sbin/sshd') && statSafe(DOCKER_SOCKET) && process.getuid?.() === 0)('health over DOCKER_HOST=ssh:// gives exactly the in-repo result', async () => {
    const sshd = await startSshd(path.join(work, 'sshd-sea'));
    try {
      // A container name nobody uses: the Engine is listed and asked over SSH, and the answer is stable.
      const argv = ['health', '--container', `appack-absent-${process.pid}`, '--format', 'json'];
      const host = `ssh://root@127.0.0.1:${sshd.port}`;
      const r = runSea(argv, { DOCKER_HOST: host, SSH_AUTH_SOCK: sshd.agentSock, NODE_NO_WARNINGS: '1' });
      const savedSock = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sshd.agentSock;
      try {
        expect(steady(r)).toEqual(steady(await inRepoWithDocker(argv, host)));
      } finally {
        if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = savedSock;
      }
      const findings = (JSON.parse(r.stdout) as { findings: { check: string; status: string; message: string }[] }).findings;
      // Reached the Engine (the container is missing), rather than failing to connect.
      expect(findings.find((f) => f.check === 'rancher-container')?.message).toContain(`appack-absent-${process.pid}`);
      expect(JSON.stringify(findings)).not.toMatch(/Cannot reach the Docker Engine/);
    } finally {
      sshd.stop();
    }
  }, 60_000);

  describe.runIf(statSafe(DOCKER_SOCKET))('health against a real container (Engine API list, inspect, exec and demux inside SEA)', () => {
    // A plain busybox container, not a Rancher stand-in: its image is not rancher/rancher*, so the
    // health tests' container discovery never sees it, and its name is outside their ap-test-* cleanup.
    const image = 'airgap-preflight-packaging/busybox:test';
    const name = `appack-${process.pid}`;
    beforeAll(() => {
      const rootfs = path.join(work, 'rootfs');
      mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
      copyFileSync('/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
      execFileSync('chmod', ['755', path.join(rootfs, 'bin', 'busybox')]);
      for (const applet of ['sh', 'sleep', 'cat', 'test', 'ls']) execFileSync('ln', ['-s', 'busybox', path.join(rootfs, 'bin', applet)]);
      execFileSync('sh', ['-c', `tar -C "${rootfs}" -c . | docker import - ${image}`], { stdio: 'pipe' });
      execFileSync('docker', ['run', '-d', '--network', 'none', '--name', name, image, '/bin/sleep', '600'], { stdio: 'pipe' });
    }, 120_000);
    afterAll(() => {
      spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
      spawnSync('docker', ['rmi', image], { stdio: 'ignore' });
    });

    it('gives exactly the in-repo result: the container is found and inspected, and the failing k3s exec is reported', async () => {
      const argv = ['health', '--container', name, '--format', 'json'];
      // `data` is left out: it lists every Rancher-like container on the host with its "Up N seconds",
      // and the health tests start and remove theirs concurrently. Everything else must match.
      const withoutData = (run: Run) => {
        const report = JSON.parse(run.stdout) as { summary: unknown; findings: Record<string, unknown>[] };
        return { code: run.code, stderr: run.stderr, summary: report.summary, findings: report.findings.map(({ data: _data, ...rest }) => rest) };
      };
      const r = runSea(argv, { DOCKER_HOST: `unix://${DOCKER_SOCKET}` });
      expect(withoutData(r)).toEqual(withoutData(await inRepoWithDocker(argv, `unix://${DOCKER_SOCKET}`)));
      const byCheck = Object.fromEntries((JSON.parse(r.stdout) as { findings: { check: string; status: string }[] }).findings.map((f) => [f.check, f.status]));
      // Not the Rancher server (it runs /bin/sleep, no CATTLE_SERVER_IMAGE): examined because named, and flagged.
      expect([byCheck['rancher-container'], byCheck['cluster-ready']]).toEqual(['warn', 'fail']);
    });
  });

  describe('registry against a real HTTPS registry with Basic auth (undici and TLS inside SEA)', () => {
    let reg: RunningRegistry;
    let file: string;
    beforeAll(async () => {
      reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images: ['rancher/shell:v0.1.6'] });
      const [user, password] = Object.entries(reg.users)[0]!;
      file = path.join(work, 'registry.yaml');
      writeFileSync(
        file,
        `mirrors:\n  docker.io:\n    endpoint:\n      - "${reg.url}"\nconfigs:\n  "${reg.host}":\n    auth:\n      username: '${user}'\n      password: '${password.replace(/'/g, "''")}'\n    tls:\n      ca_file: ${reg.caFile}\n`,
      );
    }, 120_000);
    afterAll(async () => reg?.stop());

    it('finds the tag that is there and names the one that is not, exactly as in-repo, without printing the password', async () => {
      const argv = ['registry', file, '--system-default-registry', reg.host, '--image', 'rancher/shell:v0.1.6', '--image', 'rancher/missing:v9.9.9', '--format', 'json', '--timeout', '10s'];
      // Wall-clock time is the one thing two runs cannot share.
      const untimed = (run: Run): Run => ({ ...run, stdout: run.stdout.replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/ requests in [\d.]+s/g, ' requests in 0s').replace(/"seconds": "[\d.]+"/g, '"seconds": "0"') });
      const r = runSea(argv);
      expect(untimed(r)).toEqual(untimed(await inRepo(argv)));
      const report = JSON.parse(r.stdout) as { findings: { check: string; status: string; target: string | null }[] };
      // The probe really went over HTTPS with Basic auth: the present tag passes, the missing one fails.
      const images = report.findings.filter((f) => f.check === 'image-available').map((f) => [f.status, f.target]);
      expect(images).toEqual([
        ['pass', `${reg.host}/rancher/shell:v0.1.6`],
        ['fail', `${reg.host}/rancher/missing:v9.9.9`],
      ]);
      expect(r.stdout + r.stderr).not.toContain(Object.values(reg.users)[0]!);
    });
  });
});

describe('npm pack: a tarball that installs with no registry', () => {
  let tarball: string;
  let project: string;
  beforeAll(() => {
    const out = timed('npm pack', () => execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info!.filename);
    measured['tarball size'] = mib(tarball);
    project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{ "name": "ops-host", "version": "1.0.0", "private": true }\n');
  }, 120_000);

  it('contains the bundle, the docs and the README, and declares no runtime dependencies', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(list.filter((f) => !f.startsWith('package/docs/'))).toEqual(['package/README.md', 'package/dist/airgap-preflight.cjs', 'package/package.json']);
    expect(list).toContain('package/docs/checks/README.md');
    const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    // Everything the CLI needs at run time is inside the bundle; a dependency here would make npm
    // reach for a registry the air gap does not have. Add new runtime libraries to devDependencies.
    expect([pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies, pkg.bin]).toEqual([undefined, undefined, undefined, { 'airgap-preflight': 'dist/airgap-preflight.cjs' }]);
  });

  it('npm install ./tarball --offline with the registry on a closed loopback port, then npx airgap-preflight lint works', async () => {
    const port = await closedPort();
    const npmEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: project, npm_config_cache: path.join(work, 'npm-cache'), npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const install = timed('npm install (offline)', () => spawnSync('npm', ['install', '--offline', tarball], { cwd: project, env: npmEnv, encoding: 'utf8', timeout: 120_000 }));
    expect(install.status, install.stderr).toBe(0);
    const argv = ['lint', FIXTURE, '--format', 'json'];
    const r = done(spawnSync('npx', ['--offline', 'airgap-preflight', ...argv], { cwd: project, env: npmEnv, encoding: 'utf8', timeout: 60_000 }));
    expect(r).toEqual(await inRepo(argv));
    const version = done(spawnSync('npx', ['--offline', 'airgap-preflight', '--version'], { cwd: project, env: npmEnv, encoding: 'utf8', timeout: 60_000 }));
    const packed = execFileSync('tar', ['-xzOf', tarball, 'package/dist/airgap-preflight.cjs'], { maxBuffer: 64 << 20 });
    expect(version).toEqual({ code: 0, stdout: embeddedVersionLine(packed), stderr: '' });
  });
});
