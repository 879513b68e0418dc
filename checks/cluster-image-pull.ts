import { defineCheck, ref, type FindingInput, type MessageArg } from '../src/types.js';
import { byNodeAndCause, clusterPullFailures, distributionOf, kubeFact, podsListed, type Distribution, type NodePullFailure } from '../src/kube/judge.js';
import { podDone, pullFailureData } from '../src/health/judge.js';
import { registryOf, repositoryOf } from '../src/health/classify.js';
import type { KubeClusterFact } from '../src/kube/facts.js';
import { PULL_CAUSE_NAMES } from '../src/health/cause-names.js';

/**
 * Every container of the cluster waiting on an image pull, and every pod stuck on its sandbox
 * (pause) image, with the cause — from the container status, or from the kubelet's Failed event when
 * the status only says "Back-off pulling image" — classified by the same signature table as
 * `health` (DOMAIN §5.2), the node it runs on, and the fix on that node.
 */
export default defineCheck({
  id: 'cluster-image-pull',
  title: 'Every pod of the cluster got its images',
  failTitle: 'A pod of the cluster cannot pull its image',
  stage: 'cluster',
  requires: ['kubeCluster'],
  after: ['cluster-api'],
  spec: ['§5.1', '§5.2', '§1.5', '§4.5'],
  appliesTo: (facts) => podsListed(facts) || 'notListed',
  messages: {
    notListed: 'Not examined: the pods could not be listed (see cluster-api).',
    ok: '{target} on {node} ({state}): {images}.',
    notStarted: 'Not judged: {target} ({node}) has not pulled its images yet ({state}); run again once it started.',
    'ok.container': '{name} {image}',
    'ok.initContainer': '{name} (init) {image}',
    unscheduled: 'no node yet',
    unknownImage: '(unknown image)',
    'file.k3s': '/etc/rancher/k3s/registries.yaml',
    'file.rke2': '/etc/rancher/rke2/registries.yaml',
    'file.unknown': '/etc/rancher/k3s/registries.yaml (RKE2: /etc/rancher/rke2/registries.yaml)',
    'restart.k3s': '`systemctl restart k3s` (agents: k3s-agent)',
    'restart.rke2': '`systemctl restart rke2-server` (agents: rke2-agent)',
    'restart.unknown': 'restart k3s / rke2-server (agents: k3s-agent / rke2-agent)',
    'pull.unknown-ca': '{target} on {node}: {image} cannot be pulled ({reason}): {endpoint} presents a certificate signed by a CA containerd on that node does not trust. containerd said: {detail}',
    'pull.unknown-ca.fix': 'On {node}, add `configs: {"{host}": {tls: {ca_file: <CA file on the node>}}}` to {file} (the configs key must be the endpoint host "{host}" exactly), copy the CA there, then {restart}.',
    'pull.san-mismatch': '{target} on {node}: {image} cannot be pulled ({reason}): the certificate of {endpoint} does not name "{host}" in its Subject Alternative Names. containerd said: {detail}',
    'pull.san-mismatch.fix': 'Re-issue the registry certificate with subjectAltName DNS:{host} (or IP:… for an IP), or use the name the certificate has in the endpoints of {file} on {node}.',
    'pull.cert-expired': '{target} on {node}: {image} cannot be pulled ({reason}): the certificate of {endpoint} has expired or is not yet valid (check the node\'s clock too). containerd said: {detail}',
    'pull.cert-expired.fix': 'Renew the registry certificate, or fix the clock of {node}.',
    'pull.https-to-http': '{target} on {node}: {image} cannot be pulled ({reason}): containerd spoke HTTPS to {endpoint}, which answers plain HTTP. containerd said: {detail}',
    'pull.https-to-http.fix': 'In {file} on {node}, list the registry with an explicit http:// endpoint: `mirrors: {"{registry}": {endpoint: ["http://{host}"]}}` (the mirrors key must equal "{registry}" exactly), remove any tls: block for it, then {restart}.',
    'pull.http-to-https': '{target} on {node}: {image} cannot be pulled ({reason}): containerd spoke plain HTTP to {endpoint}, which expects HTTPS. containerd said: {detail}',
    'pull.http-to-https.fix': 'Use an https:// endpoint for {host} in {file} on {node} (with tls.ca_file if its CA is private), then {restart}.',
    'pull.http-fallback-400': '{target} on {node}: {image} cannot be pulled ({reason}): containerd\'s last answer from {host} is 400 Bad Request to the manifest request, what an HTTPS port answers to plain HTTP: containerd tried plain http after https and reports the first answer that is not 404, so the https answer, usually 404 (tag or repository {repository} missing), is hidden. containerd said: {detail}',
    'pull.http-fallback-400.fix': 'Check that {image} exists on {registry} (repository {repository} and its tag: `curl -sk https://{host}/v2/{repository}/tags/list` from {node}, -u user for a private registry) and push it when it is missing; check that every endpoint for {host} in {file} on {node} has the scheme its port speaks (https:// for TLS), then {restart}.',
    'pull.auth-no-credentials': '{target} on {node}: {image} cannot be pulled ({reason}): {registry} requires a login and containerd sent no credentials. containerd said: {detail}',
    'pull.auth-no-credentials.fix': 'In {file} on {node}, add `configs: {"{host}": {auth: {username: …, password: …}}}` — keyed by the endpoint host "{host}" exactly — then {restart}. A pod imagePullSecret works too.',
    'pull.auth-denied': '{target} on {node}: {image} cannot be pulled ({reason}): the registry denied access to {repository} (project missing, private without credentials, or the account lacks pull permission). containerd said: {detail}',
    'pull.auth-denied.fix': 'Check that the project of {repository} exists on {registry} and that the account in configs."{host}".auth of {file} on {node} may pull from it (Harbor: project member or robot with pull permission).',
    'pull.auth-rejected': '{target} on {node}: {image} cannot be pulled ({reason}): {endpoint} answered 401/403 — the credentials in configs."{host}" of {file} are wrong, or the account may not pull {repository}. containerd said: {detail}',
    'pull.auth-rejected.fix': 'Test the login from {node}: `airgap-preflight registry {file}`; fix username/password in {file} (quote values with $ or special characters), then {restart}.',
    'pull.auth-token': '{target} on {node}: {image} cannot be pulled ({reason}): the token service of {registry} rejected the credentials. containerd said: {detail}',
    'pull.auth-token.fix': 'Fix username/password in configs."{host}".auth of {file} on {node}, then {restart}.',
    'pull.not-found': '{target} on {node}: {image} does not exist on {registry}: repository {repository} or the tag is missing (wrong project, not pushed, or a wrong rewrite). containerd said: {detail}',
    'pull.not-found.fix': 'Push it: `skopeo copy` / `docker push {image}` (rancher-load-images.sh --registry {registry} pushes every image of the release), or fix the image name or the rewrite in {file}.',
    'pull.dns': '{target} on {node}: {image} cannot be pulled ({reason}): "{host}" does not resolve on that node. containerd said: {detail}',
    'pull.dns.fix': 'Make {host} resolvable on {node} (DNS or /etc/hosts of the node), or use an endpoint the node resolves in {file}.',
    'pull.refused': '{target} on {node}: {image} cannot be pulled ({reason}): nothing listens at {endpoint} (connection refused — wrong port or registry down). containerd said: {detail}',
    'pull.refused.fix': 'Check the port in the endpoints of {file} on {node} and that the registry runs: `curl -v {endpoint}/v2/` from {node}.',
    'pull.network': '{target} on {node}: {image} cannot be pulled ({reason}): {endpoint} cannot be reached from that node (timeout, reset or no route). containerd said: {detail}',
    'pull.network.fix': 'Check routing and firewalls between {node} and {host}: `curl -v {endpoint}/v2/` from {node}.',
    'pull.tls-file-missing': '{target} on {node}: {image} cannot be pulled ({reason}): a ca_file/cert_file/key_file named in {file} is missing on that node. containerd said: {detail}',
    'pull.tls-file-missing.fix': 'Copy each TLS file to the path {file} names on {node}, then {restart}.',
    'pull.hosts-toml-invalid': '{target} on {node}: {image} cannot be pulled ({reason}): containerd rejected a generated hosts.toml. containerd said: {detail}',
    'pull.hosts-toml-invalid.fix': 'This K3s/RKE2 version renders invalid hosts.toml for this registries.yaml (DOMAIN §2.1 mode C); upgrade, or remove hand-made files under the containerd certs.d directory of {node}.',
    'pull.sandbox-image': '{target} on {node}: the pod sandbox cannot be created because the pause image {sandboxImage} cannot be pulled ({innerCause}). Every pod on that node needs it. containerd said: {detail}',
    'pull.sandbox-image.fix': 'Push {sandboxImage} to your registry and add a "docker.io" mirror (or system-default-registry) to {file} on {node}, or import the airgap images tarball on the node; then {restart}.',
    'pull.not-html-api': '{target} on {node}: {image} cannot be pulled ({reason}): {endpoint} served a web page (text/html) instead of the registry API — the endpoint points at a UI or proxy. containerd said: {detail}',
    'pull.not-html-api.fix': 'Point the endpoint in {file} at the registry root (https://{host}, no path) and make sure {endpoint}/v2/ answers with Docker-Distribution-Api-Version.',
    'pull.rate-limited': '{target} on {node}: {image} cannot be pulled ({reason}): {endpoint} rate-limits pulls (429) — containerd fell back to Docker Hub. containerd said: {detail}',
    'pull.rate-limited.fix': 'Mirror the image to your registry and add a mirrors entry for {registry} in {file} on {node}.',
    'pull.invalid-name': '{target} on {node}: the image name {image} is invalid ({reason}). A scheme, a trailing slash or upper case in system-default-registry breaks every image Rancher prefixes with it.',
    'pull.invalid-name.fix': 'Fix the image reference (or Rancher\'s system-default-registry setting): host[:port][/project], no https://, no trailing slash, lower case.',
    'pull.back-off': '{target} on {node}: {image} is in {reason} and no event says why (the Failed events have expired or could not be listed).',
    'pull.back-off.fix': 'Delete the pod so the kubelet pulls again and writes a fresh Failed event, or run `crictl pull {image}` on {node}.',
    'pull.unknown': '{target} on {node}: {image} cannot be pulled ({reason}): {detail}',
    'pull.unknown.fix': 'Run `crictl pull {image}` on {node} and read the containerd log; please report the message so it can be classified.',
    ...PULL_CAUSE_NAMES,
  },
  remediation: 'Make the image pullable on that node (see the cause above).',
  run(facts, ctx) {
    const k = kubeFact(facts);
    const failures = clusterPullFailures(k).sort(byNodeAndCause);
    const failing = new Set(failures.map((f) => `${f.namespace}/${f.pod}`));
    const forced = ctx.options.distribution;
    const out: FindingInput[] = failures.map((f) => failureFinding(f, k, forced));
    const nodeOf = new Map(k.placement.map((p) => [`${p.namespace}/${p.name}`, p.node]));
    for (const p of k.pods) {
      const target = `${p.namespace}/${p.name}`;
      if (failing.has(target)) continue;
      const node = nodeOf.get(target) ?? null;
      const images = p.containers.map((c) => ref(c.init ? 'ok.initContainer' : 'ok.container', { name: c.name, image: c.image ?? '?' }));
      const state = podDone(p) ? 'Completed' : p.phase;
      // Only a pod whose containers were created got its images; a pending one is not a pass (a pass must be true).
      if (!podDone(p) && !p.containers.every(pulled)) {
        const waiting = p.containers.find((c) => c.state === 'waiting' && c.reason)?.reason;
        out.push({ status: 'skip', messageId: 'notStarted', args: { target, node: node ?? ref('unscheduled'), state: waiting ?? p.phase }, target, data: { node, phase: p.phase } });
        continue;
      }
      out.push({ status: 'pass', messageId: 'ok', args: { target, node: node ?? ref('unscheduled'), state, images }, target, data: { node, images: p.containers.map((c) => c.image) } });
    }
    return out;
  },
});

