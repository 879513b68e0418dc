import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { isRancherNamespace, kubeFact, podsListed } from '../src/kube/judge.js';
import { registryOf } from '../src/health/classify.js';

/**
 * Rancher's own workloads (cattle-*, fleet-*, rancher-* namespaces) name images of the system default
 * registry: the Rancher pod's CATTLE_SYSTEM_DEFAULT_REGISTRY (the Helm chart's systemDefaultRegistry),
 * else --system-default-registry (DOMAIN §4.1). An image named by another registry is pulled from
 * there — docker.io in an air gap — unless a mirror of that registry exists on every node.
 */
export default defineCheck({
  id: 'cluster-image-source',
  title: 'Rancher\'s workloads use images of the system default registry',
  failTitle: 'A Rancher workload names an image outside the system default registry',
  stage: 'cluster',
  requires: ['kubeCluster'],
  spec: ['§4.1', '§1.5'],
  appliesTo: podsListed,
  messages: {
    fromSdr: 'Images of Rancher\'s workloads from {sdr} (the system default registry, from {where}): {count}.',
    other: '{target}: {image} comes from {registry}, not from the system default registry {sdr}. Nodes pull it from {registry} unless their registries.yaml mirrors "{registry}".',
    'other.fix': 'Set systemDefaultRegistry={sdr} in the Rancher Helm values (or the system-default-registry setting) so Rancher prefixes its images, or add a mirror of "{registry}" to every node\'s registries.yaml.',
    noSdr: 'No system default registry is set (no CATTLE_SYSTEM_DEFAULT_REGISTRY in the Rancher pod, no --system-default-registry): Rancher\'s {count} images are pulled by their upstream names from {registries}, so every node needs mirrors for them.',
    'noSdr.fix': 'Install Rancher with `--set systemDefaultRegistry=<registry>` (Helm) so its images come from the private registry, or keep a "docker.io" mirror in every node\'s registries.yaml.',
    none: 'No pods of Rancher\'s workloads in the listed namespaces.',
    'where.pod': 'the env of pod {pod}',
    'where.option': '--system-default-registry',
  },
  remediation: 'Set Rancher\'s system default registry to the private registry.',
  run(facts, ctx) {
    const k = kubeFact(facts);
    const rancherPod = k.placement.find((p) => p.systemDefaultRegistry);
    const sdr = rancherPod?.systemDefaultRegistry ?? (ctx.options.systemDefaultRegistry || null);
    const where = rancherPod ? ref('where.pod', { pod: `${rancherPod.namespace}/${rancherPod.name}` }) : ref('where.option');
    const items: { target: string; image: string; registry: string }[] = [];
    for (const p of k.pods) {
      if (!isRancherNamespace(p.namespace)) continue;
      for (const c of p.containers) if (c.image) items.push({ target: `${p.namespace}/${p.name}/${c.name}`, image: c.image, registry: registryOf(c.image) });
    }
    if (items.length === 0) return [{ status: 'skip', messageId: 'none' }];
    if (!sdr) {
      const registries = [...new Set(items.map((i) => i.registry))].sort();
      return [{ status: 'warn', messageId: 'noSdr', args: { count: items.length, registries: registries.join(', ') }, data: { registries } }];
    }
    const sdrHost = sdr.split('/')[0]!.toLowerCase();
    const out: FindingInput[] = [];
    const good = items.filter((i) => i.registry === sdrHost);
    for (const i of items.filter((x) => x.registry !== sdrHost)) out.push({ status: 'warn', messageId: 'other', args: { ...i, sdr }, target: i.target, data: { image: i.image, registry: i.registry, systemDefaultRegistry: sdr } });
    if (good.length) out.unshift({ status: 'pass', messageId: 'fromSdr', args: { count: good.length, sdr, where }, data: { systemDefaultRegistry: sdr, images: [...new Set(good.map((g) => g.image))].sort() } });
    return out;
  },
});
