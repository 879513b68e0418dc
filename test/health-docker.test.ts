/**
 * `health` and `plan` against a real Docker Engine: a stand-in Rancher image (busybox-static,
 * `docker import`, tagged rancher/rancher:v2.5.8-ap-test) whose k3s prints captured outputs
 * (fixtures/health). Exercises the real find / inspect / exec / demultiplex path; containers run
 * with --network none and are named ap-test-*.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli.js';
import type { Finding, Report } from '../src/types.js';
import { acquireDockerLock, buildStandinImage, canRunPrivileged, releaseDockerLock, cleanupStandins, dockerCli, removeStandinContainers, runStandin, STANDIN_TAG, type RunOpts } from './support/standin-rancher.js';
import { makePki } from './support/pki.js';
import { ensureBuilt, runBin } from './support/subprocess.js';

let work: string;
let regFile: string;
let caFile: string;
let PRIV = false;
let locked = false;
const PASSWORD = 'Pa55-in-registries-yaml';
const REG = 'harbor.kingsd.top';
const FLEET = `${REG}/rancher/fleet:v0.3.5`;

const REGISTRIES = `mirrors:
  "${REG}":
    endpoint:
      - "https://${REG}"
configs:
  "${REG}":
    auth:
      username: admin
      password: "${PASSWORD}"
    tls:
      ca_file: /etc/rancher/k3s/certs/ca.pem
`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main({ argv: args, env: process.env, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

async function health(args: string[]): Promise<{ code: number; report: Report; err: string }> {
  const r = await cli(['health', ...args, '-f', 'json']);
  return { code: r.code, report: JSON.parse(r.out) as Report, err: r.err };
}

const rows = (fs: Finding[]) => fs.map((f) => [f.check, f.status, f.target]);
const only = (r: Report, check: string) => r.findings.filter((f) => f.check === check);

/** The healthy container: registries.yaml and its CA mounted, the registry name resolvable, CATTLE_SYSTEM_DEFAULT_REGISTRY set. */
function healthyOpts(name: string, extra: Partial<RunOpts> = {}): RunOpts {
  return {
    name,
    privileged: PRIV,
    env: { AP_CASE: 'healthy', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG },
    volumes: [`${regFile}:/etc/rancher/k3s/registries.yaml:ro`, `${caFile}:/etc/rancher/k3s/certs/ca.pem:ro`],
    addHosts: [`${REG}:127.0.0.1`],
    ...extra,
  };
}

const SEED_PODS = [
  'cattle-system/helm-operation-5w49g',
  'cattle-system/helm-operation-gclkp',
  'cattle-system/helm-operation-jt948',
  'cattle-system/helm-operation-l76g6',
  'cattle-system/helm-operation-zmm6f',
  'cattle-system/rancher-webhook-58b8d9f6c6-bxmns',
  'fleet-system/fleet-agent-7c7d457b6d-x4kvf',
  'fleet-system/fleet-controller-5ddfd96f5c-lxbnt',
  'fleet-system/gitjob-7b4ddfcbf7-6hx52',
  'kube-system/coredns-66c464876b-hfjqk',
  'rancher-operator-system/rancher-operator-5cbfb5d6d7-kq29z',
];
const SEED_IMAGES = [
  'docker.io/rancher/coredns-coredns:1.6.9',
  'docker.io/rancher/pause:3.1',
  `${REG}/rancher/fleet-agent:v0.3.5`,
  `${REG}/rancher/fleet:v0.3.5`,
  `${REG}/rancher/gitjob:v0.1.15`,
  `${REG}/rancher/rancher-operator:v0.1.4`,
  `${REG}/rancher/rancher-webhook:v0.1.0`,
  `${REG}/rancher/shell:v0.1.6`,
];

function healthyRows(name: string, privileged = PRIV) {
  return [
    ['rancher-container', 'pass', name],
    ['rancher-privileged', privileged ? 'pass' : 'fail', name],
    ['rancher-system-default-registry', 'pass', name],
    ['registries-mount', 'pass', name],
    ['registries-in-sync', 'pass', name],
    ['tls-files-in-container', 'pass', `${name}:/etc/rancher/k3s/certs/ca.pem`],
    ['var-lib-rancher-mount', 'pass', name],
    ['registry-dns-in-container', 'pass', REG],
    ['cluster-ready', 'pass', null],
    ...SEED_PODS.map((p) => ['pod-image-pull', 'pass', p]),
    ...SEED_IMAGES.map((i) => ['image-source', 'pass', i]),
  ];
}

