import { defineCheck, ref, type MessageArg } from '../src/types.js';
import { containerModel, filesFact, needsContainer, theContainer } from '../src/health/check-helpers.js';
import { AIRGAP_TAR } from '../src/probes/health-probes.js';

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
  spec: ['§4.5', '§6 #18', '§6 #19'],
  appliesTo: needsContainer,
  messages: {
    volume: '/var/lib/rancher is a Docker volume ({type}); the bundled k3s-airgap-images.tar (pause, coredns) is available.',
    present: '/var/lib/rancher is bind-mounted from {source} and {tar} is present there.',
    hidden: '/var/lib/rancher is bind-mounted from {source} and {tar} is not there: the bundled pause and coredns images are hidden, so K3s pulls docker.io/rancher/(mirrored-)pause and …coredns-coredns from docker.io. In an air gap every pod then stays in ContainerCreating (FailedCreatePodSandBox).',
    'hidden.fix': 'Mirror docker.io/rancher/<pause> and …/<coredns-coredns> (tags from `k3s crictl images` or the release image list) into your registry and add a "docker.io" mirror to registries.yaml, or set -e K3S_SYSTEM_DEFAULT_REGISTRY=<registry>; or use a named volume (`-v rancher-data:/var/lib/rancher`), which Docker pre-populates from the image.',
    hiddenCovered: '/var/lib/rancher is bind-mounted from {source} and the bundled images are hidden, but {how} supplies pause and coredns from the private registry.',
    'hiddenCovered.fix': 'Make sure docker.io/rancher/<pause> and …/<coredns-coredns> exist in the private registry (airgap-preflight registry checks them).',
    unknown: '/var/lib/rancher is bind-mounted from {source}; whether {tar} is there is unknown (the container is not running).',
    // What supplies pause and coredns, filled into hiddenCovered.
    'how.mirror': 'the "{key}" mirror in registries.yaml',
  },
  remediation: 'Use a named volume for /var/lib/rancher, or make pause and coredns pullable from the private registry.',
  run(facts) {
    const c = theContainer(facts)!;
    const m = c.mounts.find((x) => x.destination === '/var/lib/rancher' || x.destination === '/var/lib/rancher/');
    if (!m) return [];
    const args: { source: string; type: string; tar: string; how: MessageArg } = { source: m.source, type: m.type, tar: AIRGAP_TAR, how: '' };
    const data = { mount: m };
    if (m.type !== 'bind') return [{ status: 'pass', messageId: 'volume', args, target: c.name, data }];
    const files = filesFact(facts);
    const present = files?.airgapImages.present ?? null;
    if (present === true) return [{ status: 'pass', messageId: 'present', args, target: c.name, data }];
    if (present === null) return [{ status: 'warn', messageId: 'unknown', args, fixId: 'hidden.fix', target: c.name, data }];
    const model = containerModel(facts);
    const dockerMirror = model?.mirrors.find((x) => (x.key === 'docker.io' || x.key === '*') && x.endpoints.length > 0);
    const k3sSdr = c.env.K3S_SYSTEM_DEFAULT_REGISTRY;
    if (dockerMirror || k3sSdr) {
      args.how = k3sSdr ? `K3S_SYSTEM_DEFAULT_REGISTRY=${k3sSdr}` : ref('how.mirror', { key: dockerMirror!.key });
      return [{ status: 'warn', messageId: 'hiddenCovered', args, target: c.name, data }];
    }
    return [{ status: 'fail', messageId: 'hidden', args, target: c.name, data }];
  },
});
