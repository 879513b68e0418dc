import { defineCheck, ref, type MessageArg } from '../src/types.js';
import { clusterFact, clusterUnobserved, containerModel, DOCKER_STATE_MESSAGES, filesFact, filesUnobserved, isBuiltIn, needsContainer, PROBE_ERROR_MESSAGES, REASON_MESSAGES, theContainer } from '../src/health/check-helpers.js';
import { AIRGAP_IMAGES_DIR, AIRGAP_TAR } from '../src/probes/health-probes.js';

/**
 * The Rancher image ships pause and coredns in k3s-airgap-images.tar under /var/lib/rancher, a
 * VOLUME: a named volume is pre-populated, a bind mount hides it, and K3s then pulls
 * docker.io/rancher/(mirrored-)pause from docker.io (DOMAIN §4.5, §6 #18-19).
 */
export default defineCheck({
  id: 'var-lib-rancher-mount',
  title: 'The bundled pause and coredns images are available',
  failTitle: 'A bind mount on /var/lib/rancher hides the bundled pause and coredns images',
  stage: 'health',
  requires: ['rancherContainer'],
  // Evidence that pause and coredns are there: the tarball seen inside the container, or containerd listing them.
  optional: ['rancherContainerFiles', 'rancherCluster'],
  spec: ['§4.5', '§6 #18', '§6 #19'],
  appliesTo: needsContainer,
  messages: {
    volume: '/var/lib/rancher is a Docker volume ({type}); the bundled k3s-airgap-images.tar (pause, coredns) is there.',
    noMount: '/var/lib/rancher is not a mount; the bundled {tar} is there.',
    present: '/var/lib/rancher is bind-mounted from {source} and {tar} is present there.',
    imported: 'containerd already holds the bundled images ({images}).',
    hidden: '/var/lib/rancher is bind-mounted from {source} and {tar} is not there: the bundled pause and coredns images are hidden, so K3s pulls docker.io/rancher/(mirrored-)pause and …coredns-coredns from docker.io. In an air gap every pod then stays in ContainerCreating (FailedCreatePodSandBox).',
    'hidden.fix': 'Mirror docker.io/rancher/<pause> and …/<coredns-coredns> (tags from `k3s crictl images` or the release image list) into your registry and add a "docker.io" mirror to registries.yaml, or set -e K3S_SYSTEM_DEFAULT_REGISTRY=<registry>; or use a named volume (`-v rancher-data:/var/lib/rancher`), which Docker pre-populates from the image.',
    missing: '{tar} is not in the container (/var/lib/rancher: {type}) and containerd does not list pause and coredns: K3s pulls them from docker.io, which an air gap cannot reach. A named volume created from another image is not re-populated.',
    hiddenCovered: '/var/lib/rancher is bind-mounted from {source} and the bundled images are hidden, but {how} supplies pause and coredns from the private registry.',
    'hiddenCovered.fix': 'Make sure docker.io/rancher/<pause> and …/<coredns-coredns> exist in the private registry (airgap-preflight registry checks them).',
    unknown: 'Not verified: whether {tar} is in the container could not be observed ({reason}), and containerd\'s image list does not show pause and coredns ({images}).',
    // What supplies pause and coredns, filled into hiddenCovered.
    'how.mirror': 'the "{key}" mirror in registries.yaml',
    // Why the tarball was not looked for / the image list not read, filled into unknown.
    'reason.lsFailed': 'listing {dir} failed',
    'images.notListed': 'not listed: {reason}',
    'images.listFailed': 'crictl images failed',
    'images.absent': 'not among the {count} image(s) listed',
    ...REASON_MESSAGES,
    ...DOCKER_STATE_MESSAGES,
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Use a named volume for /var/lib/rancher, or make pause and coredns pullable from the private registry.',
  run(facts) {
    const c = theContainer(facts)!;
    const m = c.mounts.find((x) => x.destination === '/var/lib/rancher' || x.destination === '/var/lib/rancher/');
    const args: { source: string; type: string; tar: string; how: MessageArg; images: MessageArg; reason: MessageArg; dir: string } = { source: m?.source ?? '', type: m?.type ?? 'none', tar: AIRGAP_TAR, how: '', images: '', reason: '', dir: AIRGAP_IMAGES_DIR };
    const data = { mount: m ?? null };
    const target = c.name;
    const filesWhy = filesUnobserved(facts);
    const files = filesWhy === null ? filesFact(facts) : null;
    const present = files?.airgapImages.present ?? null;
    // containerd's own list (crictl images) is the other evidence: both bundled images there ⇒ available.
    const clusterWhy = clusterUnobserved(facts);
    const st = clusterWhy === null ? clusterFact(facts) : null;
    const bundled = st && st.imagesSource !== null ? st.images.filter((i) => isBuiltIn(i.repo)).map((i) => `${i.repo}:${i.tag}`) : [];
    const imported = bundled.some((i) => /pause/.test(i)) && bundled.some((i) => /coredns/.test(i));
    const where = !m ? 'noMount' : m.type === 'bind' ? 'present' : 'volume';
    if (present === true) return [{ status: 'pass', messageId: where, args, target, data }];
    if (imported) return [{ status: 'pass', messageId: 'imported', args: { ...args, images: bundled.join(', ') }, target, data: { ...data, images: bundled } }];
    if (present === null) {
      args.reason = filesWhy ?? ref('reason.lsFailed', { dir: AIRGAP_IMAGES_DIR });
      args.images = clusterWhy !== null ? ref('images.notListed', { reason: clusterWhy }) : st!.imagesSource === null ? ref('images.listFailed') : ref('images.absent', { count: st!.images.length });
      return [{ status: 'skip', messageId: 'unknown', args, target, data }];
    }
    if (!m || m.type !== 'bind') return [{ status: 'warn', messageId: 'missing', args, fixId: 'hidden.fix', target, data }];
    const model = containerModel(facts);
    const dockerMirror = model?.mirrors.find((x) => (x.key === 'docker.io' || x.key === '*') && x.endpoints.length > 0);
    const k3sSdr = c.env.K3S_SYSTEM_DEFAULT_REGISTRY;
    if (dockerMirror || k3sSdr) {
      args.how = k3sSdr ? `K3S_SYSTEM_DEFAULT_REGISTRY=${k3sSdr}` : ref('how.mirror', { key: dockerMirror!.key });
      return [{ status: 'warn', messageId: 'hiddenCovered', args, target, data }];
    }
    return [{ status: 'fail', messageId: 'hidden', args, target, data }];
  },
});