beforeAll(async () => {
  await acquireDockerLock(360_000);
  locked = true;
  cleanupStandins();
  await buildStandinImage();
  PRIV = canRunPrivileged();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'ap-test-health-'));
  const pki = await makePki(path.join(work, 'pki'));
  caFile = pki.caCert;
  regFile = path.join(work, 'registries.yaml');
  await fs.writeFile(regFile, REGISTRIES);
  // Written well before any container starts, so "modified after start" cannot trigger by accident.
  const past = new Date(Date.now() - 60_000);
  await fs.utimes(regFile, past, past);
}, 420_000);

afterEach(() => {
  if (locked) removeStandinContainers();
});

afterAll(async () => {
  if (!locked) return;
  cleanupStandins();
  try {
    dockerCli(['rmi', '-f', `${REG}/rancher/rancher:v2.5.8`, `127.0.0.1:5000/rancher/rancher:v2.5.8-ap-test`]);
  } catch {
    // not tagged by this run
  }
  await fs.rm(work, { recursive: true, force: true });
  await releaseDockerLock();
});

describe('health on a healthy stand-in', () => {
  it('finds the container by image, lists every pod and where each image came from', async () => {
    runStandin(healthyOpts('ap-test-healthy'));
    const { code, report } = await health([regFile]);
    expect(rows(report.findings)).toEqual(healthyRows('ap-test-healthy'));
    // Without --privileged (this host cannot start privileged containers) that is the only failure.
    expect(code).toBe(PRIV ? 0 : 1);
    expect(only(report, 'image-source').map((f) => f.message)).toEqual([
      'docker.io/rancher/coredns-coredns:1.6.9 is bundled in the Rancher image (k3s-airgap-images.tar), as expected for pause and coredns.',
      'docker.io/rancher/pause:3.1 is bundled in the Rancher image (k3s-airgap-images.tar), as expected for pause and coredns.',
      ...SEED_IMAGES.slice(2).map((i) => `${i} came from ${REG} (the system default registry).`),
    ]);
    expect(only(report, 'pod-image-pull')[5]!.message).toBe(`cattle-system/rancher-webhook-58b8d9f6c6-bxmns (Running): rancher-webhook ${REG}/rancher/rancher-webhook:v0.1.0.`);
    expect(only(report, 'cluster-ready')[0]!.message).toBe('11 pods in the local cluster: 6 running and ready, 5 completed (helm-operation pods finish by design).');
  });

  it('falls back to the table output when -o json is not supported (the seed article tables)', async () => {
    runStandin(healthyOpts('ap-test-table', { env: { AP_CASE: 'healthy-table', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG } }));
    const { report } = await health(['--container', 'ap-test-table']);
    expect(rows(only(report, 'cluster-ready'))).toEqual([['cluster-ready', 'pass', null]]);
    expect(only(report, 'cluster-ready')[0]!.data).toMatchObject({ source: 'table' });
    expect(only(report, 'pod-image-pull').map((f) => f.message)).toEqual(
      SEED_PODS.map((p, i) => `${p} (${i < 5 ? 'Completed' : 'Running'}): images not listed (table output).`),
    );
    expect(rows(only(report, 'image-source'))).toEqual(SEED_IMAGES.map((i) => ['image-source', 'pass', i]));
  });

  it('saves facts without secrets and replays them to the same report', async () => {
    runStandin(healthyOpts('ap-test-facts'));
    const dir = path.join(work, 'facts');
    const live = await health([regFile, '--save-facts', dir]);
    const saved = (await Promise.all((await fs.readdir(dir)).map((n) => fs.readFile(path.join(dir, n), 'utf8')))).join('\n');
    expect(saved).not.toContain(PASSWORD);
    expect(saved).not.toContain('S3cr3t-in-config-toml');
    const cluster = JSON.parse(await fs.readFile(path.join(dir, 'rancherCluster.json'), 'utf8'));
    expect(cluster.value.containerd.configToml).toContain('password = "<redacted>"');
    expect(cluster.value.containerd.hostsToml).toEqual([{ path: '/var/lib/rancher/k3s/agent/etc/containerd/certs.d/harbor.kingsd.top/hosts.toml', text: '# File generated by k3s. DO NOT EDIT.\n\n[host."https://harbor.kingsd.top/v2"]\n  capabilities = ["pull", "resolve"]\n' }]);
    const replay = await health([regFile, '--from-facts', dir]);
    expect(replay.report.findings).toEqual(live.report.findings);
    expect(replay.code).toBe(live.code);
  });
});

