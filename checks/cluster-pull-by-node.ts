import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { registryOf } from '../src/health/classify.js';
import { clusterPullFailures, kubeFact, podsListed } from '../src/kube/judge.js';

/**
 * One verdict per node: the pull failures of cluster-image-pull grouped by node and cause, so a
 * broken registries.yaml on one node stands out from a missing image that fails everywhere.
 */
export default defineCheck({
  id: 'cluster-pull-by-node',
  title: 'Every node pulls its pods\' images',
  failTitle: 'A node cannot pull some of its pods\' images',
  stage: 'cluster',
  requires: ['kubeCluster'],
  spec: ['§5.2', '§7'],
  appliesTo: podsListed,
  messages: {
    ok: '{node}: {pods} pods, no image pull failing.',
    fail: '{node}: {count} containers cannot pull: {causes}.',
    'fail.fix': 'Fix the causes in this order on {node}; the findings of cluster-image-pull name each container and the fix. Causes on every node point at the registry or the image, causes on one node at that node\'s registries.yaml.',
    group: '{cause} ×{count} ({hosts})',
    unscheduled: 'pods not scheduled on a node',
  },
  remediation: 'See the cluster-image-pull findings of this node.',
  run(facts) {
    const k = kubeFact(facts);
    const failures = clusterPullFailures(k);
    const nodes = new Set<string>();
    for (const n of k.nodes ?? []) nodes.add(n.name);
    for (const p of k.placement) if (p.node) nodes.add(p.node);
    const podsOn = (node: string | null) => k.placement.filter((p) => p.node === node).length;
    const out: FindingInput[] = [];
    const keys: (string | null)[] = [...[...nodes].sort(), ...(failures.some((f) => f.node === null) ? [null] : [])];
    for (const node of keys) {
      const mine = failures.filter((f) => f.node === node);
      const nodeArg = node ?? ref('unscheduled');
      if (mine.length === 0) {
        out.push({ status: 'pass', messageId: 'ok', args: { node: nodeArg, pods: podsOn(node) }, target: node, data: { node, pods: podsOn(node) } });
        continue;
      }
      const groups = new Map<string, { count: number; hosts: Set<string>; targets: string[] }>();
      for (const f of mine) {
        const g = groups.get(f.classification.cause) ?? { count: 0, hosts: new Set<string>(), targets: [] };
        g.count++;
        const host = f.classification.host ?? (f.image ? registryOf(f.image) : null);
        if (host) g.hosts.add(host);
        g.targets.push([f.namespace, f.pod, f.container].filter(Boolean).join('/'));
        groups.set(f.classification.cause, g);
      }
      const ordered = [...groups.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
      out.push({
        status: 'fail',
        messageId: 'fail',
        args: { node: nodeArg, count: mine.length, causes: ordered.map(([cause, g]) => ref('group', { cause, count: g.count, hosts: [...g.hosts].sort().join(', ') || '?' })) },
        target: node,
        data: { node, failing: mine.length, causes: Object.fromEntries(ordered.map(([cause, g]) => [cause, { count: g.count, hosts: [...g.hosts].sort(), targets: g.targets.sort() }])) },
      });
    }
    return out;
  },
});