/** Waiting reasons that come after the image was pulled (the container exists or failed to start). */
const AFTER_PULL = new Set(['CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'PostStartHookError']);

function pulled(c: KubeClusterFact["pods"][number]["containers"][number]): boolean {
  return c.state === 'running' || c.state === 'terminated' || (c.state === 'waiting' && c.reason !== null && AFTER_PULL.has(c.reason));
}

function failureFinding(f: NodePullFailure, k: KubeClusterFact, forced: Distribution): FindingInput {
  const cl = f.classification;
  const target = [f.namespace, f.pod, f.container].filter(Boolean).join('/');
  const registry = f.image ? registryOf(f.image) : cl.host ?? '?';
  const host = cl.host ?? registry;
  const dist = forced ?? distributionOf(k.nodes?.find((n) => n.name === f.node));
  const args: Record<string, MessageArg> = {
    target,
    node: f.node ?? ref('unscheduled'),
    image: f.image ?? ref('unknownImage'),
    reason: f.reason,
    endpoint: cl.endpoint ?? `https://${host}`,
    host,
    registry,
    repository: f.image ? repositoryOf(f.image) : '?',
    detail: cl.detail,
    sandboxImage: cl.sandboxImage ?? f.image ?? ref('unknownImage'),
    innerCause: ref(cl.inner ? `cause.${cl.inner}` : 'cause.none'),
    file: ref(`file.${dist ?? 'unknown'}`),
    restart: ref(`restart.${dist ?? 'unknown'}`),
  };
  return {
    status: 'fail',
    messageId: `pull.${cl.cause}`,
    args,
    target,
    data: pullFailureData(f, { node: f.node, distribution: dist }),
  };
}