const FLEET_TARGET = 'fleet-system/fleet-controller-5ddfd96f5c-lxbnt/fleet-controller';
const FLEET_URL = `https://${REG}/v2/rancher/fleet/manifests/v0.3.5`;

describe('health explains each failing pull', () => {
  const CASES: [string, [string, string, string | null, string | null][]][] = [
    ['pull-x509', [[FLEET_TARGET, 'unknown-ca', FLEET, FLEET_URL]]],
    ['pull-http', [[FLEET_TARGET, 'https-to-http', FLEET, FLEET_URL]]],
    ['pull-401', [[FLEET_TARGET, 'auth-no-credentials', FLEET, null]]],
    ['pull-notfound', [[FLEET_TARGET, 'not-found', FLEET, null]]],
    [
      'pull-dns',
      [
        ['cattle-system/helm-operation-zmm6f/helm', 'dns', `${REG}/rancher/shell:v0.1.6`, `https://${REG}/v2/rancher/shell/manifests/v0.1.6`],
        ['cattle-system/helm-operation-zmm6f/proxy', 'dns', `${REG}/rancher/shell:v0.1.6`, `https://${REG}/v2/rancher/shell/manifests/v0.1.6`],
      ],
    ],
    ['sandbox', [['kube-system/coredns-66c464876b-hfjqk', 'sandbox-image', 'docker.io/rancher/pause:3.1', 'https://registry-1.docker.io/v2/rancher/pause/manifests/3.1']]],
    ['invalid-name', [['cattle-system/helm-operation-zmm6f/helm', 'invalid-name', `https://${REG}/rancher/shell:v0.1.6`, null], ['cattle-system/helm-operation-zmm6f/proxy', 'invalid-name', `https://${REG}/rancher/shell:v0.1.6`, null]]],
  ];

  it('names the pod, the image, the cause and the fix for every case (one container, case switched in place)', async () => {
    runStandin(healthyOpts('ap-test-pulls'));
    for (const [kase, expected] of CASES) {
      dockerCli(['exec', 'ap-test-pulls', 'sh', '-c', `echo ${kase} > /tmp/ap-case`]);
      const { code, report } = await health(['--container', 'ap-test-pulls']);
      const fails = only(report, 'pod-image-pull').filter((f) => f.status === 'fail');
      expect([kase, code, fails.map((f) => [f.target, (f.data as { cause: string }).cause, (f.data as { image: string }).image, (f.data as { url: string | null }).url])]).toEqual([kase, 1, expected]);
      for (const f of fails) expect(f.remediation, `${kase} fix`).toMatch(/\S/);
      const notReady = only(report, 'cluster-ready').map((f) => [f.status, f.target]);
      expect(notReady.every(([s]) => s === 'warn'), kase).toBe(true);
    }
  });

  it('gives the whole message and fix for an unknown CA', async () => {
    runStandin(healthyOpts('ap-test-x509', { env: { AP_CASE: 'pull-x509', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG } }));
    const { report } = await health(['--container', 'ap-test-x509']);
    const f = only(report, 'pod-image-pull').find((x) => x.status === 'fail')!;
    // The stand-in's containerd.log has one "trying next host" line for this pull (DOMAIN §5.1 item 6).
    expect((f.data as { containerdLog: unknown }).containerdLog).toEqual([{ host: REG, error: `failed to do request: Head "${FLEET_URL}": x509: certificate signed by unknown authority` }]);
    expect({ message: f.message, remediation: f.remediation, severity: f.severity }).toEqual({
      message: `${FLEET_TARGET}: ${FLEET} cannot be pulled (ErrImagePull): https://${REG} presents a certificate signed by a CA containerd does not trust. containerd said: failed to do request: Head "${FLEET_URL}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
      remediation: `Add \`configs: {"${REG}": {tls: {ca_file: /etc/rancher/k3s/certs/ca.pem}}}\` to registries.yaml, mount the CA with \`-v <ca.pem>:/etc/rancher/k3s/certs/ca.pem:ro\`, and restart the container. The configs key must be the endpoint host "${REG}" exactly.`,
      severity: 'error',
    });
  });

  it('reports a Rancher that is still starting as starting, not as a crash', async () => {
    runStandin(healthyOpts('ap-test-starting', { env: { AP_CASE: 'starting', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG } }));
    const { report } = await health(['--container', 'ap-test-starting']);
    expect(rows(report.findings.filter((f) => ['cluster-ready', 'pod-image-pull', 'image-source'].includes(f.check)))).toEqual([
      ['cluster-ready', 'warn', null],
      ['pod-image-pull', 'skip', null],
      ['image-source', 'skip', null],
    ]);
    expect(only(report, 'cluster-ready')[0]!.message).toBe('Rancher is still starting: the Kubernetes API of the embedded K3s does not answer yet ("k3s kubectl get pods -A -o json" exited 1: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?).');
  });
});

