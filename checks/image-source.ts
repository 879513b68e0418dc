import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { clusterFact, probeErrorArg, isBuiltIn, PROBE_ERROR_MESSAGES, systemDefaultRegistry } from '../src/health/check-helpers.js';
import { registryOf } from '../src/health/classify.js';

/**
 * The images containerd holds came from the system default registry, except the pause and coredns
 * images bundled in the Rancher image — the check the seed article does by hand with
 * `k3s crictl images` (DOMAIN §4.1, §4.5). crictl shows the name Rancher asked for, not the mirror (§1.5).
 */
export default defineCheck({
  id: 'image-source',
  title: 'The images in the local cluster came from the system default registry',
  failTitle: 'An image in the local cluster did not come from the system default registry',
  stage: 'health',
  // The container's CATTLE_SYSTEM_DEFAULT_REGISTRY decides which source is right.
  requires: ['rancherCluster', 'rancherContainer'],
  spec: ['§4.1', '§4.5', '§1.5'],
  appliesTo: (facts) => {
    const st = clusterFact(facts);
    if (st.skipped) return false;
    return st.stopped ? 'stopped' : true;
  },
  messages: {
    imagesError: 'Could not list the images in containerd: {error}',
    fromRegistry: '{image} came from {registry} (the system default registry).',
    builtIn: '{image} is bundled in the Rancher image (k3s-airgap-images.tar), as expected for pause and coredns.',
    other: '{image} came from {registry}, not from the system default registry {sdr}. It was pulled by a name Rancher did not prefix (set before CATTLE_SYSTEM_DEFAULT_REGISTRY, or a workload of your own), through a mirror of {registry}.',
    'other.fix': 'If {registry} is not reachable in the air gap, remove the workload or re-pull it through {sdr}; images Rancher deploys follow CATTLE_SYSTEM_DEFAULT_REGISTRY once it is set.',
    noSdr: '{image} came from {registry}; no system default registry is set, so Rancher\'s images are pulled as docker.io/rancher/… (through a docker.io mirror, if any).',
    empty: 'containerd holds no images yet.',
    stopped: 'Not examined: the Rancher container stopped while it was being examined (see cluster-ready).',
    // Filled into imagesError when the probe recorded no error text.
    noOutput: 'no output',
    // The probe's own sentences, filled into imagesError; commands, exit codes and outputs stay verbatim.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Set CATTLE_SYSTEM_DEFAULT_REGISTRY so Rancher pulls its images from the private registry.',
  run(facts, ctx) {
    const st = clusterFact(facts);
    if (st.imagesSource === null) return [{ status: 'skip', messageId: 'imagesError', args: { error: st.imagesError != null ? probeErrorArg(st.imagesError) : ref('noOutput') } }];
    const sdr = systemDefaultRegistry(facts, ctx);
    const out: FindingInput[] = [];
    for (const i of st.images) {
      const image = `${i.repo}:${i.tag}`;
      const registry = registryOf(i.repo);
      const target = image;
      const data = { image, registry, id: i.id, size: i.size, source: '' };
      if (isBuiltIn(i.repo)) out.push({ status: 'pass', messageId: 'builtIn', args: { image }, target, data: { ...data, source: 'built-in' } });
      else if (!sdr) out.push({ status: 'pass', messageId: 'noSdr', args: { image, registry }, target, data: { ...data, source: registry } });
      else if (i.repo.startsWith(`${sdr}/`) || registry === sdr.split('/')[0]) out.push({ status: 'pass', messageId: 'fromRegistry', args: { image, registry: sdr }, target, data: { ...data, source: 'system-default-registry' } });
      else out.push({ status: 'warn', messageId: 'other', args: { image, registry, sdr }, target, data: { ...data, source: registry } });
    }
    if (out.length === 0) out.push({ status: st.api === 'starting' ? 'skip' : 'warn', messageId: 'empty', fixId: null });
    return out;
  },
});
