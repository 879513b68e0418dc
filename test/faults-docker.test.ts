/**
 * `airgap-preflight health` when the Docker side misbehaves (issue #6), as a real subprocess with
 * a hard deadline. Complements test/health-docker.test.ts (which covers kubectl errors, garbage,
 * >8 MiB output and a hanging kubectl on the stand-in) with the faults it does not:
 *  - Engine sockets that misbehave: a listener that accepts and never answers (a hung dockerd),
 *    one that closes at once, one that answers HTML or a 500 — fake Engines on a unix socket in a
 *    temp dir (no network address at all);
 *  - "permission denied": tests run as root, and root may open any socket, so the CLI runs as
 *    uid 65534 (setpriv) against a socket file of mode 0600 owned by root — the kernel refuses the
 *    connect with EACCES exactly as for a user outside the docker group;
 *  - the container stopped while `health` is running; kubectl printing truncated JSON; 50 MB of
 *    output (bounded memory); a hanging exec stopped by --exec-timeout.
 * The stand-in image comes from test/support/standin-rancher.ts (read-only here); this file writes
 * its own fixture cases into the running container (/ap/fixtures/<case>/) instead of the repo.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireDockerLock, buildStandinImage, canRunPrivileged, cleanupStandins, dockerCli, releaseDockerLock, removeStandinContainers, runStandin } from './support/standin-rancher.js';
import { ensureBuilt, hasStackTrace, runBin, type RunResult } from './support/subprocess.js';
import { execIn } from '../src/docker/engine-api.js';

interface Finding {
  check: string;
  status: string;
  message: string;
  target: string | null;
}

let dir: string;
let locked = false;
let PRIV = false;
const servers: net.Server[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'faults-docker-'));
  chmodSync(dir, 0o755);
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function parse(r: RunResult): Finding[] {
  expect(r.timedOut, `hung; stderr: ${r.stderr}`).toBe(false);
  expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

/** A fake Docker Engine on a unix socket whose every connection gets `onConn`. */
async function fakeEngine(name: string, onConn: (s: net.Socket) => void): Promise<string> {
  const sock = path.join(dir, `${name}.sock`);
  const srv = net.createServer((s) => {
    s.on('error', () => {});
    // Bounded: whatever the handler does, the connection is gone after 20 s.
    setTimeout(() => s.destroy(), 20_000).unref();
    onConn(s);
  });
  await new Promise<void>((r) => srv.listen(sock, r));
  servers.push(srv);
  return sock;
}

