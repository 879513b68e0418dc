/**
 * The health checks as pure functions of facts (no Docker): upstream-endpoint diagnosis, the
 * registry-stage cross-check, `all` without a container, and the replay of a saved facts folder.
 */
import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { exitCodeFor, runChecks, summarize } from '../src/check-runner.js';
import { loadFacts } from '../src/probe-runner.js';
import type { Facts, RunOptions } from '../src/types.js';
import { ALL_CHECKS } from '../checks/index.js';
import { parseYaml } from '../src/yaml-tree.js';
import { main } from '../src/cli.js';
import type { ClusterStateFact, ContainerFilesFact, RancherContainerFact } from '../src/health/health-facts.js';
import type { PodInfo } from '../src/health/parse.js';

const options: RunOptions = { file: '/etc/rancher/k3s/registries.yaml', systemDefaultRegistry: null, rancherVersion: null, strict: false, command: 'health' };
const health = ALL_CHECKS.filter((c) => c.stage === 'health');

function container(env: Partial<Record<string, string>> = {}): RancherContainerFact {
  return {
    docker: { host: 'unix:///var/run/docker.sock', ok: true, errorKind: null, error: null, serverVersion: '20.10.24' },
    requested: null,
    candidates: [{ id: 'abcdefabcdef', name: 'rancher', image: 'rancher/rancher:v2.9.1', state: 'running', status: 'Up' }],
    problem: null,
    container: {
      id: 'abcdefabcdef0123',
      name: 'rancher',
      image: 'rancher/rancher:v2.9.1',
      imageVersion: 'v2.9.1',
      state: { status: 'running', running: true, restarting: false, startedAt: '2026-01-01T00:00:00Z', finishedAt: null, exitCode: 0 },
      privileged: true,
      restartPolicy: 'unless-stopped',
      env: { CATTLE_SYSTEM_DEFAULT_REGISTRY: env.CATTLE_SYSTEM_DEFAULT_REGISTRY ?? null, K3S_SYSTEM_DEFAULT_REGISTRY: null, CATTLE_K3S_VERSION: null, SSL_CERT_DIR: null },
      mounts: [{ type: 'bind', source: '/opt/registries.yaml', destination: '/etc/rancher/k3s/registries.yaml', rw: false }],
      extraHosts: [],
      networkMode: 'bridge',
    },
  };
}

function files(yaml: string): ContainerFilesFact {
  return {
    skipped: null,
    mountSources: [],
    registries: { path: '/etc/rancher/k3s/registries.yaml', kind: 'file', size: yaml.length, mtime: 1, sha256: 'x', yaml: parseYaml(yaml), lookalikes: [], error: null },
    hostFile: null,
    tlsFiles: [],
    airgapImages: { path: '/var/lib/rancher/k3s/agent/images', present: true, files: ['k3s-airgap-images.tar'] },
    dns: [],
  };
}

function pulling(ns: string, name: string, image: string, message: string): PodInfo {
  return { namespace: ns, name, phase: 'Pending', status: null, ready: null, containers: [{ name: 'c', init: false, image, ready: false, state: 'waiting', reason: 'ErrImagePull', message, exitCode: null }] };
}

function cluster(pods: PodInfo[]): ClusterStateFact {
  return { skipped: null, api: 'ready', apiError: null, pods, podsSource: 'json', events: [], images: [], imagesSource: 'json', imagesError: null, containerd: { configToml: null, hostsToml: [], logTail: null }, execs: [], wait: null };
}

const facts = (c: RancherContainerFact, f: ContainerFilesFact, s: ClusterStateFact, extra: Facts = {}): Facts => ({ rancherContainer: { ok: true, value: c }, rancherContainerFiles: { ok: true, value: f }, rancherCluster: { ok: true, value: s }, ...extra });

const pullFindings = (fs: Facts, o: RunOptions = options) => runChecks(health, fs, { options: o }).filter((f) => f.check === 'pod-image-pull' && f.status === 'fail');

