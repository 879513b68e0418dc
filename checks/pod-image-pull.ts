import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { clusterFact, containerModel } from '../src/health/check-helpers.js';
import { logAttempts, podDone, pullFailureData, pullFailures, type PullFailure } from '../src/health/judge.js';
import { DOCKER_HUB_HOSTS, registryOf, repositoryOf } from '../src/health/classify.js';
import { hostViewFor } from '../src/health/crosscheck.js';
import type { RegistriesModel } from '../src/registries-model.js';
import { PULL_CAUSE_NAMES } from '../src/health/cause-names.js';

/**
 * Every container waiting on an image pull, and every pod stuck on its sandbox (pause) image,
 * with the cause read from containerd's message by the DOMAIN §5.2 signature table and the fix.
 */
export default defineCheck({
  id: 'pod-image-pull',
  title: 'Every pod of the local cluster got its images',
  failTitle: 'A pod of the local cluster cannot pull its image',
  stage: 'health',
  requires: ['rancherCluster'],
  // registries.yaml inside the container only refines the wording (upstream vs mirror); the registry stage's view is data.
  annotates: ['rancherContainerFiles', 'registryProbe'],
  spec: ['§5.1', '§5.2', '§1.5', '§4.5', '§7'],
  appliesTo: (facts) => {
    const st = clusterFact(facts);
    if (st.skipped) return false;
    if (st.stopped) return 'stopped';
    return st.api !== 'ready' ? 'notListed' : true;
  },
  messages: {
    notListed: 'Not examined: the pods could not be listed (see cluster-ready).',
    noPods: 'Not examined: the local cluster has no pods yet (see cluster-ready).',
    stopped: 'Not examined: the Rancher container stopped while it was being examined (see cluster-ready).',
    ok: '{target} ({state}): {images}.',
    'pull.unknown-ca': '{target}: {image} cannot be pulled ({reason}): {endpoint} presents a certificate signed by a CA containerd does not trust. containerd said: {detail}',
    'pull.unknown-ca.fix': 'Add `configs: {"{host}": {tls: {ca_file: /etc/rancher/k3s/certs/ca.pem}}}` to registries.yaml, mount the CA with `-v <ca.pem>:/etc/rancher/k3s/certs/ca.pem:ro`, and restart the container. The configs key must be the endpoint host "{host}" exactly.',
    'pull.san-mismatch': '{target}: {image} cannot be pulled ({reason}): the certificate of {endpoint} does not name "{host}" in its Subject Alternative Names. containerd said: {detail}',
    'pull.san-mismatch.fix': 'Re-issue the registry certificate with subjectAltName DNS:{host} (or IP:… when you use an IP), or use the name the certificate has in the endpoint and CATTLE_SYSTEM_DEFAULT_REGISTRY.',
    'pull.cert-expired': '{target}: {image} cannot be pulled ({reason}): the certificate of {endpoint} has expired or is not yet valid (check the clocks too). containerd said: {detail}',
    'pull.cert-expired.fix': 'Renew the registry certificate, or fix the clock of the Docker host.',
    'pull.https-to-http': '{target}: {image} cannot be pulled ({reason}): containerd spoke HTTPS to {endpoint}, which answers plain HTTP. containerd said: {detail}',
    'pull.https-to-http.fix': 'List the registry with an explicit http:// endpoint: `mirrors: {"{registry}": {endpoint: ["http://{host}"]}}` (the mirrors key must equal "{registry}" exactly), remove any tls: block for it, and restart the container.',
    'pull.http-to-https': '{target}: {image} cannot be pulled ({reason}): containerd spoke plain HTTP to {endpoint}, which expects HTTPS. containerd said: {detail}',
    'pull.http-to-https.fix': 'Use an https:// endpoint for {host} in registries.yaml (with tls.ca_file if its CA is private) and restart the container.',
    'pull.http-fallback-400': '{target}: {image} cannot be pulled ({reason}): containerd\'s last answer from {host} is 400 Bad Request to the manifest request, what an HTTPS port answers to plain HTTP: containerd tried plain http after https and reports the first answer that is not 404, so the https answer, usually 404 (tag or repository {repository} missing), is hidden. containerd said: {detail}',
    'pull.http-fallback-400.fix': 'Check that {image} exists on {registry} (repository {repository} and its tag: `curl -sk https://{host}/v2/{repository}/tags/list`, -u user for a private registry) and push it when it is missing; check that every endpoint for {host} in registries.yaml has the scheme its port speaks (https:// for TLS).',
    'pull.auth-no-credentials': '{target}: {image} cannot be pulled ({reason}): {registry} requires a login and containerd sent no credentials. containerd said: {detail}',
    'pull.auth-no-credentials.fix': 'Add `configs: {"{host}": {auth: {username: …, password: …}}}` to registries.yaml — keyed by the endpoint host "{host}" exactly — and restart the container.',
    'pull.auth-denied': '{target}: {image} cannot be pulled ({reason}): the registry denied access to {repository} (insufficient scope: project missing, private without credentials, or the account lacks pull permission). containerd said: {detail}',
    'pull.auth-denied.fix': 'Check that the project of {repository} exists on {registry} and that the account in configs."{host}".auth may pull from it (Harbor: project member or robot with pull permission).',
    'pull.auth-rejected': '{target}: {image} cannot be pulled ({reason}): {endpoint} answered 401/403 — the credentials in configs."{host}" are wrong, or the account may not pull {repository} (Harbor also answers 401 for a missing project). containerd said: {detail}',
    'pull.auth-rejected.fix': 'Test the login on the Docker host: `docker login {host}`; fix username/password in registries.yaml (quote values with $ or special characters) and restart the container.',
    'pull.auth-token': '{target}: {image} cannot be pulled ({reason}): the token service of {registry} rejected the credentials. containerd said: {detail}',
    'pull.auth-token.fix': 'Fix username/password in configs."{host}".auth and restart the container.',
    'pull.not-found': '{target}: {image} does not exist on {registry}: repository {repository} or the tag is missing (wrong project, not pushed, or a wrong rewrite). containerd said: {detail}',
    'pull.not-found.fix': 'Push it: `docker pull`/`docker load` the image and `docker tag … {image}` then `docker push {image}` (rancher-load-images.sh --registry {registry} pushes every image of the release).',
    'pull.dns': '{target}: {image} cannot be pulled ({reason}): "{host}" does not resolve inside the Rancher container. containerd said: {detail}',
    'pull.dns.fix': 'Re-create the container with `--add-host {host}:<registry IP>` or a DNS server that knows the name (`--dns <ip>`); the host\'s /etc/hosts is not visible inside the container.',
    'pull.refused': '{target}: {image} cannot be pulled ({reason}): nothing listens at {endpoint} (connection refused — wrong port or registry down). containerd said: {detail}',
    'pull.refused.fix': 'Check the port in the endpoint / CATTLE_SYSTEM_DEFAULT_REGISTRY and that the registry runs: `curl -v {endpoint}/v2/` from the Docker host.',
    'pull.network': '{target}: {image} cannot be pulled ({reason}): {endpoint} cannot be reached (timeout, reset or no route — firewall or routing). containerd said: {detail}',
    'pull.network.fix': 'Check routing and firewalls between the Rancher container and {host}: `curl -v {endpoint}/v2/` from the Docker host.',
    'pull.tls-file-missing': '{target}: {image} cannot be pulled ({reason}): a ca_file/cert_file/key_file of registries.yaml is missing inside the Rancher container. containerd said: {detail}',
    'pull.tls-file-missing.fix': 'Mount each TLS file into the container at the path registries.yaml names (`-v /path/ca.pem:/path/ca.pem:ro`) and restart it; see tls-files-in-container.',
    'pull.hosts-toml-invalid': '{target}: {image} cannot be pulled ({reason}): containerd rejected a generated hosts.toml. containerd said: {detail}',
    'pull.hosts-toml-invalid.fix': 'This K3s version renders invalid hosts.toml for this registries.yaml (DOMAIN §2.1 mode C); upgrade Rancher, or remove hand-made files under /var/lib/rancher/k3s/agent/etc/containerd/certs.d.',
    'pull.sandbox-image': '{target}: the pod sandbox cannot be created because the pause image {sandboxImage} cannot be pulled ({innerCause}). Rancher bundles pause and coredns; they are pulled only when the bundle is hidden (a bind mount on /var/lib/rancher) or was not loaded. containerd said: {detail}',
    'pull.sandbox-image.fix': 'Do not bind-mount /var/lib/rancher (use a named volume), or push {sandboxImage} to your registry and add a "docker.io" mirror to registries.yaml (or set K3S_SYSTEM_DEFAULT_REGISTRY); see var-lib-rancher-mount.',
    'pull.not-html-api': '{target}: {image} cannot be pulled ({reason}): {endpoint} served a web page (text/html) instead of the registry API — the endpoint points at a UI or proxy, not at the v2 API. containerd said: {detail}',
    'pull.not-html-api.fix': 'Point the endpoint at the registry root (https://{host}, no path) and make sure {endpoint}/v2/ answers with Docker-Distribution-Api-Version.',
    'pull.rate-limited': '{target}: {image} cannot be pulled ({reason}): {endpoint} rate-limits pulls (429) — containerd fell back to Docker Hub. containerd said: {detail}',
    'pull.rate-limited.fix': 'Mirror the image to your registry and add a mirrors entry for {registry}.',
    'pull.invalid-name': '{target}: the image name {image} is invalid ({reason}). Rancher builds it as CATTLE_SYSTEM_DEFAULT_REGISTRY + "/rancher/…", so a scheme, a trailing slash or upper case there breaks every system image.',
    'pull.invalid-name.fix': 'Re-create the container with CATTLE_SYSTEM_DEFAULT_REGISTRY=host[:port][/project] — no https://, no trailing slash, lower case.',
    'pull.upstream': '{target}: {image} fails at the default (upstream) endpoint {endpoint}: {detail}. containerd tries the mirror endpoints first and this one last, so the mirror for {registry} was not used or answered 404 (image missing there); the error shown is only the last one.',
    'pull.upstream.fix': 'Check that registries.yaml has mirrors."{registry}" (exact key, or CATTLE_SYSTEM_DEFAULT_REGISTRY so images are not pulled as docker.io/…) and that {repository} with this tag exists on the mirror; the containerd log lists every endpoint tried: `docker exec <container> grep "trying next host" /var/lib/rancher/k3s/agent/containerd/containerd.log`.',
    'pull.back-off': '{target}: {image} is in {reason} and no event says why (the Failed events have expired).',
    'pull.back-off.fix': 'Run `docker exec <container> k3s crictl pull {image}` to see the error, or check the containerd log.',
    'pull.unknown': '{target}: {image} cannot be pulled ({reason}): {detail}',
    'pull.unknown.fix': 'Run `docker exec <container> k3s crictl pull {image}` and read /var/lib/rancher/k3s/agent/containerd/containerd.log; please report the message so it can be classified.',
    // Phrases filled into the messages above.
    'ok.container': '{name} {image}',
    'ok.initContainer': '{name} (init) {image}',
    'ok.notListed': 'images not listed (table output)',
    unknownImage: '(unknown image)',
    // The cause of the pause image's pull (innerCause of pull.sandbox-image); English keeps the cause id of data.cause.
    ...PULL_CAUSE_NAMES,
  },
  remediation: 'Make the image pullable from the private registry (see the cause above).',
  run(facts) {
    const st = clusterFact(facts);
    const model = containerModel(facts);
    const failures = pullFailures(st);
    const failingPods = new Set(failures.map((f) => `${f.namespace}/${f.pod}`));
    const out: FindingInput[] = [];
    if (st.pods.length === 0) return [{ status: 'skip', messageId: 'noPods' }];
    for (const f of failures) out.push(failureFinding(f, model, facts, st.containerd.logTail));
    for (const p of st.pods) {
      const target = `${p.namespace}/${p.name}`;
      if (failingPods.has(target)) continue;
      const images = p.containers.length ? p.containers.map((c) => ref(c.init ? 'ok.initContainer' : 'ok.container', { name: c.name, image: c.image ?? '?' })) : ref('ok.notListed');
      const state = podDone(p) ? 'Completed' : p.status ?? p.phase;
      out.push({ status: 'pass', messageId: 'ok', args: { target, state, images }, target, data: { images: p.containers.map((c) => c.image) } });
    }
    return out;
  },
});

