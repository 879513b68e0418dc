/** The test control plane itself (test/support/kube.ts): a real kube-apiserver answers, RBAC denies, stop() cleans up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { startKube, type RunningKube } from './support/kube.js';

describe('test control plane (etcd + kube-apiserver 1.20.2 from Debian source, RBAC)', () => {
  let kube: RunningKube;
  beforeAll(async () => {
    kube = await startKube({ authorization: 'RBAC', users: ['nobody'] });
  }, 120_000);
  afterAll(async () => kube?.stop());

  it('answers as v1.20.2 on 127.0.0.1 with the client certificate and the token', async () => {
    expect(kube.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const v = JSON.parse(await kube.kubectl(['version', '-o', 'json']));
    expect(v.serverVersion.gitVersion).toBe('v1.20.2');
    expect((await kube.kubectl(['auth', 'can-i', 'list', 'pods', '-A'], { kubeconfig: kube.adminTokenKubeconfig })).trim()).toBe('yes');
  });

  it('denies a user without bindings (RBAC)', async () => {
    await expect(kube.kubectl(['get', 'pods', '-A'], { kubeconfig: kube.users.nobody!.kubeconfig })).rejects.toThrow(/forbidden: User "nobody" cannot list resource "pods"/);
  });

  it('stop() removes its directory', async () => {
    const other = await startKube();
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
  }, 120_000);
});