describe('health from docker inspect alone', () => {
  it('registries.yaml not mounted while FILE was given', async () => {
    runStandin(healthyOpts('ap-test-nomount', { volumes: [] }));
    const { report } = await health([regFile, '--container', 'ap-test-nomount']);
    expect(only(report, 'registries-mount').map((f) => [f.status, f.message, f.remediation])).toEqual([
      ['fail', `You gave ${regFile}, but nothing is mounted at /etc/rancher/k3s/registries.yaml inside container ap-test-nomount, so K3s does not use it.`, `Re-create the container with \`-v ${regFile}:/etc/rancher/k3s/registries.yaml:ro\`.`],
    ]);
  });

  it('CA file named in registries.yaml but not mounted', async () => {
    runStandin(healthyOpts('ap-test-noca', { volumes: [`${regFile}:/etc/rancher/k3s/registries.yaml:ro`] }));
    const { code, report } = await health(['--container', 'ap-test-noca']);
    expect(code).toBe(1);
    expect(only(report, 'tls-files-in-container').map((f) => [f.status, f.target, f.location, f.message])).toEqual([
      ['fail', 'ap-test-noca:/etc/rancher/k3s/certs/ca.pem', { file: '/etc/rancher/k3s/registries.yaml', line: 11, column: 16 }, `configs."${REG}".tls.ca_file /etc/rancher/k3s/certs/ca.pem does not exist inside the Rancher container. containerd opens it there, not on the host, so every pull from ${REG} fails ("failed to load CA file" / "unable to read CA cert").`],
    ]);
  });

  it('a missing host file becomes a directory — caught running and stopped', async () => {
    const missing = path.join(work, 'does-not-exist.yaml');
    runStandin(healthyOpts('ap-test-dir', { volumes: [`${missing}:/etc/rancher/k3s/registries.yaml`] }));
    const running = await health(['--container', 'ap-test-dir']);
    expect(only(running.report, 'registries-mount').map((f) => [f.status, f.message])).toEqual([
      ['fail', `/etc/rancher/k3s/registries.yaml inside the container is a directory, not a file: Docker creates a directory when the host path of a bind mount (${missing}) does not exist. K3s cannot read it and fails to start ("k3s exited with: …").`],
    ]);
    dockerCli(['stop', '-t', '1', 'ap-test-dir']);
    const stopped = await health(['--container', 'ap-test-dir']);
    expect(rows(stopped.report.findings)).toEqual([
      ['rancher-container', 'fail', 'ap-test-dir'],
      ['rancher-privileged', PRIV ? 'pass' : 'fail', 'ap-test-dir'],
      // Stopped: nothing inside it observed, so no pass on what the files would have shown.
      ['rancher-system-default-registry', 'skip', 'ap-test-dir'],
      ['registries-mount', 'fail', 'ap-test-dir'],
      ['registries-in-sync', 'skip', null],
      ['tls-files-in-container', 'skip', 'ap-test-dir'],
      ['var-lib-rancher-mount', 'skip', 'ap-test-dir'],
      ['registry-dns-in-container', 'skip', 'ap-test-dir'],
    ]);
    expect(stopped.report.findings[0]!.message).toMatch(/^Rancher container ap-test-dir \([0-9a-f]{12}\) is exited \(exit code 0, stopped at \S+\); pods and images cannot be read\./);
    await fs.rm(missing, { recursive: true, force: true });
  });

  it('a bind mount on /var/lib/rancher hides the bundled pause and coredns', async () => {
    const empty = path.join(work, 'rancher-data');
    await fs.mkdir(empty, { recursive: true });
    // The sandbox case: containerd holds no pause image, pods wait on their sandbox.
    runStandin(healthyOpts('ap-test-varlib', { env: { AP_CASE: 'sandbox', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG }, volumes: [`${regFile}:/etc/rancher/k3s/registries.yaml:ro`, `${caFile}:/etc/rancher/k3s/certs/ca.pem:ro`, `${empty}:/var/lib/rancher`] }));
    const { report } = await health(['--container', 'ap-test-varlib']);
    expect(only(report, 'var-lib-rancher-mount').map((f) => [f.status, f.message])).toEqual([
      ['fail', `/var/lib/rancher is bind-mounted from ${empty} and /var/lib/rancher/k3s/agent/images/k3s-airgap-images.tar is not there: the bundled pause and coredns images are hidden, so K3s pulls docker.io/rancher/(mirrored-)pause and …coredns-coredns from docker.io. In an air gap every pod then stays in ContainerCreating (FailedCreatePodSandBox).`],
    ]);
    // With the same mount, containerd listing both bundled images (imported before) is evidence they are there.
    dockerCli(['exec', 'ap-test-varlib', 'sh', '-c', 'echo healthy > /tmp/ap-case']);
    const imported = await health(['--container', 'ap-test-varlib']);
    expect(only(imported.report, 'var-lib-rancher-mount').map((f) => [f.status, f.message])).toEqual([['pass', 'containerd already holds the bundled images (docker.io/rancher/coredns-coredns:1.6.9, docker.io/rancher/pause:3.1).']]);
  });

  it('registry name not resolvable inside the container, and a stale or replaced registries.yaml', async () => {
    const copy = path.join(work, 'registries-copy.yaml');
    await fs.copyFile(regFile, copy);
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(copy, past, past);
    runStandin(healthyOpts('ap-test-sync', { addHosts: [], volumes: [`${copy}:/etc/rancher/k3s/registries.yaml:ro`, `${caFile}:/etc/rancher/k3s/certs/ca.pem:ro`] }));
    // An editor saving a new file: the single-file bind mount keeps the old inode (DOMAIN §6 #20).
    await fs.writeFile(`${copy}.new`, REGISTRIES.replace('admin', 'robot$rancher+puller'));
    await fs.rename(`${copy}.new`, copy);
    const replaced = await health([copy, '--container', 'ap-test-sync']);
    expect(rows(only(replaced.report, 'registries-in-sync'))).toEqual([['registries-in-sync', 'fail', 'ap-test-sync']]);
    expect(only(replaced.report, 'registries-in-sync')[0]!.message).toBe(`/etc/rancher/k3s/registries.yaml inside container ap-test-sync differs from ${copy}. K3s uses the copy inside the container; an editor that saved the host file as a new file leaves the bind mount on the old one.`);
    expect(only(replaced.report, 'registry-dns-in-container').map((f) => [f.status, f.target])).toEqual([['fail', REG]]);
    // Same inode touched after the start: K3s has not read the change.
    removeStandinContainers();
    await fs.utimes(copy, past, past);
    runStandin(healthyOpts('ap-test-sync', { volumes: [`${copy}:/etc/rancher/k3s/registries.yaml:ro`, `${caFile}:/etc/rancher/k3s/certs/ca.pem:ro`] }));
    await new Promise((r) => setTimeout(r, 2100));
    const now = new Date();
    await fs.utimes(copy, now, now);
    const touched = await health([copy, '--container', 'ap-test-sync']);
    expect(only(touched.report, 'registries-in-sync').map((f) => [f.status, f.data && Object.keys(f.data)])).toEqual([['fail', ['mtime', 'startedAt']]]);
  });
});