/** A URL at the registry's default endpoint while mirror endpoints exist means the mirror was skipped or 404'd (DOMAIN §1.5, §5.2). */
function isUpstream(f: PullFailure, model: RegistriesModel | null): boolean {
  const host = f.classification.host;
  if (!host || !f.image) return false;
  const registry = registryOf(f.image);
  if (registry === 'docker.io') return DOCKER_HUB_HOSTS.has(host);
  if (host !== registry || f.classification.url?.startsWith('http://')) return false;
  const mirror = model?.mirrors.find((m) => m.key === registry) ?? model?.mirrors.find((m) => m.key === '*');
  return Boolean(mirror && mirror.endpoints.length > 0 && mirror.endpoints.every((e) => !e.parsed || e.parsed.host !== registry || e.parsed.scheme !== 'https'));
}

function failureFinding(f: PullFailure, model: RegistriesModel | null, facts: Parameters<typeof hostViewFor>[0], logTail: string | null): FindingInput {
  const cl = f.classification;
  const target = [f.namespace, f.pod, f.container].filter(Boolean).join('/');
  const image = f.image ?? ref('unknownImage');
  const registry = f.image ? registryOf(f.image) : cl.host ?? '?';
  const host = cl.host ?? registry;
  const args = {
    target,
    image,
    reason: f.reason,
    endpoint: cl.endpoint ?? `https://${host}`,
    url: cl.url,
    host,
    registry,
    repository: f.image ? repositoryOf(f.image) : '?',
    detail: cl.detail,
    sandboxImage: cl.sandboxImage ?? image,
    innerCause: ref(cl.inner ? `cause.${cl.inner}` : 'cause.none'),
  };
  const upstream = cl.cause !== 'sandbox-image' && isUpstream(f, model);
  const messageId = upstream ? 'pull.upstream' : `pull.${cl.cause}`;
  const hostView = f.image ? hostViewFor(facts, f.image) : null;
  const tag = f.image ? (/:([^:/@]+)$/.exec(f.image)?.[1] ?? 'latest') : '';
  const containerdLog = f.image ? logAttempts(logTail, repositoryOf(f.image), tag) : [];
  return {
    status: 'fail',
    messageId,
    args,
    target,
    data: pullFailureData(f, { upstream, hostView, containerdLog }),
  };
}
