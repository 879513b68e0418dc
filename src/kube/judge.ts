/**
 * Pure judgements of the cluster stage. The pull failures come from the health stage's judge and
 * classifier (src/health/judge.ts pullFailures → src/health/classify.ts classifyPullError): one
 * source of truth for what a kubelet/containerd message means (DOMAIN §5.1, §5.2).
 */
import type { Facts } from '../types.js';
import type { ClusterStateFact } from '../health/health-facts.js';
import { pullFailures, type PullFailure } from '../health/judge.js';
import { KUBE_CLUSTER, type KubeClusterFact, type NodeSummary } from './facts.js';

export function kubeFact(facts: Facts): KubeClusterFact {
  const f = facts[KUBE_CLUSTER];
  if (!f || !f.ok) throw new Error(`${KUBE_CLUSTER} fact missing`);
  return f.value as KubeClusterFact;
}

/** appliesTo of the checks that judge pods: silent (or the caller's skip key) when cluster-api failed. */
export function podsListed(facts: Facts): boolean {
  return kubeFact(facts).api === 'ready';
}

/** The cluster fact in the shape the health judge reads (no containerd view: the API has none). */
export function asClusterState(k: KubeClusterFact): ClusterStateFact {
  return {
    skipped: null,
    api: k.api === 'ready' ? 'ready' : 'error',
    // Only pullFailures reads this shape; the API error itself is judged by cluster-api.
    apiError: k.error ? { code: 'probe.failed', args: {}, raw: k.error.message } : null,
    pods: k.pods,
    podsSource: 'json',
    events: k.events,
    images: [],
    imagesSource: null,
    imagesError: null,
    containerd: { configToml: null, hostsToml: [], logTail: null },
    execs: [],
    wait: null,
  };
}

export interface NodePullFailure extends PullFailure {
  node: string | null;
}

export function clusterPullFailures(k: KubeClusterFact): NodePullFailure[] {
  const nodeOf = new Map(k.placement.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  return pullFailures(asClusterState(k)).map((f) => ({ ...f, node: nodeOf.get(`${f.namespace}/${f.pod}`) ?? null }));
}

export type Distribution = 'k3s' | 'rke2' | null;

/** K3s and RKE2 stamp their kubelet version: v1.28.9+k3s1, v1.28.9+rke2r1. */
export function distributionOf(node: NodeSummary | undefined): Distribution {
  const v = node?.kubeletVersion ?? '';
  if (/\+rke2/.test(v)) return 'rke2';
  if (/\+k3s/.test(v)) return 'k3s';
  return null;
}

/** Order for reports: by node (unscheduled last), then cause, then target. */
export function byNodeAndCause(a: NodePullFailure, b: NodePullFailure): number {
  const na = a.node ?? '\uffff';
  const nb = b.node ?? '\uffff';
  if (na !== nb) return na < nb ? -1 : 1;
  if (a.classification.cause !== b.classification.cause) return a.classification.cause < b.classification.cause ? -1 : 1;
  const ta = `${a.namespace}/${a.pod}/${a.container ?? ''}`;
  const tb = `${b.namespace}/${b.pod}/${b.container ?? ''}`;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Namespaces of Rancher's own workloads (Rancher, its agents, Fleet, webhook, system upgrade controller). */
export function isRancherNamespace(ns: string): boolean {
  return /^(cattle-[a-z0-9-]+|fleet-[a-z0-9-]+|rancher-[a-z0-9-]+|local)$/.test(ns) || ns === 'cattle-system';
}