describe('health when Docker or the container is not usable', () => {
  beforeAll(() => ensureBuilt());

  it('no Docker socket: one finding naming the cause, no stack trace (subprocess)', async () => {
    const r = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect([r.code, r.stderr]).toEqual([1, '']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.check, f.status, f.message, f.remediation])).toEqual([
      [
        'rancher-container',
        'fail',
        'Cannot reach the Docker Engine at unix:///nonexistent.sock: no Docker socket at /nonexistent.sock. The health stage reads the Rancher container through the Docker Engine API.',
        'Run on the Docker host as a user that may use Docker (root, or a member of the docker group), or point DOCKER_HOST at the engine (unix:///path/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, ssh://user@host).',
      ],
    ]);
  });

  it('a FILE that does not exist is bad input: one line, exit 2', async () => {
    const r = await runBin(['health', path.join(work, 'nope.yaml')]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `airgap-preflight: ${path.join(work, 'nope.yaml')}: no such file\n`]);
  });

  it('permission denied on the socket and a refused tcp:// DOCKER_HOST are named as such', async () => {
    const denied = await runBin(['health', '-f', 'json'], { uid: 65534, env: { DOCKER_HOST: undefined } });
    expect(JSON.parse(denied.stdout).findings[0].message).toBe('Cannot reach the Docker Engine at unix:///var/run/docker.sock: permission denied on /var/run/docker.sock. The health stage reads the Rancher container through the Docker Engine API.');
    const refused = await runBin(['health', '-f', 'json'], { env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    expect(JSON.parse(refused.stdout).findings[0].message).toBe('Cannot reach the Docker Engine at tcp://127.0.0.1:1: connection refused by tcp://127.0.0.1:1. The health stage reads the Rancher container through the Docker Engine API.');
    expect([denied.code, refused.code, denied.stderr, refused.stderr]).toEqual([1, 1, '', '']);
  });

  it('under `all`, no Docker is a skip, not a failure', async () => {
    // A registry on a closed loopback port keeps the registry stage local and quick.
    const closed = path.join(work, 'closed-registry.yaml');
    await fs.writeFile(closed, 'mirrors:\n  "127.0.0.1:1":\n    endpoint: ["http://127.0.0.1:1"]\n');
    const r = await runBin(['all', closed, '--image', '127.0.0.1:1/rancher/shell:v0.1.6', '--timeout', '1s', '-f', 'json'], { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    const f = (JSON.parse(r.stdout) as Report).findings.filter((x) => x.check === 'rancher-container');
    expect(f.map((x) => [x.status, x.message])).toEqual([['skip', 'Health stage skipped: the Docker Engine at unix:///nonexistent.sock is not reachable (no Docker socket at /nonexistent.sock).']]);
  });

  it('container not found, several candidates, and a registry-prefixed rancher image', async () => {
    const nope = await health(['--container', 'ap-test-nope']);
    expect(rows(nope.report.findings)).toEqual([['rancher-container', 'fail', 'ap-test-nope']]);
    dockerCli(['tag', STANDIN_TAG, '127.0.0.1:5000/rancher/rancher:v2.5.8-ap-test']);
    runStandin(healthyOpts('ap-test-one'));
    runStandin(healthyOpts('ap-test-two', { image: '127.0.0.1:5000/rancher/rancher:v2.5.8-ap-test' }));
    const several = await health([]);
    expect(several.report.findings.map((f) => [f.check, f.status, f.message, f.remediation])).toEqual([
      ['rancher-container', 'fail', `Several Rancher containers exist: ap-test-one (${STANDIN_TAG}, running); ap-test-two (127.0.0.1:5000/rancher/rancher:v2.5.8-ap-test, running). Which one to examine is ambiguous.`, 'Name one with --container NAME|ID.'],
    ]);
    dockerCli(['rm', '-f', 'ap-test-one']);
    const prefixed = await health([]);
    expect(prefixed.report.findings[0]!.message).toMatch(/^Rancher container ap-test-two \([0-9a-f]{12}\) runs 127\.0\.0\.1:5000\/rancher\/rancher:v2\.5\.8-ap-test, up since /);
  });

  it('recognises the Rancher server by what it runs (entrypoint.sh, CATTLE_SERVER_IMAGE), not by its image name', async () => {
    // A rancher/rancher image started with another entrypoint is not the server…
    dockerCli(['run', '-d', '--network', 'none', '--name', 'ap-test-notserver', '--entrypoint', 'sleep', STANDIN_TAG, '100000']);
    const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
    const none = await health([]);
    expect(none.report.findings.map((f) => [f.check, f.status, f.message])).toEqual([
      ['rancher-container', 'fail', `No container on ${host} runs the Rancher server. ap-test-notserver (${STANDIN_TAG}, runs "sleep 100000") use a rancher/rancher image name but do not run the server (its image starts entrypoint.sh, which execs \`tini -- rancher\`, with CATTLE_SERVER_IMAGE set).`],
    ]);
    // Named with --container: examined as asked, and flagged.
    const named = await health(['--container', 'ap-test-notserver']);
    expect(only(named.report, 'rancher-container').map((f) => [f.status, f.message, f.remediation])).toEqual([
      ['warn', `Container ap-test-notserver (${STANDIN_TAG}) is not the Rancher server: it runs "sleep 100000", where the Rancher server image starts entrypoint.sh (which execs \`tini -- rancher\`). It is examined because --container names it; what the checks below say is about that container.`, 'Name the Rancher server container with --container (in `docker ps` its COMMAND is "entrypoint.sh"). Rancher server containers seen: none.'],
    ]);
    // …and the server image under a name of the user's own is.
    dockerCli(['tag', STANDIN_TAG, 'ap-test/my-rancher-server:v2.5.8-ap-test']);
    runStandin(healthyOpts('ap-test-retagged', { image: 'ap-test/my-rancher-server:v2.5.8-ap-test' }));
    const found = await health([]);
    expect(found.report.findings[0]!.message).toMatch(/^Rancher container ap-test-retagged \([0-9a-f]{12}\) runs ap-test\/my-rancher-server:v2\.5\.8-ap-test, up since /);
    expect((found.report.findings[0]!.data as { candidates: { name: string }[] }).candidates.map((c) => c.name)).toEqual(['ap-test-retagged']);
  });

  it('kubectl failing, the k3s binary missing, kubectl hanging, and garbage output', async () => {
    runStandin(healthyOpts('ap-test-exec'));
    const msg = async (kase: string, extra: string[] = []) => {
      dockerCli(['exec', 'ap-test-exec', 'sh', '-c', `echo ${kase} > /tmp/ap-case`]);
      const started = Date.now();
      const { report } = await health(['--container', 'ap-test-exec', ...extra]);
      return { ms: Date.now() - started, f: only(report, 'cluster-ready').map((f) => [f.status, f.message]), img: only(report, 'image-source').map((f) => [f.status, f.message]) };
    };
    expect((await msg('kubectl-error')).f).toEqual([['fail', 'Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" exited 1: error: You must be logged in to the server (Unauthorized).']]);
    const garbage = await msg('garbage');
    expect(garbage.f).toEqual([['fail', 'Could not list the pods of the local cluster: kubectl get pods -o json: unrecognised output (starts with "<html><body>502 Bad Gateway</body></html>"); kubectl get pods -A: unrecognised output (starts with "Segmentation fault (core dumped)").']]);
    expect(garbage.img).toEqual([['skip', 'Could not list the images in containerd: crictl images -o json: unrecognised output (starts with "not json at all"); crictl images: unrecognised output (starts with "%%%%")']]);
    const huge = await msg('huge');
    expect(huge.f).toEqual([['fail', 'Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" printed more than 8 MiB; output cut there, the pod list cannot be read.']]);
    const hang = await msg('hang', ['--exec-timeout', '1s']);
    expect(hang.f).toEqual([['fail', 'Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" did not finish in 1s and was abandoned.']]);
    expect(hang.ms).toBeLessThan(15_000);
    dockerCli(['exec', 'ap-test-exec', 'rm', '/usr/bin/k3s']);
    const missing = await msg('healthy');
    expect(missing.f[0]![0]).toBe('fail');
    expect(missing.f[0]![1]).toMatch(/^Could not list the pods of the local cluster: "k3s kubectl get pods -A -o json" exited 12[67]: .*k3s.*(not found|no such file)/i);
  });
});

describe('health --wait', () => {
  it('polls until the cluster is healthy', async () => {
    runStandin(healthyOpts('ap-test-wait', { env: { AP_CASE: 'starting', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG } }));
    const flip = setTimeout(() => dockerCli(['exec', 'ap-test-wait', 'sh', '-c', 'echo healthy > /tmp/ap-case']), 3000);
    try {
      const { report } = await health([regFile, '--container', 'ap-test-wait', '--wait', '40s']);
      const f = only(report, 'cluster-ready')[0]!;
      const wait = (f.data as { wait: { polls: number; healthy: boolean } }).wait;
      expect([f.status, wait.healthy, wait.polls > 1]).toEqual(['pass', true, true]);
      expect(rows(report.findings)).toEqual(healthyRows('ap-test-wait'));
    } finally {
      clearTimeout(flip);
    }
  });

  it('fails when the time is up and pulls still fail', async () => {
    runStandin(healthyOpts('ap-test-wait2', { env: { AP_CASE: 'pull-x509', CATTLE_SYSTEM_DEFAULT_REGISTRY: REG } }));
    const { code, report } = await health(['--container', 'ap-test-wait2', '--wait', '4s']);
    expect(code).toBe(1);
    // It looked until the time was up (never a poll short of it), at least twice; how long past the deadline
    // the last look ended depends on the machine, so only the lower bound is asserted.
    const ready = only(report, 'cluster-ready')[0]!;
    const args = (ready as unknown as { args: { seconds: number; polls: number } }).args;
    expect(args.seconds).toBeGreaterThanOrEqual(4);
    expect(args.polls).toBeGreaterThanOrEqual(2);
    expect(ready.message).toBe(`The local cluster was not healthy after waiting ${args.seconds}s (${args.polls} checks): 1 pod(s) not ready, 1 image pull(s) failing.`);
  });
});

describe('plan', () => {
  it('prints a docker run command that, run for real, passes the container checks', async () => {
    // ca_file names a path that exists on this host, so `-v path:path:ro` mounts the real CA.
    const planReg = path.join(work, 'plan-registries.yaml');
    await fs.writeFile(planReg, REGISTRIES.replace('/etc/rancher/k3s/certs/ca.pem', caFile));
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(planReg, past, past);
    const r = await cli(['plan', planReg, '--system-default-registry', REG, '--rancher-version', 'v2.5.8', '-f', 'json']);
    const report = JSON.parse(r.out) as Report;
    expect(rows(report.findings)).toEqual([
      ['plan-docker-run', 'pass', `${REG}/rancher/rancher:v2.5.8`],
      ['plan-docker-run', 'pass', REG],
    ]);
    const data = report.findings[0]!.data as { argv: string[]; command: string };
    expect(data.argv).toEqual([
      'docker', 'run', '-d', '--privileged', '--restart=unless-stopped', '-p', '80:80', '-p', '443:443',
      '-e', `CATTLE_SYSTEM_DEFAULT_REGISTRY=${REG}`,
      '-v', `${planReg}:/etc/rancher/k3s/registries.yaml:ro`,
      '-v', `${caFile}:${caFile}:ro`,
      `${REG}/rancher/rancher:v2.5.8`,
    ]);
    expect(report.findings[0]!.message.startsWith(`Start Rancher with:\n\n${data.command}\n\n`)).toBe(true);
    dockerCli(['tag', STANDIN_TAG, `${REG}/rancher/rancher:v2.5.8`]);
    // This host gives containers no network and may refuse --privileged; everything else runs as planned.
    const argv = data.argv.slice(2).filter((a, i, all) => !(a === '-p' || all[i - 1] === '-p') && (PRIV || a !== '--privileged'));
    dockerCli(['run', '--name', 'ap-test-plan', '--network', 'none', '--add-host', `${REG}:127.0.0.1`, '-e', 'AP_CASE=healthy', ...argv]);
    const { report: h } = await health([planReg, '--container', 'ap-test-plan']);
    expect(rows(h.findings.filter((f) => ['registries-mount', 'registries-in-sync', 'tls-files-in-container', 'rancher-system-default-registry', 'var-lib-rancher-mount'].includes(f.check)))).toEqual([
      ['rancher-system-default-registry', 'pass', 'ap-test-plan'],
      ['registries-mount', 'pass', 'ap-test-plan'],
      ['registries-in-sync', 'pass', 'ap-test-plan'],
      ['tls-files-in-container', 'pass', `ap-test-plan:${caFile}`],
      ['var-lib-rancher-mount', 'pass', 'ap-test-plan'],
    ]);
  });

  it('text output prints the command itself; missing version and registry are warnings', async () => {
    const r = await cli(['plan', regFile, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`docker run -d --privileged --restart=unless-stopped \\\n    -p 80:80 \\\n    -p 443:443 \\\n    -v ${regFile}:/etc/rancher/k3s/registries.yaml:ro \\\n    -v /etc/rancher/k3s/certs/ca.pem:/etc/rancher/k3s/certs/ca.pem:ro \\\n    'rancher/rancher:<version>'\n`);
    const j = JSON.parse((await cli(['plan', regFile, '-f', 'json'])).out) as Report;
    expect(j.findings.map((f) => [f.status, f.message])).toEqual([
      ['pass', expect.stringMatching(/^Start Rancher with:/)],
      ['warn', 'No --rancher-version given: the image tag is a placeholder (<version>).'],
      ['warn', 'No --system-default-registry given (and CATTLE_SYSTEM_DEFAULT_REGISTRY unset): Rancher would pull its system images as docker.io/rancher/…, which an air gap cannot reach unless registries.yaml mirrors docker.io.'],
    ]);
  });
});
