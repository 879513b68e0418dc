/** Serializable facts of the cluster stage (saved with --save-facts, replayed with --from-facts). Pure types. */
import type { EventInfo, PodInfo } from '../health/parse.js';

export const KUBE_CLUSTER = 'kubeCluster';

/**
 * What went wrong talking to the API server. `config`: no kubeconfig to use; `unreachable`: no HTTP
 * answer (refused, DNS, timeout, TLS); `unauthorized`: 401; `forbidden`: 403 (RBAC); `api`: another status.
 */
export type KubeErrorKind = 'config' | 'unreachable' | 'unauthorized' | 'forbidden' | 'api';

export interface KubeError {
  kind: KubeErrorKind;
  /** For `unreachable`: refused | dns | timeout | tls-unknown-ca | tls | reset | other. */
  cause: string | null;
  /** HTTP status for unauthorized / forbidden / api. */
  status: number | null;
  /** The API server's Status message (verbatim), or the client's error text. */
  message: string;
  /** What we asked: "list pods" / "list events", with the scope. */
  request: string;
}

export interface PodPlacement {
  namespace: string;
  name: string;
  /** spec.nodeName; null while unscheduled. */
  node: string | null;
  /** Owner kind/name (ReplicaSet, DaemonSet, Job, …) for grouping Rancher's workloads. */
  owner: string | null;
  /** CATTLE_SYSTEM_DEFAULT_REGISTRY as a literal env value of any container of the pod, when set. */
  systemDefaultRegistry: string | null;
}

export interface KubeClusterFact {
  /** The kubeconfig file(s) read, or "in-cluster". */
  source: string | null;
  context: string | null;
  server: string | null;
  user: string | null;
  /** Namespaces asked for; null = every namespace. */
  namespaces: string[] | null;
  /** ready: pods listed. */
  api: 'ready' | 'error';
  error: KubeError | null;
  /** Server version (gitVersion) when /version answered. */
  version: string | null;
  pods: PodInfo[];
  placement: PodPlacement[];
  events: EventInfo[];
  /** Events could not be listed (e.g. RBAC allows pods only): causes of back-offs are then unknown. */
  eventsError: KubeError | null;
  /** Nodes, when they could be listed (null: not allowed or failed; not required). */
  nodes: NodeSummary[] | null;
}

export interface NodeSummary {
  name: string;
  /** status.nodeInfo.kubeletVersion: v1.28.9+k3s1 / v1.28.9+rke2r1 tell the distribution. */
  kubeletVersion: string | null;
  /** status.nodeInfo.containerRuntimeVersion, e.g. containerd://1.7.15-k3s1. */
  runtime: string | null;
}