const httpAnswer = (status: string, type: string, body: string) => (s: net.Socket) =>
  s.once('data', () => s.end(`HTTP/1.1 ${status}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));

describe('a Docker Engine that misbehaves', { timeout: 90_000 }, () => {
  it('accepts and never answers (a hung dockerd): a timeout finding at --timeout (default 10s), not --exec-timeout', async () => {
    const sock = await fakeEngine('hung', (s) => s.on('data', () => {}));
    const r = await runBin(['health', '-f', 'json', '--exec-timeout', '2s'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.map((x) => [x.check, x.status, x.message])).toEqual([
      ['rancher-container', 'fail', `Cannot reach the Docker Engine at unix://${sock}: ${sock}: timed out after 10s. The health stage reads the Rancher container through the Docker Engine API.`],
    ]);
    // The Engine connection is bounded by --timeout (default 10 s); the run ends right after it.
    expect(r.ms).toBeGreaterThanOrEqual(9_500);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('a hung dockerd with --timeout 2s: the connection gives up after 2s', async () => {
    const sock = await fakeEngine('hung2', (s) => s.on('data', () => {}));
    const r = await runBin(['health', '-f', 'json', '--timeout', '2s'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.map((x) => [x.check, x.status, x.message])).toEqual([
      ['rancher-container', 'fail', `Cannot reach the Docker Engine at unix://${sock}: ${sock}: timed out after 2s. The health stage reads the Rancher container through the Docker Engine API.`],
    ]);
    expect(r.ms).toBeGreaterThanOrEqual(1_900);
    expect(r.ms).toBeLessThan(9_000);
  });

  it('a --timeout longer than the old fixed 15 s is honoured too (an Engine that answers after 16 s is reached)', async () => {
    // /version after 16 s, then an empty container list: with the old fixed 15 s this was a timeout.
    const sock = await fakeEngine('slow', (s) => {
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (!buf.includes('\r\n\r\n')) return;
        const isVersion = /^GET \/(v[\d.]+\/)?version/.test(buf);
        buf = '';
        const body = isVersion ? '{"Version":"20.10.0","ApiVersion":"1.41"}' : '[]';
        const answer = () => s.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        if (isVersion) setTimeout(answer, 16_000);
        else answer();
      });
    });
    const r = await runBin(['health', '-f', 'json', '--timeout', '25s'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 60_000 });
    const f = parse(r);
    expect(f.map((x) => [x.check, x.status, x.message])).toEqual([['rancher-container', 'fail', `No container of image rancher/rancher (or <registry>/rancher/rancher) exists on unix://${sock}.`]]);
    expect(r.ms).toBeGreaterThanOrEqual(16_000);
  });

  it('closes every connection at once: named, no hang', async () => {
    const sock = await fakeEngine('closing', (s) => s.destroy());
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.length).toBe(1);
    expect([f[0]!.check, f[0]!.status]).toEqual(['rancher-container', 'fail']);
    expect(f[0]!.message).toMatch(new RegExp(`^Cannot reach the Docker Engine at unix://${sock.replace(/[.]/g, '\\.')}: .*(socket hang up|reset|closed|EPIPE)`, 'i'));
    expect(r.ms).toBeLessThan(15_000);
  });

  it('answers an HTML page: one failing finding, no crash', async () => {
    const sock = await fakeEngine('html', httpAnswer('200 OK', 'text/html', '<html><body>not docker</body></html>'));
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.map((x) => [x.check, x.status])).toEqual([['rancher-container', 'fail']]);
  });

  // A DOCKER_HOST that answers HTML (a web server, e.g. tcp://host:80) is not an Engine with no
  // containers: src/docker/engine-api.ts checks that /version is the Engine's JSON.
  it('answers an HTML page: named as not a Docker Engine', async () => {
    const sock = await fakeEngine('webpage', httpAnswer('200 OK', 'text/html', '<html><body>not docker</body></html>'));
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    expect(parse(r).map((x) => [x.check, x.status, x.message])).toEqual([
      ['rancher-container', 'fail', `Cannot reach the Docker Engine at unix://${sock}: not a Docker Engine API at unix://${sock}: GET /version answered "<html><body>not docker</body></html>". The health stage reads the Rancher container through the Docker Engine API.`],
    ]);
  });

  it('answers JSON that is not the Engine\'s: named as not a Docker Engine, in Chinese too', async () => {
    const sock = await fakeEngine('jsonpage', httpAnswer('200 OK', 'application/json', '{"status":"ok"}'));
    const r = await runBin(['health', '-f', 'json', '--lang', 'zh-CN'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(f.map((x) => [x.check, x.status])).toEqual([['rancher-container', 'fail']]);
    expect(f[0]!.message).toContain(`unix://${sock} 不是 Docker Engine API：GET /version 的响应为 "{"status":"ok"}"`);
  });

  it('answers 500 with a Docker error body: the API message is shown', async () => {
    const sock = await fakeEngine('err500', httpAnswer('500 Internal Server Error', 'application/json', '{"message":"containerd is not running"}'));
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${sock}` }, timeoutMs: 40_000 });
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.map((x) => [x.check, x.status])).toEqual([['rancher-container', 'fail']]);
    expect(f[0]!.message).toMatch(/Docker Engine API error 500: containerd is not running/);
  });

  it('no socket at all: one finding, fast, small', async () => {
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${path.join(dir, 'nonexistent.sock')}` } });
    const f = parse(r);
    expect(f.map((x) => [x.check, x.status])).toEqual([['rancher-container', 'fail']]);
    expect(f[0]!.message).toMatch(/no Docker socket at /);
    expect(r.ms).toBeLessThan(10_000);
    if (r.peakRssKb !== null) expect(r.peakRssKb).toBeLessThan(200 * 1024);
  });

  it('permission denied on the socket (uid 65534 against a root-only 0600 socket)', async () => {
    const sock = await fakeEngine('private', (s) => s.destroy());
    chmodSync(sock, 0o600);
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: `unix://${sock}` }, uid: 65534 });
    const f = parse(r);
    expect(f.map((x) => [x.check, x.status, x.message])).toEqual([
      ['rancher-container', 'fail', `Cannot reach the Docker Engine at unix://${sock}: permission denied on ${sock}. The health stage reads the Rancher container through the Docker Engine API.`],
    ]);
  });
});

