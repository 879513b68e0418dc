/**
 * `airgap-preflight cluster` against a real kube-apiserver 1.20.2 (test/support/kube.ts), playing the
 * kubelet: Nodes, pods bound to them, container statuses written through the pods/status subresource
 * and Events with the kubelet's verbatim messages (KUBE-LAB.md, DOMAIN §5.1). While a container is in
 * ImagePullBackOff its status says only "Back-off pulling image": the cause must come from the events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startKube, type RunningKube } from './support/kube.js';
import { freePort } from './support/registry.js';
import { ensureBuilt, hasStackTrace, runBin, ROOT } from './support/subprocess.js';

const REG = 'harbor.airgap.test:5000';
const NOW = '2026-11-30T10:00:00Z';

interface PodSpec {
  ns: string;
  name: string;
  node: string | null;
  image: string;
  env?: Record<string, string>;
  /** Container status the kubelet would write; omitted: none yet. */
  waiting?: { reason: string; message: string };
  running?: boolean;
  phase?: string;
  events?: { reason: string; message: string; type?: string; fieldPath?: string }[];
}

const PODS: PodSpec[] = [
  {
    ns: 'app', name: 'web-x509', node: 'node-a', image: `${REG}/app/web:1.0`,
    waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${REG}/app/web:1.0"` },
    events: [
      { reason: 'Pulling', type: 'Normal', message: `Pulling image "${REG}/app/web:1.0"` },
      { reason: 'Failed', type: 'Warning', message: `Failed to pull image "${REG}/app/web:1.0": rpc error: code = Unknown desc = failed to pull and unpack image "${REG}/app/web:1.0": failed to resolve reference "${REG}/app/web:1.0": failed to do request: Head "https://${REG}/v2/app/web/manifests/1.0": x509: certificate signed by unknown authority` },
      { reason: 'Failed', type: 'Warning', message: 'Error: ErrImagePull' },
      { reason: 'BackOff', type: 'Normal', message: `Back-off pulling image "${REG}/app/web:1.0"` },
      { reason: 'Failed', type: 'Warning', message: 'Error: ImagePullBackOff' },
    ],
  },
  {
    ns: 'app', name: 'api-401', node: 'node-a', image: `${REG}/app/api:2.1`,
    waiting: { reason: 'ErrImagePull', message: `rpc error: code = Unknown desc = failed to pull and unpack image "${REG}/app/api:2.1": failed to resolve reference "${REG}/app/api:2.1": pulling from host ${REG} failed with status code [manifests 2.1]: 401 Unauthorized` },
  },
  {
    ns: 'app', name: 'missing-tag', node: 'node-b', image: `${REG}/app/worker:9.9`,
    waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${REG}/app/worker:9.9"` },
    events: [{ reason: 'Failed', type: 'Warning', message: `Failed to pull image "${REG}/app/worker:9.9": rpc error: code = NotFound desc = failed to pull and unpack image "${REG}/app/worker:9.9": failed to resolve reference "${REG}/app/worker:9.9": ${REG}/app/worker:9.9: not found` }],
  },
  {
    ns: 'app', name: 'plain-http', node: 'node-b', image: `${REG}/app/cache:3`,
    waiting: { reason: 'ErrImagePull', message: `rpc error: code = Unknown desc = failed to pull and unpack image "${REG}/app/cache:3": failed to resolve reference "${REG}/app/cache:3": failed to do request: Head "https://${REG}/v2/app/cache/manifests/3": http: server gave HTTP response to HTTPS client` },
  },
  {
    ns: 'app', name: 'no-sandbox', node: 'node-b', image: `${REG}/app/batch:1`, phase: 'Pending',
    events: [{ reason: 'FailedCreatePodSandBox', type: 'Warning', message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image "docker.io/rancher/mirrored-pause:3.6": failed to pull image "docker.io/rancher/mirrored-pause:3.6": failed to pull and unpack image "docker.io/rancher/mirrored-pause:3.6": failed to resolve reference "docker.io/rancher/mirrored-pause:3.6": failed to do request: Head "https://registry-1.docker.io/v2/rancher/mirrored-pause/manifests/3.6": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host` }],
  },
  { ns: 'cattle-system', name: 'rancher-6d5f7', node: 'node-a', image: `${REG}/rancher/rancher:v2.8.5`, env: { CATTLE_SYSTEM_DEFAULT_REGISTRY: REG }, running: true },
  { ns: 'cattle-fleet-system', name: 'fleet-agent-0', node: 'node-b', image: 'rancher/fleet-agent:v0.9.5', running: true },
  { ns: 'app', name: 'pending', node: null, image: `${REG}/app/web:1.0`, phase: 'Pending' },
];

async function apply(kube: RunningKube, obj: unknown): Promise<void> {
  await kube.kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(obj) });
}

async function playKubelet(kube: RunningKube): Promise<void> {
  for (const ns of ['app', 'cattle-system', 'cattle-fleet-system']) await apply(kube, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const [name, version] of [['node-a', 'v1.28.9+k3s1'], ['node-b', 'v1.28.9+rke2r1']] as const) {
    await apply(kube, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
    await kube.kubectl(['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { nodeInfo: { kubeletVersion: version, containerRuntimeVersion: 'containerd://1.7.15-k3s1' } } })]);
  }
  for (const p of PODS) {
    const container = { name: 'main', image: p.image, env: Object.entries(p.env ?? {}).map(([name, value]) => ({ name, value })) };
    await apply(kube, { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.ns }, spec: { ...(p.node ? { nodeName: p.node } : {}), containers: [container] } });
    if (p.waiting || p.running || p.phase) {
      const state = p.running ? { running: { startedAt: NOW } } : p.waiting ? { waiting: p.waiting } : null;
      const status = {
        phase: p.phase ?? (p.running ? 'Running' : 'Pending'),
        ...(state ? { containerStatuses: [{ name: 'main', image: p.image, imageID: '', ready: Boolean(p.running), restartCount: 0, state }] } : {}),
      };
      await kube.kubectl(['patch', 'pod', p.name, '-n', p.ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    }
    let i = 0;
    for (const e of p.events ?? []) {
      const t = new Date(Date.parse(NOW) + 1000 * i).toISOString().replace(/\.\d+Z$/, 'Z');
      await apply(kube, {
        apiVersion: 'v1', kind: 'Event', metadata: { name: `${p.name}.${i++}`, namespace: p.ns },
        involvedObject: { kind: 'Pod', namespace: p.ns, name: p.name, apiVersion: 'v1', ...(e.reason === 'FailedCreatePodSandBox' ? {} : { fieldPath: 'spec.containers{main}' }) },
        reason: e.reason, message: e.message, type: e.type ?? 'Warning', source: { component: 'kubelet', host: p.node ?? '' }, firstTimestamp: t, lastTimestamp: t, count: 1,
      });
    }
  }
}

/** The run's result with what differs per run (random port, temp dir) replaced. */
function normalise(text: string, kube: RunningKube): unknown {
  return JSON.parse(text.replaceAll(kube.url, 'https://127.0.0.1:PORT').replaceAll(kube.dir, '$KUBE'));
}

describe('airgap-preflight cluster against a real kube-apiserver', () => {
  let kube: RunningKube;
  let home: string;
  beforeAll(async () => {
    ensureBuilt();
    kube = await startKube({ authorization: 'RBAC', users: ['nobody', 'podreader'] });
    home = mkdtempSync(path.join(tmpdir(), 'agp-home-'));
    await playKubelet(kube);
    // podreader may list pods and nodes but not events.
    await apply(kube, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'pods-only' }, rules: [{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list'] }] });
    await apply(kube, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'pods-only' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pods-only' }, subjects: [{ kind: 'User', name: 'podreader', apiGroup: 'rbac.authorization.k8s.io' }] });
  }, 180_000);
  afterAll(async () => {
    await kube?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const env = () => ({ HOME: home, KUBECONFIG: undefined, LANG: 'C' });

  it('explains every failing container, per node and cause, with the cause from the events when the status only says back-off (whole report)', async () => {
    const facts = path.join(home, 'facts');
    const r = await runBin(['cluster', '--kubeconfig', kube.adminKubeconfig, '-f', 'json', '--save-facts', facts], { env: env(), timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = normalise(r.stdout, kube);
    const expectedFile = path.join(ROOT, 'fixtures', 'cluster', 'real-apiserver.expected.json');
    // AGP_UPDATE_FIXTURES=1 rewrites the expected report and the replay facts (fixtures/cluster/facts-real-apiserver) from this run; review the diff.
    if (process.env.AGP_UPDATE_FIXTURES) {
      writeFileSync(expectedFile, JSON.stringify(report, null, 2) + '\n');
      const dest = path.join(ROOT, 'fixtures', 'cluster', 'facts-real-apiserver');
      rmSync(dest, { recursive: true, force: true });
      mkdirSync(dest, { recursive: true });
      for (const f of readdirSync(facts)) writeFileSync(path.join(dest, f), readFileSync(path.join(facts, f), 'utf8').replaceAll(kube.url, 'https://127.0.0.1:PORT').replaceAll(kube.dir, '$KUBE'));
    }
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
    expect(report).toEqual(expected);
    // The saved facts never hold the token.
    for (const f of readdirSync(facts)) expect(readFileSync(path.join(facts, f), 'utf8')).not.toContain(kube.adminToken);
  });

  it('reads the cause of ImagePullBackOff from the kubelet\'s Failed event, not the status', async () => {
    const r = await runBin(['cluster', '--kubeconfig', kube.adminTokenKubeconfig, '-n', 'app', '-f', 'json'], { env: env(), timeoutMs: 60_000 });
    const findings = JSON.parse(r.stdout).findings as { check: string; target: string; status: string; data: Record<string, unknown> }[];
    const web = findings.find((f) => f.check === 'cluster-image-pull' && f.target === 'app/web-x509/main')!;
    expect(web.data.reason).toBe('ImagePullBackOff');
    expect(web.data.cause).toBe('unknown-ca');
    expect(String(web.data.message)).toMatch(/^Failed to pull image .*x509: certificate signed by unknown authority$/);
    expect(findings.filter((f) => f.check === 'cluster-image-source').map((f) => [f.status, f.message])).toEqual([['skip', 'No pods of Rancher\'s workloads in the listed namespaces.']]);
    expect(r.stdout).not.toContain(kube.adminToken);
  });

  it('RBAC 403 on pods is a finding with the API server\'s reason, exit 1, no stack trace', async () => {
    const r = await runBin(['cluster', '--kubeconfig', kube.users.nobody!.kubeconfig, '-f', 'json'], { env: env(), timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    const f = normalise(r.stdout, kube) as { findings: unknown[] };
    expect(f.findings).toEqual([
      {
        check: 'cluster-api', status: 'fail', severity: 'error', target: 'https://127.0.0.1:PORT',
        messageId: 'forbidden',
        args: { context: 'test', message: 'pods is forbidden: User "nobody" cannot list resource "pods" in API group "" at the cluster scope', request: 'list pods (all namespaces)', server: 'https://127.0.0.1:PORT', source: '$KUBE/nobody.kubeconfig', status: 403, user: 'nobody' },
        message: 'RBAC denies user nobody to list pods (all namespaces) (403 Forbidden): pods and events cannot be examined. The API said: pods is forbidden: User "nobody" cannot list resource "pods" in API group "" at the cluster scope',
        remediation: 'Grant read access: `kubectl create clusterrole airgap-preflight-read --verb=get,list --resource=pods,events,nodes` and `kubectl create clusterrolebinding airgap-preflight-read --clusterrole=airgap-preflight-read --user=<user>` (or a RoleBinding per namespace with --namespace).',
        location: null,
        data: { server: 'https://127.0.0.1:PORT', context: 'test', source: '$KUBE/nobody.kubeconfig', kind: 'forbidden', cause: null, status: 403, request: 'list pods (all namespaces)' },
      },
      { check: 'cluster-image-pull', status: 'skip', severity: 'info', target: null, message: 'blocked by cluster-api', messageId: 'engine.blocked', args: { dep: 'cluster-api' }, remediation: null, location: null, data: { blockedBy: 'cluster-api' } },
    ]);
  });

  it('RBAC 403 on events only: a warning, and a back-off without events is "no event says why"', async () => {
    const r = await runBin(['cluster', '--kubeconfig', kube.users.podreader!.kubeconfig, '-n', 'app', '-f', 'json'], { env: env(), timeoutMs: 60_000 });
    const findings = JSON.parse(r.stdout).findings as { check: string; target: string; status: string; message: string; data: Record<string, unknown> }[];
    const api = findings.filter((f) => f.check === 'cluster-api');
    expect(api.map((f) => f.status)).toEqual(['pass', 'warn']);
    expect(api[1]!.message).toContain('events is forbidden: User "podreader" cannot list resource "events" in API group "" in the namespace "app"');
    expect(findings.find((f) => f.target === 'app/web-x509/main')!.data.cause).toBe('back-off');
    expect(findings.find((f) => f.target === 'app/api-401/main')!.data.cause).toBe('auth-rejected');
  });

  it('a dead API server is a finding (connection refused), exit 1, no stack trace', async () => {
    const dead = await kube.kubeconfigFor(`https://127.0.0.1:${await freePort()}`);
    const r = await runBin(['cluster', '--kubeconfig', dead], { env: env(), timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.stdout).toMatch(/FAIL  cluster-api https:\/\/127\.0\.0\.1:\d+\n        Kubernetes API https:\/\/127\.0\.0\.1:\d+ refused the connection \(list pods \(all namespaces\)\): nothing listens there\./);
    expect(r.stdout).not.toContain(kube.adminToken);
  });

  it('a server whose certificate the kubeconfig CA did not sign is a TLS finding', async () => {
    const other = await startKube();
    try {
      const wrong = await kube.kubeconfigFor(other.url);
      const r = await runBin(['cluster', '--kubeconfig', wrong, '-f', 'json'], { env: env(), timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      const f = JSON.parse(r.stdout).findings[0];
      expect([f.check, f.status, f.data.kind, f.data.cause]).toEqual(['cluster-api', 'fail', 'unreachable', 'tls-unknown-ca']);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('no kubeconfig anywhere is a finding; a missing --kubeconfig or unknown --context is exit 2', async () => {
    const none = await runBin(['cluster', '-f', 'json'], { env: env(), timeoutMs: 30_000 });
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).findings[0]).toMatchObject({ check: 'cluster-api', status: 'fail', data: { kind: 'config' } });
    const missing = await runBin(['cluster', '--kubeconfig', path.join(home, 'nope')], { env: env(), timeoutMs: 30_000 });
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', `airgap-preflight: --kubeconfig ${path.join(home, 'nope')}: no such file\n`]);
    const ctx = await runBin(['cluster', '--kubeconfig', kube.adminKubeconfig, '--context', 'prod'], { env: env(), timeoutMs: 30_000 });
    expect([ctx.code, ctx.stderr]).toEqual([2, `airgap-preflight: --context prod: no such context in ${kube.adminKubeconfig} (contexts: test)\n`]);
  });

  it('speaks zh-CN', async () => {
    const r = await runBin(['cluster', '--kubeconfig', kube.adminKubeconfig, '--lang', 'zh-CN', '-n', 'app'], { env: env(), timeoutMs: 60_000 });
    expect(r.stdout).toContain('app/web-x509/main 在 node-a 上：无法拉取 harbor.airgap.test:5000/app/web:1.0（ImagePullBackOff）');
    expect(r.stdout).toContain('/etc/rancher/k3s/registries.yaml');
  });
});
