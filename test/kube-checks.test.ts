/**
 * The cluster checks replayed from facts saved by a run against the real kube-apiserver
 * (test/kube-cluster.test.ts writes both with AGP_UPDATE_FIXTURES=1): the same facts give the same
 * whole report, without a server, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, runBin, ROOT } from './support/subprocess.js';

const DIR = path.join(ROOT, 'fixtures', 'cluster');

describe('cluster checks from saved facts (fixtures/cluster/facts-real-apiserver)', () => {
  it('give the whole report of the real run', async () => {
    ensureBuilt();
    const r = await runBin(['cluster', '--from-facts', path.join(DIR, 'facts-real-apiserver'), '-f', 'json'], { timeoutMs: 30_000 });
    const facts = path.join(DIR, 'facts-real-apiserver');
    // A replay says so on stderr (src/cli.ts replay notes); nothing else goes there.
    expect([r.code, r.stderr]).toEqual([1, `airgap-preflight: Replayed from ${facts} (saved by cluster, airgap-preflight 0.1.0): nothing was probed.\n`]);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(path.join(DIR, 'real-apiserver.expected.json'), 'utf8')));
  });

  it('group by node in zh-CN too, with the node distribution\'s file in the fix', async () => {
    const r = await runBin(['cluster', '--from-facts', path.join(DIR, 'facts-real-apiserver'), '--lang', 'zh-CN', '-q', '--no-color'], { timeoutMs: 30_000 });
    expect(r.stdout).toContain('node-b：3 个容器无法拉取镜像：https-to-http ×1（harbor.airgap.test:5000）、not-found ×1（harbor.airgap.test:5000）、sandbox-image ×1（registry-1.docker.io）。');
    expect(r.stdout).toContain('在 node-b 的 /etc/rancher/rke2/registries.yaml 中为该仓库写明 http:// 端点');
  });

  it('--distribution overrides what the kubelet version says', async () => {
    const r = await runBin(['cluster', '--from-facts', path.join(DIR, 'facts-real-apiserver'), '--distribution', 'rke2', '-f', 'json'], { timeoutMs: 30_000 });
    const pull = JSON.parse(r.stdout).findings.filter((f: { check: string; status: string }) => f.check === 'cluster-image-pull' && f.status === 'fail');
    expect(pull.map((f: { data: { distribution: string } }) => f.data.distribution)).toEqual(['rke2', 'rke2', 'rke2', 'rke2', 'rke2']);
    const bad = await runBin(['cluster', '--distribution', 'k8s'], { timeoutMs: 30_000 });
    expect([bad.code, bad.stderr]).toEqual([2, 'airgap-preflight: --distribution: "k8s" is not k3s or rke2\n']);
  });
});