describe('pod-image-pull reads the failing endpoint', () => {
  it('an error at registry-1.docker.io for a docker.io image means the docker.io mirror was skipped or 404ed (DOMAIN §1.5)', () => {
    const msg = 'failed to pull and unpack image "docker.io/rancher/mirrored-pause:3.6": failed to resolve reference "docker.io/rancher/mirrored-pause:3.6": failed to do request: Head "https://registry-1.docker.io/v2/rancher/mirrored-pause/manifests/3.6": dial tcp: lookup registry-1.docker.io: no such host';
    const f = pullFindings(facts(container(), files('mirrors:\n  docker.io:\n    endpoint: ["https://harbor.example.com"]\n'), cluster([pulling('kube-system', 'x', 'rancher/mirrored-pause:3.6', msg)])));
    expect(f.map((x) => [x.target, (x.data as { cause: string }).cause, (x.data as { upstream: boolean }).upstream, x.message])).toEqual([
      [
        'kube-system/x/c',
        'dns',
        true,
        'kube-system/x/c: rancher/mirrored-pause:3.6 fails at the default (upstream) endpoint https://registry-1.docker.io: failed to do request: Head "https://registry-1.docker.io/v2/rancher/mirrored-pause/manifests/3.6": dial tcp: lookup registry-1.docker.io: no such host. containerd tries the mirror endpoints first and this one last, so the mirror for docker.io was not used or answered 404 (image missing there); the error shown is only the last one.',
      ],
    ]);
  });

  it('an HTTPS error at the registry itself while its mirror is http:// is the fallback, not the mirror', () => {
    const msg = 'failed to pull and unpack image "harbor.example.com/rancher/shell:v0.2.1": failed to resolve reference "harbor.example.com/rancher/shell:v0.2.1": failed to do request: Head "https://harbor.example.com/v2/rancher/shell/manifests/v0.2.1": dial tcp 127.0.0.1:443: connect: connection refused';
    const pods = [pulling('cattle-system', 'helm-operation-a', 'harbor.example.com/rancher/shell:v0.2.1', msg)];
    const viaHttp = pullFindings(facts(container({ CATTLE_SYSTEM_DEFAULT_REGISTRY: 'harbor.example.com' }), files('mirrors:\n  harbor.example.com:\n    endpoint: ["http://harbor.example.com"]\n'), cluster(pods)));
    const direct = pullFindings(facts(container({ CATTLE_SYSTEM_DEFAULT_REGISTRY: 'harbor.example.com' }), files('mirrors:\n  harbor.example.com:\n    endpoint: ["https://harbor.example.com"]\n'), cluster(pods)));
    expect([viaHttp, direct].map((f) => f.map((x) => [(x.data as { cause: string }).cause, (x.data as { upstream: boolean }).upstream]))).toEqual([[['refused', true]], [['refused', false]]]);
    expect(direct[0]!.remediation).toBe('Check the port in the endpoint / CATTLE_SYSTEM_DEFAULT_REGISTRY and that the registry runs: `curl -v https://harbor.example.com/v2/` from the Docker host.');
  });

  it('puts the registry stage view of the same image beside the container view (data.hostView) when `all` gathered it', () => {
    const msg = 'failed to pull and unpack image "harbor.example.com/rancher/shell:v0.2.1": failed to resolve reference "harbor.example.com/rancher/shell:v0.2.1": failed to do request: Head "https://harbor.example.com/v2/rancher/shell/manifests/v0.2.1": dial tcp: lookup harbor.example.com on 127.0.0.11:53: no such host';
    const registryProbe = {
      ok: true as const,
      value: {
        images: [
          {
            ref: 'harbor.example.com/rancher/shell:v0.2.1',
            registry: 'harbor.example.com',
            repository: 'rancher/shell',
            reference: 'v0.2.1',
            result: 'ok',
            attempts: [{ endpoint: 'https://harbor.example.com/v2', url: 'https://harbor.example.com/v2/rancher/shell/manifests/v0.2.1', status: 'ok', error: null }],
          },
        ],
      },
    };
    const f = pullFindings(facts(container({ CATTLE_SYSTEM_DEFAULT_REGISTRY: 'harbor.example.com' }), files(''), cluster([pulling('cattle-system', 'h', 'harbor.example.com/rancher/shell:v0.2.1', msg)]), { registryProbe }));
    expect(f.map((x) => [(x.data as { cause: string }).cause, (x.data as { hostView: unknown }).hostView])).toEqual([
      ['dns', { result: 'ok', attempts: [{ url: 'https://harbor.example.com/v2/rancher/shell/manifests/v0.2.1', status: 'ok', error: null }] }],
    ]);
    const without = pullFindings(facts(container({ CATTLE_SYSTEM_DEFAULT_REGISTRY: 'harbor.example.com' }), files(''), cluster([pulling('cattle-system', 'h', 'harbor.example.com/rancher/shell:v0.2.1', msg)])));
    expect((without[0]!.data as { hostView: unknown }).hostView).toBeNull();
  });
});

