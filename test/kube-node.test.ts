/**
 * A real node: the kubelet 1.20.2 and Debian's containerd 1.6, configured as K3s renders a registries.yaml
 * (mode A, test/support/kube-node.ts), pulling for real from test registries (Debian's docker-registry on
 * 127.0.0.1). The kubelet writes its own ErrImagePull / ImagePullBackOff statuses and Failed events;
 * `airgap-preflight cluster` must explain each with cause and fix, and pass the running pod.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKube, type RunningKube } from './support/kube.js';
import { PAUSE_IMAGE, startNode, type RunningNode } from './support/kube-node.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { ensureBuilt, runBin } from './support/subprocess.js';
import { parseIpLink } from './support/netns.js';

interface F { check: string; status: string; target: string; message: string; remediation: string | null; data: Record<string, unknown> }

describe.each(['A', 'D'] as const)('a real kubelet + containerd node pulling from real registries (K3s rendering mode %s)', (mode) => {
  let kube: RunningKube;
  let node: RunningNode;
  const regs: Record<string, RunningRegistry> = {};
  beforeAll(async () => {
    ensureBuilt();
    kube = await startKube();
    regs.noCa = await startRegistry({ tls: 'valid', auth: 'none' });
    regs.auth = await startRegistry({ tls: 'valid', auth: 'htpasswd', users: { puller: 'right-password' } });
    regs.empty = await startRegistry({ tls: 'valid', auth: 'none' });
    regs.http = await startRegistry({ tls: 'none', auth: 'none' });
    const https = (r: RunningRegistry) => ({ endpoint: [`https://${r.host}`] });
    node = await startNode(kube, {
      name: 'node-a',
      mode,
      registries: {
        mirrors: { [regs.noCa.host]: https(regs.noCa), [regs.auth.host]: https(regs.auth), [regs.empty.host]: https(regs.empty), [regs.http.host]: https(regs.http) },
        configs: {
          [regs.auth.host]: { auth: { username: 'puller', password: 'Pw-wrong-7f3a9c' }, tls: { ca_file: regs.auth.caFile! } },
          [regs.empty.host]: { tls: { ca_file: regs.empty.caFile! } },
        },
      },
    });
    const pod = (name: string, image: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node-a', hostNetwork: true, containers: [{ name: 'main', image, command: ['/pause'], imagePullPolicy: 'IfNotPresent' }] } });
    const pods = [
      pod('missing-ca', `${regs.noCa.host}/app/web:1.0`),
      pod('wrong-password', `${regs.auth.host}/app/api:2.1`),
      pod('missing-tag', `${regs.empty.host}/app/worker:9.9`),
      pod('http-registry', `${regs.http.host}/app/cache:3`),
      pod('running', PAUSE_IMAGE),
    ];
    await kube.kubectl(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }) });
    // Wait until the kubelet has failed each pull at least once and backed off (status: only "Back-off pulling image").
    const until = Date.now() + 150_000;
    for (;;) {
      const list = JSON.parse(await kube.kubectl(['get', 'pods', '-o', 'json'])).items as { metadata: { name: string }; status: { containerStatuses?: { state: { waiting?: { reason: string }; running?: unknown } }[] } }[];
      const state = Object.fromEntries(list.map((p) => [p.metadata.name, p.status.containerStatuses?.[0]?.state]));
      const failing = ['missing-ca', 'wrong-password', 'missing-tag', 'http-registry'];
      if (state.running?.running && failing.every((n) => state[n]?.waiting?.reason === 'ImagePullBackOff')) break;
      if (Date.now() > until) throw new Error(`pods did not settle: ${JSON.stringify(state)}\n${(await node.log('kubelet')).slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 360_000);
  afterAll(async () => {
    await node?.stop();
    for (const r of Object.values(regs)) await r.stop();
    await kube?.stop();
  }, 120_000);

  it('runs loopback-only: the kubelet and containerd share this namespace, whose only interface is lo; the kubelet has AWS_EC2_METADATA_DISABLED=true', async () => {
    expect(parseIpLink(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' }))).toEqual([{ name: 'lo', up: true }]);
    const self = readlinkSync('/proc/self/ns/net');
    expect([readlinkSync(`/proc/${node.pids.kubelet}/ns/net`), readlinkSync(`/proc/${node.pids.containerd}/ns/net`)]).toEqual([self, self]);
    const env = readFileSync(`/proc/${node.pids.kubelet}/environ`, 'utf8').split('\0');
    expect(env.filter((e) => e.startsWith('AWS_EC2_METADATA_DISABLED='))).toEqual(['AWS_EC2_METADATA_DISABLED=true']);
    const n = JSON.parse(await kube.kubectl(['get', 'node', 'node-a', '-o', 'json'])) as { status: { addresses?: { type: string; address: string }[] } };
    // The node's address: kubelet 1.20 refuses a loopback node IP ("nodeIP can't be loopback address") and this
    // namespace has no other interface or route, so the node advertises none and the apiserver never dials one
    // for it (no kubectl logs/exec; pods' hostIP stays empty). Its own words, and no metadata-address attempt.
    expect(n.status.addresses).toBeUndefined();
    const lines = (await node.log('kubelet')).split('\n').filter((l) => /ip address of node|nodeIP|169\.254|metadata/i.test(l)).map((l) => l.replace(/^\S+ \S+\s+\d+ \S+\] /, ''));
    expect([...new Set(lines)]).toEqual(['Failed to set some node status fields: can\'t get ip address of node node-a. error: no default routes found in "/proc/net/route" or "/proc/net/ipv6_route"']);
  });

  it('explains each real pull failure with cause and fix from the kubelet\'s events; the running pod passes', async () => {
    const r = await runBin(['cluster', '--kubeconfig', kube.adminKubeconfig, '-f', 'json'], { env: { HOME: node.dir }, timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Pw-wrong-7f3a9c');
    const findings = (JSON.parse(r.stdout).findings as F[]).filter((f) => f.check === 'cluster-image-pull');
    if (mode === 'D') expect(node.configToml).toContain('config_path = ');
    const by = Object.fromEntries(findings.map((f) => [f.target, f]));
    // The kubelet keeps retrying: a pod is in ErrImagePull (cause in the status) or ImagePullBackOff (status says
    // only "Back-off pulling image": the cause must come from its Failed event). The cause is the same in both.
    const row = (t: string) => [by[t]?.status, by[t]?.data.node, by[t]?.data.cause];
    const msg = (t: string) => String(by[t]?.data.message);
    expect(row('default/missing-ca/main'), msg('default/missing-ca/main')).toEqual(['fail', 'node-a', 'unknown-ca']);
    expect(row('default/wrong-password/main'), msg('default/wrong-password/main')).toEqual(['fail', 'node-a', 'auth-rejected']);
    // Mode D on a loopback registry: containerd 1.6 also tries plain http for localhost hosts (docker.MatchLocalhost)
    // and reports the first answer that is not 404, so after the 404 over https the LAST error is the http attempt's
    // "400 Bad Request" from the HTTPS port, which hides the missing tag: cause http-fallback-400. Mode A reports the 404.
    expect(row('default/missing-tag/main'), msg('default/missing-tag/main')).toEqual(['fail', 'node-a', mode === 'A' ? 'not-found' : 'http-fallback-400']);
    if (mode === 'D') {
      const tag = by['default/missing-tag/main']!;
      const img = `${regs.empty.host}/app/worker:9.9`;
      const detail = `pulling from host ${regs.empty.host} failed with status code [manifests 9.9]: 400 Bad Request`;
      const rest = `rpc error: code = Unknown desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": ${detail}`;
      // The kubelet's whole message: its Failed event while backing off, the container status right after a pull.
      expect([tag.data.reason, tag.data.message]).toEqual(tag.data.reason === 'ImagePullBackOff' ? ['ImagePullBackOff', `Failed to pull image "${img}": ${rest}`] : ['ErrImagePull', rest]);
      expect([tag.message, tag.remediation]).toEqual([
        `default/missing-tag/main on node-a: ${img} cannot be pulled (${String(tag.data.reason)}): containerd's last answer from ${regs.empty.host} is 400 Bad Request to the manifest request, what an HTTPS port answers to plain HTTP: containerd tried plain http after https and reports the first answer that is not 404, so the https answer, usually 404 (tag or repository app/worker missing), is hidden. containerd said: ${detail}`,
        `Check that ${img} exists on ${regs.empty.host} (repository app/worker and its tag: \`curl -sk https://${regs.empty.host}/v2/app/worker/tags/list\` from node-a, -u user for a private registry) and push it when it is missing; check that every endpoint for ${regs.empty.host} in /etc/rancher/k3s/registries.yaml (RKE2: /etc/rancher/rke2/registries.yaml) on node-a has the scheme its port speaks (https:// for TLS), then restart k3s / rke2-server (agents: k3s-agent / rke2-agent).`,
      ]);
    }
    expect(row('default/http-registry/main'), msg('default/http-registry/main')).toEqual(['fail', 'node-a', 'https-to-http']);
    for (const f of findings) {
      if (f.data.reason === 'ImagePullBackOff') expect(String(f.data.message), f.target).toMatch(/^Failed to pull image "/);
      else if (f.status === 'fail') expect(f.data.reason, f.target).toBe('ErrImagePull');
    }
    expect([by['default/running']?.status, by['default/running']?.message]).toEqual(['pass', `default/running on node-a (Running): main ${PAUSE_IMAGE}.`]);
    expect(findings).toHaveLength(5);
    // The kubelet's own words, read from its Failed events (the status says only "Back-off pulling image").
    expect(by['default/missing-ca/main']!.data.message).toMatch(/x509: certificate signed by unknown authority/);
    expect(by['default/wrong-password/main']!.data.message).toMatch(/401 Unauthorized/);
    if (mode === 'A') expect(by['default/missing-tag/main']!.data.message).toMatch(/code = NotFound/);
    expect(by['default/http-registry/main']!.data.message).toMatch(/http: server gave HTTP response to HTTPS client/);
    expect(by['default/missing-ca/main']!.remediation).toContain(`configs: {"${regs.noCa.host}": {tls: {ca_file: <CA file on the node>}}}`);
    expect(by['default/http-registry/main']!.remediation).toContain(`endpoint: ["http://${regs.http.host}"]`);
  });
});