describe('the Rancher container misbehaves (stand-in on the real Docker Engine)', { timeout: 150_000 }, () => {
  const NAME = 'ap-test-faults';
  beforeAll(async () => {
    await acquireDockerLock(360_000);
    locked = true;
    cleanupStandins();
    await buildStandinImage();
    PRIV = canRunPrivileged();
  }, 420_000);
  afterEach(() => {
    if (locked) removeStandinContainers();
  });
  afterAll(async () => {
    if (!locked) return;
    cleanupStandins();
    await releaseDockerLock();
  });

  /** Start the stand-in and give it a fixture case whose `kubectl get pods -A -o json` runs `script`. */
  function standinWithPods(script: string): void {
    runStandin({ name: NAME, privileged: PRIV, env: { AP_CASE: 'healthy' } });
    const d = '/ap/fixtures/faults';
    dockerCli(['exec', NAME, 'sh', '-c', `mkdir -p ${d} && cp /ap/fixtures/healthy/* ${d}/ && echo faults > /tmp/ap-case`]);
    // The same behaviour for the JSON call and for the table fallback the probe tries next.
    execFileSync('docker', ['exec', '-i', NAME, 'sh', '-c', `cat > ${d}/kubectl_get_pods.json.sh && cp ${d}/kubectl_get_pods.json.sh ${d}/kubectl_get_pods.sh`], { input: script, timeout: 30_000 });
  }
  const cluster = (f: Finding[]) => f.filter((x) => x.check === 'cluster-ready').map((x) => [x.status, x.message]);
  const health = (extra: string[] = [], timeoutMs = 60_000) => runBin(['health', '--container', NAME, '-f', 'json', ...extra], { timeoutMs });

  it('kubectl prints truncated JSON: the parse failure is named, nothing crashes', async () => {
    standinWithPods(`head -c 700 /ap/fixtures/healthy/kubectl_get_pods.json.out\n`);
    const r = await health();
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(f.filter((x) => x.status === 'error')).toEqual([]);
    expect(cluster(f)).toEqual([['fail', 'Could not list the pods of the local cluster: kubectl get pods -o json: unrecognised output (starts with "{"); kubectl get pods -A: unrecognised output (starts with "{").']]);
  });

  it('kubectl prints 50 MB: cut at the cap, reported, memory bounded', async () => {
    standinWithPods(`yes '{"apiVersion":"v1","kind":"List","items":[' | head -c 52428800\n`);
    const r = await health([], 120_000);
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(cluster(f)).toEqual([['fail', 'Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" printed more than 8 MiB; output cut there, the pod list cannot be read.']]);
    if (r.peakRssKb !== null) expect(r.peakRssKb).toBeLessThan(400 * 1024);
    expect(r.ms).toBeLessThan(60_000);
  });

  it('kubectl exits non-zero with a message on stderr: the exit code and message are named', async () => {
    standinWithPods(`echo 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' >&2\nexit 1\n`);
    const r = await health();
    const f = parse(r);
    expect(r.code).toBe(1);
    // An API server that refuses connections is K3s still starting (a warning), with the exit code and message.
    expect(cluster(f)).toEqual([
      ['warn', 'Rancher is still starting: the Kubernetes API of the embedded K3s does not answer yet ("k3s kubectl get pods -A -o json" exited 1: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?).'],
    ]);
  });

  it('an exec that hangs is abandoned at --exec-timeout', async () => {
    standinWithPods(`sleep 600\n`);
    const r = await health(['--exec-timeout', '2s']);
    const f = parse(r);
    expect(r.code).toBe(1);
    expect(cluster(f)).toEqual([['fail', 'Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" did not finish in 2s and was abandoned.']]);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('an exec on a container that already stopped (the Engine answers 409) is reported as stopped, not as an API error', async () => {
    runStandin({ name: NAME, privileged: PRIV, env: { AP_CASE: 'healthy' } });
    dockerCli(['stop', '-t', '1', NAME]);
    const { default: Docker } = await import('dockerode');
    const r = await execIn(new Docker(), NAME, ['true'], { timeoutMs: 10_000, signal: new AbortController().signal });
    expect([r.stopped, r.error?.code, r.error?.code === 'docker.api' ? r.error.args.status : null]).toEqual(['exited', 'docker.api', 409]);
  });

  it('the container is stopped while health is running: reported as stopped, whatever the Engine answers', async () => {
    standinWithPods(`touch /tmp/kubectl-running\nsleep 600\n`);
    const run = health(['--exec-timeout', '60s'], 90_000);
    // Kill it once kubectl really runs inside (the files are read by then: the cluster probe comes after them).
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        execFileSync('docker', ['exec', NAME, 'test', '-f', '/tmp/kubectl-running'], { stdio: 'ignore', timeout: 10_000 });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error('kubectl never started in the stand-in');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    dockerCli(['kill', NAME]);
    const r = await run;
    const f = parse(r);
    expect(r.code).toBe(1);
    // One outcome only: the kubectl exec ends with exit 137 or the Engine's 404 "No such exec
    // instance"; later execs would get 409 "is not running" or 500 "container not running". All are the stop.
    expect(f.map((x) => [x.check, x.status, ['cluster-ready', 'pod-image-pull', 'image-source'].includes(x.check) ? x.message : null])).toEqual([
      ['rancher-container', 'pass', null],
      ['rancher-privileged', PRIV ? 'pass' : 'fail', null],
      ['rancher-system-default-registry', 'warn', null],
      ['registries-mount', 'warn', null],
      ['registries-in-sync', 'skip', null],
      ['tls-files-in-container', 'skip', null],
      ['var-lib-rancher-mount', 'pass', null],
      ['registry-dns-in-container', 'skip', null],
      ['cluster-ready', 'fail', `Rancher container ${NAME} stopped while it was being examined (during "k3s kubectl get pods -A -o json"; it is now exited): the local cluster could not be read.`],
      ['pod-image-pull', 'skip', 'Not examined: the Rancher container stopped while it was being examined (see cluster-ready).'],
      ['image-source', 'skip', 'Not examined: the Rancher container stopped while it was being examined (see cluster-ready).'],
    ]);
    // The exec ends with the container, long before --exec-timeout.
    expect(r.ms).toBeLessThan(45_000);
  });
});