describe('every health and plan check', () => {
  it('has a doc page, a remediation and a fix for every failing message it can return', async () => {
    for (const c of ALL_CHECKS.filter((x) => x.stage === 'health' || x.stage === 'plan')) {
      await expect(fs.access(new URL(`../docs/checks/${c.id}.md`, import.meta.url)), c.id).resolves.toBeUndefined();
      expect(c.remediation, c.id).toMatch(/\S/);
    }
    // Every pull cause the classifier can return has a message and a specific fix.
    const pull = ALL_CHECKS.find((c) => c.id === 'pod-image-pull')!;
    const { default: src } = { default: await fs.readFile(new URL('../src/health/classify.ts', import.meta.url), 'utf8') };
    const causes = [...src.matchAll(/^ {2}\| '([a-z-]+)'/gm)].map((m) => m[1]!);
    expect(causes.length).toBeGreaterThan(15);
    for (const cause of causes) {
      expect(pull.messages[`pull.${cause}`], cause).toBeDefined();
      expect(pull.messages[`pull.${cause}.fix`], cause).toBeDefined();
    }
  });
});

describe('saved facts replay (fixtures/health/facts-pull-x509)', () => {
  it('judges a captured run without Docker to the expected report', async () => {
    const dir = new URL('../fixtures/health/facts-pull-x509/', import.meta.url);
    let out = '';
    const code = await main({ argv: ['health', '--from-facts', dir.pathname, '-f', 'json'], env: {}, stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } });
    const expected = JSON.parse(await fs.readFile(new URL('../facts-pull-x509.expected.json', dir), 'utf8'));
    expect({ code, report: { ...JSON.parse(out), tool: null } }).toEqual({ code: 1, report: { ...expected, tool: null } });
  });
});

describe('saved facts of a healthy stand-in run (fixtures/health/facts-healthy)', () => {
  // Captured from the stand-in with registries.yaml and its CA mounted. This Docker host cannot start
  // privileged containers, so the capture says privileged: false; the same facts with the flag a
  // `docker run --privileged` container has show the exit-0 path end to end through the checks.
  it('exits 1 with only rancher-privileged failing as captured, 0 when the container is privileged', async () => {
    const { facts } = await loadFacts(new URL('../fixtures/health/facts-healthy/', import.meta.url).pathname);
    const o: RunOptions = { ...options, file: '/tmp/ap-fixture/registries.yaml', fileGiven: true };
    const captured = runChecks(health, facts, { options: o });
    expect(captured.filter((f) => f.status !== 'pass').map((f) => [f.check, f.status])).toEqual([['rancher-privileged', 'fail']]);
    expect(exitCodeFor(summarize(captured), false)).toBe(1);
    const c = structuredClone(facts.rancherContainer!) as { ok: true; value: RancherContainerFact };
    c.value.container!.privileged = true;
    const privileged = runChecks(health, { ...facts, rancherContainer: c }, { options: o });
    expect(privileged.map((f) => f.status).every((s) => s === 'pass')).toBe(true);
    expect(privileged.length).toBe(28);
    expect(exitCodeFor(summarize(privileged), true)).toBe(0);
  });
});
